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

// How often the text appears in what the page shows (case and spacing aside), and the line
// of its last appearance: an expected text counts only when it appeared after an action.
function shownText(text) {
  const fold = s => (s || '').toLowerCase().replace(/\s+/g, ' ');
  const needle = fold(text).trim();
  const lines = (document.body ? document.body.innerText : '').split('\n');
  let count = 0, line = '';
  for (const each of lines) {
    const hay = fold(each);
    for (let i = hay.indexOf(needle); needle && i !== -1; i = hay.indexOf(needle, i + needle.length)) {
      count += 1;
      line = each.trim();
    }
  }
  return {count, line: line.slice(0, 300)};
}
