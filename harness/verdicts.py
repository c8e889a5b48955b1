"""Turn findings and evidence into a verdict per criterion: fail, pass, inconclusive, n/a.

Honesty rules: a criterion is "pass" only when a check that decides it ran and passed; when
checks could not run (a frame was unreachable, axe needed a human, or no automated check decides
the criterion) it is "inconclusive" with the reason in the notes.
"""

from __future__ import annotations

from collections.abc import Iterable

from harness.findings import Evidence, Finding, PageResult
from wcag.criteria import (
    REVIEW_CRITERIA,
    categories,
    checks,
    checks_for,
    criteria,
    deciders_for,
)


def criterion_verdicts(
    findings: Iterable[Finding], evidence: Evidence
) -> tuple[dict[str, str], dict[str, str]]:
    """Return ({criterion: verdict}, {criterion: why}) for the six review criteria."""
    findings = list(findings)
    verdicts: dict[str, str] = {}
    notes: dict[str, str] = {}
    for criterion_id in REVIEW_CRITERIA:
        failing = sorted({f.check for f in findings if criterion_id in f.criteria})
        bearing = set(checks_for(criterion_id))
        passed = sorted(bearing & evidence.passed)
        decided_by = sorted(set(deciders_for(criterion_id)) & evidence.passed)
        unsure = sorted(set(evidence.needs_review) & bearing)
        if failing:
            verdicts[criterion_id] = "fail"
            notes[criterion_id] = "failed: " + ", ".join(failing)
        elif evidence.not_checked:
            verdicts[criterion_id] = "inconclusive"
            notes[criterion_id] = "not checked: " + "; ".join(evidence.not_checked)
        elif unsure:
            verdicts[criterion_id] = "inconclusive"
            notes[criterion_id] = "needs review: " + "; ".join(
                f"{check_id} ({evidence.needs_review[check_id]})" for check_id in unsure
            )
        elif decided_by:
            verdicts[criterion_id] = "pass"
            notes[criterion_id] = "passed: " + ", ".join(passed)
        elif passed:
            verdicts[criterion_id] = "inconclusive"
            notes[criterion_id] = (
                f"{criteria()[criterion_id].why_not} (no failure from: {', '.join(passed)})"
            )
        elif not set(deciders_for(criterion_id)) & evidence.ran:
            verdicts[criterion_id] = "inconclusive"
            notes[criterion_id] = criteria()[criterion_id].why_not
        else:
            verdicts[criterion_id] = "not-applicable"
            notes[criterion_id] = "nothing on the page that these checks apply to"
    return verdicts, notes


def combine(verdicts: Iterable[str]) -> str:
    """A run's verdict for a criterion from its pages' verdicts: any fail fails; any
    inconclusive page keeps the run from passing; all not-applicable stays not-applicable."""
    seen = set(verdicts)
    for verdict in ("fail", "inconclusive", "pass"):
        if verdict in seen:
            return verdict
    return "not-applicable" if seen else "inconclusive"


def run_summary(pages: list[PageResult]) -> dict:
    """Per-criterion and per-category verdicts of a run, with finding counts.

    A page where no check that decides a criterion ran (nothing was pressed on it, say) does
    not count for that criterion; a criterion no page exercised stays inconclusive."""
    findings = [f for page in pages for f in page.findings]
    criteria_summary = {}
    for cid in REVIEW_CRITERIA:
        exercised = [page for page in pages if cid not in page.untested]
        verdict = combine(page.criteria[cid] for page in exercised) if exercised else "inconclusive"
        criteria_summary[cid] = {
            "verdict": verdict,
            "findings": sum(cid in f.criteria for f in findings),
            "pages_failing": sum(page.criteria[cid] == "fail" for page in pages),
            "pages_exercised": len(exercised),
            "note": "" if exercised else criteria()[cid].why_not,
        }
    passed_checks = {check_id for page in pages for check_id in page.checks_passed}
    category_summary = {}
    for category in categories():
        count = sum(f.category == category for f in findings)
        passed = sorted(c for c in passed_checks if checks()[c].category == category)
        if count:
            verdict, note = "fail", ""
        elif passed:
            verdict, note = "pass", "no failure; passed: " + ", ".join(passed)
        else:
            verdict, note = "inconclusive", "no check of this category found anything to judge"
        category_summary[category] = {"verdict": verdict, "findings": count, "note": note}
    return {
        "pages": len(pages),
        "pages_inconclusive": sum(page.status != "ok" for page in pages),
        "criteria": criteria_summary,
        "categories": category_summary,
        "by_source": _by_source(findings),
    }


def _by_source(findings: list[Finding]) -> dict:
    """What axe alone found and what the probes added, so the probes' value shows."""
    axe = [f for f in findings if f.source == "axe"]
    probes = [f for f in findings if f.source == "probe"]
    axe_criteria = {c for f in axe for c in f.criteria if c in REVIEW_CRITERIA}
    probe_criteria = {c for f in probes for c in f.criteria if c in REVIEW_CRITERIA}
    return {
        "axe_findings": len(axe),
        "probe_findings": len(probes),
        "criteria_failed_by_axe": sorted(axe_criteria),
        "criteria_failed_only_by_probes": sorted(probe_criteria - axe_criteria),
        "categories_found_only_by_probes": sorted(
            {f.category for f in probes if f.category} - {f.category for f in axe if f.category}
        ),
    }
