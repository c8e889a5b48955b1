"""`pesp-a11y compare RUN_A RUN_B`: what is new, fixed and still open between two runs (two
releases of a portal, or two years), finding by finding, by fingerprint.

A finding of RUN_A is "fixed" only where RUN_B checked the same step (or page) again; when RUN_B
never got there (it stopped earlier, or the page could not be checked) the finding is said not
rechecked, never fixed."""

from __future__ import annotations

import argparse
from pathlib import Path

from harness.console import Reporter
from harness.fingerprints import describe, run_findings, where_of
from harness.gate import read_pages


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "compare", help="what is new, fixed and still open between two runs")
    parser.add_argument("run_a", metavar="RUN_A", help="the earlier run's results folder")
    parser.add_argument("run_b", metavar="RUN_B", help="the later run's results folder")
    parser.add_argument("--plain", action="store_true", help="screen-reader friendly output")
    parser.set_defaults(func=compare)


def compare(args: argparse.Namespace) -> int:
    reporter = Reporter(plain=args.plain)
    for line in comparison_lines(Path(args.run_a), Path(args.run_b)):
        reporter.line(line)
    return 0


def comparison_lines(run_a: Path, run_b: Path) -> list[str]:
    """The comparison in plain sentences, Vietnamese first, then English, one per line."""
    pages_b = read_pages(run_b)
    before = {f["fingerprint"]: f for f in run_findings(read_pages(run_a))}
    after = {f["fingerprint"]: f for f in run_findings(pages_b)}
    rechecked = {where_of(page, str(page.get("url", ""))) for page in pages_b
                 if page.get("status") == "ok"}
    new = [f for key, f in after.items() if key not in before]
    gone = [f for key, f in before.items() if key not in after]
    fixed = [f for f in gone if f["where"] in rechecked]
    unseen = [f for f in gone if f["where"] not in rechecked]
    still = [f for key, f in after.items() if key in before]
    lines = [f"So sánh {run_a} (trước) với {run_b} (sau). "
             f"Comparing {run_a} (before) with {run_b} (after).",
             f"Lỗi mới: {len(new)}; đã sửa: {len(fixed)}; vẫn còn: {len(still)}; "
             f"không được kiểm tra lại: {len(unseen)}. New: {len(new)}; fixed: {len(fixed)}; "
             f"still open: {len(still)}; not rechecked: {len(unseen)}."]
    for title, findings in (
            ("Lỗi mới (New)", new),
            ("Đã sửa (Fixed)", fixed),
            ("Không được kiểm tra lại, chưa biết đã sửa hay chưa (Not rechecked: the later run "
             "did not check that step, so whether it is fixed is unknown)", unseen),
            ("Vẫn còn (Still open)", still)):
        if findings:
            lines.append(f"{title}: {len(findings)}.")
            lines += [f"- [{f['fingerprint']}] {describe(f, f['where'])}" for f in findings]
    return lines
