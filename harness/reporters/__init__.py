"""Reporters: one module per output format, each a function from a run's results to a file.

A reporter reads only what a run recorded in its results folder (run.json, steps.jsonl,
scenarios.jsonl, transcript.jsonl...), never the live browser, so it works on an interrupted
run's folder and can be re-run later (`pesp-a11y report RUN_DIR`). As pa11y keeps a reporter
per format, each format here is one module with one public `write_*` function.
"""

from __future__ import annotations

from pathlib import Path

from harness.reporters.findings_json import write_findings_json
from harness.reporters.html import write_html
from harness.reporters.junit import write_junit
from harness.reporters.reviews_json import write_reviews_json
from harness.reporters.run_folder import RunResults, load_run
from harness.reporters.sarif import write_sarif
from harness.reporters.text import write_text
from harness.reporters.words import Lang


def write_reports(folder: Path, lang: Lang) -> tuple[RunResults, list[Path]]:
    """Every report of a results folder, from what it recorded: summary.txt, findings.json,
    reviews.json, junit.xml, results.sarif and report.html; returns the results read and the
    files written."""
    run = load_run(folder)
    return run, [write_text(run, lang), write_findings_json(run), write_reviews_json(run),
                 write_junit(run, lang), write_sarif(run), write_html(run, lang)]
