"""`pesp-a11y table RUN_DIR... --out DIR`: the national table (HTML and CSV) from any set of run
folders, beside the 2024 review's published figures."""

from __future__ import annotations

import argparse
from pathlib import Path

from harness.console import Reporter
from harness.reporters.national_table import write_national_table


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "table", help="the national table of portals x criteria and categories (HTML and CSV)")
    parser.add_argument("run_dirs", metavar="RUN_DIR", nargs="+",
                        help="run folders, or folders holding them (results/)")
    parser.add_argument("--out", required=True, metavar="DIR",
                        help="where to write national-table.html and national-table.csv")
    parser.add_argument("--plain", action="store_true", help="screen-reader friendly output")
    parser.set_defaults(func=table)


def table(args: argparse.Namespace) -> int:
    html, csv = write_national_table([Path(p) for p in args.run_dirs], Path(args.out))
    Reporter(plain=args.plain).line(f"Đã ghi bảng quốc gia: {html} và {csv}. "
                                    f"Wrote the national table: {html} and {csv}.")
    return 0
