// A CSS selector for an element: the nearest id, then tag names with :nth-of-type. `known`
// (a Map, optional) keeps each parent's places across calls, so that naming every one of
// 10,000 siblings reads their parent once, not once per sibling.
function selectorOf(el, known) {
  const path = [];
  for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
    if (node.id) { path.unshift('#' + CSS.escape(node.id)); break; }
    const [place, of] = node.parentElement ? placesOf(node.parentElement, known).get(node) : [1, 1];
    path.unshift(of > 1 ? `${node.localName}:nth-of-type(${place})` : node.localName);
  }
  return path.join(' > ');
}

// Each child's place among its siblings of the same tag, and how many there are.
function placesOf(parent, known) {
  let places = known && known.get(parent);
  if (places) return places;
  const counts = new Map();
  for (const child of parent.children) counts.set(child.localName, (counts.get(child.localName) || 0) + 1);
  const seen = new Map();
  places = new Map();
  for (const child of parent.children) {
    const place = (seen.get(child.localName) || 0) + 1;
    seen.set(child.localName, place);
    places.set(child, [place, counts.get(child.localName)]);
  }
  if (known) known.set(parent, places);
  return places;
}
