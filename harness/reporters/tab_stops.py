"""The Tab stops of each page a task went through, as Accessibility Insights' "Tab stops" shows
them: where keyboard focus came to rest, numbered in the order it first got there, with each
stop's box on the page.

The replay records every key press with the focused element's box (in page coordinates) in
steps.jsonl, and a page load as an "open" or "navigation" event; a page's visit runs from one
page load to the next, over as many steps as it lasts. The replay takes one full-page picture
per visit on which focus moved (`picture_path`), before the action that may leave the page or
at the end of a step that stays on it; the HTML report numbers the stops on it and lists the
same stops as text."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

from harness.results import SCREENSHOTS_DIR

PICTURE_SUFFIX = "-tab-stops.jpg"
PAGE_CHANGES = ("open", "navigation")  # events after which focus is on another page
FOCUS_EVENTS = ("key", "type")


@dataclass(frozen=True)
class TabStop:
    number: int
    key: str  # the key that first brought focus here ("type": typing)
    role: str
    name: str
    tag: str
    rect: tuple[int, int, int, int] | None  # x, y, width, height in page pixels
    visible: bool
    in_frame: bool  # its box is in the frame's own coordinates: not drawn on the page

    @property
    def drawable(self) -> bool:
        return self.rect is not None and self.visible and not self.in_frame and (
            self.rect[2] > 0 and self.rect[3] > 0)


@dataclass
class PageVisit:
    """One page between two page loads, and where focus rested on it."""

    scenario: str
    number: int  # page loads before it in the scenario: the picture's name
    url: str
    steps: list[int] = field(default_factory=list)  # the steps in which focus rested on it
    stops: list[TabStop] = field(default_factory=list)


def picture_path(folder: Path, scenario: str, visit: int) -> Path:
    """Where the picture of a scenario's page visit is kept in a results folder."""
    return folder / SCREENSHOTS_DIR / f"{scenario}-page-{visit:02d}{PICTURE_SUFFIX}"


def page_changes(events: list[dict]) -> int:
    return sum(1 for event in events if event.get("event") in PAGE_CHANGES)


def focus_rested_here(events: list[dict]) -> bool:
    """Whether, in these events of a step, focus came to rest on the page now shown (after
    the step's last page load, if any)."""
    last_change = max((i for i, e in enumerate(events) if e.get("event") in PAGE_CHANGES),
                      default=-1)
    return any(_stop_focus(events, i) for i in range(last_change + 1, len(events)))


def page_visits(steps: list[dict]) -> list[PageVisit]:
    """The page visits of a run's steps (in the order recorded), per scenario, that have at
    least one Tab stop; the page body, where Tab passes at the end of the page, is no stop."""
    visits: list[PageVisit] = []
    current: dict[str, PageVisit] = {}
    seen: dict[tuple[str, int], set[tuple[str, ...]]] = {}
    for step in steps:
        scenario, events = step.get("scenario", ""), step.get("events", [])
        for index, event in enumerate(events):
            visit = current.get(scenario)
            if event.get("event") in PAGE_CHANGES:
                number = visit.number + 1 if visit else 1
                url = event.get("url") or event.get("url_to") or ""
                current[scenario] = PageVisit(scenario, number, url)
                continue
            focus = _stop_focus(events, index)
            if focus is None:
                continue
            if visit is None:  # focus moved before any page load was recorded
                visit = current[scenario] = PageVisit(scenario, 0, "")
            identity = tuple(focus["target"])
            if identity in seen.setdefault((scenario, visit.number), set()):
                continue
            seen[(scenario, visit.number)].add(identity)
            if not visit.stops:
                visits.append(visit)
            if step["index"] not in visit.steps:
                visit.steps.append(step["index"])
            rect = focus.get("rect")
            visit.stops.append(TabStop(
                number=len(visit.stops) + 1, key=str(event.get("key") or "type"),
                role=focus.get("role", ""), name=focus.get("name", ""),
                tag=focus.get("tag", ""), rect=tuple(rect) if rect else None,
                visible=bool(focus.get("visible")), in_frame=len(identity) > 1))
    return visits


def _stop_focus(events: list[dict], index: int) -> dict | None:
    """The focus an event records as a stop on the current page: not the page body, and not
    a key press that loaded another page (its focus was read on the page that came)."""
    event = events[index]
    focus = event.get("focus")
    if event.get("event") not in FOCUS_EVENTS or not focus or focus.get("on_body"):
        return None
    after = events[index + 1] if index + 1 < len(events) else {}
    return None if after.get("event") in PAGE_CHANGES else focus


def jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a JPEG, from its frame header; None when it is not one."""
    if not data.startswith(b"\xff\xd8"):
        return None
    at = 2
    while at + 9 < len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        length = struct.unpack(">H", data[at + 2:at + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # a start of frame
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return width, height
        at += 2 + length
    return None
