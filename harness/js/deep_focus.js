// The focused element, followed into shadow roots and same-origin frames.
// A cross-origin frame is reported as such; Python then asks inside it.
function deepFocus() {
  let doc = document, el = document.activeElement;
  const frames = [];
  for (;;) {
    if (el && el.shadowRoot && el.shadowRoot.activeElement) {
      el = el.shadowRoot.activeElement;
      continue;
    }
    if (el && (el.localName === 'iframe' || el.localName === 'frame')) {
      let inner = null;
      try { inner = el.contentDocument; } catch (e) { inner = null; }
      if (inner && inner.activeElement && inner.activeElement !== inner.body) {
        frames.push(selectorOf(el)); doc = inner; el = inner.activeElement;
        continue;
      }
      if (!inner) { frames.push(selectorOf(el)); return {frames, crossOrigin: true}; }
    }
    break;
  }
  const onBody = !el || el === doc.body || el === doc.documentElement;
  const r = el && el.getBoundingClientRect ? el.getBoundingClientRect() : null;
  const style = el ? getComputedStyle(el) : null;
  const around = el && !onBody ? enclosingText(el) : '';
  const preceding = el && !onBody ? precedingText(el) : '';
  return {
    frames, crossOrigin: false, onBody, around, preceding,
    selector: el ? selectorOf(el) : 'body',
    tag: el ? el.localName : 'body',
    text: el ? (el.innerText || el.value || '').trim().slice(0, 120) : '',
    // the text of the <label>s tied to it, shown or not: a floating label hides its resting
    // copy on focus, though a listener reading the page met it just before the field
    labels: el && el.labels ? Array.from(el.labels, l => l.textContent.trim()).join(' ') : '',
    rect: r ? [r.x + scrollX, r.y + scrollY, r.width, r.height].map(Math.round) : null,
    visible: !!(r && r.width > 0 && r.height > 0 && style.visibility !== 'hidden'),
  };
}
