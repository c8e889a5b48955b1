"""reviews.json: every question a run puts to a person, element by element (is this text
alternative, label, heading or link descriptive; do these same-named links serve one purpose),
apart from the failures in findings.json: no check can answer them, so they fail nothing and
point an evaluator at the element, with the question in Vietnamese and English."""

from __future__ import annotations

from pathlib import Path

from harness.reporters.findings_json import FORMAT_VERSION, json_text
from harness.reporters.run_folder import ReportReview, RunResults
from harness.results import write_atomically

REVIEWS_FILE = "reviews.json"


def review_record(review: ReportReview) -> dict:
    return {
        "id": review.id,
        "check": review.check,
        "criteria": review.criteria,
        "scenario": review.scenario,
        "step": review.step,
        "step_name": review.step_name,
        "url": review.url,
        "element": {"role": review.element_role, "name": review.element_name,
                    "selector": review.target},
        "html": review.html,
        "question_vi": review.question["vi"],
        "question_en": review.question["en"],
        "fingerprint": review.fingerprint or None,
    }


def write_reviews_json(run: RunResults) -> Path:
    record = {
        "format": FORMAT_VERSION,
        "run": {"run_id": run.meta.get("run_id"), "kind": run.kind,
                "portal": run.meta.get("portal"), "status": run.meta.get("status")},
        "count": run.summary["reviews"],
        "reviews": [review_record(review) for review in run.reviews],
    }
    path = run.folder / REVIEWS_FILE
    write_atomically(path, json_text(record))
    return path
