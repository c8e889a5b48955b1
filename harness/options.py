"""Option values checked as they are read, so a bad one is a single line, never a traceback."""

from __future__ import annotations

import argparse
import math
import re
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from pathlib import Path

from harness.errors import HarnessError
from harness.reporters.words import Lang, say
from harness.safe_text import visible

# "dichvucong.gov.vn" or "localhost:8765/trang": what people type for a web address, no scheme
_BARE_HOST = re.compile(r"(?:(?:[\w-]+\.)+[^\W\d_]{2,}|localhost|[\d.]{7,15})(?::\d+)?(?:[/?#].*)?")


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


def check_addresses(urls: Iterable[str], lang: Lang) -> None:
    """Refuse, in one line and before any browser starts, addresses a browser could not open
    (Chromium would start only to print its own error once per criterion). The first wrong
    one is named, with what was probably meant; the others are counted."""
    given = list(urls)
    wrong = [said for said in (_address_problem(url, lang) for url in given) if said]
    if wrong:
        more = say("error.address.more", lang, n=len(wrong), total=len(given)) if len(
            wrong) > 1 else ""
        raise HarnessError(wrong[0] + more)


def _address_problem(url: str, lang: Lang) -> str | None:
    """What is wrong with one address, in `lang`; None when a browser can open it."""
    text, shown = url.strip(), visible(url)
    parts = urllib.parse.urlsplit(text)
    if parts.scheme not in ("http", "https", "file") and "://" not in text:
        return _guess(text, shown, lang)
    if parts.scheme in ("http", "https"):
        try:
            parts.port  # noqa: B018 - raises ValueError for a port out of range
        except ValueError:
            return say("error.address.host", lang, url=shown)
        good = parts.hostname and not any(ch.isspace() for ch in parts.netloc)
        return None if good else say("error.address.host", lang, url=shown)
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost"):
            return say("error.address.host", lang, url=shown)
        path = urllib.request.url2pathname(urllib.parse.unquote(parts.path))
        return None if Path(path).exists() else say(
            "error.address.no_file", lang, path=visible(path), url=shown)
    return say("error.address.scheme", lang, url=shown)


def _guess(text: str, shown: str, lang: Lang) -> str:
    """A local file gets its file:// form suggested, a bare host its web form (http:// on this
    machine, https:// elsewhere, as the portals are)."""
    if text and not any(ch.isspace() for ch in text):
        try:
            local = Path(text).resolve()
            if local.is_file():
                return say("error.address.local_file", lang, url=shown,
                           guess=visible(local.as_uri()))
        except (OSError, ValueError):
            pass
        if _BARE_HOST.fullmatch(text):
            near = text.startswith(("localhost", "127.", "[::1]"))
            return say("error.address.guess", lang, url=shown,
                       guess=visible(("http://" if near else "https://") + text))
    return say("error.address.scheme", lang, url=shown)
