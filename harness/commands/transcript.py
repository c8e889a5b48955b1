"""`pesp-a11y transcript URL ...`: what a screen reader says while Tab walks each page, with no
scenario: the page title, every focus stop in Tab order, and announcements where they occur."""

from __future__ import annotations

import argparse
from contextlib import suppress

from playwright.sync_api import Dialog, Error, Page

from harness.announcements import AnnouncementRecorder
from harness.ax_snapshot import AxSnapshot
from harness.browser import open_browser
from harness.errors import HarnessError, first_line
from harness.keyboard import TABBABLE_COUNT, FocusStop, KeyboardDriver
from harness.narration import step_utterances
from harness.responses import NotAPage, load_failure, not_a_page
from harness.safe_text import json_line, visible
from harness.scenario import StepRecord
from harness.utterance import LANGS, Lang, role_word, vocabulary
from harness.watchdog import BudgetExpired, Watchdog, timeout_seconds

INCOMPLETE = 1  # exit code: a walk ended on a trap, a focus thief or its budget, or an address
# was not a web page to read; 2 stays "no page could be read"
STUCK_REPEATS = 8  # Tab presses in a row that leave focus on one element: a video's or a date
# field's inner controls take a few, a thief or a trap takes them all
KEY_BUDGET_S = 5.0  # most seconds a page's scripts may take over one key press
THIEF_MOVES = 2  # focus moves by script, not by a key, during a loop that make it a thief's
MAX_DIALOGS = 20  # dialogs listed per page; more are answered and counted
TRAP_NAMES = 6  # stops of a trap named in its line
FLAG_EVENTS = ("dialog", "dialogs-unlisted", "trap", "thief", "budget")
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
    if (moves.armed) { moves.armed = false; moves.byKey++; } else { moves.byScript++; }
  }, true);
})();"""
SCRIPT_MOVES = "() => window.__pespFocusMoves ? window.__pespFocusMoves.byScript : 0"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("transcript", help="Tab-walk transcript of pages, no scenario")
    parser.add_argument("urls", nargs="+", metavar="URL")
    parser.add_argument("--json", action="store_true", help="one JSON object per URL")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="text lines' language")
    parser.add_argument("--budget", type=int, default=150, help="most Tab presses per page")
    parser.add_argument("--timeout", default="30", metavar="SECONDS",
                        help="seconds each page has to load, 1 to 600 (default 30); each key "
                             f"press has at most {KEY_BUDGET_S:g} s, then the page's scripts "
                             "are stopped and the walk of that page ends")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Exit 0 when every page was read completely; 1 (INCOMPLETE) when a walk ended on a trap,
    a focus thief or its Tab budget, or an address was not a web page or failed, so that CI
    notices; 2 (HarnessError) when no page could be read."""
    timeout = timeout_seconds(args.timeout)  # one line and exit 2 before any browser starts
    key_budget = min(KEY_BUDGET_S, timeout)
    any_read = False
    all_complete = True
    with open_browser() as browser:
        context = browser.new_context(locale="vi-VN")
        announcements = AnnouncementRecorder().install(context)
        for url in args.urls:
            page = context.new_page()
            watchdog = Watchdog(page)  # attached while the page is idle: it may hang later
            record: dict = {"url": url, "status": "complete", "utterances": [], "events": []}
            step = StepRecord(index=1, name=url)
            dialogs = DialogLog(step.events)
            page.on("dialog", dialogs.handle)
            try:
                with watchdog.budget(timeout, "the page did not load"):
                    _open(page, url, timeout)
                    step.events.append({"event": "open", "url": url, "title": page.title()})
                    driver = KeyboardDriver(page, describe=AxSnapshot.for_page(page).focused,
                                            record=step.events.append)
                    announcements.drain(page)
                    walk = TabWalk(page)
                for _ in range(args.budget):
                    before = len(step.events)
                    try:  # a key handler that never yields must not hang the call
                        with watchdog.budget(key_budget, "the page's script did not yield "
                                                         f"after {walk.key}"):
                            stop = driver.press(walk.key)
                            heard = announcements.drain(page)
                            if heard:
                                step.events.insert(before + 1, {
                                    "event": "announcements", "action": stop.key,
                                    "items": [a.to_json() for a in heard]})
                            if walk.ended(stop):
                                break
                    except BudgetExpired as expired:
                        record["stopped"] = str(expired)
                        walk.outcome = "stopped"
                        break
                flags = [] if walk.outcome == "stopped" else [f for f in [walk.flag()] if f]
                step.events.extend(flags + dialogs.flags())
                record["utterances"] = [u.to_json() for u in step_utterances(step)]
                record["events"] = _placed_events(step)
                record["walk"] = walk.outcome or "budget"
                if record["walk"] != "complete":
                    record["status"] = "incomplete"
                any_read = True
            except NotRead as refusal:
                record.update(status=refusal.refusal.status, reason=refusal.refusal.reason)
            except BudgetExpired as expired:  # while loading: a failed load, as goto's own
                record.update(status="error", reason=str(expired))
            except Error as error:
                record.update(status="error", reason=first_line(error))
            finally:
                watchdog.close()
                page.close()
            if record["status"] == "error":
                record["error"] = record["reason"]  # the field's name before statuses came
            all_complete &= record["status"] == "complete"
            _print(record, args)
    if not any_read:
        raise HarnessError("no page could be read")
    return 0 if all_complete else INCOMPLETE


