"""Dates as a person types and reads them: which order a field wants (the hint its label,
description or placeholder gives, else the Vietnamese day/month/year), the date written that
way, and what date a field's text holds once the widget has had it.

Flows always write a date day first (12/05/1999, the applicant's date); a field whose hint says
MM/DD/YYYY gets 05/12/1999, as a person who reads the hint types it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# A hint names the order with letters: dd/mm/yyyy, MM/DD/YYYY, yyyy-mm-dd, ngày/tháng/năm.
_HINT = re.compile(
    r"\b(?P<a>dd|mm|yyyy|ngày|tháng|năm)(?P<sep>\s*[/.\-]\s*)(?P<b>dd|mm|yyyy|ngày|tháng|năm)"
    r"(?P=sep)(?P<c>dd|mm|yyyy|ngày|tháng|năm)\b", re.IGNORECASE)
_PART = {"dd": "d", "ngày": "d", "mm": "m", "tháng": "m", "yyyy": "y", "năm": "y"}
_NUMBERS = re.compile(r"\d+")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTHS_EN = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True)
class DateFormat:
    order: str  # "dmy", "mdy" or "ymd"
    separator: str
    hinted: bool  # the page said so; otherwise the Vietnamese default was assumed

    def write(self, day: date) -> str:
        parts = {"d": f"{day.day:02d}", "m": f"{day.month:02d}", "y": f"{day.year:04d}"}
        return self.separator.join(parts[p] for p in self.order)

    @property
    def pattern(self) -> str:
        names = {"d": "dd", "m": "mm", "y": "yyyy"}
        return self.separator.join(names[p] for p in self.order)


VIETNAMESE = DateFormat("dmy", "/", hinted=False)


def hinted_format(*texts: str) -> DateFormat:
    """The order a field's hint gives (its name, description, placeholder, nearby hint),
    else day/month/year, as Vietnamese pages mean when they say nothing."""
    for text in texts:
        found = _HINT.search(text or "")
        if found:
            order = "".join(_PART[found.group(g).lower()] for g in "abc")
            if sorted(order) == ["d", "m", "y"]:
                return DateFormat(order, found.group("sep").strip(), hinted=True)
    return VIETNAMESE


def parse_flow_date(text: str) -> date:
    """A flow's date, day first: 12/05/1999."""
    day, month, year = (int(n) for n in _NUMBERS.findall(text)[:3])
    return date(year, month, day)


def read_date(text: str, wanted: DateFormat) -> date | None:
    """The date a field's text holds, read in the order the field was typed in; a month
    written in English letters (a calendar's "May 12, 1999") is read too. None when the text
    holds no whole date."""
    text = (text or "").strip()
    iso = _ISO.match(text)
    if iso:  # a date input's own value, or a script's Date, whatever was typed
        text, wanted = " ".join(iso.groups()), DateFormat("ymd", " ", hinted=False)
    month_word = next((i + 1 for i, m in enumerate(_MONTHS_EN) if m in text.lower()), None)
    numbers = [int(n) for n in _NUMBERS.findall(text)]
    try:
        if month_word and len(numbers) >= 2:
            day, year = (numbers[0], numbers[1]) if numbers[1] > 31 else (numbers[1], numbers[0])
            return date(year, month_word, day)
        if len(numbers) < 3:
            return None
        values = dict(zip(wanted.order, numbers[:3], strict=True))
        if values["y"] < 100:
            return None
        return date(values["y"], values["m"], values["d"])
    except ValueError:
        return None
