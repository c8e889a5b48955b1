// The text a screen-reader user hears around an element when reading line by line:
// the line just before it, and the nearest enclosing block (a row, item or field group).
function precedingText(el) {
  const root = el.ownerDocument.body;
  const walker = el.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  walker.currentNode = el;
  // Gather the previous text nodes until they make a line with some words in it: a lone
  // "*" or ":" after a label is not what tells the listener what comes next.
  let heard = '';
  for (let node = walker.previousNode(), n = 0; node && n < 6; node = walker.previousNode()) {
    const parent = node.parentElement;
    if (!parent || el.contains(node)) continue;
    if (parent.closest('script, style, template, [hidden], [aria-hidden="true"]')) continue;
    const text = node.textContent.trim();
    if (!text || !parent.getClientRects().length) continue;
    heard = (text + ' ' + heard).trim();
    n += 1;
    if ((heard.match(/\p{L}/gu) || []).length >= 12) break;
  }
  return heard.slice(-160);
}

function enclosingText(el) {
  const own = (el.innerText || '').trim();
  for (let a = el.parentElement; a && a !== el.ownerDocument.body; a = a.parentElement) {
    const text = (a.innerText || '').trim();
    if (text.length > own.length + 1) return text.length <= 400 ? text : '';
  }
  return '';
}

function contextOf(el) {
  return (precedingText(el) + ' ' + enclosingText(el)).trim();
}
