"""The six review criteria, the blind testers' categories and the check-to-criterion map.

Everything that says which check evidences which criterion comes from `criteria.json` and
`checks.json` beside this module, so the map is visible and editable in one place. A check is
either an axe-core rule or one of the harness's own probes; both are described the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from harness.errors import HarnessError

HERE = Path(__file__).parent
REVIEW_CRITERIA = ("1.1.1", "1.3.1", "2.1.1", "2.4.4", "2.4.6", "3.3.2")
HELP_TEXTS = ("help_en", "help_vi", "fix_en", "fix_vi")  # every check's, shown by the reports
LANGS = ("vi", "en")


@dataclass(frozen=True)
class Criterion:
    id: str
    level: str
    name_en: str
    name_vi: str
    why_not: str
    confirm_en: str = ""  # what a person must still confirm when no check found a failure
    confirm_vi: str = ""
    always_applies: bool = False  # never "not-applicable" on a page with content


@dataclass(frozen=True)
class Category:
    id: str
    name_en: str
    name_vi: str


@dataclass(frozen=True)
class Question:
    """What a check asks a person about one element it cannot judge, in both languages, with
    the criteria the answer bears on; {placeholders} take the element's own words."""

    name: str
    criteria: tuple[str, ...]
    vi: str
    en: str


@dataclass(frozen=True)
class Check:
    """One check's metadata: what it evidences, and which criteria its passing can decide."""

    id: str
    source: str  # "axe" or "probe"
    criteria: tuple[str, ...]
    category: str | None
    passes: tuple[str, ...]
    help_en: str  # what a screen-reader user meets
    help_vi: str
    fix_en: str  # how to fix it
    fix_vi: str
    questions: tuple[Question, ...] = ()  # what it asks a person, element by element


@cache
def _load(name: str) -> dict:
    return json.loads((HERE / name).read_text(encoding="utf-8"))


@cache
def criteria() -> dict[str, Criterion]:
    return {c["id"]: Criterion(**c) for c in _load("criteria.json")["criteria"]}


@cache
def categories() -> dict[str, Category]:
    return {c["id"]: Category(**c) for c in _load("criteria.json")["categories"]}


@cache
def checks() -> dict[str, Check]:
    data = _load("checks.json")
    found: dict[str, Check] = {}
    for source in ("axe", "probe"):
        section = "axe" if source == "axe" else "probes"
        for check_id, spec in data[section].items():
            _check_help_texts(section, check_id, spec)
            review = tuple(c for c in spec["criteria"] if c in REVIEW_CRITERIA)
            found[check_id] = Check(
                id=check_id,
                source=source,
                criteria=tuple(spec["criteria"]),
                category=spec["category"],
                passes=tuple(spec.get("passes", review)),
                help_en=spec["help_en"],
                help_vi=spec["help_vi"],
                fix_en=spec["fix_en"],
                fix_vi=spec["fix_vi"],
                questions=_questions(check_id, spec),
            )
    return found


def _check_help_texts(section: str, check_id: str, spec: dict) -> None:
    """Refuse, in one line naming the entry, a check whose finding a report could not explain
    in both languages (an axe rule would fall back to axe's English run-on message)."""
    missing = [text for text in HELP_TEXTS
               if not isinstance(spec.get(text), str) or not spec[text].strip()]
    if missing:
        raise HarnessError(f"wcag/checks.json: {section} entry '{check_id}' needs non-empty "
                           f"{', '.join(missing)}")


def _questions(check_id: str, spec: dict) -> tuple[Question, ...]:
    """A check's questions for a person; one without both languages is refused in one line."""
    found = []
    for name, asked in spec.get("questions", {}).items():
        if not all(isinstance(asked.get(lang), str) and asked[lang].strip() for lang in LANGS):
            raise HarnessError(f"wcag/checks.json: question '{name}' of '{check_id}' needs "
                               "non-empty vi and en")
        found.append(Question(name, tuple(asked.get("criteria", spec["criteria"])),
                              asked["vi"], asked["en"]))
    return tuple(found)


def question(check_id: str, name: str) -> Question:
    """One declared question of a check; an undeclared one is a programming error."""
    return next(q for q in checks()[check_id].questions if q.name == name)


def axe_rules() -> dict[str, Check]:
    return {check_id: c for check_id, c in checks().items() if c.source == "axe"}


def check(check_id: str) -> Check:
    """A probe's declared metadata; an undeclared id is a programming error, caught by tests."""
    return checks()[check_id]


def checks_for(criterion: str) -> list[str]:
    """The checks whose failures bear on one criterion."""
    return [c.id for c in checks().values() if criterion in c.criteria]


def deciders_for(criterion: str) -> list[str]:
    """The checks whose passing is enough evidence to call the criterion met."""
    return [c.id for c in checks().values() if criterion in c.passes]
