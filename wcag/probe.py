"""What every probe shares: its outcome type and the way it reports a finding.

A probe is a module with a function that evaluates a snapshot (or, for step probes, what a
step changed) and returns an `Outcome`. Its id, criteria, category and help text are declared in
`checks.json`, the one map from checks to criteria; `finding()` takes them from there, so a probe
never restates which criterion it evidences.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from harness.findings import Finding
from harness.snapshot import Node
from wcag.criteria import check


@dataclass
class Outcome:
    """A probe's answer for one check: failures, whether anything was there to check, and, when
    it could not decide, why (the verdict is then inconclusive, never pass)."""

    check_id: str
    findings: list[Finding] = field(default_factory=list)
    applicable: bool = False
    review: str = ""

    def fail(self, node: Node | None, message: str) -> None:
        self.findings.append(finding(self.check_id, node, message))
        self.applicable = True


def finding(check_id: str, node: Node | None, message: str) -> Finding:
    """A finding of a declared probe on one element (None: the page as a whole)."""
    meta = check(check_id)
    return Finding(
        check=check_id,
        source="probe",
        criteria=list(meta.criteria),
        category=meta.category,
        target=node.target if node is not None else ["html"],
        html=node.html() if node is not None else "",
        message=message,
        impact=None,
    )
