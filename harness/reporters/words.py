"""The words every report and the run's console say, from `harness/data/report_words.json`,
in Vietnamese or English (`--lang vi|en`); checked when loaded, so a missing language or a
placeholder one language lacks is one clear error, not a half-translated report."""

from __future__ import annotations

import json
import re
import string
from functools import cache
from pathlib import Path
from typing import Literal

from harness.errors import HarnessError

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")
WORDS_FILE = Path(__file__).parent.parent / "data" / "report_words.json"


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def check_words(data: dict, source: str) -> dict:
    """Refuse, with one line naming the entry, a words file a report could not be written from."""
    words = data.get("words")
    if not isinstance(words, dict) or not words:
        raise HarnessError(f"{source}: 'words' must be an object of entries")
    for key, entry in words.items():
        if not isinstance(entry, dict) or set(entry) != set(LANGS) or not all(
                isinstance(entry[lang], str) and entry[lang] for lang in LANGS):
            raise HarnessError(f"{source}: entry '{key}' needs non-empty 'vi' and 'en' texts")
        if _placeholders(entry["vi"]) != _placeholders(entry["en"]):
            raise HarnessError(f"{source}: entry '{key}' has different placeholders in vi and en")
    for key in ("understanding", "understanding_url", "axe_rule_url", "notes"):
        if key not in data:
            raise HarnessError(f"{source}: '{key}' is missing")
    for number, pattern in enumerate(data["notes"].get("patterns", []), 1):
        try:
            groups = set(re.compile(pattern["en"]).groupindex)
        except (KeyError, TypeError, re.error) as error:
            raise HarnessError(f"{source}: note pattern {number} is not a regular expression: "
                               f"{error}") from None
        if _placeholders(pattern.get("vi", "")) != groups:
            raise HarnessError(f"{source}: note pattern {number}'s 'vi' must use exactly its "
                               f"groups {sorted(groups)}")
    return data


@cache
def _data() -> dict:
    try:
        data = json.loads(WORDS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise HarnessError(f"{WORDS_FILE}: cannot be read: {error}") from None
    return check_words(data, str(WORDS_FILE))


def known(key: str) -> bool:
    """Whether the words file has an entry (for ids recorded by a run, such as a status)."""
    return key in _data()["words"]


def say(key: str, lang: Lang, **values: object) -> str:
    """One entry in one language, its placeholders filled."""
    return _data()["words"][key][lang].format(**values).rstrip()


def both(key: str, **values: object) -> dict[str, str]:
    """One entry in both languages: {"vi": ..., "en": ...}."""
    return {lang: say(key, lang, **values) for lang in LANGS}


def count_findings(count: int, lang: Lang, new: bool = False) -> str:
    """"1 finding", "3 new findings", "3 phát hiện mới"."""
    number = "one" if count == 1 else "many"
    return say(f"findings.{'new.' if new else ''}{number}", lang, n=count)


def verdict(verdict_id: str, lang: Lang) -> str:
    return say(f"verdict.{verdict_id}", lang)


def understanding_url(criterion: str) -> str | None:
    """The WCAG Understanding page of a criterion, None for one the file does not list."""
    slug = _data()["understanding"].get(criterion)
    return _data()["understanding_url"].format(slug=slug) if slug else None


def axe_rule_url(rule: str, version: str) -> str:
    return _data()["axe_rule_url"].format(version=version, rule=rule)


def note_vi(note: str) -> tuple[str, bool]:
    """One of the harness's English verdict notes in Vietnamese, and whether English is left in
    it (a reason the harness wrote in English); a note it does not know is kept as is."""
    notes = _data()["notes"]
    if note in notes["exact"]:
        return notes["exact"][note], False
    for pattern in notes["patterns"]:
        match = re.fullmatch(pattern["en"], note)
        if match is None:
            continue
        values = match.groupdict()
        english = bool(pattern.get("english"))
        for group in pattern.get("translate", []):
            values[group], left = note_vi(values[group])
            english |= left
        return pattern["vi"].format(**values), english
    return note, True
