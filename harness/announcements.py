"""What a screen reader announces after an action, and what a sighted user sees appear.

axe looks at one still page; status messages happen after an action, so they are recorded as
they happen. ``AnnouncementRecorder.install(context)`` adds an init script (``js/announcements.js``)
that runs in every page and frame before the page's own scripts and watches the DOM with a
MutationObserver: text that changes inside an existing live region (spoken, with its politeness),
alerts inserted with content (spoken at once, assertively), live regions inserted already holding
text (most screen readers stay silent: kept, flagged ``unreliable``) and visible messages that
appeared (toasts, validation text, red text: what a sighted user was told). ``drain(page)``
returns and clears what was recorded since the last drain, across all frames.

The recorder reports; whether silence was a defect is for the status checks (``wcag.status``).
"""

from __future__ import annotations

import html as html_lib
import json
import re
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import resources
from typing import Literal

from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

from harness import js
from harness.frames import frame_path

Kind = Literal["live", "alert", "appeared"]
Politeness = Literal["polite", "assertive"]

_DRAIN = "() => window.__pespAnnouncements ? window.__pespAnnouncements.drain() : []"
_DOCUMENT = "() => window.__pespAnnouncements ? window.__pespAnnouncements.doc : ''"


@dataclass
class Announcement:
    """One thing recorded after an action.

    kind: "live" (text changed in a live region; spoken), "alert" (an alert inserted with its
    content; spoken assertively) or "appeared" (a visible message appeared; spoken only if it
    is also in a live region). ``unreliable``: a live region inserted already holding its text,
    which most screen readers never speak. ``target``: frame selectors first, then the element.
    ``at``: milliseconds since the epoch, comparable across frames. ``in_live``: the element
    sits inside a live region.
    """

    kind: Kind
    politeness: Politeness | None
    text: str
    target: list[str] = field(default_factory=list)
    unreliable: bool = False
    at: float = 0.0
    in_live: bool = False

    @property
    def spoken(self) -> bool:
        """True when a screen reader can be relied on to speak it."""
        return self.kind in ("live", "alert") and not self.unreliable

    def to_json(self) -> dict:
        return asdict(self)


@cache
def message_hints() -> dict:
    """The shared description of what a visible message looks like (data/message_hints.json)."""
    text = resources.files("harness").joinpath("data/message_hints.json").read_text("utf-8")
    return json.loads(text)


@cache
def init_script() -> str:
    """The recorder as an init script: selectorOf, the recorder, the call with the hints."""
    sources = "\n".join(
        (js.HERE / f"{name}.js").read_text(encoding="utf-8")
        for name in ("selector", "announcements")
    )
    hints = json.dumps(message_hints(), ensure_ascii=False)
    return f"(() => {{\n{sources}\ninstallAnnouncementRecorder({hints});\n}})();"


class AnnouncementRecorder:
    """Records announcements in every page and frame of a browser context."""

    def install(self, context: BrowserContext) -> AnnouncementRecorder:
        """Add the recorder to ``context``; pages opened or navigated afterwards carry it."""
        context.add_init_script(script=init_script())
        return self

    def drain(self, page: Page) -> list[Announcement]:
        """Everything recorded in ``page`` and its frames since the last drain, by time."""
        found: list[Announcement] = []
        for frame in page.frames:
            try:
                records = frame.evaluate(_DRAIN)
            except PlaywrightError:
                continue  # a frame that went away or never became scriptable
            if not records:
                continue
            prefix = frame_path(frame)
            found.extend(
                Announcement(
                    kind=r["kind"],
                    politeness=r["politeness"],
                    text=r["text"],
                    target=[*prefix, *r["target"]],
                    unreliable=bool(r["unreliable"]),
                    at=float(r["at"]),
                    in_live=bool(r["inLive"]),
                )
                for r in records
            )
        return sorted(found, key=lambda a: a.at)

    def document_id(self, page: Page) -> str:
        """An id of the top frame's current document: it changes when a new document loads."""
        try:
            return str(page.main_frame.evaluate(_DOCUMENT))
        except PlaywrightError:
            return ""


UNCONVEYED_CHECKS = ("status-not-announced", "step-change-not-conveyed")
_TAG = re.compile(r"<[^>]*>?")
_QUOTED = re.compile(r"the message (['\"])(.*?)\1 appeared")


def unconveyed(outcomes: list) -> list[dict]:
    """What the status checks saw change on screen that no live region, focus move or alert
    conveyed, as {"check", "target", "shown"} for the transcript's silence lines. A change
    with no letter or digit ("*", "↻") is decoration, not a message: it is left out."""
    found = []
    for outcome in outcomes:
        if outcome.check_id not in UNCONVEYED_CHECKS:
            continue
        for finding in outcome.findings:
            shown = " ".join(html_lib.unescape(_TAG.sub(" ", finding.html or "")).split())
            quoted = _QUOTED.search(finding.message or "")
            if not shown and quoted:  # a toast gone before the snapshot: only the message has it
                shown = " ".join(quoted.group(2).split())
            if any(c.isalnum() for c in shown):
                found.append({"check": outcome.check_id, "target": list(finding.target),
                              "shown": shown})
    return found
