"""What a check reports: findings, and one page's result with its per-criterion verdicts."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

HTML_EXCERPT_LIMIT = 300
VALUE_ATTRIBUTE = re.compile(r"""(\svalue\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)


@dataclass
class Finding:
    """One failure a check found on one element (or on the page: target ["html"])."""

    check: str
    source: str  # "axe" or "probe"
    criteria: list[str]
    category: str | None
    target: list
    html: str
    message: str
    impact: str | None = None

    def __post_init__(self) -> None:
        if len(self.html) > HTML_EXCERPT_LIMIT:
            self.html = self.html[: HTML_EXCERPT_LIMIT - 1] + "…"

    @property
    def key(self) -> tuple:
        """Identity across steps: the same check on the same element is the same finding."""
        return (self.check, repr(self.target))

    def to_json(self) -> dict:
        return asdict(self)

    def hide_values(self) -> None:
        """Drop the fields' values from the excerpt: on a live portal they are the user's own
        data (prefilled name, ID number), and a report must not keep them."""
        self.html = VALUE_ATTRIBUTE.sub(r'\1"…"', self.html)


@dataclass
class Evidence:
    """What the checks could say about a page besides failures: which ran (found something
    to check or not), which passed, which needed a human, and what could not be checked."""

    ran: set[str] = field(default_factory=set)
    passed: set[str] = field(default_factory=set)
    needs_review: dict[str, str] = field(default_factory=dict)
    not_checked: list[str] = field(default_factory=list)


@dataclass
class PageResult:
    url: str
    status: str  # "ok" or "inconclusive"
    findings: list[Finding]
    criteria: dict[str, str]
    notes: dict[str, str]
    title: str = ""
    reason: str = ""
    final_url: str = ""  # where the browser ended up, when a redirect took it elsewhere
    untested: list[str] = field(default_factory=list)  # criteria no deciding check ran for
    checks_passed: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        data = {
            "url": self.url,
            "status": self.status,
            "title": self.title,
            "findings": [f.to_json() for f in self.findings],
            "criteria": self.criteria,
            "notes": self.notes,
            "untested": self.untested,
            "checks_passed": self.checks_passed,
        }
        if self.reason:
            data["reason"] = self.reason
        if self.final_url and self.final_url != self.url:
            data["final_url"] = self.final_url
        return data
