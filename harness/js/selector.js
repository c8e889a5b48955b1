// A CSS selector for an element: the nearest id, then tag names with :nth-of-type.
function selectorOf(el) {
  const path = [];
  for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
    if (node.id) { path.unshift('#' + CSS.escape(node.id)); break; }
    const siblings = node.parentElement ? Array.from(node.parentElement.children) : [];
    const same = siblings.filter(s => s.localName === node.localName);
    path.unshift(same.length > 1
      ? `${node.localName}:nth-of-type(${same.indexOf(node) + 1})` : node.localName);
  }
  return path.join(' > ');
}

// The selector of each element the given selectors match (axe's short ones), or the selector
// itself when it matches nothing here.
function canonicalSelectors(selectors) {
  return selectors.map(s => {
    try {
      const el = document.querySelector(s);
      return el ? selectorOf(el) : s;
    } catch (e) { return s; }
  });
}
