"""What every probe shares: its outcome type and the way it reports a finding.

A probe module declares its checks in a `CHECKS` mapping, check id -> a function that evaluates
a snapshot (or, for step checks, what a step changed) and returns that check's `Outcome`;
`wcag/registry.py` gathers them. Its id, criteria, category and help text are declared in
`checks.json`, the one map from checks to criteria; `finding()` takes them from there, so a probe
never restates which criterion it evidences.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from harness.findings import Finding, Review
from harness.snapshot import Node
from wcag.criteria import check, question


@dataclass
class Outcome:
    """A probe's answer for one check: failures, whether anything was there to check, and, when
    it could not decide, why (the verdict is then inconclusive, never pass)."""

    check_id: str
    findings: list[Finding] = field(default_factory=list)
    applicable: bool = False
    review: str = ""
    reviews: list[Review] = field(default_factory=list)  # questions for a person, by element

    def fail(self, node: Node | None, message: str) -> None:
        self.findings.append(finding(self.check_id, node, message))
        self.applicable = True

    def ask(self, node: Node, question_name: str, **words: object) -> None:
        """Put one of the check's declared questions to a person about one element (what only
        a person can judge there); `words` fill its placeholders with the page's own text."""
        asked = question(self.check_id, question_name)
        self.reviews.append(Review(
            check=self.check_id, criteria=list(asked.criteria), target=node.target,
            html=node.html(), question_vi=asked.vi.format(**words),
            question_en=asked.en.format(**words)))


# One check: evaluates its subject (a Snapshot, or a StepChange for step checks).
Check = Callable[[Any], Outcome]


def run_checks(checks: Mapping[str, Check], subject: Any) -> list[Outcome]:
    """Every check of a mapping on one subject, in declaration order."""
    return [evaluate(subject) for evaluate in checks.values()]


def finding(check_id: str, node: Node | None, message: str) -> Finding:
    """A finding of a declared probe on one element (None: the page as a whole)."""
    if node is None:
        return finding_at(check_id, ["html"], "", message)
    return finding_at(check_id, node.target, node.html(), message)


def finding_at(check_id: str, target: list[str], html: str, message: str) -> Finding:
    """A finding on an element known only by its target (one no longer in the snapshot, or an
    obstacle the keyboard replay met)."""
    meta = check(check_id)
    return Finding(
        check=check_id,
        source="probe",
        criteria=list(meta.criteria),
        category=meta.category,
        target=list(target),
        html=html,
        message=message,
        impact=None,
    )
