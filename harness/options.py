"""Option values checked as they are read, so a bad one is a single line, never a traceback."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable


def whole_number(low: int, high: int, what: str) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high`."""

    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"{what} must be from {low} to {high}, not {number}")
        return number

    return parse


def seconds_between(text: str | float, low: float, high: float) -> float | None:
    """The number of seconds `text` says, or None when it is no number from `low` to `high`
    (0 would mean no limit, and nan, inf or 1e9 none in practice)."""
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) and low <= number <= high else None


def seconds(low: float, high: float) -> Callable[[str], float]:
    """An argparse type: a number of seconds from `low` to `high`."""

    def parse(text: str) -> float:
        number = seconds_between(text, low, high)
        if number is None:
            raise argparse.ArgumentTypeError(
                f"a time limit must be a number of seconds from {low:g} to {high:g}, not {text}")
        return number

    return parse


PORT = whole_number(1, 65535, "a port")
LISTEN_PORT = whole_number(0, 65535, "a port (0 picks a free one)")
