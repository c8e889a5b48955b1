"""junit.xml for CI: one test suite per scenario (or per audited page), one test case per
criterion per step. A failed criterion is a failure naming its findings; an inconclusive or
not-applicable one is skipped with the reason, never a pass; "no failure found" passes and
says what a person must still confirm. Built with lxml; page text goes through `visible`,
since XML 1.0 cannot hold control characters and a bidi override would reorder a CI log."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from lxml import etree

from harness.reporters.run_folder import ReportFinding, RunResults
from harness.reporters.text import note_words
from harness.reporters.words import Lang, count_findings, say
from harness.safe_text import visible
from wcag.criteria import REVIEW_CRITERIA, criteria

JUNIT_FILE = "junit.xml"


def write_junit(run: RunResults, lang: Lang) -> Path:
    by_step: dict[tuple[str, int], list[ReportFinding]] = defaultdict(list)
    for finding in run.findings:
        by_step[(finding.scenario, finding.step)].append(finding)
    root = etree.Element("testsuites", name=f"pesp-a11y {run.meta.get('run_id', '')}")
    suites: dict[str, etree._Element] = {}
    for page in run.pages:
        scenario = page.get("scenario") or run.kind
        suite = suites.get(scenario)
        if suite is None:
            suite = suites[scenario] = etree.SubElement(root, "testsuite", name=safe(scenario))
        step = page.get("step", len(suite) + 1)
        findings = by_step[(scenario, step)]
        for cid in REVIEW_CRITERIA:
            suite.append(_case(cid, scenario, step, page, findings, lang))
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for suite in root:
        counts = {"tests": len(suite),
                  "failures": sum(case.find("failure") is not None for case in suite),
                  "skipped": sum(case.find("skipped") is not None for case in suite)}
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("errors", "0")
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("errors", "0")
    path = run.folder / JUNIT_FILE
    etree.ElementTree(root).write(str(path), encoding="utf-8", xml_declaration=True,
                                  pretty_print=True)
    return path


def _case(cid: str, scenario: str, step: int, page: dict, findings: list[ReportFinding],
          lang: Lang) -> etree._Element:
    criterion = criteria()[cid]
    name = criterion.name_vi if lang == "vi" else criterion.name_en
    step_name = page.get("step_name") or page["url"]
    case = etree.Element("testcase", classname=safe(f"{scenario}.step-{step:02d}"),
                         name=safe(f"{cid} {name}: {step_name}"))
    verdict = page["criteria"].get(cid, "inconclusive")
    note = note_words(page["notes"].get(cid, ""), lang, criterion.confirm_vi)
    if verdict == "fail":
        failing = [f for f in findings if cid in f.criteria]
        failure = etree.SubElement(case, "failure", type=cid, message=safe(
            say("junit.failure", lang, findings=count_findings(len(failing), lang), id=cid)))
        failure.text = "\n".join(safe(line, limit=None)
                                  for line in [_finding_line(f) for f in failing] or [note])
    elif verdict in ("inconclusive", "not-applicable"):
        key = "junit.inconclusive" if verdict == "inconclusive" else "junit.not_applicable"
        etree.SubElement(case, "skipped", message=safe(say(key, lang, note=note), limit=None))
    elif note:
        etree.SubElement(case, "system-out").text = safe(note, limit=None)
    return case


def _finding_line(finding: ReportFinding) -> str:
    """Which check, on which element (as a screen reader names it), where, and what is wrong."""
    element = f"{finding.element_role} '{finding.element_name}'"
    return (f"{finding.id} {finding.check}, {element}, {' > '.join(finding.target)}: "
            f"{finding.problem}")


def safe(text: object, limit: int | None = 300) -> str:
    """Page text as XML can hold it and a log shows it: one line, controls marked."""
    return visible(text, limit=limit)
