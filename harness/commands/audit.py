"""`pesp-a11y audit URL ...`: check single pages; plain sentences or one JSON object per line
per URL, and with `--out DIR` a results folder with the same reports as a run (findings.json,
junit.xml, results.sarif, report.html, summary.txt)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from harness.audit import Auditor, inconclusive
from harness.browser import add_endpoint_option, open_browser
from harness.findings import PageResult
from harness.interruption import Deadline
from harness.options import check_addresses, seconds, whole_number
from harness.reporters import write_reports
from harness.reporters.text import note_words, said
from harness.reporters.words import LANGS, Lang, known, say, verdict
from harness.results import RunRecorder, new_run_id
from harness.safe_text import json_line, visible
from harness.verdicts import run_summary
from harness.watchdog import timeout_seconds
from wcag.criteria import checks, criteria

DEFAULT_TAB_PRESSES = 200


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("audit", help="check pages for the six criteria, no scenario")
    parser.add_argument("urls", nargs="+", metavar="URL", help="http(s):// or file:// addresses")
    parser.add_argument("--json", action="store_true", help="print one JSON object per URL")
    parser.add_argument("--timeout", default="30", metavar="SECONDS",
                        help="seconds each page has to load and be checked, 1 to 600 "
                             "(default 30); a page that runs out is inconclusive, and a big "
                             "one says which --timeout fits it")
    parser.add_argument("--budget", type=whole_number(0, 5000, "a Tab budget"),
                        default=DEFAULT_TAB_PRESSES,
                        help="most Tab presses of the walk over each page that finds keyboard "
                             f"traps (default {DEFAULT_TAB_PRESSES}; 0: no walk)")
    parser.add_argument("--time-limit", type=seconds(10, 86_400), metavar="SECONDS",
                        help="the whole call's time: pages not started by then are reported "
                             "as not checked")
    parser.add_argument("--gate", action="store_true", help="exit 1 when a criterion fails")
    parser.add_argument("--out", metavar="DIR",
                        help="also write a results folder (a new or empty one) with the reports: "
                             "findings.json, junit.xml, results.sarif, report.html, summary.txt")
    parser.add_argument("--lang", choices=LANGS, default="vi",
                        help="language of the verdicts and the reports (default vi)")
    add_endpoint_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Exit 2 when no page could be checked; with --gate, 1 when a criterion fails."""
    timeout = timeout_seconds(args.timeout)  # one line and exit 2 before any browser starts
    check_addresses(args.urls, args.lang)  # likewise: a browser would only print its own error
    any_fail = False
    all_inconclusive = True
    recorder = RunRecorder(Path(args.out), {"kind": "audit", "run_id": new_run_id(),
                                            "urls": args.urls}) if args.out else None
    status = "interrupted"  # until every URL was taken
    try:
        with open_browser(args.browser_endpoint) as browser:
            auditor = Auditor(browser.new_context(), timeout_s=timeout, tab_presses=args.budget)
            deadline = Deadline(args.time_limit)
            for url in args.urls:
                result = inconclusive(url, f"not checked: {deadline.reason}") if (
                    deadline.passed) else auditor.audit(url)
                any_fail |= "fail" in result.criteria.values()
                all_inconclusive &= result.status != "ok"
                if recorder is not None:
                    recorder.add_page(result, {"step": len(recorder.pages) + 1})
                if args.json:
                    print(json_line(result.to_json()), flush=True)
                else:
                    _print_plain(result, args.lang)
        status = "complete"
    finally:
        if recorder is not None:
            recorder.finish(status, run_summary(recorder.pages))
            _, written = write_reports(recorder.dir, args.lang)
            print(say("console.reports", args.lang, files=", ".join(map(str, written))),
                  file=sys.stderr if args.json else sys.stdout, flush=True)
    if all_inconclusive:
        print("pesp-a11y: error: no page could be checked", file=sys.stderr)
        return 2
    return 1 if args.gate and any_fail else 0


def _print_plain(result: PageResult, lang: Lang) -> None:
    """Whole sentences, one per line, in `lang` (a finding's check's help in Vietnamese, since
    the checks' own messages are English); everything the page gave made one safe line."""
    reason = f", {visible(said(result.reason, lang), limit=None)}" if result.reason else ""
    status = say(f"audit.status.{result.status}", lang) if known(
        f"audit.status.{result.status}") else result.status
    print(f"{visible(result.url)}: {status}{reason}")
    for cid, told in result.criteria.items():
        note = note_words(result.notes[cid], lang, criteria()[cid].confirm_vi)
        print(f"  {cid}: {verdict(told, lang)} ({visible(note, limit=None)})")
    catalogue = checks()
    for finding in result.findings:
        message = catalogue[finding.check].help_vi if (
            lang == "vi" and finding.check in catalogue) else finding.message
        print("  " + say("audit.finding", lang, checks=", ".join((finding.check, *finding.also)),
                         where=visible(" > ".join(finding.target)), message=visible(message)))
    for review in result.reviews:  # questions for a person, not failures
        question = review.question_vi if lang == "vi" else review.question_en
        print("  " + say("audit.review", lang, check=review.check,
                         where=visible(" > ".join(review.target)), question=visible(question)))
    if result.tab_walk:
        outcome = result.tab_walk["outcome"]
        print("  " + say("audit.tab_walk", lang, presses=result.tab_walk["presses"],
                         outcome=say(f"audit.walk.{outcome}", lang) if known(
                             f"audit.walk.{outcome}") else outcome), flush=True)
