"""The keyboard driver: every input a scenario gives goes through here, as real key presses.

It presses keys with Playwright's keyboard (never click(), fill() or focusing by script),
records each key, each focus stop and each URL change with its time, and answers questions like
"where did Tab take me?". It reports what happened; whether that is a defect is for the checks.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext, suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from playwright.sync_api import Error, Page, Request

from harness import js
from harness.focus import FocusFacts, focused_element
from harness.quiet import wait_quiet

if TYPE_CHECKING:
    from harness.utterance import Utterance

WALK_BUDGET = 200
STUCK_REPEATS = 8  # Tab presses in a row that leave focus on one element: a video's or a date
# field's inner controls take a few, a thief or a trap takes them all
KEY_QUIET_MS = 50  # at most this long for what a key started (a request, a short timer)
LOAD_START_S = 1.0  # a page load a key began sends its request by then, or was called off
NAVIGATION_RETRIES = 4
TABBABLE_COUNT = js.function("tabbableCount", "tabbable")
NAVIGATION_TIMEOUT_MS = 15_000
MASK = "•"  # how Chromium exposes a password field's value
HIDDEN_VALUE = "(value not recorded on a live portal)"


@dataclass
class FocusStop:
    """One place focus came to rest: the DOM facts and what assistive technology receives."""

    key: str
    facts: FocusFacts
    spoken: Utterance | None = None
    private: bool = False  # on a live portal a field's value is the user's own: not recorded

    @property
    def identity(self) -> tuple[str, ...]:
        return tuple(self.facts.target)

    @property
    def role(self) -> str:
        return self.spoken.role if self.spoken else ""

    @property
    def name(self) -> str:
        return self.spoken.name if self.spoken else ""

    def describe(self) -> str:
        if self.facts.on_body:
            return "page body"
        label = f"{self.role or self.facts.tag} {self.name!r}" if self.name else (
            self.role or self.facts.tag
        )
        return f"{label} at {' > '.join(self.facts.target)}"

    def _recorded_value(self) -> str:
        value = self.spoken.value if self.spoken else ""
        return HIDDEN_VALUE if value and self.private else value

    def to_json(self) -> dict:
        return {
            "key": self.key,
            "target": self.facts.target,
            "tag": self.facts.tag,
            "on_body": self.facts.on_body,
            "rect": self.facts.rect,
            "visible": self.facts.visible,
            "role": self.role,
            "name": self.name,
            "value": self._recorded_value(),
            "description": self.spoken.description if self.spoken else "",
            "states": list(self.spoken.states) if self.spoken else [],
        }


@dataclass
class Walk:
    """The result of tabbing towards something: where focus went and how the walk ended.

    outcome: "reached"; "cycled" (went all the way round the page without finding it);
    "trapped" (focus went round a loop inside one region that Escape did not release either);
    "budget" (gave up after the allowed number of presses).
    """

    outcome: str
    stops: list[FocusStop]
    cycle: list[FocusStop] = field(default_factory=list)

    @property
    def reached(self) -> FocusStop | None:
        return self.stops[-1] if self.outcome == "reached" else None


class KeyboardDriver:
    def __init__(
        self,
        page: Page,
        describe: Callable[[], Utterance | None] | None = None,
        record: Callable[[dict], None] | None = None,
        ready: Callable[[], None] | None = None,
        private_values: bool = False,
        guard: Callable[[str], AbstractContextManager[object]] | None = None,
    ) -> None:
        """`ready` is called after every key, before focus is read: a tab whose next page is
        still on its way runs no script, so the caller decides how long to wait for it.
        `private_values` keeps the values of focused controls out of every record (a live
        portal shows the user's own data). `guard(what)` wraps each key press and typing (a
        watchdog's time budget: a key handler that never yields must not hang the run)."""
        self.private_values = private_values
        self._guard = guard or (lambda what: nullcontext())
        self.page = page
        self._describe = describe or (lambda: None)
        self._record = record or (lambda event: None)
        self._ready = ready or (lambda: None)
        self._started = time.monotonic()
        self._loads = _PageLoads.for_page(page)

    def press(self, key: str) -> FocusStop:
        """Press one key (Playwright names: "Tab", "Shift+Tab", "ArrowDown", "Alt+ArrowDown")."""
        url_before = self.page.url
        loads_before = self._loads.counts()
        with self._guard(key):
            self.page.keyboard.press(key)
        self._settle(loads_before)
        stop = self.where(key)
        self._log("key", key=key, focus=stop.to_json())
        if self.page.url != url_before:
            self._log("navigation", key=key, url_from=url_before, url_to=self.page.url)
        return stop

    def type(self, text: str, secret: bool = False, delay_ms: int = 0) -> FocusStop:
        """Type text into the focused control, one key at a time, as a person does; `delay_ms`
        between keys is a person's pace, which type-ahead and masked inputs need.

        A secret is never written down: what goes into a password field (the browser masks its
        value) or is marked `secret` (a live account's ID number) is recorded as a count."""
        loads_before = self._loads.counts()
        with self._guard("typing"):
            self.page.keyboard.type(text, delay=delay_ms)
        self._settle(loads_before)
        stop = self.where()
        hidden = secret or _masked(stop.spoken.value if stop.spoken else "")
        told = f"({len(text)} hidden characters)" if hidden else text
        stop.key = f"type {told}" if hidden else f"type {text!r}"
        focus = stop.to_json()
        if hidden and focus["value"]:
            focus["value"] = MASK * len(text)
        self._log("type", text=told, focus=focus)
        return stop

    def where(self, key: str = "") -> FocusStop:
        """Where focus is now; a key that started a navigation is waited out first."""
        for attempt in range(NAVIGATION_RETRIES):
            try:
                return FocusStop(key=key, facts=focused_element(self.page),
                                 spoken=self._describe(), private=self.private_values)
            except Error as error:
                if not _navigated_away(error) or attempt == NAVIGATION_RETRIES - 1:
                    raise
                with suppress(Error):
                    self.page.wait_for_load_state("load", timeout=NAVIGATION_TIMEOUT_MS)
        raise AssertionError("unreachable")

    def walk(
        self,
        until: Callable[[FocusStop], bool],
        key: str = "Tab",
        budget: int = WALK_BUDGET,
        each_key: Callable[[str], AbstractContextManager[object]] | None = None,
        after_key: Callable[[FocusStop], None] | None = None,
    ) -> Walk:
        """Press Tab (or Shift+Tab) one stop at a time until `until` accepts a stop (it is asked
        about the page body too), focus comes round the page, or a loop holds it.

        A loop that is not the whole page gets one Escape (a modal dialog may hold focus, but
        Escape must let go) and the search starts afresh from there; a loop that holds again is
        a trap. `each_key(key)` wraps each press with what follows it (a time budget), and
        `after_key(stop)` hears each stop, Escape's included, as it comes."""
        each_key = each_key or (lambda pressed: nullcontext())
        after_key = after_key or (lambda stop: None)
        stops: list[FocusStop] = []
        loops = _LoopFinder()
        next_key = key
        for _ in range(budget):
            pressed, next_key = next_key, key
            with each_key(pressed):
                stop = self.press(pressed)
                after_key(stop)
                stops.append(stop)
                if pressed == "Escape":
                    continue  # where Escape left focus starts the next search
                if until(stop):
                    return Walk("reached", stops)
                cycle = loops.closed(stop)
                if cycle is None:
                    continue
                if self._went_round_page(cycle):
                    return Walk("cycled", stops, cycle)
                if loops.escaped:
                    return Walk("trapped", stops, cycle)
                loops, next_key = _LoopFinder(escaped=True), "Escape"
        return Walk("budget", stops)

    def _went_round_page(self, cycle: list[FocusStop]) -> bool:
        """A loop is the whole page's Tab order when it passed the body (headless Chromium
        does so at the end of the page) or visited about every element Tab can stop at."""
        if any(stop.facts.on_body for stop in cycle):
            return True
        distinct = len({stop.identity for stop in cycle})
        return distinct > 1 and distinct >= self.page.evaluate(TABBABLE_COUNT) - 1

    def _settle(self, loads_before: tuple[int, int, int]) -> None:
        """Let a page on its way arrive, then wait for the requests and short timers the key
        started (at most KEY_QUIET_MS, the fixed pause this used to be), not a fixed time. A
        key that began loading another page (a form sent) is waited out until it loads."""
        self._ready()
        # a focus ring's transition is not what a key started: animations are the actions'
        if wait_quiet(self.page, KEY_QUIET_MS, animations=False):
            self._loads.wait(loads_before, self.page)
            self._ready()

    def _log(self, kind: str, **data: object) -> None:
        self._record({"event": kind, "t": round(time.monotonic() - self._started, 3), **data})


class _PageLoads:
    """Counts the tab's own page loads as they are requested, fail and finish, so a key that
    began one can be waited out by events rather than a fixed time."""

    def __init__(self, page: Page) -> None:
        self.requested = self.failed = self.loaded = 0
        page.on("request", lambda request: self._count(request, page, "requested"))
        page.on("requestfailed", lambda request: self._count(request, page, "failed"))
        page.on("load", lambda _: self._add("loaded"))

    @classmethod
    def for_page(cls, page: Page) -> _PageLoads:
        """One counter per tab, however many drivers it has (`audit` walks each page it loads
        in the same tab): listeners added per driver would pile up."""
        counter = _page_loads.get(page)
        if counter is None:
            counter = _page_loads[page] = cls(page)
        return counter

    def counts(self) -> tuple[int, int, int]:
        return self.requested, self.failed, self.loaded

    def wait(self, before: tuple[int, int, int], page: Page) -> None:
        """Until the page load begun since `before` has loaded or failed (a download, a
        refused address), or none began within LOAD_START_S (called off), or at most
        NAVIGATION_TIMEOUT_MS."""
        requested, failed, loaded = before
        started = time.monotonic()
        while time.monotonic() - started < NAVIGATION_TIMEOUT_MS / 1000:
            if self.loaded > loaded or self.failed > failed:
                return
            if self.requested == requested and time.monotonic() - started > LOAD_START_S:
                return
            page.wait_for_timeout(10)  # lets Playwright hear the events; runs no script

    def _count(self, request: Request, page: Page, what: str) -> None:
        with suppress(Error):  # a service worker's request belongs to no frame
            if request.is_navigation_request() and request.frame == page.main_frame:
                self._add(what)

    def _add(self, what: str) -> None:
        setattr(self, what, getattr(self, what) + 1)


_page_loads: weakref.WeakKeyDictionary[Page, _PageLoads] = weakref.WeakKeyDictionary()


@dataclass
class _LoopFinder:
    """Notices when focus comes back to where it was, one search at a time."""

    escaped: bool = False  # Escape was pressed once already in this walk
    stops: list[FocusStop] = field(default_factory=list)
    seen: dict[tuple[str, ...], int] = field(default_factory=dict)

    def closed(self, stop: FocusStop) -> list[FocusStop] | None:
        """The stops focus went round, when this one closes a loop: Tab left focus on one
        element STUCK_REPEATS times running, or came back to an element seen before (the body
        never closes one: Tab passes it at the end of the page)."""
        self.stops.append(stop)
        if stop.facts.on_body:
            return None
        recent = self.stops[-STUCK_REPEATS:]
        if len(recent) == STUCK_REPEATS and all(s.identity == stop.identity for s in recent):
            return [stop]
        if len(self.stops) > 1 and self.stops[-2].identity == stop.identity:
            return None  # the inner controls of one element (a video's, a date field's)
        first = self.seen.setdefault(stop.identity, len(self.stops) - 1)
        return self.stops[first:-1] if first != len(self.stops) - 1 else None


def _navigated_away(error: Error) -> bool:
    """The document a read ran in was replaced by the next one while it ran (Playwright's
    message, or the DevTools protocol's for a CDP call)."""
    return any(mark in str(error) for mark in (
        "context was destroyed", "Cannot find context with specified id"))


def _masked(value: str) -> bool:
    """A value the browser shows masked, as it does a password's."""
    return bool(value) and set(value) <= {MASK, "*"}
