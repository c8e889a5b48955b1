// The announcement recorder: installed as an init script in every page and frame before the
// page's own scripts, it watches the DOM and keeps what a screen reader would speak after an
// action (live-region changes, inserted alerts) and what a sighted user would see appear (a
// toast, a validation message), with times. Python drains it (window.__pespAnnouncements).
// Needs selectorOf (selector.js) and HINTS (harness/data/message_hints.json) declared before.
function installAnnouncementRecorder(HINTS) {
  if (window.__pespAnnouncements) { return; }
  const log = [];
  const shown = new WeakMap();  // message element -> the text last recorded as shown
  const pending = new Set();    // elements to look at once the page has had time to draw them
  const docId = Math.random().toString(36).slice(2);
  let loaded = document.readyState !== 'loading';
  window.__pespAnnouncements = {
    doc: docId,
    drain() { flush(); return log.splice(0); },
  };

  const IMPLICIT = { alert: 'assertive', status: 'polite', log: 'polite', marquee: 'off', timer: 'off' };
  const FIELD_TAGS = 'input,select,textarea,button,[role=textbox],[role=combobox],[role=button]';
  const text = el => (el.innerText !== undefined ? el.innerText : el.textContent || '')
    .replace(/\s+/g, ' ').trim();

  function hidden(el) {
    if (!el || !el.isConnected) { return true; }
    if (el.closest('[aria-hidden="true"],[hidden]')) { return true; }
    if (!el.getClientRects().length) { return true; }
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.visibility === 'hidden' || style.opacity === '0') { return true; }
    }
    return false;
  }

  // The live region an element speaks through: [region, politeness] or null (aria-live=off
  // silences everything inside it; marquee and timer are off unless aria-live says otherwise).
  function regionOf(el) {
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const live = (node.getAttribute('aria-live') || '').trim().toLowerCase();
      const role = (node.getAttribute('role') || '').trim().toLowerCase().split(/\s+/)[0];
      const politeness = live || IMPLICIT[role];
      if (!politeness) { continue; }
      return politeness === 'off' ? null : [node, politeness === 'assertive' ? 'assertive' : 'polite'];
    }
    return null;
  }

  function atomicRoot(el, region) {
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      if (node.getAttribute('aria-atomic') === 'true') { return node; }
      if (node === region) { break; }
    }
    return null;
  }

  function relevant(region) {
    const value = (region.getAttribute('aria-relevant') || 'additions text').toLowerCase();
    return value.includes('all') ? ['additions', 'text', 'removals'] : value.split(/\s+/);
  }

  function record(kind, politeness, words, el, extra) {
    const spoken = (words || '').replace(/\s+/g, ' ').trim();
    if (!spoken) { return; }
    log.push(Object.assign({
      kind, politeness, text: spoken.slice(0, 500), target: [selectorOf(el)],
      unreliable: false, at: Date.now(), inLive: !!regionOf(el),
    }, extra || {}));
  }

  function classHint(el) {
    for (let node = el, depth = 0; node && node.nodeType === 1 && depth < 3;
      node = node.parentElement, depth++) {
      const cls = (typeof node.className === 'string' ? node.className : '').toLowerCase();
      if (HINTS.message_classes.some(hint => cls.includes(hint))) {
        return !node.querySelector(FIELD_TAGS);  // a field's wrapper is not a message box
      }
    }
    return false;
  }

  function reddish(el) {
    const match = getComputedStyle(el).color.match(/\d+(\.\d+)?/g);
    if (!match) { return false; }
    const [r, g, b] = match.map(Number);
    return r >= 150 && g <= 90 && b <= 90;
  }

  function ownText(el) {
    return Array.from(el.childNodes).some(n => n.nodeType === 3 && n.data.trim());
  }

  // A short visible text that looks like a message: toast, alert, validation text, red text.
  function looksLikeMessage(el) {
    if (!(el instanceof Element) || el.matches(FIELD_TAGS) || el.querySelector(FIELD_TAGS) ||
      el.closest('label')) {
      return false;
    }
    const words = text(el);
    if (!words || words.length > HINTS.max_message_chars || hidden(el)) { return false; }
    const role = (el.getAttribute('role') || '').toLowerCase();
    return classHint(el) || ['alert', 'status', 'alertdialog'].includes(role) ||
      getComputedStyle(el).position === 'fixed' || (ownText(el) && reddish(el));
  }

  function noteShown(el) {
    const words = text(el);
    if (shown.get(el) === words) { return false; }
    shown.set(el, words);
    return true;
  }

  // Visible messages among these elements and their descendants, outermost first.
  function lookForMessages(roots) {
    const found = [];
    for (const root of roots) {
      if (!root.isConnected) { continue; }
      const candidates = [root, ...root.querySelectorAll('*')].slice(0, 300);
      for (const el of candidates) {
        if (found.some(outer => outer.contains(el))) { continue; }
        if (!looksLikeMessage(el)) {
          if (hidden(el)) { shown.delete(el); }
          continue;
        }
        found.push(el);
      }
    }
    for (const el of found) {
      if (noteShown(el)) { record('appeared', null, text(el), el); }
    }
  }

  function flush() {
    const roots = Array.from(pending);
    pending.clear();
    lookForMessages(roots);
  }

  let flushQueued = false;
  function later(el) {
    pending.add(el);
    if (flushQueued) { return; }
    flushQueued = true;
    setTimeout(() => { flushQueued = false; flush(); }, 0);
  }

  // A message that fades in is looked at again when its transition or animation ends.
  function lookAgain(event) {
    if (loaded && event.target.nodeType === 1) { later(event.target); }
  }
  for (const kind of ['transitionend', 'transitioncancel', 'animationend']) {
    document.addEventListener(kind, lookAgain, true);
  }

  function onMutations(mutations) {
    if (!loaded) { return; }
    const added = [];
    const changed = new Map();  // existing region (or atomic root) -> [politeness, texts]
    for (const m of mutations) {
      if (m.type === 'childList') {
        m.addedNodes.forEach(node => added.push(node));
        const el = m.target.nodeType === 1 ? m.target : m.target.parentElement;
        if (el) { later(el); }
      } else if (m.type === 'characterData') {
        added.push(m.target);
        if (m.target.parentElement) { later(m.target.parentElement); }
      } else if (m.type === 'attributes') {
        later(m.target);
      }
    }
    const insertedRoots = added.filter(n => n.nodeType === 1 && n.isConnected);
    const inserted = el => insertedRoots.some(root => root.contains(el));
    for (const node of added) {
      const el = node.nodeType === 1 ? node : node.parentElement;
      if (!el || !el.isConnected) { continue; }
      if (insertedRoots.some(root => root !== node && root.contains(node))) { continue; }
      // Alerts and live regions that arrived with their content.
      if (node.nodeType === 1) {
        const regions = [node, ...node.querySelectorAll('[aria-live],[role]')];
        for (const region of regions) {
          const role = (region.getAttribute('role') || '').toLowerCase();
          const own = regionOf(region);
          if (!own || own[0] !== region || hidden(region)) { continue; }
          const outer = region.parentElement && regionOf(region.parentElement);
          if (outer && !inserted(outer[0])) { continue; }  // spoken by an existing region
          if (role === 'alert' || role === 'alertdialog') {
            record('alert', 'assertive', text(region), region);
          } else {
            record('live', own[1], text(region), region, { unreliable: true });
          }
        }
      }
      const found = regionOf(el);
      if (!found || inserted(found[0]) || hidden(found[0])) { continue; }
      const [region, politeness] = found;
      if (!relevant(region).some(r => r === 'additions' || r === 'text')) { continue; }
      const root = atomicRoot(el, region);
      const key = root || region;
      const entry = changed.get(key) || [politeness, [], !!root];
      entry[1].push(node.nodeType === 1 ? text(node) : node.data);
      changed.set(key, entry);
    }
    for (const [key, [politeness, parts, atomic]] of changed) {
      record('live', politeness, atomic ? text(key) : parts.join(' '), key);
    }
  }

  const observer = new MutationObserver(onMutations);
  observer.observe(document, {
    subtree: true, childList: true, characterData: true, attributes: true,
    attributeFilter: ['class', 'style', 'hidden', 'aria-hidden', 'open'],
  });
  function seed() {
    // What the page showed when it loaded is the page, not a message that appeared.
    observer.takeRecords();
    loaded = true;
    if (document.body) {
      document.body.querySelectorAll('*').forEach(el => {
        if (looksLikeMessage(el)) { shown.set(el, text(el)); }
      });
    }
  }
  if (loaded) { seed(); } else { document.addEventListener('DOMContentLoaded', seed, { once: true }); }
}
