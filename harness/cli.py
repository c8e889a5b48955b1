"""`pesp-a11y`: the command line. Each sub-command lives in its own module under commands/."""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import sys
import tempfile
import traceback
from pathlib import Path
from typing import NoReturn

from harness.commands import COMMANDS
from harness.errors import HarnessError, first_line
from harness.safe_text import visible

INTERNAL_ERROR = 3


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a bad option is one line on standard error (and exit 2), which a screen
    reader reads at once, instead of a usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="pesp-a11y",
        description="Accessibility harness for Viet Nam's provincial e-service portals.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}",
                        help="print the harness's version and exit")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def package_version() -> str:
    """The installed package's version, so a bug report names the code that ran; a checkout
    that was never installed says so rather than guessing."""
    try:
        return importlib.metadata.version("pesp-a11y")
    except importlib.metadata.PackageNotFoundError:
        return "(not installed: pip install -e .)"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except HarnessError as error:
        print(f"pesp-a11y: error: {visible(error, limit=None)}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("pesp-a11y: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader (head, a pager) stopped early: not an error
        sys.stderr.close()
        return 0
    except Exception as error:  # a bug of the harness: one line for the user, details on file
        report = _write_crash_report()
        print(f"pesp-a11y: internal error: {visible(first_line(error))}; the details are in "
              f"{report}, please send that file to the harness's maintainers", file=sys.stderr)
        return INTERNAL_ERROR


def _write_crash_report() -> Path:
    """Keep the traceback for the maintainers, out of the user's way."""
    handle, name = tempfile.mkstemp(prefix="pesp-a11y-crash-", suffix=".txt")
    with os.fdopen(handle, "w", encoding="utf-8") as report:
        report.write(traceback.format_exc())
    return Path(name)


if __name__ == "__main__":
    sys.exit(main())
