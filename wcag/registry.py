"""Which probes run: page probes judge one snapshot; the replay adds keyboard and step probes."""

from __future__ import annotations

from captcha_probes import captcha
from harness.findings import Evidence, Finding
from harness.snapshot import Snapshot
from wcag import fields, groups, headings, images, keyboard, links_buttons, tables
from wcag.probe import Outcome

PAGE_PROBES = (
    captcha.evaluate,
    links_buttons.evaluate,
    images.evaluate,
    headings.evaluate,
    tables.evaluate,
    fields.evaluate,
    groups.evaluate,
    keyboard.evaluate,
)


def page_outcomes(snapshot: Snapshot) -> list[Outcome]:
    return [outcome for probe in PAGE_PROBES for outcome in probe(snapshot)]


def absorb(outcome: Outcome, findings: list[Finding], evidence: Evidence) -> None:
    """Add a probe's outcome to a page's findings and evidence."""
    evidence.ran.add(outcome.check_id)
    findings.extend(outcome.findings)
    if outcome.review:
        evidence.needs_review.setdefault(outcome.check_id, outcome.review)
    elif outcome.applicable and not outcome.findings:
        evidence.passed.add(outcome.check_id)
