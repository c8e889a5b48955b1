"""Rewrite spoken lines so espeak-ng reads portal text the way a person would.

espeak-ng's Vietnamese voices read a 12-digit citizen ID as one huge quantity, "200.000 đồng"
as "hai trăm ngàn không trăm đồng", a date as a string of digits (criteria.md, "Narration
conventions"), drop a "/" between numbers and switch to English for a Latin word they do not
know ("dichvucong"). Before synthesis, Vietnamese text gets, in this order: hidden characters (a
password's bullets) as "ẩn"; web and mail addresses part by part in Vietnamese; legal-document
codes (111/2010/NĐ-CP, TT-BTP) named as the document is named aloud; procedure codes (2.000488)
digit by digit; step and page counts (2/4) and house numbers (12/3) with their spoken slash;
dates in every written form, without a second "ngày" when the text already says it, and "lúc"
before a time that follows one; times; dossier codes piece by piece; phone and hotline numbers
digit by digit in the writer's groups, or the usual ones; amounts in words, a price per unit
with "một"; codes, CAPTCHAs and ID numbers digit by digit; abbreviations expanded. The words are in
``data/speech_text.json`` and ``data/vocabulary.json``; ``data/speech_cases.json`` is the table
of cases the tests and `pesp-a11y speak` read. English text is left alone except that long digit
runs are spaced so they are read digit by digit.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterable
from functools import cache
from importlib import resources

from harness.errors import HarnessError
from harness.utterance import Lang, vocabulary

_DAY, _MONTH = r"(?:0?[1-9]|[12]\d|3[01])", r"(?:0?[1-9]|1[0-2])"
_YEAR = r"(?:1[89]|20)\d\d"
# a time written right after a date, "27/06/2025 14:30" or "27/06/2025, lúc 14:30": its time of day
_AT_TIME = r"(?P<at>\s*[,\-–]?\s*(?:[Ll]úc\s+)?(?=(?:[01]?\d|2[0-3])[:h][0-5]\d(?![\d:])))?"
# a date, with the "ngày" written before it when there is one: 01/3/2025, 1-3-2025, 01.03.2025
_DATE = re.compile(rf"(?P<said>\b[Nn]gày\s+)?(?<![\d/.\-])(?P<d>{_DAY})(?P<sep>[/.\-])"
                   rf"(?P<m>{_MONTH})(?P=sep)(?P<y>{_YEAR})(?![\d/]|[.\-]\d){_AT_TIME}")
_ISO_DATE = re.compile(rf"(?P<said>\b[Nn]gày\s+)?(?<![\d/.\-])(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])"
                       rf"-(?P<d>0[1-9]|[12]\d|3[01])(?![\d\-]){_AT_TIME}")
_MONTH_YEAR = re.compile(rf"(?P<said>\b[Tt]háng\s+)?(?<![\d/.\-])(?P<m>{_MONTH})/(?P<y>{_YEAR})"
                         r"(?![\d/])")
_DAY_MONTH = re.compile(rf"(?P<said>\b[Nn]gày\s+)(?P<d>{_DAY})/(?P<m>{_MONTH})(?![\d/])")
_TIME = re.compile(r"(?<![\d:])(?P<h>[01]?\d|2[0-3])(?:[:h])(?P<mi>[0-5]\d)(?![\d:])")
# Codes of three or more pieces joined by "." or "-", with a letter or a dash somewhere:
# dossier codes 000.00.01.H57-241123-0001, G22.34-240101-0003. Plain 1.000.000 is a number.
_CODE = re.compile(r"(?<![\w.\-])[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+){2,}(?![\w\-]|\.\w)")
# Phones: +84 or 0, then 9 or 10 digits, grouped by spaces or dots as written.
_PHONE = re.compile(r"(?<![\w+.])(?:\+84|0)(?:[ .]?\d){9,10}(?![\d]|\.\d)")
# A procedure of the national catalogue, "2.000488": no amount has six digits after a dot.
_PROCEDURE = re.compile(r"(?<![\w.,])\d\.\d{6}(?![\w]|[.,]\d)")
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
              "abbreviations": dict, "slashes": dict, "per_unit": dict, "addresses": dict}
    for key, kind in needed.items():
        if not isinstance(data.get(key), kind):
            raise SpeechTextError(f"speech_text.json: '{key}' is missing or not an object")
    numbers = data["numbers"]
    if len(numbers.get("units", [])) != 10 or len(numbers.get("scales", [])) < 2:
        raise SpeechTextError("speech_text.json: numbers need 10 units and the scales")
    legal = data["legal_documents"]
    if not all(isinstance(legal.get(key), dict) for key in ("types", "issuers", "subjects")):
        raise SpeechTextError("speech_text.json: legal_documents need 'types', 'issuers' and "
                              "'subjects'")
    if not set(string.ascii_lowercase) <= set(data["addresses"].get("letters", {})):
        raise SpeechTextError("speech_text.json: addresses.letters need a name for a to z")
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
    text = _addresses().sub(_address, text)
    text = _legal_numbers().sub(_legal_number, text)
    text = _legal_codes().sub(lambda m: _legal_code(m.group(0)), text)
    text = _PROCEDURE.sub(lambda m: _code(m, always=True), text)
    text = _counts().sub(_count, text)
    text = _house_numbers().sub(_house_number, text)
    text = _ISO_DATE.sub(lambda m: _date(m, "day_month_year"), text)
    text = _DATE.sub(lambda m: _date(m, "day_month_year"), text)
    text = _MONTH_YEAR.sub(lambda m: _date(m, "month_year"), text)
    text = _DAY_MONTH.sub(lambda m: _date(m, "day_month"), text)
    text = _TIME.sub(_time, text)
    text = _CODE.sub(_code, text)
    text = _PHONE.sub(_phone, text)
    text = _hotlines().sub(_phone, text)
    text = _MONEY_UNIT.sub(lambda m: " " + words()["money_units"][m.group(2)], text)
    text = _per_unit().sub(_price_per, text)
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


def _alternation(items: Iterable[str]) -> str:
    """A regex alternative of the items, longest first, so "TTLT" is tried before "TT"."""
    return "|".join(sorted(map(re.escape, items), key=len, reverse=True))


@cache
def _addresses() -> re.Pattern:
    """A mail address, or a web address ending in a known ending (with or without https://),
    with its path; punctuation that ends the sentence is left out."""
    web = words()["addresses"]
    label = r"[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
    return re.compile(
        rf"(?<![\w@.\-/])(?:(?P<user>[A-Za-z0-9._%+\-]+)@|(?i:{_alternation(web['schemes'])}))?"
        rf"(?P<host>(?:{label}\.)+(?i:{_alternation(web['endings'])}))(?![\w\-]|\.[A-Za-z0-9])"
        r"(?P<path>(?::\d+)?(?:[/?#](?:\S*[^\s.,;:!?)\]\"'])?)?)")


def _address(match: re.Match) -> str:
    """"abc@gmail.com" -> "a bê xê a còng gờ meo chấm com"; the scheme is not said."""
    said = []
    if match["user"]:
        said += [_address_part(match["user"]), words()["addresses"]["at"]]
    said += [_address_part(match["host"]), _address_part(match["path"].rstrip("/"))]
    return " ".join(part for part in said if part)


def _address_part(text: str) -> str:
    """Each word of an address said as words, each separator by its name ("chấm", "xẹt")."""
    separators = words()["addresses"]["separators"]
    said = []
    for piece in re.split(r"([^A-Za-z0-9])", text):
        if piece in separators:
            said.append(separators[piece])
        elif piece.isalnum():
            said.append(_address_word(piece.lower()))
    return " ".join(said)


def _address_word(word: str) -> str:
    """A known word ("gov" -> "gờ o vê", "hanoi" -> "Hà Nội"); otherwise digits one by one and
    letters by their names, which espeak-ng reads in Vietnamese, never in English."""
    letters = words()["addresses"]["letters"]
    said = []
    for run in re.findall(r"\d+|[a-z]+", word):
        if run.isdigit():
            said.append(digits(run))
        else:
            said += _known_words(run) or [letters[c] for c in run]
    return " ".join(said)


def _known_words(run: str) -> list[str] | None:
    """A run of letters made only of known words, said as them ("dichvucongnganhtuphap" ->
    "dịch vụ công", "ngành tư pháp"), longest first; None when some part is unknown."""
    known = _address_words()
    if run in known:
        return [known[run]]
    for end in range(len(run) - 1, 1, -1):
        if run[:end] in known and (rest := _known_words(run[end:])):
            return [known[run[:end]], *rest]
    return None


@cache
def _address_words() -> dict[str, str]:
    """speech_text.json's address words, and each province's name for the part of a portal's
    address that is that name without accents and spaces ("dichvucong.hanoi.gov.vn"): read
    from portals.json, so a new unit needs no second entry here."""
    try:
        portals = _load("portals.json")
    except SpeechTextError:
        portals = {}
    known = {}
    for row in [*portals.get("current", []), *portals.get("legacy", [])]:
        if not isinstance(row, dict) or not all(isinstance(row.get(k), str)
                                                for k in ("slug", "name_vi", "name_ascii")):
            continue
        if re.sub(r"[\W_]", "", row["name_ascii"]).lower() == row["slug"]:
            known[row["slug"]] = row["name_vi"]
    known.update(words()["addresses"]["words"])
    return known


@cache
def _legal_code_body() -> str:
    """A type, then one or more issuers or subjects: NĐ-CP, TT-BTP, TTLT-BTP-BCA, TT-LLTP."""
    legal = words()["legal_documents"]
    issuers = _alternation([*legal["issuers"], *legal["subjects"]])
    return rf"(?:{_alternation(legal['types'])})(?:-(?:{issuers}))+(?![\w\-])"


@cache
def _legal_codes() -> re.Pattern:
    return re.compile(rf"(?<![\w\-]){_legal_code_body()}")


@cache
def _legal_numbers() -> re.Pattern:
    """"45/2020/NĐ-CP", "123/QĐ-UBND", with the type ("Nghị định") and the "số" written
    before it when there are."""
    kinds = _alternation(words()["legal_documents"]["types"].values())
    return re.compile(rf"(?P<kind>(?<!\w)(?i:{kinds})\s+)?(?P<said>\b[Ss]ố\s+)?(?<![\w/])"
                      rf"(?P<n>\d{{1,5}})/(?:(?P<y>{_YEAR})/)?(?P<code>{_legal_code_body()})")


def _legal_parts(code: str) -> tuple[str, str]:
    """"TT-BTP" -> ("thông tư", "của Bộ Tư pháp"); a subject gets no "của": "TT-LLTP" ->
    ("thông tư", "lý lịch tư pháp")."""
    legal = words()["legal_documents"]
    kind, *rest = code.split("-")
    bodies = [legal["issuers"][part] for part in rest if part in legal["issuers"]]
    subjects = [legal["subjects"][part] for part in rest if part in legal["subjects"]]
    by = [legal["by"].format(issuers=_and(bodies))] if bodies else []
    return legal["types"][kind], " ".join(by + subjects)


def _and(items: list[str]) -> str:
    """"Bộ Tư pháp và Bộ Công an"; three or more with commas before the last "và"."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " " + words()["legal_documents"]["and"] + " " + items[-1]


def _legal_code(code: str) -> str:
    """"QĐ-UBND" -> "quyết định của Ủy ban nhân dân"."""
    return " ".join(part for part in _legal_parts(code) if part)


def _legal_number(match: re.Match) -> str:
    """Named as the document is named aloud: "Nghị định 45/2020/NĐ-CP" -> "Nghị định số 45 năm
    2020 của Chính phủ" (the type written before it is not said twice); "Theo 13/2011/TT-BTP"
    -> "Theo thông tư số 13 năm 2011 của Bộ Tư pháp"; after "Mẫu số" the number is the form's,
    so the document follows it: "Mẫu số 3 năm 2013, thông tư lý lịch tư pháp"."""
    legal = words()["legal_documents"]
    kind, by = _legal_parts(match["code"])
    number = legal["number"].format(n=int(match["n"]))
    if match["y"]:
        number += " " + legal["year"].format(y=match["y"])
    written = match["kind"] or ""
    if written.strip().casefold() == kind.casefold():
        spoken = [written + number, by]
    elif written or match["said"]:
        spoken = [written + _without_repeat(match["said"], number) + ",", kind, by]
    else:
        spoken = [kind, number, by]
    return " ".join(part for part in spoken if part)


@cache
def _counts() -> re.Pattern:
    """"Bước 2/4", "Trang 3/10": a count after a word that counts (not "tháng 3/2025")."""
    before = _alternation(words()["slashes"]["count_before"])
    return re.compile(rf"(?P<w>(?<!\w)(?i:{before})\s+)(?P<a>\d{{1,4}})\s?/\s?"
                      rf"(?!{_YEAR}(?!\d))(?P<b>\d{{1,4}})(?![\d/])")


def _count(match: re.Match) -> str:
    """"Bước 2/4" -> "Bước hai trên bốn": espeak-ng would drop the slash."""
    word = words()["slashes"]["count_word"]
    return f"{match['w']}{number_words(int(match['a']))} {word} {number_words(int(match['b']))}"


@cache
def _house_numbers() -> re.Pattern:
    """"12/3", "12/3A/5" after an address word ("số nhà", "hẻm") or before a street word
    ("đường Lê Lợi")."""
    slashes = words()["slashes"]
    before, after = (_alternation(slashes[k]) for k in ("house_before", "house_after"))
    return re.compile(rf"(?P<w>(?<!\w)(?i:{before})\s*:?\s+)?(?<![\w/.])"
                      r"(?P<house>\d{1,4}[A-Za-z]?(?:/\d{1,4}[A-Za-z]?)+)(?![\w/])"
                      # with no address word before it, a street word must follow
                      rf"(?(w)|(?=,?\s+(?i:{after})(?!\w)))")


def _house_number(match: re.Match) -> str:
    """"12/3A" -> "mười hai xẹt ba A"."""
    said = []
    for piece in match["house"].split("/"):
        number, letter = re.fullmatch(r"(\d+)([A-Za-z]?)", piece).groups()
        said.append(" ".join(filter(None, [number_words(int(number)), letter.upper()])))
    return (match["w"] or "") + f" {words()['slashes']['house_word']} ".join(said)


@cache
def _per_unit() -> re.Pattern:
    """A price per unit once the unit is a word: "200.000 đồng/lần", "đồng/lần/người"; after
    an amount only ("Hội đồng/Ủy ban" is no price)."""
    units = _alternation(set(words()["money_units"].values()))
    return re.compile(rf"(?<=\d)(?P<unit>\s?(?:{units}))(?P<per>(?:\s?/\s?[^\W\d_]+)+)")


def _price_per(match: re.Match) -> str:
    """"đồng/lần/người" -> "đồng một lần một người"."""
    per = words()["per_unit"]["word"]
    return " ".join([match["unit"], *(f"{per} {unit.strip()}"
                                      for unit in match["per"].split("/")[1:])])


def _date(match: re.Match, form: str) -> str:
    parts = match.groupdict()
    spoken = words()["dates"][form].format(
        d=int(parts.get("d") or 0), m=int(parts["m"]), y=parts.get("y", ""))
    at = words()["dates"]["at_time"] if parts.get("at") is not None else ""
    return _without_repeat(parts.get("said"), spoken) + at


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


def _code(match: re.Match, always: bool = False) -> str:
    code = match.group(0)
    is_code = any(c.isdigit() for c in code) and ("-" in code or any(c.isalpha() for c in code))
    if not (always or is_code):
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
    """Digit by digit, a comma (a pause) where the writer grouped the digits, or in the usual
    groups when they wrote none; "+84" said apart, "cộng tám tư"."""
    phones = words()["phones"]
    number = match.group(0)
    plus = ""
    if number.startswith("+"):
        code = number[1:3]
        plus = f"{phones['plus']} {phones['country_codes'].get(code) or digits(code)}, "
        number = number[3:]
    groups = [g for g in re.split(r"[ .]", number) if g]
    if len(groups) == 1:
        groups = _usual_groups(groups[0], abroad=bool(plus))
    return plus + ", ".join(digits(group) for group in groups)


def _usual_groups(number: str, abroad: bool) -> list[str]:
    """"0912345678" -> 0912 345 678, by the first rule of phones.ungrouped that fits; after
    +84 the same groups less the leading 0. A number no rule fits stays one group."""
    national = "0" + number if abroad else number
    for rule in words()["phones"]["ungrouped"]:
        sizes = rule["groups"]
        if national.startswith(rule["prefix"]) and sum(sizes) == len(national):
            groups, start = [], 0
            for size in sizes:
                groups.append(national[start:start + size])
                start += size
            return [groups[0][1:] if abroad else groups[0], *groups[1:]]
    return [number]


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
