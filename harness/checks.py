"""Check one page state: axe in every frame, the page probes on a snapshot, and whatever the
replay adds (keyboard obstacles, step probes); then judge each criterion."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace

from playwright.sync_api import Error, Page

from harness.axe_runner import run_axe
from harness.errors import first_line
from harness.findings import PageResult, one_per_problem, open_questions
from harness.fingerprints import name_elements
from harness.focus import FocusFacts
from harness.snapshot import Snapshot, take_snapshot
from harness.verdicts import criterion_verdicts
from wcag.criteria import REVIEW_CRITERIA, deciders_for
from wcag.probe import Outcome
from wcag.registry import absorb, page_outcomes


def check_page(
    page: Page,
    url: str | None = None,
    extra: Iterable[Outcome] = (),
    focus: FocusFacts | None = None,
    snapshot: Snapshot | None = None,
) -> PageResult:
    """Raises playwright's Error when the page itself cannot be checked. `snapshot`: one
    already read of this very page state, shared instead of read again."""
    with collector_paused():
        return _check_page(page, url, extra, focus, snapshot)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a page is read and checked: each of its full
    passes walks every live object, a big page's snapshot is millions of them, and the checks'
    own allocations set passes off again and again, so the cost grew with the square of the
    page. The snapshot's cycles are collected after the checks, as before."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check_page(page: Page, url: str | None, extra: Iterable[Outcome], focus: FocusFacts | None,
                snapshot: Snapshot | None) -> PageResult:
    url = url or page.url
    findings, evidence = run_axe(page)
    outcomes = list(extra)
    try:
        snapshot = take_snapshot(page, focus) if snapshot is None else replace(snapshot,
                                                                              focus=focus)
    except Error as error:
        evidence.not_checked.append(f"the probes could not read the page: {first_line(error)}")
        title = page.title()
    else:
        title = snapshot.title
        outcomes += page_outcomes(snapshot)
        if snapshot.unread_frames:  # what is inside them was never seen by the probes
            evidence.not_checked.append(
                "the probes could not read the frame(s) " + ", ".join(snapshot.unread_frames))
    for outcome in outcomes:
        absorb(outcome, findings, evidence)
    result = PageResult(url=url, status="ok", findings=findings, criteria={}, notes={},
                        title=title, final_url=page.url, evidence=evidence)
    _judge(result)
    if snapshot is not None:
        name_elements([*result.findings, *result.reviews], snapshot)
    return result


def add_outcomes(result: PageResult, outcomes: Iterable[Outcome]) -> None:
    """Take in what was learnt after the page was checked (a Tab walk over it) and judge the
    page again."""
    assert result.evidence is not None, "only a checked page can take more outcomes"
    for outcome in outcomes:
        absorb(outcome, result.findings, result.evidence)
    _judge(result)


def _judge(result: PageResult) -> None:
    evidence = result.evidence
    assert evidence is not None
    result.findings = one_per_problem(result.findings)
    result.reviews = open_questions(evidence.reviews, result.findings)
    result.criteria, result.notes = criterion_verdicts(result.findings, evidence)
    result.reason = "; ".join(evidence.not_checked)
    result.untested = [c for c in REVIEW_CRITERIA if not set(deciders_for(c)) & evidence.ran]
    result.checks_passed = sorted(evidence.passed)
    result.checks_ran = sorted(evidence.ran)
    result.checks_review = sorted(evidence.needs_review)
