"""Rewrite spoken lines so espeak-ng reads portal text the way a person would.

espeak-ng's Vietnamese voices read a 12-digit citizen ID as one huge quantity, "200.000 đồng"
as "hai trăm ngàn không trăm đồng" and a date as a string of digits (criteria.md, "Narration
conventions"). Before synthesis, Vietnamese text gets, in this order: hidden characters (a
password's bullets) as "ẩn"; legal-document codes (111/2010/NĐ-CP, TT-BTP) in words; dates in
every written form, without a second "ngày" when the text already says it; times; dossier codes
piece by piece; phone and hotline numbers digit by digit in the writer's groups; amounts in
words; codes, CAPTCHAs and ID numbers digit by digit; abbreviations expanded. The words are in
``data/speech_text.json`` and ``data/vocabulary.json``; ``data/speech_cases.json`` is the table
of cases the tests and `pesp-a11y speak` read. English text is left alone except that long digit
runs are spaced so they are read digit by digit.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from harness.errors import HarnessError
from harness.utterance import Lang, vocabulary

_DAY, _MONTH = r"(?:0?[1-9]|[12]\d|3[01])", r"(?:0?[1-9]|1[0-2])"
_YEAR = r"(?:1[89]|20)\d\d"
# a date, with the "ngày" written before it when there is one: 01/3/2025, 1-3-2025, 01.03.2025
_DATE = re.compile(rf"(?P<said>\b[Nn]gày\s+)?(?<![\d/.\-])(?P<d>{_DAY})(?P<sep>[/.\-])"
                   rf"(?P<m>{_MONTH})(?P=sep)(?P<y>{_YEAR})(?![\d/]|[.\-]\d)")
_ISO_DATE = re.compile(rf"(?P<said>\b[Nn]gày\s+)?(?<![\d/.\-])(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])"
                       rf"-(?P<d>0[1-9]|[12]\d|3[01])(?![\d\-])")
_MONTH_YEAR = re.compile(rf"(?P<said>\b[Tt]háng\s+)?(?<![\d/.\-])(?P<m>{_MONTH})/(?P<y>{_YEAR})"
                         r"(?![\d/])")
_DAY_MONTH = re.compile(rf"(?P<said>\b[Nn]gày\s+)(?P<d>{_DAY})/(?P<m>{_MONTH})(?![\d/])")
_TIME = re.compile(r"(?<![\d:])(?P<h>[01]?\d|2[0-3])(?:[:h])(?P<mi>[0-5]\d)(?![\d:])")
# Codes of three or more pieces joined by "." or "-", with a letter or a dash somewhere:
# dossier codes 000.00.01.H57-241123-0001, G22.34-240101-0003. Plain 1.000.000 is a number.
_CODE = re.compile(r"(?<![\w.\-])[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+){2,}(?![\w\-]|\.\w)")
# Phones: +84 or 0, then 9 or 10 digits, grouped by spaces or dots as written.
_PHONE = re.compile(r"(?<![\w+.])(?:\+84|0)(?:[ .]?\d){9,10}(?![\d]|\.\d)")
_GROUPED_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:\.\d{3})+(?![\d]|[.,]\d)")
_PLAIN_MONEY = re.compile(r"(?<![\w.,])(\d{1,12})(?=\s?đồng(?!\w))")
_MONEY_UNIT = re.compile(r"(?<=\d)(\s?)(VNĐ|VND|vnđ|đ)(?!\w)")
_LONG_DIGITS = re.compile(r"(?<![\w.,])\d{5,}(?![\w]|[.,]\d)")
_FOUR_DIGITS = re.compile(r"(?<![\w.,])\d{4}(?![\w]|[.,]\d)")


class SpeechTextError(HarnessError):
    """speech_text.json or speech_cases.json is not what the normaliser needs."""


@cache
def words() -> dict:
    """data/speech_text.json, checked once: a missing part is one clear line, not a KeyError."""
    data = _load("speech_text.json")
    needed = {"numbers": dict, "money_units": dict, "dates": dict, "phones": dict,
              "code_context": dict, "hidden": dict, "legal_documents": dict,
              "abbreviations": dict}
    for key, kind in needed.items():
        if not isinstance(data.get(key), kind):
            raise SpeechTextError(f"speech_text.json: '{key}' is missing or not an object")
    numbers = data["numbers"]
    if len(numbers.get("units", [])) != 10 or len(numbers.get("scales", [])) < 2:
        raise SpeechTextError("speech_text.json: numbers need 10 units and the scales")
    legal = data["legal_documents"]
    if not isinstance(legal.get("types"), dict) or not isinstance(legal.get("issuers"), dict):
        raise SpeechTextError("speech_text.json: legal_documents need 'types' and 'issuers'")
    return data


@cache
def cases() -> list[dict]:
    """data/speech_cases.json: {"text", "spoken", "lang"} rows, checked."""
    data = _load("speech_cases.json")
    rows = data.get("cases")
    if not isinstance(rows, list) or not rows:
        raise SpeechTextError("speech_cases.json: 'cases' must be a list of cases")
    for number, row in enumerate(rows, 1):
        if (not isinstance(row, dict) or not isinstance(row.get("text"), str)
                or not isinstance(row.get("spoken"), str) or row.get("lang", "vi") not in
                ("vi", "en")):
            raise SpeechTextError(f"speech_cases.json: case {number} needs 'text' and 'spoken' "
                                  "strings and a 'lang' of vi or en")
    return rows


def _load(name: str) -> dict:
    try:
        text = resources.files("harness").joinpath(f"data/{name}").read_text("utf-8")
        data = json.loads(text)
    except (OSError, json.JSONDecodeError) as error:
        raise SpeechTextError(f"cannot read data/{name}: {error}") from None
    if not isinstance(data, dict):
        raise SpeechTextError(f"data/{name} is not a JSON object")
    return data


def normalise(text: str, lang: Lang = "vi") -> str:
    """Text ready for a speech engine in the given language."""
    if lang == "en":
        return _LONG_DIGITS.sub(lambda m: " ".join(m.group(0)), text)
    text = _hidden(text)
    text = _legal_numbers().sub(_legal_number, text)
    text = _legal_codes().sub(lambda m: _legal_code(m.group(0)), text)
    text = _ISO_DATE.sub(lambda m: _date(m, "day_month_year"), text)
    text = _DATE.sub(lambda m: _date(m, "day_month_year"), text)
    text = _MONTH_YEAR.sub(lambda m: _date(m, "month_year"), text)
    text = _DAY_MONTH.sub(lambda m: _date(m, "day_month"), text)
    text = _TIME.sub(_time, text)
    text = _CODE.sub(_code, text)
    text = _PHONE.sub(_phone, text)
    text = _hotlines().sub(_phone, text)
    text = _MONEY_UNIT.sub(lambda m: " " + words()["money_units"][m.group(2)], text)
    text = _GROUPED_NUMBER.sub(lambda m: number_words(int(m.group(0).replace(".", ""))), text)
    text = _PLAIN_MONEY.sub(lambda m: number_words(int(m.group(1))), text)
    text = _LONG_DIGITS.sub(lambda m: digits(m.group(0)), text)
    text = _FOUR_DIGITS.sub(_four_digits, text)
    return " ".join(expand_abbreviations(text).split())


def digits(text: str, lang: Lang = "vi") -> str:
    """Each digit of ``text`` as a word, other characters dropped: "079" -> "không bảy chín"."""
    names = vocabulary()["digits"][lang]
    return " ".join(names[int(c)] for c in text if c.isdigit())


def number_words(number: int) -> str:
    """A quantity as Vietnamese words: 200000 -> "hai trăm nghìn", 1050000 -> "một triệu
    không trăm năm mươi nghìn", 21 -> "hai mươi mốt", 105 -> "một trăm linh năm"."""
    numbers = words()["numbers"]
    if number == 0:
        return numbers["units"][0]
    scales = numbers["scales"]
    groups: list[int] = []
    while number:
        groups.append(number % 1000)
        number //= 1000
    if len(groups) > len(scales):  # beyond the largest scale: no one says it as a quantity
        return digits(str(number))
    said: list[str] = []
    top = len(groups) - 1
    for place in range(top, -1, -1):
        group = groups[place]
        if group == 0:
            continue
        # inside the number, a group under 100 is said with its hundreds ("không trăm")
        said.append(_hundreds(group, full=place != top))
        if scales[place]:
            said.append(scales[place])
    return " ".join(said)


