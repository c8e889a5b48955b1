"""`pesp-a11y run`: the main job. Check the criminal-record path of one portal (or the replica)
and write `results/<province>/<run-id>/`."""

from __future__ import annotations

import argparse
from pathlib import Path

from harness.audit import Auditor
from harness.browser import open_browser
from harness.console import Reporter
from harness.errors import HarnessError
from harness.replica.server import VARIANTS
from harness.report_text import page_line, summary_lines
from harness.results import RESULTS_ROOT, RunRecorder, new_run_id
from harness.targets import Target, open_target
from harness.verdicts import run_summary


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("run", help="check a portal's criminal-record path")
    parser.add_argument(
        "--province", default="demo", help="province slug or name; 'demo' (default) is the replica"
    )
    parser.add_argument("--replica", action="store_true", help="check the replica of the province")
    parser.add_argument("--variant", choices=VARIANTS, default="defective", help="replica variant")
    parser.add_argument("--out", help="results folder (default results/<province>/<run-id>)")
    parser.add_argument("--plain", action="store_true", help="screen-reader friendly output")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to load a page")
    parser.add_argument("--gate", action="store_true", help="exit 1 when a criterion fails")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    reporter = Reporter(plain=args.plain)
    with open_target(args.province, args.replica, args.variant) as target:
        run_id = new_run_id()
        out = Path(args.out) if args.out else RESULTS_ROOT / target.province / run_id
        header = _header(target, run_id)
        recorder = RunRecorder(out, _meta(target, run_id))
        for line in header:
            reporter.line(line)
        reporter.line(f"Results go to {out}.")
        status, reason = "complete", ""
        try:
            _check_pages(target, recorder, reporter, args.timeout)
        except KeyboardInterrupt:
            status, reason = "interrupted", "interrupted by the user"
        except HarnessError as error:
            status, reason = "error", str(error)
        finally:
            summary = run_summary(recorder.pages)
            lines = summary_lines(header + [f"Run status: {status}. {reason}".strip()], summary)
            recorder.finish(status, summary, "\n".join(lines), reason)
            for line in lines:
                reporter.line(line, _style(line))
            reporter.line(f"Results are in {out}.")
    if status == "error":
        raise HarnessError(reason)
    if status == "interrupted":
        return 130
    failed = any(row["verdict"] == "fail" for row in summary["criteria"].values())
    return 1 if args.gate and failed else 0


def _check_pages(target: Target, recorder: RunRecorder, reporter: Reporter, timeout: float) -> None:
    with open_browser() as browser:
        auditor = Auditor(browser.new_context(locale="vi-VN"), timeout_s=timeout)
        signed_in = False
        for index, page in enumerate(target.pages, start=1):
            if page.signed_in and not signed_in and target.sign_in_url:
                auditor.page.goto(target.sign_in_url)
                signed_in = True
            result = auditor.audit(page.url)
            recorder.add_page(result)
            reporter.line(page_line(index, len(target.pages), page.name, result))


def _header(target: Target, run_id: str) -> list[str]:
    portal = target.portal
    if target.kind == "replica":
        first = (
            f"Checking the replica portal branded {portal.name_vi} ({target.variant} variant), "
            f"run {run_id}."
        )
    else:
        first = f"Checking the live portal of {portal.name_vi} at {portal.base_url}, run {run_id}."
    return [first, *(f"Note: {note}." for note in target.notes)]


def _meta(target: Target, run_id: str) -> dict:
    return {
        "run_id": run_id,
        "province": target.province,
        "portal": target.portal.name_vi,
        "target": target.kind,
        "variant": target.variant,
        "base_url": target.pages[0].url if target.pages else "",
        "notes": target.notes,
        "mode": "page audit",
    }


def _style(line: str) -> str | None:
    for word in ("fail", "inconclusive", "pass"):
        if f": {word}" in line:
            return word
    return None
