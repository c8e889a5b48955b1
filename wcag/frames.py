"""Frames as a keyboard user meets them: a frame taken out of the Tab order with a negative
tabindex takes everything inside it out too (ACT rule akn7bn), so a link or button in it can
never be reached by Tab. axe's frame-focusable-content needs to run inside the frame to see
that, which the harness's per-frame axe runs do not; the snapshot holds the frame's document
(when its process is the page's), so the probe decides it there."""

from __future__ import annotations

from harness.snapshot import Node, Snapshot
from wcag.commons import READABLE_PX, in_tab_order, px, shown
from wcag.probe import Check, Outcome

OUT_OF_ORDER = "frame-out-of-tab-order"
# The frame's own document and nested frames are not the content a user tabs to.
NOT_CONTENT = frozenset({"html", "body", "iframe", "frame"})


def out_of_tab_order(snapshot: Snapshot) -> Outcome:
    outcome = Outcome(OUT_OF_ORDER)
    for frame in snapshot.elements("iframe", "frame"):
        if not _negative_tabindex(frame) or not _viewport_shown(frame) or _inert(frame):
            continue
        if not frame.children:  # another process's document: not in this snapshot
            outcome.review = outcome.review or (
                f"the frame {frame.attrs.get('src') or frame.selector} is taken out of the Tab "
                "order (negative tabindex) and its content could not be read: whether it holds "
                "anything Tab should reach needs a person"
            )
            continue
        outcome.applicable = True
        reachable = [n for n in frame.descendants()
                     if n.tag not in NOT_CONTENT and not n.tag.startswith("#") and shown(n)
                     and in_tab_order(n)]
        if reachable:
            what = reachable[0].ax.name if reachable[0].ax and reachable[0].ax.name else (
                f"<{reachable[0].tag}>")
            outcome.fail(
                frame,
                f'The frame has tabindex="{frame.attrs["tabindex"].strip()}": Tab skips it and '
                f"everything inside, so its {len(reachable)} focusable element(s), such as "
                f'"{what}", cannot be reached by keyboard.',
            )
    return outcome


def _viewport_shown(frame: Node) -> bool:
    """The frame shows its content at a readable size: its box without its borders (a 1-pixel
    frame shows nothing, however big the link inside it is drawn)."""
    if not shown(frame) or frame.bounds is None:
        return False
    width = frame.bounds[2] - 2 * px(frame.style.get("border-left-width", "0"))
    height = frame.bounds[3] - 2 * px(frame.style.get("border-top-width", "0"))
    return min(width, height) > READABLE_PX


def _negative_tabindex(frame: Node) -> bool:
    raw = frame.attrs.get("tabindex", "").strip()
    return raw.startswith("-") and raw[1:].isdigit() and int(raw) < 0


def _inert(frame: Node) -> bool:
    return any("inert" in a.attrs for a in frame.lineage())


CHECKS: dict[str, Check] = {OUT_OF_ORDER: out_of_tab_order}
