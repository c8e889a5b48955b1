"""`pesp-a11y audit URL ...`: check single pages, one JSON object per line per URL."""

from __future__ import annotations

import argparse
import json
import sys

from harness.audit import Auditor
from harness.browser import open_browser
from harness.watchdog import timeout_seconds


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("audit", help="check pages for the six criteria, no scenario")
    parser.add_argument("urls", nargs="+", metavar="URL", help="http(s):// or file:// addresses")
    parser.add_argument("--json", action="store_true", help="print one JSON object per URL")
    parser.add_argument("--timeout", default="30", metavar="SECONDS",
                        help="seconds each page has to load and be checked, 1 to 600 "
                             "(default 30); a page that runs out is inconclusive")
    parser.add_argument("--gate", action="store_true", help="exit 1 when a criterion fails")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Exit 2 when no page could be checked; with --gate, 1 when a criterion fails."""
    timeout = timeout_seconds(args.timeout)  # one line and exit 2 before any browser starts
    any_fail = False
    all_inconclusive = True
    with open_browser() as browser:
        auditor = Auditor(browser.new_context(), timeout_s=timeout)
        for url in args.urls:
            result = auditor.audit(url)
            any_fail |= "fail" in result.criteria.values()
            all_inconclusive &= result.status != "ok"
            if args.json:
                print(json.dumps(result.to_json(), ensure_ascii=False), flush=True)
            else:
                _print_plain(result)
    if all_inconclusive:
        print("pesp-a11y: error: no page could be checked", file=sys.stderr)
        return 2
    return 1 if args.gate and any_fail else 0


def _print_plain(result) -> None:
    print(f"{result.url}: {result.status}{', ' + result.reason if result.reason else ''}")
    for cid, verdict in result.criteria.items():
        print(f"  {cid}: {verdict} ({result.notes[cid]})")
    for finding in result.findings:
        print(f"  {finding.check} at {' > '.join(finding.target)}: {finding.message}")
