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
# axe's selectors, rewritten the way the probes name elements, so that two checks on one element
# name it alike (one problem, one finding) and a finding keeps its name across steps
CANONICAL_SELECTORS = js.function("canonicalSelectors", "selector")


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
            results = frame.evaluate("options => axe.run(document, options)", options)
        except Error as error:
            if frame is page.main_frame:
                raise  # nothing on the page was checked: the caller says inconclusive
            evidence.not_checked.append(f"axe could not run in the {where}: {first_line(error)}")
            continue
        findings.extend(_findings(results, prefix, _canonical(frame, results)))
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


def _canonical(frame: Frame, results: dict) -> dict[str, str]:
    """axe's selector of each failing element -> the harness's selector of that element."""
    selectors = sorted({t for v in results["violations"] for n in v["nodes"] for t in n["target"]
                        if isinstance(t, str)})
    if not selectors:
        return {}
    try:
        return dict(zip(selectors, frame.evaluate(CANONICAL_SELECTORS, selectors), strict=True))
    except Error:
        return {}


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
