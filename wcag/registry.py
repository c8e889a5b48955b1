"""Which checks run, keyed by check id: page checks judge one snapshot, step checks what one
action changed. Each probe module declares its checks (id -> function returning an `Outcome`)
in its `CHECKS` mapping, and their criteria and help in `checks.json`; the keyboard replay adds
its obstacle outcomes (`wcag/keyboard.py`) on its own."""

from __future__ import annotations

from captcha_probes import captcha
from harness.findings import Evidence, Finding
from harness.snapshot import Snapshot
from wcag import (
    fields,
    frames,
    groups,
    headings,
    images,
    keyboard,
    links_buttons,
    status,
    tables,
)
from wcag.criteria import checks
from wcag.probe import Check, Outcome, run_checks

PAGE_CHECKS: dict[str, Check] = {
    **captcha.CHECKS,
    **links_buttons.CHECKS,
    **images.CHECKS,
    **headings.CHECKS,
    **tables.CHECKS,
    **fields.CHECKS,
    **groups.CHECKS,
    **keyboard.CHECKS,
    **frames.CHECKS,
}
STEP_CHECKS: dict[str, Check] = status.STEP_CHECKS


def _undeclared() -> list[str]:
    """Registered check ids that checks.json does not declare (their findings would have no
    criterion): a programming error, refused at import."""
    declared = {c.id for c in checks().values() if c.source == "probe"}
    return sorted((set(PAGE_CHECKS) | set(STEP_CHECKS)) - declared)


if _undeclared():
    raise RuntimeError(f"checks registered but not declared in checks.json: {_undeclared()}")


def page_outcomes(snapshot: Snapshot) -> list[Outcome]:
    return run_checks(PAGE_CHECKS, snapshot)


def absorb(outcome: Outcome, findings: list[Finding], evidence: Evidence) -> None:
    """Add a probe's outcome to a page's findings and evidence."""
    evidence.ran.add(outcome.check_id)
    findings.extend(outcome.findings)
    evidence.reviews.extend(outcome.reviews)
    if outcome.review:
        evidence.needs_review.setdefault(outcome.check_id, outcome.review)
    elif outcome.applicable and not outcome.findings:
        evidence.passed.add(outcome.check_id)
