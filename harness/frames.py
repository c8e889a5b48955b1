"""Where a frame sits: the selectors of the iframe elements from the top document down to it,
so a finding inside a frame can name the frame first (as axe-core's targets do)."""

from __future__ import annotations

from playwright.sync_api import Error, Frame

from harness import js

SELECTOR_OF = js.function("selectorOf", "selector")


def frame_path(frame: Frame) -> list[str]:
    path: list[str] = []
    while frame.parent_frame is not None:
        try:
            path.insert(0, frame.frame_element().evaluate(SELECTOR_OF))
        except Error:  # the frame went away while we looked
            path.insert(0, "iframe")
        frame = frame.parent_frame
    return path
