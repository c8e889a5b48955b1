"""`pesp-a11y transcript URL ...`: what a screen reader says while Tab walks each page, with no
scenario: the page title, every focus stop in Tab order, and announcements where they occur."""

from __future__ import annotations

import argparse
import json

from playwright.sync_api import Error

from harness.announcements import AnnouncementRecorder
from harness.ax_snapshot import AxSnapshot
from harness.browser import open_browser
from harness.errors import HarnessError, first_line
from harness.keyboard import KeyboardDriver
from harness.narration import step_utterances
from harness.scenario import StepRecord


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("transcript", help="Tab-walk transcript of pages, no scenario")
    parser.add_argument("urls", nargs="+", metavar="URL")
    parser.add_argument("--json", action="store_true", help="one JSON object per URL")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="text lines' language")
    parser.add_argument("--budget", type=int, default=150, help="most Tab presses per page")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    any_read = False
    with open_browser() as browser:
        context = browser.new_context(locale="vi-VN")
        announcements = AnnouncementRecorder().install(context)
        for url in args.urls:
            page = context.new_page()
            record = {"url": url, "utterances": []}
            try:
                page.goto(url, wait_until="load", timeout=30_000)
                step = StepRecord(index=1, name=url)
                step.events.append({"event": "open", "url": url, "title": page.title()})
                driver = KeyboardDriver(page, describe=AxSnapshot.for_page(page).focused,
                                        record=step.events.append)
                announcements.drain(page)
                for _ in range(args.budget):
                    before = len(step.events)
                    stop = driver.press("Tab")
                    heard = announcements.drain(page)
                    if heard:
                        step.events.insert(before + 1, {"event": "announcements", "action": "Tab",
                                                        "items": [a.to_json() for a in heard]})
                    if stop.facts.on_body:
                        break
                record["utterances"] = [u.to_json() for u in step_utterances(step)]
                any_read = True
            except Error as error:
                record["error"] = first_line(error)
            finally:
                page.close()
            _print(record, args)
    if not any_read:
        raise HarnessError("no page could be read")
    return 0


def _print(record: dict, args: argparse.Namespace) -> None:
    if args.json:
        print(json.dumps(record, ensure_ascii=False), flush=True)
        return
    print(f"{record['url']}:" + (f" {record['error']}" if "error" in record else ""))
    for utterance in record["utterances"]:
        print(f"  {utterance['text_' + args.lang]}")
