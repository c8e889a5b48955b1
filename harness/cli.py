"""`pesp-a11y`: the command line. Each sub-command lives in its own module under commands/."""

from __future__ import annotations

import argparse
import sys

from harness.commands import COMMANDS
from harness.errors import HarnessError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pesp-a11y",
        description="Accessibility harness for Viet Nam's provincial e-service portals.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except HarnessError as error:
        print(f"pesp-a11y: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("pesp-a11y: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader (head, a pager) stopped early: not an error
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
