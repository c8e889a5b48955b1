"""Rewrite spoken lines so espeak-ng reads portal text the way a person would.

espeak-ng's Vietnamese voices read a 12-digit citizen ID as one huge quantity and a date as a
string of digits (criteria.md, "Narration conventions"). Before synthesis, Vietnamese text gets:
dates as "ngày D tháng M năm YYYY"; dossier codes ("000.00.01.H57-241123-0001") piece by piece;
phone numbers and ID numbers digit by digit; administrative abbreviations (CCCD, UBND, TTHC...)
expanded from ``data/vocabulary.json``. English text is left alone except that long digit runs
are spaced so they are read digit by digit.
"""

from __future__ import annotations

import re
from functools import lru_cache

from harness.utterance import Lang, vocabulary

# dd/mm/yyyy (also d/m/yyyy, "-" or "." as separator); the separator must repeat.
_DATE = re.compile(r"(?<![\d/])(?<!\d[./])(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})(?!\d|[/.]\d)")
# Codes of three or more pieces joined by "." or "-", with a letter or a dash somewhere:
# dossier codes 000.00.01.H57-241123-0001, G22.34-240101-0003. Plain 1.000.000 is a number.
_CODE = re.compile(r"(?<![\w.\-])[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+){2,}(?![\w\-]|\.\w)")
# Phones: +84 or 0 followed by 9 digits, optionally grouped by spaces or dots.
_PHONE = re.compile(r"(?<![\w+])(?:\+84|0)(?:[ .]?\d){9}(?![\d])")
# ID numbers: CMND (9), CCCD (12) and anything of that length (tax codes 10, phones without 0).
_DIGIT_RUN = re.compile(r"(?<![\d\w])\d{9,12}(?![\d\w])")


def normalise(text: str, lang: Lang = "vi") -> str:
    """Text ready for a speech engine in the given language."""
    if lang == "en":
        return _DIGIT_RUN.sub(lambda m: " ".join(m.group(0)), text)
    text = _DATE.sub(_date, text)
    text = _CODE.sub(_code, text)
    text = _PHONE.sub(_phone, text)
    text = _DIGIT_RUN.sub(lambda m: digits(m.group(0)), text)
    return " ".join(expand_abbreviations(text).split())


def digits(text: str, lang: Lang = "vi") -> str:
    """Each digit of ``text`` as a word, other characters dropped: "079" -> "không bảy chín"."""
    words = vocabulary()["digits"][lang]
    return " ".join(words[int(c)] for c in text if c.isdigit())


def expand_abbreviations(text: str) -> str:
    """Replace the vocabulary's abbreviations with the words they stand for."""
    pattern, table = _abbreviations()
    return pattern.sub(lambda m: _abbreviation(m, table), text)


def _date(match: re.Match) -> str:
    day, month, year = int(match.group(1)), int(match.group(3)), match.group(4)
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return match.group(0)
    return vocabulary()["dates"]["vi"].format(d=day, m=month, y=year)


def _code(match: re.Match) -> str:
    code = match.group(0)
    if not any(c.isdigit() for c in code) or not ("-" in code or any(c.isalpha() for c in code)):
        return code
    names = vocabulary()["code_separators"]["vi"]
    spoken = []
    for piece in re.split(r"([.\-])", code):
        if piece in names:
            spoken.append(names[piece])
        elif piece:
            spoken.append(_piece(piece))
    return " ".join(spoken)


def _piece(piece: str) -> str:
    """A code piece: digits one by one, letters spelt ("H57" -> "H năm bảy")."""
    words = vocabulary()["digits"]["vi"]
    return " ".join(words[int(c)] if c.isdigit() else c.upper() for c in piece)


def _phone(match: re.Match) -> str:
    number = match.group(0)
    if number.startswith("+84"):
        return "cộng " + digits("84") + " " + digits(number[3:])
    return digits(number)


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[re.Pattern, dict[str, str]]:
    table = dict(vocabulary()["abbreviations"])
    keys = sorted(table, key=len, reverse=True)
    parts = []
    for key in keys:
        body = re.escape(key)
        if len(key) == 2 and key.endswith("."):
            # Q. / P. only before a number or a capitalised name: "Q. 1", "P. Bến Nghé".
            parts.append(rf"(?<!\w){body}(?=\s*(?:\d|[^\W\d_]))")
        elif key.endswith("."):
            parts.append(rf"(?<!\w){body}")
        else:
            parts.append(rf"(?<!\w){body}(?!\w)")
    return re.compile("|".join(parts)), table


def _abbreviation(match: re.Match, table: dict[str, str]) -> str:
    key = match.group(0)
    if len(key) == 2 and key.endswith("."):
        rest = match.string[match.end() :].lstrip()
        if rest and not (rest[0].isdigit() or rest[0].isupper()):
            return key
        return table[key] + " "
    if key.endswith("."):
        return table[key] + " "
    return table[key]
