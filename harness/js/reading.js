// What a sighted observer can read off the focused control (no input is given).
function deepActive() {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

function focusedValue() {
  const el = deepActive();
  return el ? (el.value ?? el.textContent ?? '') : '';
}

function selectedOption() {
  const el = deepActive();
  return el && el.selectedOptions && el.selectedOptions[0] ? el.selectedOptions[0].textContent : '';
}

function selectOptions() {
  const el = deepActive();
  if (!el || el.tagName !== 'SELECT') return {texts: [], selected: -1};
  return {texts: Array.from(el.options, o => o.text.trim()), selected: el.selectedIndex};
}

function activeOption() {
  const el = deepActive();
  if (!el) return '';
  const id = el.getAttribute('aria-activedescendant');
  const active = id ? el.ownerDocument.getElementById(id) : null;
  return active ? active.textContent : '';
}

// Where a text is shown: the deepest elements whose visible text holds it (case and spacing
// aside). An action's expected text counts only where it was not shown, as it is, before the
// action: marked elements are remembered with their text until the document is replaced.
function foldSpaces(s) {
  return (s || '').toLowerCase().replace(/\s+/g, ' ');
}

function shownHolders(text) {
  const needle = foldSpaces(text).trim();
  const found = [];
  const visit = el => {
    if (!needle || !foldSpaces(el.textContent).includes(needle)) return;
    const inner = Array.from(el.children).filter(c => foldSpaces(c.textContent).includes(needle));
    if (inner.length) { inner.forEach(visit); return; }
    const shown = el.checkVisibility ? el.checkVisibility({visibilityProperty: true}) : true;
    if (shown && foldSpaces(el.innerText).includes(needle)) found.push(el);
  };
  if (document.body) visit(document.body);
  return found.map(el => [el, foldSpaces(el.innerText)]);
}

function markShown(text) {
  window.__pespShown = new WeakMap(shownHolders(text));
}

function newlyShown(text) {
  const before = window.__pespShown || new WeakMap();
  for (const [el, said] of shownHolders(text)) {
    if (before.get(el) !== said) return (el.innerText || '').trim().split('\n').find(
      line => foldSpaces(line).includes(foldSpaces(text).trim())
    ) || said.slice(0, 300);
  }
  return null;
}

// The form field a visible <label> with this text names (`for`, or wrapped), and what it
// holds: a select's chosen options' text, else its value. What the page would send.
function labelledValue(text) {
  const wanted = text.split('|').map(t => foldSpaces(t).trim()).filter(Boolean);
  for (const label of document.querySelectorAll('label')) {
    const control = label.control;
    if (!control || !wanted.some(w => foldSpaces(label.textContent).includes(w))) continue;
    if (control.localName === 'select') {
      return {kind: 'select', value: Array.from(control.selectedOptions, o => o.text.trim()).join(' ')};
    }
    return {kind: control.localName, value: control.value || ''};
  }
  return null;
}
