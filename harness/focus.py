"""Where keyboard focus is: the focused element across frames and shadow roots, as DOM facts.

The keyboard driver asks this after every key press. It answers with facts only (selector, tag,
whether focus fell to the page body, where the element is drawn); what a screen reader says about
the element comes from the accessibility tree (`ax_snapshot`), and judging is left to the checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import Error, Frame, Page

DEEP_ACTIVE_ELEMENT = """() => {
  const selectorOf = (el) => {
    const path = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      if (node.id) { path.unshift('#' + CSS.escape(node.id)); break; }
      const siblings = node.parentElement ? Array.from(node.parentElement.children) : [];
      const same = siblings.filter(s => s.localName === node.localName);
      path.unshift(same.length > 1
        ? `${node.localName}:nth-of-type(${same.indexOf(node) + 1})` : node.localName);
    }
    return path.join(' > ');
  };
  let doc = document, el = document.activeElement;
  const frames = [];
  for (;;) {
    if (el && el.shadowRoot && el.shadowRoot.activeElement) { el = el.shadowRoot.activeElement; continue; }
    if (el && (el.localName === 'iframe' || el.localName === 'frame')) {
      let inner = null;
      try { inner = el.contentDocument; } catch (e) { inner = null; }
      if (inner && inner.activeElement && inner.activeElement !== inner.body) {
        frames.push(selectorOf(el)); doc = inner; el = inner.activeElement; continue;
      }
      if (!inner) { frames.push(selectorOf(el)); return {frames, crossOrigin: true}; }
    }
    break;
  }
  const onBody = !el || el === doc.body || el === doc.documentElement;
  const r = el && el.getBoundingClientRect ? el.getBoundingClientRect() : null;
  const style = el ? getComputedStyle(el) : null;
  return {
    frames, crossOrigin: false, onBody,
    selector: el ? selectorOf(el) : 'body',
    tag: el ? el.localName : 'body',
    text: el ? (el.innerText || el.value || '').trim().slice(0, 120) : '',
    rect: r ? [Math.round(r.x + scrollX), Math.round(r.y + scrollY), Math.round(r.width), Math.round(r.height)] : null,
    visible: !!(r && r.width > 0 && r.height > 0 && style.visibility !== 'hidden'),
    connected: !!(el && el.isConnected),
  };
}"""


@dataclass
class FocusFacts:
    """The DOM side of one focus stop."""

    selector: str
    tag: str
    on_body: bool
    frames: list[str] = field(default_factory=list)
    text: str = ""
    rect: list[int] | None = None
    visible: bool = False

    @property
    def target(self) -> list[str]:
        """The element as a finding's target: iframe selectors, then the element's."""
        return [*self.frames, self.selector]


def focused_element(page: Page) -> FocusFacts:
    """Describe the element that has keyboard focus, entering cross-origin frames too."""
    facts = page.main_frame.evaluate(DEEP_ACTIVE_ELEMENT)
    prefix: list[str] = []
    frame: Frame = page.main_frame
    while facts.get("crossOrigin"):
        prefix += facts["frames"]
        child = _focused_child_frame(frame)
        if child is None:
            return FocusFacts(selector=prefix[-1], tag="iframe", on_body=False, frames=prefix[:-1])
        frame = child
        facts = frame.evaluate(DEEP_ACTIVE_ELEMENT)
    return FocusFacts(
        selector=facts["selector"],
        tag=facts["tag"],
        on_body=facts["onBody"],
        frames=prefix + facts["frames"],
        text=facts["text"],
        rect=facts["rect"],
        visible=facts["visible"],
    )


def _focused_child_frame(frame: Frame) -> Frame | None:
    for child in frame.child_frames:
        try:
            if child.evaluate("document.hasFocus()"):
                return child
        except Error:
            continue
    return None
