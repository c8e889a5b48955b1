"""Turn findings and evidence into a verdict per criterion and per blind-tester category.

Verdicts:
- "fail": a check found a failure (any finding fails its criteria, on the page and in the run);
- "pass": never given by the checks, since none can judge everything the six criteria cover;
  only a person's confirmation could give it;
- "no-failure-found": checks that apply ran and found nothing; the note says which ran and what a
  person must still confirm;
- "inconclusive": something could not be checked (a page or frame not read, a check that needs
  review, no deciding check ran), with the reason;
- "not-applicable": nothing on the page is subject to it.
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

NO_FAILURE = "no-failure-found"
STRENGTH = ("fail", "inconclusive", NO_FAILURE, "pass", "not-applicable")
LISTED_CHECKS = 6


def criterion_verdicts(
    findings: Iterable[Finding], evidence: Evidence
) -> tuple[dict[str, str], dict[str, str]]:
    """Return ({criterion: verdict}, {criterion: why}) for the six review criteria."""
    findings = list(findings)
    verdicts: dict[str, str] = {}
    notes: dict[str, str] = {}
    for criterion_id in REVIEW_CRITERIA:
        criterion = criteria()[criterion_id]
        failing = sorted({f.check for f in findings if criterion_id in f.criteria})
        bearing = set(checks_for(criterion_id))
        deciders = set(deciders_for(criterion_id))
        applied = sorted(deciders & evidence.passed)
        unsure = sorted(set(evidence.needs_review) & bearing)
        if failing:
            verdict, note = "fail", "failed: " + ", ".join(failing)
        elif evidence.not_checked:
            verdict, note = "inconclusive", "not checked: " + "; ".join(evidence.not_checked)
        elif unsure:
            verdict, note = "inconclusive", "needs review: " + "; ".join(
                f"{check_id} ({evidence.needs_review[check_id]})" for check_id in unsure)
        elif not deciders & evidence.ran:
            verdict, note = "inconclusive", criterion.why_not
        elif applied or criterion.always_applies:
            verdict, note = NO_FAILURE, no_failure_note(
                applied or sorted(bearing & evidence.ran), criterion.confirm_en)
        elif bearing & evidence.passed:  # something is subject to it, nothing here decides it
            verdict, note = "inconclusive", (
                f"{criterion.why_not} (no failure from: "
                f"{', '.join(sorted(bearing & evidence.passed))})")
        else:
            verdict, note = "not-applicable", "nothing on the page that these checks apply to"
        verdicts[criterion_id], notes[criterion_id] = verdict, note
    return verdicts, notes


def no_failure_note(checks_run: list[str], confirm: str) -> str:
    shown = ", ".join(checks_run[:LISTED_CHECKS])
    more = len(checks_run) - LISTED_CHECKS
    told = f"no failure found by {shown}{f' and {more} more checks' if more > 0 else ''}"
    return f"{told}; a person must still confirm {confirm}" if confirm else told


def combine(verdicts: Iterable[str]) -> str:
    """A run's verdict from its pages' verdicts: the weakest claim wins (any fail fails, any
    inconclusive page keeps the rest from counting as checked); all not-applicable stays so."""
    seen = set(verdicts)
    return next((verdict for verdict in STRENGTH if verdict in seen), "inconclusive")


def run_summary(pages: list[PageResult]) -> dict:
    """Per-criterion and per-category verdicts of a run, with finding counts.

    A page exercised a criterion when a check that decides it ran there or when anything there
    failed it; a page where no such check ran (nothing was pressed on it, say) does not count,
    and a criterion no page exercised stays inconclusive."""
    findings = [f for page in pages for f in page.findings]
    criteria_summary = {}
    for cid in REVIEW_CRITERIA:
        exercised = [page for page in pages
                     if cid not in page.untested or page.criteria[cid] == "fail"]
        verdict = combine(page.criteria[cid] for page in exercised) if exercised else "inconclusive"
        criteria_summary[cid] = {
            "verdict": verdict,
            "findings": sum(cid in f.criteria for f in findings),
            "pages_failing": sum(page.criteria[cid] == "fail" for page in pages),
            "pages_exercised": len(exercised),
            "note": _run_note(cid, verdict, exercised),
        }
    return {
        "pages": len(pages),
        "pages_inconclusive": sum(page.status != "ok" for page in pages),
        "criteria": criteria_summary,
        "categories": {category: _category_row(category, pages) for category in categories()},
        "by_source": _by_source(findings),
        "reviews": _questions(pages),
    }


def _questions(pages: list[PageResult]) -> dict:
    """The questions for a person, counted apart from failures: in all, and per criterion."""
    reviews = [review for page in pages for review in page.reviews]
    return {"questions": len(reviews),
            "criteria": {cid: sum(cid in r.criteria for r in reviews) for cid in REVIEW_CRITERIA}}


def _run_note(cid: str, verdict: str, exercised: list[PageResult]) -> str:
    if not exercised:
        return criteria()[cid].why_not
    if verdict == NO_FAILURE:
        return f"a person must still confirm {criteria()[cid].confirm_en}"
    if verdict == "inconclusive":
        return next((page.notes[cid] for page in exercised
                     if page.criteria[cid] == "inconclusive"), "")
    return ""


def _category_row(category: str, pages: list[PageResult]) -> dict:
    """A blind-tester category follows the criteria's rules: any finding fails it; a page that
    could not be checked or a check that needs review leaves it inconclusive; checks that
    passed give "no failure found", never "pass"."""
    members = {c for c, meta in checks().items() if meta.category == category}
    count = sum(f.category == category for page in pages for f in page.findings)
    unread = [page.url for page in pages if page.status != "ok"]
    unsure = sorted({c for page in pages for c in page.checks_review} & members)
    passed = sorted({c for page in pages for c in page.checks_passed} & members)
    ran = {c for page in pages for c in page.checks_ran} & members
    if count:
        verdict, note = "fail", ""
    elif unread:
        verdict, note = "inconclusive", f"{len(unread)} page state(s) could not be checked"
    elif unsure:
        verdict, note = "inconclusive", "needs review: " + ", ".join(unsure)
    elif passed:
        verdict, note = NO_FAILURE, no_failure_note(passed, "what a blind tester meets there")
    elif ran:
        verdict, note = "not-applicable", "nothing of this kind was met"
    else:
        verdict, note = "inconclusive", "no check of this category ran"
    return {"verdict": verdict, "findings": count, "note": note}


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