def _print(record: dict, args: argparse.Namespace) -> None:
    """One JSON line, or the page's lines: what is said, with the dialogs and the walk's flags
    where they happened; everything a page gave made one safe line."""
    if args.json:
        print(json_line(record), flush=True)
        return
    why = record.get("reason") or record.get("stopped")
    reason = f" {visible(why, limit=None)}" if why else ""
    print(f"{visible(record['url'])}:{reason}")
    lines = [visible(u["text_" + args.lang]) for u in record["utterances"]]
    for event in reversed(record["events"]):
        lines.insert(event["at"], visible(event["text_" + args.lang], limit=None))
    for line in lines:
        print(f"  {line}", flush=True)


class NotRead(Exception):
    """An address that was not transcribed: a server error, a failed load, or not a web page."""

    def __init__(self, refusal: NotAPage) -> None:
        super().__init__(refusal.reason)
        self.refusal = refusal


def _open(page: Page, url: str, timeout_s: float = 30.0) -> None:
    """Load the page with the focus-move counter in place; raise NotRead when the address is
    not a web page to transcribe (a PDF viewer or an HTTP 500 page is not the portal's)."""
    page.add_init_script(FOCUS_MOVES_JS)
    try:
        response = page.goto(url, wait_until="load", timeout=timeout_s * 1000)
    except Error as error:
        raise NotRead(load_failure(error)) from None
    refusal = not_a_page(response)
    if refusal:
        raise NotRead(refusal)


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