def _hundreds(group: int, full: bool) -> str:
    numbers = words()["numbers"]
    units = numbers["units"]
    hundreds, tens, ones = group // 100, group // 10 % 10, group % 10
    said: list[str] = []
    if hundreds or full:
        said += [units[hundreds], numbers["hundred"]]
    if tens == 0:
        if ones:
            said += [numbers["zero_tens"], units[ones]] if said else [units[ones]]
        return " ".join(said)
    said += [numbers["ten"]] if tens == 1 else [units[tens], numbers["tens"]]
    if ones == 1 and tens > 1:
        said.append(numbers["one_after_tens"])
    elif ones == 5:
        said.append(numbers["five_after_tens"])
    elif ones:
        said.append(units[ones])
    return " ".join(said)


def expand_abbreviations(text: str) -> str:
    """Replace the abbreviations with the words they stand for."""
    pattern, table = _abbreviations()
    return pattern.sub(lambda m: _abbreviation(m, table), text)


def _hidden(text: str) -> str:
    """A password's bullets, each spoken as "ẩn"; a run of asterisks standing alone ("****")
    too, but not a lone "*" (a required field's mark)."""
    hidden = words()["hidden"]
    bullets, masks = re.escape(hidden["bullets"]), re.escape(hidden["masks"])
    run = re.compile(rf"[{bullets}]+|(?<!\S)[{masks}]{{3,}}(?!\S)")
    return run.sub(lambda m: " " + " ".join([hidden["word"]] * len(m.group(0))) + " ", text)


