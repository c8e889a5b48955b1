"""What a scenario is made of: its named steps, how each one ended, and how a replay ends.

These are the records the step engine writes and the replay, the narration and the reports read;
they hold no browser.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from playwright.sync_api import Page

from harness.obstacles import Obstacle

T = TypeVar("T")
TYPING_DELAY_MS = 100


class ScenarioStop(Exception):
    """The replay ends here. kind: "blocked" (the keyboard could not go on), "safety" (a live
    portal's final submit), "captcha" (no one to read a live CAPTCHA), "login" (no live
    credentials), "error" (the portal failed)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message

    @property
    def status(self) -> str:
        """How the step, and the scenario, it ended are told: blocked, error or stopped."""
        return self.kind if self.kind in ("blocked", "error") else "stopped"


@dataclass
class ScenarioContext:
    """What a script may read, and how the run was asked to behave."""

    live: bool  # a live government portal: the safety rules apply
    assist: bool  # may a blocked step be done by pointer?
    names: dict[str, str]  # control names of this portal's platform family
    applicant: dict  # the synthetic applicant
    urls: dict[str, str]  # entry addresses: home, lookup, ...
    captcha_reader: Callable[[Page], str | None]  # never a solver: an assistant's or operator's
    declaration: list[dict] = field(default_factory=list)  # form fields: label, kind, value
    live_login: bool = False
    files: dict[str, Path] = field(default_factory=dict)
    # called between key presses: raises RunInterrupted once someone asked the run to stop
    checkpoint: Callable[[], None] = lambda: None
    # between keys typed into a widget that reacts to each (type-ahead, a masked date): a
    # person's pace, since typing at machine speed garbles what a person's typing would not
    typing_delay_ms: int = TYPING_DELAY_MS


@dataclass
class StepRecord:
    index: int
    name: str
    status: str = "running"  # done, assisted, blocked, stopped, error, interrupted
    url_start: str = ""
    url_end: str = ""
    events: list[dict] = field(default_factory=list)
    obstacles: list[Obstacle] = field(default_factory=list)
    assisted: list[str] = field(default_factory=list)
    note: str = ""

    def to_json(self) -> dict:
        return {
            "index": self.index,
            "name": self.name,
            "status": self.status,
            "url_start": self.url_start,
            "url_end": self.url_end,
            "assisted": self.assisted,
            "note": self.note,
            "obstacles": [o.to_json() for o in self.obstacles],
            "events": self.events,
        }


class StepHooks:
    """What the replay does around a scenario's actions (the checks); no-ops by default."""

    def around_action(self, step: StepRecord, action: str, perform: Callable[[], T]) -> T:
        """Wrap an action that may change the page (Enter, Space, a click, an upload), so the
        step checks can compare before and after."""
        return perform()

    def obstacle(self, step: StepRecord, obstacle: Obstacle) -> None:
        """When the keyboard could not go on, while the page still shows why."""

    def end_step(self, step: StepRecord) -> None:
        """After the step's last action, whether it completed or was stopped."""
