"""The six review criteria, the blind testers' categories and the axe rule map, read from data.

Everything that says which check evidences which criterion comes from `criteria.json` and
`axe_rules.json` beside this module, so the map is visible and editable in one place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent
REVIEW_CRITERIA = ("1.1.1", "1.3.1", "2.1.1", "2.4.4", "2.4.6", "3.3.2")


@dataclass(frozen=True)
class Criterion:
    id: str
    level: str
    name_en: str
    name_vi: str
    automated_pass: bool
    why_not: str = ""


@dataclass(frozen=True)
class Category:
    id: str
    name_en: str
    name_vi: str


@dataclass(frozen=True)
class AxeRule:
    id: str
    criteria: tuple[str, ...]
    category: str | None


@cache
def _criteria_file() -> dict:
    return json.loads((HERE / "criteria.json").read_text(encoding="utf-8"))


@cache
def criteria() -> dict[str, Criterion]:
    return {c["id"]: Criterion(**c) for c in _criteria_file()["criteria"]}


@cache
def categories() -> dict[str, Category]:
    return {c["id"]: Category(**c) for c in _criteria_file()["categories"]}


@cache
def axe_rules() -> dict[str, AxeRule]:
    data = json.loads((HERE / "axe_rules.json").read_text(encoding="utf-8"))
    return {
        rule_id: AxeRule(rule_id, tuple(spec["criteria"]), spec["category"])
        for rule_id, spec in data["rules"].items()
    }


def rules_for(criterion: str) -> list[str]:
    """The axe rules whose results bear on one criterion."""
    return [rule.id for rule in axe_rules().values() if criterion in rule.criteria]
