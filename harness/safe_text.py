"""Page text made safe to print or write down.

A portal page can name a link "\\x1b[2J" (which clears a terminal) or put a right-to-left
override in a heading (which reorders what a reader sees after it). Anything a page says goes
through here before it reaches a terminal or a text file: control and bidirectional-formatting
characters are shown as visible marks, and a name longer than a person would listen to is cut,
saying so. JSON output keeps the text whole but escapes the same characters.
"""

from __future__ import annotations

import json
import re

NAME_LIMIT = 300  # characters of one name, heading or message read out in a line
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_LINE_BREAKS = "\u2028\u2029\x85"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_LINE_BREAKS}]")
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f{_BIDI}{_LINE_BREAKS}]")
_SPACES = re.compile(r"[\t\n\r]+")


def _mark(match: re.Match[str]) -> str:
    return f"<U+{ord(match.group()):04X}>"


def visible(text: object, limit: int | None = NAME_LIMIT) -> str:
    """One page-given string as one safe line: line breaks become spaces, other control and
    bidi characters become marks like <U+001B>, and past `limit` characters it is cut with a
    note of how long it was."""
    flat = _UNSAFE.sub(_mark, _SPACES.sub(" ", str(text)))
    if limit is not None and len(flat) > limit:
        return f"{flat[:limit]}… (cut at {limit} of {len(flat)} characters)"
    return flat


def visible_lines(text: str) -> str:
    """Several lines (a summary, a transcript) made safe line by line, with no length cap."""
    return "\n".join(visible(line, limit=None) for line in text.split("\n"))


def json_line(record: object) -> str:
    """JSON on one line, Vietnamese kept readable, control and bidi characters escaped."""
    text = json.dumps(record, ensure_ascii=False)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
