"""findings.json: every finding of a run for other programs (dashboards, issue trackers, the
gate): criterion, category, check, step, the element as a screen reader names it, the HTML
excerpt, help and fix texts in Vietnamese and English, and the reference links. Page text is
kept whole; control and bidirectional-formatting characters are escaped, so the file reads
safely in a terminal or an editor."""

from __future__ import annotations

import json
import re
from pathlib import Path

from harness.reporters.run_folder import ReportFinding, RunResults
from harness.results import write_atomically

FINDINGS_FILE = "findings.json"
FORMAT_VERSION = 1
# what json.dumps leaves as is but a terminal or an editor would act on (C1 controls, bidi
# overrides, line separators); C0 controls are escaped by json.dumps itself
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                             "\u2028\u2029]")


def json_text(record: object) -> str:
    """Indented JSON with Vietnamese readable and unsafe characters escaped."""
    text = json.dumps(record, ensure_ascii=False, indent=2)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def finding_record(finding: ReportFinding) -> dict:
    return {
        "id": finding.id,
        "criteria": finding.review_criteria,
        "other_criteria": [c for c in finding.criteria if c not in finding.review_criteria],
        "category": finding.category,
        "check": finding.check,
        "also": finding.also,
        "source": finding.source,
        "impact": finding.impact,
        "scenario": finding.scenario,
        "step": finding.step,
        "step_name": finding.step_name,
        "url": finding.url,
        "page_title": finding.page_title,
        "element": {"role": finding.element_role, "name": finding.element_name,
                    "named_from": finding.name_from, "selector": finding.target},
        "html": finding.html,
        "message": finding.message,
        "help": finding.help,
        "fix": finding.fix,
        "understanding": {key.split(":", 1)[1]: url for key, url in finding.links.items()
                          if key.startswith("wcag:")},
        "axe_rules": {key.split(":", 1)[1]: url for key, url in finding.links.items()
                      if key.startswith("axe:")},
        "transcript": finding.transcript,
        "fingerprint": finding.fingerprint or None,
    }


def write_findings_json(run: RunResults) -> Path:
    meta = run.meta
    record = {
        "format": FORMAT_VERSION,
        "run": {key: meta.get(key) for key in ("run_id", "kind", "province", "portal", "target",
                                               "variant", "base_url", "status", "reason",
                                               "started", "finished")},
        "criteria": run.summary["criteria"],
        "categories": run.summary["categories"],
        "findings": [finding_record(finding) for finding in run.findings],
    }
    record["run"]["kind"] = run.kind
    path = run.folder / FINDINGS_FILE
    write_atomically(path, json_text(record))
    return path
