"""Run axe-core in every frame of a page and turn its results into findings and evidence.

axe-playwright-python injects axe into the top frame only, so frames (an embedded form, a
CAPTCHA vendor's frame) would be skipped silently. Here axe is injected into each frame and run
there with only the curated rules; a frame axe cannot run in is recorded as not checked.
"""

from __future__ import annotations

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Error, Frame, Page

from harness import js
from harness.errors import first_line
from harness.findings import Evidence, Finding
from harness.frames import frame_path
from wcag.criteria import axe_rules

PAGE_LEVEL_RULES = {"page-has-heading-one"}
# axe run with its selectors rewritten the way the probes name elements, so that two checks on one
# element name it alike (one problem, one finding) and a finding keeps its name across steps
RUN_AXE = js.function("runAxe", "selector", "axe_run")


def axe_version(page: Page) -> str:
    _inject(page.main_frame)
    return page.main_frame.evaluate("axe.version")


def run_axe(page: Page) -> tuple[list[Finding], Evidence]:
    """Findings of the curated rules in every frame, and the evidence of what passed."""
    findings: list[Finding] = []
    evidence = Evidence()
    for frame in page.frames:
        if frame.is_detached():
            continue
        rules = sorted(axe_rules())
        if frame is not page.main_frame:  # an embedded document is not a page of its own
            rules = [rule for rule in rules if rule not in PAGE_LEVEL_RULES]
        options = {
            "runOnly": {"type": "rule", "values": rules},
            "resultTypes": ["violations", "incomplete"],
            "iframes": False,
        }
        where = f"frame {frame.url or frame.name}"
        try:
            prefix = frame_path(frame)
            _inject(frame)
            answer = frame.evaluate(RUN_AXE, options)
        except Error as error:
            if frame is page.main_frame:
                raise  # nothing on the page was checked: the caller says inconclusive
            evidence.not_checked.append(f"axe could not run in the {where}: {first_line(error)}")
            continue
        results = answer["results"]
        findings.extend(_findings(results, prefix, answer["canonical"]))
        evidence.passed.update(rule["id"] for rule in results["passes"])
        evidence.ran.update(
            rule["id"]
            for kind in ("passes", "violations", "incomplete", "inapplicable")
            for rule in results[kind]
        )
        for rule in results["incomplete"]:
            message = rule["nodes"][0].get("failureSummary") if rule["nodes"] else rule["help"]
            evidence.needs_review.setdefault(rule["id"], _one_line(message or rule["help"]))
    return findings, evidence


def _inject(frame: Frame) -> None:
    if not frame.evaluate("typeof window.axe === 'object'"):
        frame.evaluate(AXE_SCRIPT)


def _findings(results: dict, prefix: list[str], canonical: dict[str, str]) -> list[Finding]:
    rules = axe_rules()
    found = []
    for violation in results["violations"]:
        rule = rules[violation["id"]]
        for node in violation["nodes"]:
            found.append(
                Finding(
                    check=violation["id"],
                    source="axe",
                    criteria=list(rule.criteria),
                    category=rule.category,
                    target=prefix + [canonical.get(t, t) if isinstance(t, str) else _selector(t)
                                     for t in node["target"]],
                    html=node.get("html", ""),
                    message=_one_line(f"{violation['help']}. {node.get('failureSummary', '')}"),
                    impact=node.get("impact") or violation.get("impact"),
                )
            )
    return found


def _selector(target: str | list) -> str:
    """axe gives shadow-DOM targets as lists; keep one selector string per level."""
    return target if isinstance(target, str) else " >>> ".join(target)


def _one_line(text: str) -> str:
    return " ".join(text.split())
