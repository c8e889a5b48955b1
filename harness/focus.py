"""Where keyboard focus is: the focused element across frames and shadow roots, as DOM facts.

The keyboard driver asks this after every key press. It answers with facts only (selector, tag,
whether focus fell to the page body, where the element is drawn); what a screen reader says about
the element comes from the accessibility tree (`ax_snapshot`), and judging is left to the checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import Error, Frame, Page

from harness import js

DEEP_FOCUS = js.function("deepFocus", "selector", "context", "deep_focus")


@dataclass
class FocusFacts:
    """The DOM side of one focus stop."""

    selector: str
    tag: str
    on_body: bool
    frames: list[str] = field(default_factory=list)
    text: str = ""
    around: str = ""  # the text of its enclosing row, item or field group
    preceding: str = ""  # the line a screen reader reads just before it
    labels: str = ""  # the text of the <label> elements tied to it, shown or not
    rect: list[int] | None = None
    visible: bool = False

    @property
    def target(self) -> list[str]:
        """The element as a finding's target: iframe selectors, then the element's."""
        return [*self.frames, self.selector]


def focused_element(page: Page) -> FocusFacts:
    """Describe the element that has keyboard focus, entering cross-origin frames too."""
    facts = page.main_frame.evaluate(DEEP_FOCUS)
    prefix: list[str] = []
    frame: Frame = page.main_frame
    while facts.get("crossOrigin"):
        prefix += facts["frames"]
        child = _focused_child_frame(frame)
        if child is None:
            return FocusFacts(selector=prefix[-1], tag="iframe", on_body=False, frames=prefix[:-1])
        frame = child
        facts = frame.evaluate(DEEP_FOCUS)
    return FocusFacts(
        selector=facts["selector"],
        tag=facts["tag"],
        on_body=facts["onBody"],
        frames=prefix + facts["frames"],
        text=facts["text"],
        around=" ".join(facts["around"].split()),
        preceding=" ".join(facts["preceding"].split()),
        labels=" ".join(facts["labels"].split()),
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
