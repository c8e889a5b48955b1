// Installed before a page's own scripts: counts the page's fetch and XMLHttpRequest calls in
// flight and its short timers (a status message set 150 ms after a click), so the harness can
// wait for exactly what an action started instead of sleeping a fixed time.
(() => {
  if (window.__pespQuiet) return;
  const SHORT_MS = 1000;  // longer timers (a toast removed after 8 s) are not waited for
  const timers = new Set();
  let requests = 0;
  const setTimer = window.setTimeout;
  const clearTimer = window.clearTimeout;
  window.setTimeout = function (handler, delay, ...rest) {
    if (typeof handler !== "function" || Number(delay) > SHORT_MS) {
      return setTimer.call(this, handler, delay, ...rest);
    }
    const id = setTimer.call(this, function (...args) {
      timers.delete(id);
      return handler.apply(this, args);
    }, delay, ...rest);
    timers.add(id);
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
  // Resolves when no request and no short timer is pending (then after one frame, so what
  // they changed is rendered), or when `capMs` has passed, whichever comes first.
  Object.defineProperty(window, "__pespQuiet", {value: (capMs) => new Promise((resolve) => {
    const end = performance.now() + capMs;
    const look = () => {
      if ((timers.size === 0 && requests === 0) || performance.now() >= end) {
        requestAnimationFrame(() => setTimer(() => resolve(timers.size + requests), 0));
      } else {
        setTimer(look, 10);
      }
    };
    look();
  })});
})();
