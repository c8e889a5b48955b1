"""`pesp-a11y report RUN_DIR`: write a results folder's reports again from what it recorded
(summary.txt, findings.json, junit.xml, results.sarif, report.html): after an interrupted or
killed run, in the other language, or after the harness's reporters improved."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from harness.console import Reporter
from harness.errors import HarnessError
from harness.reporters import write_reports
from harness.reporters.words import LANGS, say
from harness.results import LOCK_NAME


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("report", help="write a results folder's reports again")
    parser.add_argument("folder", metavar="RUN_DIR", help="a results folder of run or audit")
    parser.add_argument("--lang", choices=LANGS, default="vi",
                        help="language of the reports' headings and sentences (default vi)")
    parser.add_argument("--plain", action="store_true", help="screen-reader friendly output")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    if not folder.is_dir():
        raise HarnessError(f"{folder} is not a folder: give a results folder of run or audit")
    if _still_writing(folder / LOCK_NAME):
        raise HarnessError(f"a run is still writing into {folder}; report on it when it ends")
    _, written = write_reports(folder, args.lang)
    Reporter(plain=args.plain).line(say("console.reports", args.lang,
                                        files=", ".join(str(path) for path in written)))
    return 0


def _still_writing(lock: Path) -> bool:
    """A lock whose run is alive; a killed run's lock is left behind and does not count."""
    try:
        pid = int(lock.read_text(encoding="utf-8").split()[0])
    except (OSError, ValueError, IndexError):
        return lock.exists()  # unreadable but there: assume a run holds it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        pass
    return True
