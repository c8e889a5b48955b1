"""Check one page state: axe in every frame, the page probes on a snapshot, and whatever the
replay adds (keyboard obstacles, step probes); then judge each criterion."""

from __future__ import annotations

from collections.abc import Iterable

from playwright.sync_api import Error, Page

from harness.axe_runner import run_axe
from harness.errors import first_line
from harness.findings import PageResult, one_per_problem
from harness.focus import FocusFacts
from harness.snapshot import take_snapshot
from harness.verdicts import criterion_verdicts
from wcag.criteria import REVIEW_CRITERIA, deciders_for
from wcag.probe import Outcome
from wcag.registry import absorb, page_outcomes


def check_page(
    page: Page,
    url: str | None = None,
    extra: Iterable[Outcome] = (),
    focus: FocusFacts | None = None,
) -> PageResult:
    """Raises playwright's Error when the page itself cannot be checked."""
    url = url or page.url
    title = page.title()
    findings, evidence = run_axe(page)
    outcomes = list(extra)
    try:
        snapshot = take_snapshot(page, focus)
    except Error as error:
        evidence.not_checked.append(f"the probes could not read the page: {first_line(error)}")
    else:
        outcomes += page_outcomes(snapshot)
        if snapshot.unread_frames:  # what is inside them was never seen by the probes
            evidence.not_checked.append(
                "the probes could not read the frame(s) " + ", ".join(snapshot.unread_frames))
    for outcome in outcomes:
        absorb(outcome, findings, evidence)
    findings = one_per_problem(findings)
    verdicts, notes = criterion_verdicts(findings, evidence)
    return PageResult(
        url=url,
        status="ok",
        findings=findings,
        criteria=verdicts,
        notes=notes,
        title=title,
        reason="; ".join(evidence.not_checked),
        final_url=page.url,
        untested=[c for c in REVIEW_CRITERIA if not set(deciders_for(c)) & evidence.ran],
        checks_passed=sorted(evidence.passed),
        checks_ran=sorted(evidence.ran),
        checks_review=sorted(evidence.needs_review),
    )
