"""`pesp-a11y transcript URL ...`: what a screen reader says while Tab walks each page, with no
scenario: the page title, every focus stop in Tab order, and announcements where they occur."""

from __future__ import annotations

import argparse

from playwright.sync_api import Error, Page

from harness.announcements import AnnouncementRecorder
from harness.ax_snapshot import AxSnapshot
from harness.browser import add_endpoint_option, open_browser
from harness.errors import HarnessError, first_line
from harness.interruption import Deadline
from harness.keyboard import FocusStop, KeyboardDriver
from harness.narration import step_utterances
from harness.options import check_addresses, seconds, whole_number
from harness.quiet import install_quiet
from harness.reporters.text import said
from harness.responses import NotAPage, load_failure, not_a_page
from harness.safe_text import json_line, visible
from harness.steps import StepRecord
from harness.tab_walk import FOCUS_MOVES_JS, KEY_BUDGET_S, DialogLog, TabWalk
from harness.utterance import LANGS, Lang, role_word, vocabulary
from harness.watchdog import BudgetExpired, Watchdog, timeout_seconds

INCOMPLETE = 1  # exit code: a walk ended on a trap, a focus thief or its budget, or an address
# was not a web page to read; 2 stays "no page could be read"
TRAP_NAMES = 6  # stops of a trap named in its line
FLAG_EVENTS = ("dialog", "dialogs-unlisted", "trap", "thief", "budget")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("transcript", help="Tab-walk transcript of pages, no scenario")
    parser.add_argument("urls", nargs="+", metavar="URL")
    parser.add_argument("--json", action="store_true", help="one JSON object per URL")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="text lines' language")
    parser.add_argument("--budget", type=whole_number(1, 5000, "a Tab budget"), default=150,
                        help="most Tab presses per page")
    parser.add_argument("--timeout", default="30", metavar="SECONDS",
                        help="seconds each page has to load, 1 to 600 (default 30); each key "
                             f"press has at most {KEY_BUDGET_S:g} s, then the page's scripts "
                             "are stopped and the walk of that page ends")
    parser.add_argument("--time-limit", type=seconds(10, 86_400), metavar="SECONDS",
                        help="the whole call's time: pages not started by then are reported "
                             "as not read")
    add_endpoint_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Exit 0 when every page was read completely; 1 (INCOMPLETE) when a walk ended on a trap,
    a focus thief or its Tab budget, or an address was not a web page or failed, so that CI
    notices; 2 (HarnessError) when no page could be read."""
    timeout = timeout_seconds(args.timeout)  # one line and exit 2 before any browser starts
    check_addresses(args.urls, args.lang)  # likewise: a browser would only print its own error
    records = []
    with open_browser(args.browser_endpoint) as browser:
        context = browser.new_context(locale="vi-VN")
        announcements = AnnouncementRecorder().install(context)
        install_quiet(context)  # key presses wait for what they started, not a fixed time
        deadline = Deadline(args.time_limit)
        for url in args.urls:
            records.append(
                {"url": url, "status": "not-read", "reason": f"not read: {deadline.reason}",
                 "utterances": [], "events": []} if deadline.passed
                else _read(context.new_page(), announcements, url, args.budget, timeout))
            _print(records[-1], args)
    if not any("walk" in record for record in records):
        raise HarnessError("no page could be read")
    return 0 if all(record["status"] == "complete" for record in records) else INCOMPLETE


def _read(page: Page, announcements: AnnouncementRecorder, url: str, presses: int,
          timeout: float) -> dict:
    """Load one page in its own tab and Tab-walk it; the record says what was said and how the
    walk ended, or why the page was not read."""
    watchdog = Watchdog(page)  # attached while the page is idle: it may hang later
    record: dict = {"url": url, "status": "complete", "utterances": [], "events": []}
    step = StepRecord(index=1, name=url)
    dialogs = DialogLog(step.events)
    page.on("dialog", dialogs.handle)

    def hear(stop: FocusStop) -> None:
        """What was announced after a key is said right after its focus stop."""
        heard = announcements.drain(page)
        if heard:
            key_at = max(i for i, event in enumerate(step.events) if event["event"] == "key")
            step.events.insert(key_at + 1, {"event": "announcements", "action": stop.key,
                                            "items": [a.to_json() for a in heard]})

    try:
        with watchdog.budget(timeout, "the page did not load"):
            _open(page, url, timeout)
            step.events.append({"event": "open", "url": url, "title": page.title()})
            driver = KeyboardDriver(page, describe=AxSnapshot.for_page(page).focused,
                                    record=step.events.append)
            announcements.drain(page)
        walk = TabWalk(page)
        walk.run(driver, watchdog, presses, min(KEY_BUDGET_S, timeout), hear)
        if walk.stopped:
            record["stopped"] = walk.stopped
        step.events.extend([f for f in [walk.flag()] if f] + dialogs.flags())
        record["utterances"] = [u.to_json() for u in step_utterances(step)]
        record["events"] = _placed_events(step)
        record["walk"] = walk.outcome
        if walk.outcome != "complete":
            record["status"] = "incomplete"
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
    return record


def _print(record: dict, args: argparse.Namespace) -> None:
    """One JSON line, or the page's lines: what is said, with the dialogs and the walk's flags
    where they happened; everything a page gave made one safe line."""
    if args.json:
        print(json_line(record), flush=True)
        return
    why = said(record.get("reason") or record.get("stopped") or "", args.lang)
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
