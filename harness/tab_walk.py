"""A Tab walk over one page, as Accessibility Insights' Tab stops does it: press Tab one stop
at a time until focus comes round the page, answer every dialog the page opens, and say how
the walk ended.

Endings: "complete" (focus passed the body or went round every stop), "trapped" (a loop that is
not the whole page, which Escape did not release), "thief" (a loop kept by a script moving focus
without a key), "budget" (the presses ran out first), "stopped" (the page's script did not yield
after a key: its scripts were stopped). The walk records; the checks (`wcag/keyboard.py`) judge.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, suppress

from playwright.sync_api import Dialog, Error, Page

from harness import js
from harness.keyboard import FocusStop, KeyboardDriver
from harness.watchdog import BudgetExpired, Watchdog

KEY_BUDGET_S = 5.0  # most seconds a page's scripts may take over one key press
THIEF_MOVES = 2  # focus moves by script, not by a key, during a loop that make it a thief's
MAX_DIALOGS = 20  # dialogs listed per page; more are answered and counted
# Counts, in the page, focus moves that no key made: a keydown arms the count of one move (Tab's
# own, or a key handler's), and an element's focus event with nothing armed is a script's (a
# focus handler that sends focus back fires a second one inside the first).
FOCUS_MOVES_JS = """(() => {
  if (window.__pespFocusMoves) return;
  const moves = {byKey: 0, byScript: 0, armed: false};
  Object.defineProperty(window, "__pespFocusMoves", {value: moves});
  addEventListener("keydown", () => { moves.armed = true; }, true);
  addEventListener("keyup", () => { moves.armed = false; }, true);
  addEventListener("focus", (event) => {
    if (!(event.target instanceof Element)) return;
    if (moves.armed) { moves.armed = false; moves.byKey++; } else {
      moves.byScript++;
      moves.taker = event.target;  // where the script sends focus
    }
  }, true);
})();"""
SCRIPT_MOVES = "() => window.__pespFocusMoves ? window.__pespFocusMoves.byScript : 0"
# the element a script last sent focus to, named as focus stops name it (None: no such move)
SCRIPT_TAKER = js.function("scriptTaker", "selector", "script_taker")


class TabWalk:
    """Walks a page with Tab (KeyboardDriver.walk, until focus passes the body or comes round
    the page) and says how it went: a loop that held after Escape is a trap, or a focus thief's
    when a script moved focus without a key."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.outcome = ""  # complete, trapped, thief, budget or stopped once the walk is over
        self.stopped = ""  # why the page's scripts had to be stopped
        self.tabs = 0  # presses of Tab (Escape is not one)
        self.loop: list[FocusStop] = []
        self.stops: list[FocusStop] = []  # the elements focus came to, Escape's included
        self._moves = 0  # focus moves by script before the Escape, for a thief's count

    def run(self, driver: KeyboardDriver, watchdog: Watchdog, presses: int,
            key_budget: float = KEY_BUDGET_S,
            after_key: Callable[[FocusStop], None] = lambda stop: None) -> str:
        """Press keys until the walk ends or `presses` run out; each key press (and what
        `after_key` does with it) has `key_budget` seconds. Returns the outcome."""

        def heard(stop: FocusStop) -> None:
            if stop.key == "Escape":
                self._moves = self._script_moves()
            else:
                self.tabs += 1
            if not stop.facts.on_body:
                self.stops.append(stop)
            after_key(stop)

        def budget(key: str) -> AbstractContextManager[object]:
            # a key handler that never yields must not hang the harness
            return watchdog.budget(key_budget, f"the page's script did not yield after {key}")

        try:
            walk = driver.walk(lambda stop: stop.facts.on_body, budget=presses, each_key=budget,
                               after_key=heard)
        except BudgetExpired as expired:
            self.outcome, self.stopped = "stopped", str(expired)
            return self.outcome
        if walk.outcome == "trapped":
            self.loop = walk.cycle
            stolen = self._script_moves() - self._moves >= THIEF_MOVES
            self.outcome = "thief" if stolen else "trapped"
        else:  # headless Chromium passes the body at the end of the page
            self.outcome = "budget" if walk.outcome == "budget" else "complete"
        return self.outcome

    def flag(self) -> dict | None:
        """The event that says why the walk did not come round the page, or None."""
        if self.outcome in ("complete", "stopped"):
            return None
        if self.outcome == "thief":
            held = self._taker() or max(
                self.loop, key=lambda s: sum(o.identity == s.identity for o in self.loop))
            return {"event": "thief", "presses": self.tabs, **place(held),
                    "returns": sum(s.identity == held.identity for s in self.stops)}
        if self.outcome == "trapped":
            return {"event": "trap", "presses": self.tabs,
                    "stops": [place(s) for s in distinct(self.loop)]}
        return {"event": "budget", "presses": self.tabs}

    def _taker(self) -> FocusStop | None:
        """The stop of the element the script keeps sending focus to: a read right after a
        key may come before the script's next move, so the loop alone may name a passer-by."""
        with suppress(Error):
            selector = self.page.evaluate(SCRIPT_TAKER)
            return next((stop for stop in reversed(self.stops)
                         if stop.facts.selector == selector and not stop.facts.frames), None)
        return None

    def _script_moves(self) -> int:
        with suppress(Error):
            return int(self.page.evaluate(SCRIPT_MOVES) or 0)
        return 0


class DialogLog:
    """Answers every alert, confirm and prompt a page opens and writes each down among the
    walk's events, so a listener knows a dialog interrupted the page and what was done.

    An alert is accepted (OK is its only button); a confirm or prompt is dismissed (Cancel):
    the harness never agrees to what a page asks."""

    def __init__(self, events: list[dict]) -> None:
        self.events = events
        self.unlisted = 0

    def handle(self, dialog: Dialog) -> None:
        action = "accepted" if dialog.type in ("alert", "beforeunload") else "dismissed"
        with suppress(Error):  # the page may have gone away meanwhile
            if action == "accepted":
                dialog.accept()
            else:
                dialog.dismiss()
        listed = sum(e["event"] == "dialog" for e in self.events)
        if listed >= MAX_DIALOGS:  # a page that opens dialogs without end
            self.unlisted += 1
            return
        self.events.append({"event": "dialog", "type": dialog.type, "message": dialog.message,
                            "action": action})

    def flags(self) -> list[dict]:
        return [{"event": "dialogs-unlisted", "count": self.unlisted}] if self.unlisted else []


def place(stop: FocusStop) -> dict:
    """A stop as the records name it: role, name and element."""
    return {"role": stop.role, "name": stop.name, "target": stop.facts.target}


def distinct(stops: list[FocusStop]) -> list[FocusStop]:
    seen: set[tuple[str, ...]] = set()
    return [s for s in stops if not (s.identity in seen or seen.add(s.identity))]