@cache
def _legal_code_body() -> str:
    """A type, then one or more issuers: NĐ-CP, TT-BTP, TTLT-BTP-BCA."""
    legal = words()["legal_documents"]
    types = "|".join(sorted(map(re.escape, legal["types"]), key=len, reverse=True))
    issuers = "|".join(sorted(map(re.escape, legal["issuers"]), key=len, reverse=True))
    return rf"(?:{types})(?:-(?:{issuers}))+(?![\w\-])"


@cache
def _legal_codes() -> re.Pattern:
    return re.compile(rf"(?<![\w\-]){_legal_code_body()}")


@cache
def _legal_numbers() -> re.Pattern:
    """"111/2010/NĐ-CP", with the "số" written before it when there is one."""
    return re.compile(rf"(?P<said>\b[Ss]ố\s+)?(?<![\w/])(?P<n>\d{{1,5}})/(?P<y>{_YEAR})/"
                      rf"(?P<code>{_legal_code_body()})")


def _legal_code(code: str) -> str:
    """"TT-BTP" -> "thông tư bộ tư pháp"."""
    legal = words()["legal_documents"]
    kind, *issuers = code.split("-")
    return " ".join([legal["types"][kind], *(legal["issuers"][i] for i in issuers)])


def _legal_number(match: re.Match) -> str:
    form = words()["legal_documents"]["number_form"]
    spoken = form.format(n=int(match["n"]), y=match["y"], code=_legal_code(match["code"]))
    return _without_repeat(match["said"], spoken)


def _date(match: re.Match, form: str) -> str:
    parts = match.groupdict()
    spoken = words()["dates"][form].format(
        d=int(parts.get("d") or 0), m=int(parts["m"]), y=parts.get("y", ""))
    return _without_repeat(parts.get("said"), spoken)


def _without_repeat(said: str | None, spoken: str) -> str:
    """"ngày 01/3/2025" is "ngày 1 tháng 3...", not "ngày ngày 1...": the word the text wrote
    before the number ("ngày", "tháng", "số") is kept as written and not said twice."""
    if not said:
        return spoken
    first, _, rest = spoken.partition(" ")
    return said + rest if said.strip().casefold() == first.casefold() else said + spoken


def _time(match: re.Match) -> str:
    dates = words()["dates"]
    hour, minute = int(match["h"]), int(match["mi"])
    if minute == 0:
        return dates["time_on_the_hour"].format(h=hour)
    return dates["time"].format(h=hour, mi=minute)


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
    names = vocabulary()["digits"]["vi"]
    return " ".join(names[int(c)] if c.isdigit() else c.upper() for c in piece)


@cache
def _hotlines() -> re.Pattern:
    prefixes = "|".join(map(re.escape, words()["phones"]["hotline_prefixes"]))
    return re.compile(rf"(?<![\w+.])(?:{prefixes})(?:[ .]?\d){{4,6}}(?![\d]|\.\d)")


def _phone(match: re.Match) -> str:
    """Digit by digit, a comma (a pause) where the writer grouped the digits."""
    number = match.group(0)
    plus = ""
    if number.startswith("+"):
        plus = words()["phones"]["plus"] + " " + digits(number[1:3]) + " "
        number = number[3:]
    groups = [g for g in re.split(r"[ .]", number) if g]
    return plus + ", ".join(digits(group) for group in groups)


def _four_digits(match: re.Match) -> str:
    """Four digits after "mã" (a security code) are a code; otherwise a year or a count."""
    before = match.string[max(0, match.start() - 30):match.start()].casefold()
    context = words()["code_context"]["words"]
    if any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", before) for word in context):
        return digits(match.group(0))
    return match.group(0)


@cache
def _abbreviations() -> tuple[re.Pattern, dict[str, str]]:
    table = dict(vocabulary()["abbreviations"])
    table.update(words()["abbreviations"]["words"])
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
