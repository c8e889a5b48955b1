// axe's results, with the harness's selector of each failing element (axe's own selector ->
// ours), worked out here from axe's element references in one pass: looking each selector up
// again (querySelector) would search the document once per failing element.
async function runAxe(options) {
  const results = await axe.run(document, { ...options, elementRef: true });
  const known = new Map();
  const canonical = {};
  for (const kind of ['violations', 'incomplete', 'passes', 'inapplicable']) {
    for (const rule of results[kind] || []) {
      for (const node of rule.nodes) {
        const [target] = node.target;
        if (kind === 'violations' && node.element && node.target.length === 1
            && typeof target === 'string') {
          try { canonical[target] = selectorOf(node.element, known); } catch (e) { /* axe's */ }
        }
        delete node.element;  // a DOM node, not data
      }
    }
  }
  return { results, canonical };
}
