"""`pesp-a11y baseline RUN_DIR`: accept a run's findings as known issues, so that
`run --gate --baseline FILE` fails only on what is new (docs/ci.md)."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path

from harness.console import Reporter
from harness.errors import HarnessError
from harness.gate import parse_date, write_baseline

DEFAULT_NAME = "a11y-baseline.json"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("baseline",
                                   help="write a baseline of a run's findings, accepted for now")
    parser.add_argument("run_dir", metavar="RUN_DIR", help="a run's results folder")
    parser.add_argument("--out", default=DEFAULT_NAME,
                        help=f"the baseline file to write (default {DEFAULT_NAME})")
    parser.add_argument("--reason", default="known before the gate was set up",
                        help="why these issues are accepted for now (written in every entry)")
    parser.add_argument("--expires", metavar="YYYY-MM-DD",
                        help="the last day the entries are accepted; after it they fail again")
    parser.add_argument("--plain", action="store_true", help="screen-reader friendly output")
    parser.set_defaults(func=baseline)


def baseline(args: argparse.Namespace) -> int:
    today = datetime.date.today()
    expires = None
    if args.expires:
        try:
            expires = parse_date(args.expires)
        except ValueError as error:
            raise HarnessError(f"--expires: {error}") from None
        if expires < today:
            raise HarnessError(f"--expires {args.expires} is already past")
    if not args.reason.strip():
        raise HarnessError("--reason must say why the issues are accepted")
    out = Path(args.out)
    count = write_baseline(Path(args.run_dir), out, args.reason.strip(), expires, today)
    until = f" đến hết {expires.isoformat()}" if expires else ""
    until_en = f" until {expires.isoformat()}" if expires else ""
    Reporter(plain=args.plain).line(
        f"Đã ghi {count} lỗi đã biết vào baseline {out}{until}. "
        f"Wrote {count} known issue{'s' if count != 1 else ''} to the baseline {out}{until_en}.")
    return 0
