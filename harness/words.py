"""Vocabulary that the scenario driver and the checks both need (generic link names, field
words), read from `harness/data/`: the driver finds controls by these words and the probes judge
names by them, and neither imports the other for it."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


@cache
def link_words() -> dict:
    """Generic link names, file extensions, icon-font classes (see link_words.json)."""
    return json.loads((DATA / "link_words.json").read_text(encoding="utf-8"))


@cache
def field_words() -> dict:
    """Date, picker and drop-down tokens, default file-input names (see field_words.json)."""
    return json.loads((DATA / "field_words.json").read_text(encoding="utf-8"))
