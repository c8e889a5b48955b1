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
    also: list[str] = field(default_factory=list)  # other checks that saw the same problem
    element: dict = field(default_factory=dict)  # role and name, as the accessibility tree has
    fingerprint: str = ""  # the same problem across runs (harness/fingerprints.py)

    def __post_init__(self) -> None:
        if len(self.html) > HTML_EXCERPT_LIMIT:
            self.html = self.html[: HTML_EXCERPT_LIMIT - 1] + "…"

    @property
    def key(self) -> tuple:
        """Identity across steps: the same check on the same element is the same finding."""
        return (self.check, repr(self.target))

    @property
    def keys(self) -> set[tuple]:
        """The identities of every check that saw this problem."""
        return {(check, repr(self.target)) for check in (self.check, *self.also)}

    def same_problem(self, other: Finding) -> bool:
        """Two checks on one element about the same thing: a shared criterion or category, and
        no two different blind-tester categories (each category counts its own problems)."""
        if self.target != other.target or None not in (self.category, other.category) and (
                self.category != other.category):
            return False
        return bool(set(self.criteria) & set(other.criteria)) or (
            self.category is not None and self.category == other.category)

    def absorb(self, other: Finding) -> None:
        """Take in another check's finding of the same problem."""
        for check in (other.check, *other.also):
            if check != self.check and check not in self.also:
                self.also.append(check)
        self.criteria += [c for c in other.criteria if c not in self.criteria]
        self.category = self.category or other.category
        self.impact = self.impact or other.impact

    def to_json(self) -> dict:
        return asdict(self)

    def hide_values(self) -> None:
        """Drop the fields' values from the excerpt: on a live portal they are the user's own
        data (prefilled name, ID number), and a report must not keep them."""
        self.html = hidden_values(self.html)


def hidden_values(html: str) -> str:
    """An HTML excerpt without the values of its fields."""
    return VALUE_ATTRIBUTE.sub(r'\1"…"', html)


@dataclass
class Review:
    """One question for a person about one element: what no check can judge there (is this
    text alternative, label or heading descriptive; do these links serve one purpose). It is
    no failure and changes no verdict; it points an evaluator at the element."""

    check: str
    criteria: list[str]
    target: list
    html: str
    question_vi: str
    question_en: str
    element: dict = field(default_factory=dict)  # role and name, as the accessibility tree has
    fingerprint: str = ""  # the same question across runs (harness/fingerprints.py)

    def __post_init__(self) -> None:
        # a question never needs what is typed in a field (on a live portal, the user's data)
        self.html = hidden_values(self.html)
        if len(self.html) > HTML_EXCERPT_LIMIT:
            self.html = self.html[: HTML_EXCERPT_LIMIT - 1] + "…"

    @property
    def key(self) -> tuple:
        """Identity across steps, as a finding's: the same check on the same element."""
        return (self.check, repr(self.target))

    def to_json(self) -> dict:
        return asdict(self)


def open_questions(reviews: list[Review], findings: list[Finding]) -> list[Review]:
    """One question per check and element, and none about a criterion a finding already fails
    on that element: a person need not be asked what a check settled."""
    failed = {(repr(f.target), criterion) for f in findings for criterion in f.criteria}
    kept: list[Review] = []
    seen: set[tuple] = set()
    for review in reviews:
        if review.key in seen or any((repr(review.target), c) in failed for c in review.criteria):
            continue
        seen.add(review.key)
        kept.append(review)
    return kept


def one_per_problem(findings: list[Finding]) -> list[Finding]:
    """When axe and probes (or several probes) see the same problem on the same element, keep
    one finding naming every check that saw it: counts are of distinct problems."""
    kept: list[Finding] = []
    on_element: dict[str, list[Finding]] = {}  # only findings on one element can be one problem
    for finding in findings:
        here = on_element.setdefault(repr(finding.target), [])
        same = next((k for k in here if k.same_problem(finding)), None)
        if same is None:
            kept.append(finding)
            here.append(finding)
        else:
            same.absorb(finding)
    return kept


@dataclass
class Evidence:
    """What the checks could say about a page besides failures: which ran (found something
    to check or not), which passed, which needed a human, and what could not be checked."""

    ran: set[str] = field(default_factory=set)
    passed: set[str] = field(default_factory=set)
    needs_review: dict[str, str] = field(default_factory=dict)
    not_checked: list[str] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)  # questions for a person, by element


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
    checks_ran: list[str] = field(default_factory=list)
    checks_review: list[str] = field(default_factory=list)  # could not decide: a person must
    tab_walk: dict = field(default_factory=dict)  # how a Tab walk over the page ended (audit)
    reviews: list[Review] = field(default_factory=list)  # what a person must judge, by element
    evidence: Evidence | None = field(default=None, repr=False)  # kept to judge again

    def to_json(self) -> dict:
        data = {
            "url": self.url,
            "status": self.status,
            "title": self.title,
            "findings": [f.to_json() for f in self.findings],
            "reviews": [r.to_json() for r in self.reviews],
            "criteria": self.criteria,
            "notes": self.notes,
            "untested": self.untested,
            "checks_passed": self.checks_passed,
            "checks_ran": self.checks_ran,
            "checks_review": self.checks_review,
        }
        if self.tab_walk:
            data["tab_walk"] = self.tab_walk
        if self.reason:
            data["reason"] = self.reason
        if self.final_url and self.final_url != self.url:
            data["final_url"] = self.final_url
        return data
