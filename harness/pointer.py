"""What a sighted helper would do with the mouse when the keyboard could not: used only in runs
with assistance allowed (--assist), where each such action is marked "assisted" in the step, so
that later steps can still be checked."""

from __future__ import annotations

import re
from contextlib import suppress
from pathlib import Path

from playwright.sync_api import ElementHandle, Error, Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from harness import js
from harness.control_match import normal
from harness.dates import VIETNAMESE, DateFormat, hinted_format, parse_flow_date

SELECTOR_OF_ELEMENT = js.function("selectorOf", "selector")
CONTEXT_OF = js.function("contextOf", "context")
CONTROL_KIND = ("el => el.localName === 'select' ? 'select' : el.matches('input, button, textarea, "
                "[role=combobox], [role=listbox], [role=button], [tabindex]') ? 'control' : 'text'")
# after a label's text, in document order: the first element a click at its middle would land
# on (not clipped away, off screen or covered) that is a control or is drawn to look clickable
# (the text itself, when it is the face: "-- Chọn Phường/Xã --" drawn as a box)
FACE_AFTER = """label => {
  const control = 'a, input, button, select, textarea, [role], [tabindex]';
  const face = el => {
    if ((el.type || '') === 'hidden' || el.localName === 'label') return false;
    if (!el.matches(control) && getComputedStyle(el).cursor !== 'pointer') return false;
    el.scrollIntoView({block: 'center', behavior: 'instant'});  // not a page's smooth scroll
    const r = el.getBoundingClientRect();
    if (r.width <= 4 || r.height <= 4) return false;
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return !!hit && (el === hit || el.contains(hit) || hit.contains(el));
  };
  if (face(label)) return label;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
  walker.currentNode = label;
  for (let el = walker.nextNode(), n = 0; el && n < 300; el = walker.nextNode(), n += 1) {
    if (!label.contains(el) && face(el)) return el;
  }
  return null;
}"""
OPTION_WAITS = 15  # looks, 200 ms apart, for the option a list shows
HINTS_OF = ("el => [el.placeholder || '', el.getAttribute('aria-label') || '',"
            " Array.from(el.labels || [], l => l.textContent).join(' '),"
            " (el.getAttribute('aria-describedby') || '').split(/\\s+/).map(id =>"
            " (document.getElementById(id) || {}).textContent || '').join(' ')]")


