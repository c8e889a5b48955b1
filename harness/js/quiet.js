// Installed before a page's own scripts: counts the page's fetch and XMLHttpRequest calls in
// flight and its short timers (a status message set 150 ms after a click), so the harness can
// wait for exactly what an action started instead of sleeping a fixed time.
(() => {
  if (window.__pespQuiet) return;
  const SHORT_MS = 1000;  // longer timers (a toast removed after 8 s) are not waited for
  const timers = new Map();  // id -> when it is due (performance.now() time)
  let requests = 0;
  const setTimer = window.setTimeout;
  const clearTimer = window.clearTimeout;
  window.setTimeout = function (handler, delay, ...rest) {
    if (Number(delay) > SHORT_MS) {
      return setTimer.call(this, handler, delay, ...rest);
    }
    // a string is run as a global script, as the browser does it ("__doPostBack(...)")
    const run = typeof handler === "function" ? handler : () => (0, eval)(String(handler));
    const id = setTimer.call(this, function (...args) {
      timers.delete(id);
      return run.apply(this, args);
    }, delay, ...rest);
    timers.set(id, performance.now() + (Number(delay) || 0));
    return id;
  };
  window.clearTimeout = function (id) {
    timers.delete(id);
    return clearTimer.call(this, id);
  };
  if (window.fetch) {
    const fetch = window.fetch;
    window.fetch = function (...args) {
      requests += 1;
      return fetch.apply(this, args).finally(() => { requests -= 1; });
    };
    // fetch settles when the headers arrive; the body is read after (response.json()), and
    // what the page does with it comes later still, so reading a body counts as a request
    // too. The page's own handlers hang off the promises returned here, so the count never
    // drops to nought between the headers and the body.
    for (const method of ["arrayBuffer", "blob", "formData", "json", "text"]) {
      const read = Response.prototype[method];
      if (typeof read !== "function") continue;
      Response.prototype[method] = function (...args) {
        requests += 1;
        return read.apply(this, args).finally(() => { requests -= 1; });
      };
    }
  }
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (...args) {
    requests += 1;
    this.addEventListener("loadend", () => { requests -= 1; }, {once: true});
    return send.apply(this, args);
  };
  // The page state's version: it changes with every change to the document and every focus
  // move, so a snapshot read at one version holds for as long as the version stays.
  let version = 0;
  new MutationObserver(() => { version += 1; }).observe(document, {
    subtree: true, childList: true, attributes: true, characterData: true});
  window.addEventListener("focusin", () => { version += 1; }, true);
  window.addEventListener("focusout", () => { version += 1; }, true);
  Object.defineProperty(window, "__pespVersion", {
    value: () => `${performance.timeOrigin} ${version}`});
  // A page load this document started (a form sent, a link followed, `location` set): the
  // old document still answers until the new one arrives, so the wait must say so.
  let leaving = false;
  window.addEventListener("beforeunload", () => { leaving = true; }, true);
  // CSS transitions and animations that will end (a message fading in), not endless ones.
  const endingAnimations = () => document.getAnimations().filter((animation) =>
    animation.playState === "running" &&
    Number.isFinite(animation.effect?.getComputedTiming().endTime)).length;
  // Resolves when no request is in flight (or `capMs` has passed) and no short timer due
  // within `timerCapMs` is pending, nor with `animationsToo` an ending animation running (or
  // `timerCapMs` has passed), after one turn of the event loop so that a page load a key
  // press queued has begun: "leaving" when one has, else "quiet" or "waited". A timer due
  // after the cap is not waited for, as the wait would end before it fires anyway; a page
  // that polls with short timers costs `timerCapMs`, not the whole cap. No frame is awaited:
  // reading focus or the accessibility tree lays the page out, and a screenshot waits for its
  // own frame.
  Object.defineProperty(window, "__pespQuiet", {
    value: (capMs, timerCapMs = capMs, animationsToo = true) => new Promise((resolve) => {
      const start = performance.now();
      let waited = false;
      const look = () => {
        if (leaving) {
          leaving = false;  // a page load that was called off (a download) is told once
          resolve("leaving");
          return;
        }
        const spent = performance.now() - start;
        const dueSoon = [...timers.values()].some((due) => due <= start + timerCapMs);
        const busy = dueSoon || (animationsToo && endingAnimations());
        if ((requests === 0 || spent >= capMs) && (!busy || spent >= timerCapMs)) {
          resolve(waited ? "waited" : "quiet");
        } else {
          waited = true;
          setTimer(look, 10);
        }
      };
      setTimer(look, 0);
    })});
})();
