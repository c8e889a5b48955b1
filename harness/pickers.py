"""A skilled screen-reader user's repertoire for scripted pickers and date calendars.

Component libraries (select2, chosen, bootstrap-select, Choices, Kendo, Vuetify, Angular
Material...) each answer a different subset of the keys the WAI-ARIA patterns give a combobox.
A skilled NVDA user does not know which: they try the keys in turn and listen after each. So does
this module: every key goes through the keyboard driver, and what counts is what the
accessibility tree says afterwards (the active option, the focused option, the picker's value),
never the text around a control. Each try is kept as an `Attempt` (the keys pressed, what was
heard) so a blocked step shows an evaluator why.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial

from playwright.sync_api import Error, Page

from harness import js
from harness.control_match import normal
from harness.dates import VIETNAMESE, read_date
from harness.keyboard import FocusStop, KeyboardDriver

ACTIVE_OPTION = js.function("activeOption", "reading")
OPEN_KEYS = ("Alt+ArrowDown", "Enter", "Space", "F4")  # the keys a combobox's list opens with
OPTION_BUDGET = 90  # arrow presses through one list (the 34 provinces, and some to spare)
IDLE_PRESSES = 3  # Down Arrows that say nothing new before a list counts as ended or silent
CALENDAR_BUDGET = 120  # keys to walk a calendar to the wanted day
OPTION_ROLES = ("option", "menuitem", "menuitemradio", "treeitem", "gridcell", "row")
# Keys that move a calendar by a year, by a month, by a day, as different libraries bind them
# (which way is learnt from the date heard after the first press)
YEAR_KEYS = (("Shift+PageUp", "Shift+PageDown"), ("Alt+PageUp", "Alt+PageDown"),
             ("Control+PageUp", "Control+PageDown"), ("Control+ArrowUp", "Control+ArrowDown"))
MONTH_KEYS = (("PageUp", "PageDown"), ("Control+ArrowLeft", "Control+ArrowRight"))
WEEK_KEYS = (("ArrowUp", "ArrowDown"),)
DAY_KEYS = (("ArrowLeft", "ArrowRight"),)
UNIT_KEYS = {"year": YEAR_KEYS, "month": MONTH_KEYS, "week": WEEK_KEYS, "day": DAY_KEYS}


@dataclass
class Attempt:
    """One way of operating a widget that was tried: its keys and what was heard."""

    how: str
    keys: list[str] = field(default_factory=list)
    heard: list[str] = field(default_factory=list)
    result: str = ""  # what the widget said when the attempt ended

    def to_json(self) -> dict:
        return {"how": self.how, "keys": self.keys, "heard": self.heard, "result": self.result}

    def summary(self) -> str:
        keys = ", ".join(_runs(self.keys)) or "no key"
        said = f"; heard '{self.result}'" if self.result else "; heard nothing"
        return f"{self.how}: {keys}{said}"


class PickerKeys:
    """Operates one picker or calendar with the keyboard and reads what the tree says."""

    def __init__(self, page: Page, driver: KeyboardDriver, delay_ms: int,
                 describe_element: Callable[[FocusStop], str]) -> None:
        self.page = page
        self.driver = driver
        self.delay_ms = delay_ms
        self._says = describe_element  # what the tree says of a picker, focused or not

    # -- what is heard -------------------------------------------------------------------------

    def heard(self, now: FocusStop) -> str:
        """The option a listener hears now: the active descendant, or the focused option."""
        with suppress(Error):
            active = " ".join((self.page.evaluate(ACTIVE_OPTION) or "").split())
            if active:
                return active
        if now.role in OPTION_ROLES:
            return now.name
        return ""

    def says(self, picker: FocusStop) -> str:
        return self._says(picker)

    def _press(self, key: str, attempt: Attempt) -> FocusStop:
        attempt.keys.append(key)
        now = self.driver.press(key)
        heard = self.heard(now)
        if heard:
            attempt.heard.append(heard)
        return now

    def _type(self, text: str, attempt: Attempt, paced: bool = True) -> FocusStop:
        delay = self.delay_ms if paced else 0
        attempt.keys.append(f"type '{text}'" + (f" ({delay} ms a key)" if delay else ""))
        now = self.driver.type(text, delay_ms=delay)
        heard = self.heard(now)
        if heard:
            attempt.heard.append(heard)
        return now

    # -- pickers -------------------------------------------------------------------------------

    def choose(self, picker: FocusStop, option: str,
               field_holds: Callable[[], dict | None]) -> tuple[bool, list[Attempt]]:
        """Try the ways in turn until the picker says the option; each way ends by reading the
        picker again, where focus came back to or not. Where a <label> names the form field
        behind the picker (a select a script hides), what that field holds decides, since it
        is what the page sends; otherwise what the tree says of the picker."""

        def chosen(attempt: Attempt) -> bool:
            said = self.says(picker)
            field = field_holds()
            if field is None:
                attempt.result = said
                return _has(said, option)
            attempt.result = f"{said}; the form's field holds '{field['value']}'"
            return _has(field["value"], option)

        behind = field_holds()
        stands_for_list = bool(behind) and behind["kind"] == "select"  # a select a script hides

        attempts: list[Attempt] = []
        plans: list[tuple[str, Callable[[FocusStop, str, Attempt], None]]] = [
            ("open the list, type, arrow to the option, Enter", self._open_type_arrow),
            ("open the list, arrow from the top, Enter", self._open_arrow),
            ("arrows on the closed picker", self._closed_arrows),
        ]
        if picker.facts.tag in ("input", "textarea"):  # an autocomplete, or a read-only box
            plans.insert(0, ("type, Down Arrow to the suggestion, Enter, Tab",
                             partial(self._type_suggest, stands_for_list=stands_for_list)))
        for how, plan in plans:
            attempt = Attempt(how)
            attempts.append(attempt)
            with suppress(_Abandon):
                plan(picker, option, attempt)
            if chosen(attempt):
                return True, attempts
            self._close(picker, attempt)  # some lists keep the choice only once closed
            if chosen(attempt):
                return True, attempts
        return False, attempts

    def _open(self, picker: FocusStop, attempt: Attempt, keys: tuple[str, ...] = OPEN_KEYS,
              ) -> str:
        """Open the list with the first of `keys` that opens it: it says "expanded", focus
        moved into its popup (a search box, an option), or an option is heard. Enter and Space
        are not tried in a text field, where they would send the form or type. Returns the
        key that opened it."""
        editable = picker.facts.tag in ("input", "textarea")
        for key in keys:
            if editable and key in ("Enter", "Space"):
                continue
            url = self.page.url
            now = self._press(key, attempt)
            if self.page.url != url:
                raise _Abandon  # the key sent the page elsewhere
            states = now.spoken.states if now.spoken else []
            if now.identity != picker.identity or "expanded" in states or self.heard(now):
                return key
        raise _Abandon

    def _open_type_arrow(self, picker: FocusStop, option: str, attempt: Attempt) -> None:
        """Type into the open list (its search box, or its type-ahead); with nothing heard, a
        listener who typed the whole name takes what the list now offers with Enter."""
        self._open(picker, attempt)
        now = self.driver.where()
        # a search box takes text as typed; type-ahead on the list itself needs a person's
        # pace, or the library's buffer takes the letters as separate searches
        search_box = now.identity != picker.identity and now.facts.tag in ("input", "textarea")
        self._type(option, attempt, paced=not search_box)
        self._arrow_to(option, attempt, start="")
        self._press("Enter", attempt)

    def _open_arrow(self, picker: FocusStop, option: str, attempt: Attempt) -> None:
        """Open, and arrow from the top until the option is heard; a list that opened empty
        or silent is closed and opened with the next key (a library may bind each key to a
        different handler)."""
        keys = OPEN_KEYS
        while keys:
            opened = self._open(picker, attempt, keys)
            if self._arrow_to(option, attempt, start="Home"):
                self._press("Enter", attempt)
                return
            self._close(picker, attempt)
            keys = keys[keys.index(opened) + 1:]
        raise _Abandon  # Enter would take an option that was never heard

    def _closed_arrows(self, picker: FocusStop, option: str, attempt: Attempt) -> None:
        """Arrow keys on the closed picker change its value, as on a native select."""
        last = None
        for _ in range(OPTION_BUDGET):
            now = self._press("ArrowDown", attempt)
            if now.identity != picker.identity:
                return
            said = self.says(picker)
            if _has(said, option) or said == last:
                return
            last = said

    def _type_suggest(self, picker: FocusStop, option: str, attempt: Attempt,
                      stands_for_list: bool) -> None:
        """An autocomplete: type, Down Arrow to hear the suggestions, Enter on the one that
        matches; then leave with Tab, since only what the field keeps once left was chosen
        (some clear typed text that no suggestion took)."""
        self._press("Control+A", attempt)
        self._type(option, attempt, paced=False)  # a text box: its filter sees the whole text
        if self._arrow_to(option, attempt, start="ArrowDown") or (
                stands_for_list and not attempt.heard):
            # a silent list's search box (chosen) takes Enter as "this one"; in a field of
            # the form itself Enter would send the form, so it is pressed only on a heard match
            self._press("Enter", attempt)
        self._press("Tab", attempt)

    def _arrow_to(self, option: str, attempt: Attempt, start: str) -> bool:
        """Down Arrow (after `start`) until the option is heard; False when the list never
        says it. With `start` empty and nothing heard, no arrow is pressed: arrowing blind
        would only move away from what typing found."""
        heard = self.heard(self.driver.where())
        if _has(heard, option):
            return True
        if not heard and not start:
            return False
        last = None
        if start:
            last = self.heard(self._press(start, attempt))
            if _has(last, option):
                return True
        idle = 0  # presses in a row that said nothing new
        for _ in range(OPTION_BUDGET):
            heard = self.heard(self._press("ArrowDown", attempt))
            if _has(heard, option):
                return True
            idle = idle + 1 if not heard or heard == last else 0
            if idle >= IDLE_PRESSES:
                return False
            last = heard or last
        return False

    def _close(self, picker: FocusStop, attempt: Attempt) -> None:
        """Leave a failed try as it started: list closed, focus back on the picker."""
        now = self.driver.where()
        states = now.spoken.states if now.spoken else []
        if now.identity != picker.identity or "expanded" in states:
            self._press("Escape", attempt)
        now = self.driver.where()
        if now.identity != picker.identity:
            self.driver.walk(lambda stop: stop.identity == picker.identity, key="Shift+Tab",
                             budget=6)

    # -- calendars -----------------------------------------------------------------------------

    def walk_calendar(self, field_stop: FocusStop, wanted: date, attempt: Attempt) -> bool:
        """Open the field's calendar from the keyboard and walk it to the wanted day, reading
        the day heard after each key; Enter takes it. False when no calendar says a date."""
        current = self._open_calendar(field_stop, attempt)
        if current is None:
            return False
        bindings: dict[str, tuple[str, str]] = {}
        seen: dict[date, int] = {}
        for _ in range(CALENDAR_BUDGET):
            if current == wanted:
                self._press("Enter", attempt)
                return True
            seen[current] = seen.get(current, 0) + 1
            if seen[current] > 2:
                return False  # the keys go round in circles
            moved = self._calendar_step(_unit(current, wanted), wanted > current, current,
                                        bindings, attempt)
            if moved is None:
                return False
            current = moved
        return False

    def _open_calendar(self, field_stop: FocusStop, attempt: Attempt) -> date | None:
        for key in ("Alt+ArrowDown", "ArrowDown"):  # Enter in a field would send the form
            self._press(key, attempt)
            current = self._heard_date()
            if current is not None:
                return current
        now = self.driver.press("Tab")  # the calendar's own button, right after the field
        attempt.keys.append("Tab")
        if now.role == "button":
            for key in ("Enter", "Space"):
                self._press(key, attempt)
                current = self._heard_date()
                if current is not None:
                    return current
        return None

    def _heard_date(self) -> date | None:
        """The day a calendar says now: its active cell, or the focused day's name."""
        now = self.driver.where()
        heard = self.heard(now) or now.name
        return read_date(heard, VIETNAMESE) if heard else None

    def _calendar_step(self, unit: str, forward: bool, current: date,
                       bindings: dict[str, tuple[str, str]], attempt: Attempt) -> date | None:
        """One move by a year, month or day, with the key this calendar binds to it: found by
        trying the usual ones and hearing what the day did, which way included."""
        choices = [bindings[unit]] if unit in bindings else list(UNIT_KEYS[unit])
        if unit == "year" and "month" in bindings:
            choices = choices + [bindings["month"]]  # twelve months make a year, slowly
        start = current
        for keys in choices:
            back, ahead = keys
            moved = self._heard_after(ahead if forward else back, attempt)
            if moved is None:
                return None
            if moved != current and (_moved_by(unit, current, moved) or unit in bindings):
                went_ahead = (moved > current) == forward
                bindings.setdefault(unit, keys if went_ahead else (ahead, back))
                return moved
            current = moved  # it moved by something else, or not at all: try the next key
        return current if current != start else None

    def _heard_after(self, key: str, attempt: Attempt) -> date | None:
        self._press(key, attempt)
        return self._heard_date()


class _Abandon(Exception):
    """This way of operating the widget went nowhere: try the next."""


def _has(said: str, option: str) -> bool:
    return bool(normal(option)) and normal(option) in normal(said)


def _unit(current: date, wanted: date) -> str:
    """The move that brings a calendar nearer: by days once within a month of the day (a
    calendar may show a neighbouring month's days, which a month key would skip past)."""
    days = abs((wanted - current).days)
    if days <= 31:
        return "week" if days >= 7 else "day"
    return "year" if days >= 365 else "month"


def _moved_by(unit: str, before: date, after: date) -> bool:
    months = abs((after.year * 12 + after.month) - (before.year * 12 + before.month))
    if unit == "year":
        return months == 12
    if unit == "month":
        return months == 1
    return abs(after - before) == timedelta(days=7 if unit == "week" else 1)


def _runs(keys: list[str]) -> list[str]:
    """Keys with repeats folded: "ArrowDown ×12"."""
    folded: list[str] = []
    for key in keys:
        if folded and folded[-1].split(" ×")[0] == key:
            head, _, count = folded[-1].partition(" ×")
            folded[-1] = f"{head} ×{int(count or 1) + 1}"
        else:
            folded.append(key)
    return folded