class Pointer:
    """Finds and operates controls the way a sighted user does: by what they look like."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def target(self, name: str, role: str) -> Locator | None:
        """The visible element a sighted user would click for this name ("a|b": either);
        exact names first, so "×" finds the close box and not a sentence containing it."""
        names = [n for n in name.split("|") if n]
        roles = [r for r in role.split("|") if r]
        pattern = re.compile("|".join(re.escape(n) for n in names), re.IGNORECASE)
        candidates = [self.page.get_by_role(r, name=n, exact=True) for n in names for r in roles]
        candidates += [self.page.get_by_text(n, exact=True) for n in names]
        candidates += [self.page.get_by_role(r, name=pattern) for r in roles]
        candidates += [self.page.get_by_label(pattern), self.page.get_by_placeholder(pattern),
                       self.page.get_by_text(pattern)]
        for candidate in candidates:
            with suppress(Error):
                for index in range(min(candidate.count(), 10)):
                    element = candidate.nth(index)
                    if element.is_visible():
                        return element
        return None

    def find(self, name: str, role: str) -> Locator:
        """The element to click; LookupError when nothing on the page looks like it."""
        target = self.target(name, role)
        if target is None:
            raise LookupError(f"nothing named {name!r} on the page")
        return target

    def choose(self, label: str, option: str) -> None:
        """Click the picker a sighted user sees beside the label, type into the search box it
        may open, and click the option. A native select that is really shown is set directly;
        one hidden behind a scripted box (select2, chosen) is left to the box."""
        target = self.target(label, "combobox|listbox|button")
        kind = target.evaluate(CONTROL_KIND) if target is not None else ""
        if kind == "select" and _really_shown(target):
            target.select_option(label=option)
            return
        trigger = target if kind == "control" and _really_shown(target) else (
            self._shown_after_label(label))  # a label's text, or a select hidden behind a box
        _click(trigger)
        focused = self.page.locator(":focus")
        if focused.count() and focused.evaluate(
                "el => el.localName === 'input' && el.type !== 'hidden'"):
            self.page.keyboard.press("Control+A")  # replace what the picker's own box holds
            self.page.keyboard.type(option, delay=50)  # a search box, or the picker's own text
        _click(self._shown_option(option))

    def _shown_after_label(self, label: str) -> Locator | ElementHandle:
        """The first thing a sighted user would click after the label's text: the visible face
        of a scripted picker whose hidden select has the label, or a box drawn to look
        clickable (a pointer cursor) that a script opens on click."""
        texts = self.page.get_by_text(re.compile(re.escape(label.split("|")[0]), re.I))
        for index in range(min(texts.count(), 5)):
            text = texts.nth(index)
            if not text.is_visible():
                continue
            face = text.evaluate_handle(FACE_AFTER).as_element()
            if face is not None:
                return face
        raise LookupError(f"nothing to click after {label!r} on the page")

    def _shown_option(self, option: str) -> Locator:
        """The visible option with this text in the list that just opened (a list of
        suggestions may take a moment to show)."""
        candidates = [self.page.get_by_role("option", name=option, exact=True),
                      self.page.get_by_role("option", name=re.compile(re.escape(option), re.I)),
                      self.page.locator("li, [role=option], .dropdown-item, a").filter(
                          has_text=re.compile(rf"^\s*{re.escape(option)}\s*$", re.I))]
        for _ in range(OPTION_WAITS):
            for candidate in candidates:
                with suppress(Error):
                    for index in range(min(candidate.count(), 20)):
                        element = candidate.nth(index)
                        if _really_shown(element):
                            return element
            self.page.wait_for_timeout(200)
        raise LookupError(f"no visible option {option!r} to click")

    def check(self, label: str, role: str) -> None:
        target = self.target(label, role)
        if target is None or target.evaluate("el => !['radio', 'checkbox'].includes(el.type)"):
            target = self._input_next_to("input[type=radio], input[type=checkbox]", label)
        target.check()

    def upload(self, label: str, path: Path) -> None:
        """A sighted user drops the file on the upload area that the label stands next to."""
        self._input_next_to("input[type=file]", label).set_input_files(path)

    def set_date(self, label: str, day: str) -> None:
        """Give a date field the flow's day (dd/mm/yyyy) the way a sighted user reads its hint
        (its placeholder, description or label), through the widget's own API where it has one."""
        found = self.find(label, "textbox|combobox|spinbutton")
        field = found.evaluate_handle("el => el.control || el")  # a label's text: its field
        form = hinted_format(*field.evaluate(HINTS_OF))
        self.force_value(field.evaluate(SELECTOR_OF_ELEMENT), form.write(parse_flow_date(day)),
                         form)

    def force_value(self, selector: str, value: str, form: DateFormat = VIETNAMESE) -> None:
        """Give a field the value a sighted user would pick with the mouse (a calendar, a
        read-only picker) through the widget's own API or the value property."""
        element = self.page.locator(selector).first
        flatpickr_format = form.separator.join({"d": "d", "m": "m", "y": "Y"}[part]
                                               for part in form.order)
        element.evaluate(
            "(el, [v, f]) => { const box = el.parentElement || el;"
            " const owner = [el, ...box.querySelectorAll('input')].find(i => i._flatpickr);"
            " if (owner) { owner._flatpickr.setDate(v, true, f); return; }"
            " el.removeAttribute('readonly'); el.value = v;"
            " el.dispatchEvent(new Event('input', {bubbles: true}));"
            " el.dispatchEvent(new Event('change', {bubbles: true})); }",
            [value, flatpickr_format],
        )

    def _input_next_to(self, selector: str, label: str) -> Locator:
        """The input a sighted user would click beside a text, when no label ties them."""
        inputs = self.page.locator(selector)
        for index in range(inputs.count()):
            candidate = inputs.nth(index)
            if normal(label) in normal(candidate.evaluate(CONTEXT_OF)):
                return candidate
        raise LookupError(f"no {selector} next to {label!r} on the page")


def _click(element: Locator | ElementHandle) -> None:
    """Click as a sighted user does; where a stray icon of a widget drawn without its theme
    lies over the target, click the target itself, which is what the user aims at."""
    try:
        element.click(timeout=3_000)
    except PlaywrightTimeout:
        element.click(force=True)


def _really_shown(element: Locator) -> bool:
    """Visible and big enough to click: not a select hidden as a 1-pixel clipped box."""
    with suppress(Error):
        box = element.bounding_box(timeout=1_000)
        return bool(box) and box["width"] > 4 and box["height"] > 4 and element.is_visible()
    return False


def describe_element(element: Locator | None) -> tuple[list[str], str]:
    """An obstacle's target: the element's selector and the start of its HTML."""
    if element is None:
        return [], ""
    try:
        return [element.evaluate(SELECTOR_OF_ELEMENT)], element.evaluate(
            "el => el.outerHTML.slice(0, 300)"
        )
    except Error:
        return [], ""
