// How many elements the Tab key can stop at: visible, enabled, not removed from the tab order,
// counted in the document and its same-origin frames.
function tabbableCount(doc) {
  doc = doc || document;
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, ' +
    'iframe, [tabindex], [contenteditable=""], [contenteditable=true]';
  let count = 0;
  for (const el of doc.querySelectorAll(selector)) {
    if (el.disabled || el.tabIndex < 0 || el.closest('[inert]')) continue;
    const style = el.ownerDocument.defaultView.getComputedStyle(el);
    if (style.visibility === 'hidden' || !el.getClientRects().length) continue;
    if (el.localName === 'iframe') {
      let inner = null;
      try { inner = el.contentDocument; } catch (e) { inner = null; }
      count += inner ? tabbableCount(inner) : 1;
      continue;
    }
    count += 1;
  }
  return count;
}
