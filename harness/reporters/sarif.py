"""results.sarif (SARIF 2.1.0) for code-scanning dashboards: one rule per check from the
checks' metadata (wcag/checks.json) and one per criterion for what a person must review; one
result per finding at its page and element, and one "review" result wherever a criterion on a
page stayed inconclusive, so a dashboard never shows a clean page that was not checked."""

from __future__ import annotations

import posixpath
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from harness.reporters.findings_json import json_text
from harness.reporters.run_folder import ReportFinding, RunResults
from harness.reporters.words import understanding_url
from harness.results import write_atomically
from wcag.criteria import REVIEW_CRITERIA, checks, criteria

SARIF_FILE = "results.sarif"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
REVIEW_RULE = "criterion-{id}-needs-review"
IMPACT_LEVELS = {"critical": "error", "serious": "error", "moderate": "warning", "minor": "note"}


def _tool_version() -> str:
    try:
        return version("pesp-a11y")
    except PackageNotFoundError:
        return "0"


def _rules() -> list[dict]:
    rules = []
    for check in checks().values():
        review = [c for c in check.criteria if c in REVIEW_CRITERIA]
        link = understanding_url(review[0]) if review else None
        rule = {
            "id": check.id,
            "shortDescription": {"text": check.help_en},
            "fullDescription": {"text": check.help_vi},
            "help": {"text": f"{check.fix_vi}\n{check.fix_en}"},
            "properties": {"tags": ["accessibility", *(f"wcag{c}" for c in check.criteria),
                                    *([check.category] if check.category else [])],
                           "source": check.source},
            "defaultConfiguration": {"level": "error" if review else "warning"},
        }
        if link:
            rule["helpUri"] = link
        rules.append(rule)
    for cid in REVIEW_CRITERIA:
        criterion = criteria()[cid]
        rules.append({
            "id": REVIEW_RULE.format(id=cid),
            "shortDescription": {"text": f"WCAG {cid} {criterion.name_en}: needs review"},
            "help": {"text": f"{criterion.name_vi}: {criterion.confirm_vi}\n"
                             f"{criterion.name_en}: {criterion.confirm_en}"},
            "helpUri": understanding_url(cid),
            "properties": {"tags": ["accessibility", f"wcag{cid}", "needs-review"]},
            "defaultConfiguration": {"level": "none"},
        })
    return rules


def page_path(url: str) -> str:
    """A page as the relative path code scanning takes ("dvc.example.vn/vi/tra-cuu"): GitHub
    rejects a whole upload whose locations are http(s) addresses (their scheme is not its
    checkout's), and a path must stay the same from run to run for an alert to stay one alert,
    so the scheme, port (a replica's changes every run), query and fragment are left out; the
    address itself is the location's "url" property."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        path = parts.path
    else:
        path = (parts.hostname or "page").replace(":", "_") + "/" + parts.path
    path = posixpath.normpath("/" + unquote(path)).strip("/")  # no "." nor ".." nor "//"
    return quote(path, safe="/-._~") or "page"


def _location(url: str, selector: list | None = None, excerpt: str = "") -> dict:
    location: dict = {"physicalLocation": {"artifactLocation": {"uri": page_path(url)}},
                      "properties": {"url": url}}
    if excerpt:
        location["physicalLocation"]["region"] = {"startLine": 1, "snippet": {"text": excerpt}}
    if selector:
        location["logicalLocations"] = [{"fullyQualifiedName": " > ".join(selector),
                                         "kind": "element"}]
    return location


def _level(finding: ReportFinding) -> str:
    if finding.impact in IMPACT_LEVELS:
        return IMPACT_LEVELS[finding.impact]
    return "error" if finding.review_criteria else "warning"


def _what_is_wrong(finding: ReportFinding) -> str:
    """A probe's own message names what it saw on this element; axe's is a run-on list of
    ways to fix it, so an axe finding is told by the catalogue's help text instead (axe's
    message stays in the result's "detail")."""
    if finding.source == "probe":
        return finding.problem
    return finding.help["en"] or finding.problem


def _result(finding: ReportFinding, rule_index: dict[str, int]) -> dict:
    element = f"{finding.element_role} '{finding.element_name}'"
    result = {
        "ruleId": finding.check,
        "ruleIndex": rule_index[finding.check],
        "kind": "fail",
        "level": _level(finding),
        "message": {"text": f"{_what_is_wrong(finding)} ({element}; {finding.scenario}, step "
                            f"{finding.step}: {finding.step_name})"},
        "locations": [_location(finding.url, finding.target, finding.html)],
        "properties": {"criteria": finding.criteria, "category": finding.category,
                       "also": finding.also, "findingId": finding.id,
                       "element": {"role": finding.element_role, "name": finding.element_name,
                                   "namedFrom": finding.name_from},
                       "help": finding.help, "fix": finding.fix, "detail": finding.problem},
    }
    if finding.fingerprint:
        result["partialFingerprints"] = {"pespA11yFinding/v1": finding.fingerprint}
    return result


def _reviews(run: RunResults, rule_index: dict[str, int]) -> list[dict]:
    """Each page's inconclusive criteria, as results a person must review."""
    reviews = []
    for page in run.pages:
        for cid, verdict in page["criteria"].items():
            if verdict != "inconclusive":
                continue
            rule = REVIEW_RULE.format(id=cid)
            where = page.get("step_name") or page["url"]
            reviews.append({"ruleId": rule, "ruleIndex": rule_index[rule], "kind": "review",
                            "level": "none",
                            "message": {"text": f"{cid} inconclusive at {where}: "
                                                f"{page['notes'].get(cid, '')}"},
                            "locations": [_location(page["url"])]})
    return reviews


def sarif_log(run: RunResults) -> dict:
    rules = _rules()
    for finding in run.findings:  # a check the catalogue does not know (an older run's)
        if all(rule["id"] != finding.check for rule in rules):
            rules.append({"id": finding.check, "shortDescription": {"text": finding.problem}})
    rule_index = {rule["id"]: index for index, rule in enumerate(rules)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "pesp-a11y", "version": _tool_version(),
                                "rules": rules}},
            "invocations": [{"executionSuccessful": run.meta.get("status") == "complete",
                             **({"exitCodeDescription": run.meta["reason"]}
                                if run.meta.get("reason") else {})}],
            "automationDetails": {"id": f"pesp-a11y/{run.meta.get('province', run.kind)}/"
                                        f"{run.meta.get('run_id', '')}"},
            "results": [_result(f, rule_index) for f in run.findings]
                       + _reviews(run, rule_index),
        }],
    }


def write_sarif(run: RunResults) -> Path:
    path = run.folder / SARIF_FILE
    write_atomically(path, json_text(sarif_log(run)))
    return path