class TabWalk:
    """Judges a Tab walk as it goes, after KeyboardDriver.walk: focus that comes back round
    the whole page (past the body) ends it well; a loop that is not the whole page gets one
    Escape (a modal dialog may hold focus, but must let go) and, if it holds again, ends it as
    a trap, or as a focus thief when a script moved focus without a key meanwhile."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.key = "Tab"  # the key to press next
        self.tabs = 0
        self.outcome = ""  # "complete", "trapped" or "thief" once the walk is over
        self.loop: list[FocusStop] = []
        self._stops: list[FocusStop] = []
        self._seen: dict[tuple[str, ...], int] = {}
        self._escaped = False
        self._moves = 0

    def ended(self, stop: FocusStop) -> bool:
        """Take in where the last key left focus; True when the walk is over."""
        if self.key == "Escape":
            self.key = "Tab"
            return False
        self.tabs += 1
        if stop.facts.on_body:  # headless Chromium passes the body at the end of the page
            self.outcome = "complete"
            return True
        self._stops.append(stop)
        loop = self._loop(stop)
        if loop is None:
            return False
        if self._went_round_page(loop):
            self.outcome = "complete"
            return True
        if not self._escaped:
            self._escaped, self.key = True, "Escape"
            self._stops, self._seen, self._moves = [], {}, self._script_moves()
            return False
        self.loop = loop
        stolen = self._script_moves() - self._moves >= THIEF_MOVES
        self.outcome = "thief" if stolen else "trapped"
        return True

    def flag(self) -> dict | None:
        """The event that says why the walk did not come round the page, or None."""
        if self.outcome == "complete":
            return None
        if self.outcome == "thief":
            held = max(self.loop, key=lambda s: sum(o.identity == s.identity for o in self.loop))
            return {"event": "thief", "presses": self.tabs, **_place(held),
                    "returns": sum(s.identity == held.identity for s in self._stops)}
        if self.outcome == "trapped":
            return {"event": "trap", "presses": self.tabs,
                    "stops": [_place(s) for s in _distinct(self.loop)]}
        return {"event": "budget", "presses": self.tabs}

    def _loop(self, stop: FocusStop) -> list[FocusStop] | None:
        """The stops focus went round, when this stop closes a loop: Tab left focus on one
        element STUCK_REPEATS times running, or came back to an element seen before."""
        if len(self._stops) >= STUCK_REPEATS and all(
            s.identity == stop.identity for s in self._stops[-STUCK_REPEATS:]
        ):
            return [stop]
        if len(self._stops) > 1 and self._stops[-2].identity == stop.identity:
            return None  # the inner controls of one element (a video's, a date field's)
        first = self._seen.setdefault(stop.identity, len(self._stops) - 1)
        return self._stops[first:-1] if first != len(self._stops) - 1 else None

    def _went_round_page(self, loop: list[FocusStop]) -> bool:
        """A loop of more than one element that visits about every element Tab can stop at is
        the page's own Tab order wrapping round, not a trap."""
        distinct = len({s.identity for s in loop})
        return distinct > 1 and distinct >= self.page.evaluate(TABBABLE_COUNT) - 1

    def _script_moves(self) -> int:
        with suppress(Error):
            return int(self.page.evaluate(SCRIPT_MOVES) or 0)
        return 0


def _place(stop: FocusStop) -> dict:
    return {"role": stop.role, "name": stop.name, "target": stop.facts.target}


def _distinct(stops: list[FocusStop]) -> list[FocusStop]:
    seen: set[tuple[str, ...]] = set()
    return [s for s in stops if not (s.identity in seen or seen.add(s.identity))]


def _placed_events(step: StepRecord) -> list[dict]:
    """The dialogs and the walk's flags, each with `at`: how many utterances were said before
    it, so that readers put it where it happened, and its line in both languages."""
    placed = []
    for index, event in enumerate(step.events):
        if event["event"] not in FLAG_EVENTS:
            continue
        before = StepRecord(index=step.index, name=step.name, events=step.events[:index])
        texts = {f"text_{lang}": _flag_text(event, lang) for lang in LANGS}
        placed.append({**event, "at": len(step_utterances(before)), **texts})
    return placed


def _flag_text(event: dict, lang: Lang) -> str:
    """One event's line, in the vocabulary's words; page-given text is made one safe line."""
    words = vocabulary()["walk"]
    kind = event["event"]
    if kind == "dialog":
        kinds = words["dialog_types"]
        said = kinds[event["type"]][lang] if event["type"] in kinds else event["type"]
        return words["dialog"][lang].format(type=said, message=visible(event["message"]),
                                            action=words["dialog_actions"][event["action"]][lang])
    if kind == "dialogs-unlisted":
        return words["dialogs_unlisted"][lang].format(n=event["count"])
    if kind == "trap" and len(event["stops"]) == 1:
        return words["stuck"][lang].format(stop=_said_place(event["stops"][0], lang))
    if kind == "trap":
        stops = "; ".join(_said_place(s, lang) for s in event["stops"][:TRAP_NAMES])
        more = "; …" if len(event["stops"]) > TRAP_NAMES else ""
        return words["trap"][lang].format(n=len(event["stops"]), stops=stops + more)
    if kind == "thief":
        return words["thief"][lang].format(name=_said_place(event, lang), n=event["returns"])
    return words["budget"][lang].format(n=event["presses"])


def _said_place(place: dict, lang: Lang) -> str:
    """A stop as a listener knows it (role and name), or by its element when it has no name."""
    said = " ".join(p for p in (role_word(place["role"], lang), visible(place["name"])) if p)
    return said if place["name"] else f"{said} ({' > '.join(place['target'])})".strip()
