"""A run's results as the reporters see them: read back from the results folder the run wrote
(run.json, pages.jsonl, steps.jsonl, scenarios.jsonl, transcript.jsonl, screenshots/), never
from the live browser, so an interrupted run's folder can be reported on, and a report written
again later. Each finding is joined with what the rest of the folder knows about it: the step,
the element as the screen reader named it when the keyboard reached it, the transcript lines
around it, the catalogue's help and fix texts (every check has them, in both languages), and its
reference links."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from pathlib import Path

from lxml import etree, html

from harness.errors import HarnessError
from harness.findings import Finding, PageResult, Review
from harness.reporters.words import axe_rule_url, understanding_url
from harness.results import SCREENSHOTS_DIR
from harness.verdicts import run_summary
from wcag.criteria import REVIEW_CRITERIA, checks

AXE_VERSION_FILE = Path(__file__).parent.parent.parent / "wcag" / "checks.json"
TRANSCRIPT_CONTEXT = 2  # utterances either side of the element's own
TRANSCRIPT_OPENING = 6  # utterances shown from a step whose element the keyboard never reached


@dataclass
class ReportFinding:
    """One finding with everything a reader needs to act on it."""

    id: str  # "F001": stable within one report, for cross-references
    scenario: str
    step: int
    step_name: str
    url: str
    page_title: str
    check: str
    also: list[str]
    source: str
    criteria: list[str]
    category: str | None
    target: list
    html: str
    message: str
    impact: str | None
    element_role: str
    element_name: str
    name_from: str  # "accessibility-tree" (the keyboard reached it), "page-title", "html-excerpt"
    help: dict[str, str]
    fix: dict[str, str]
    links: dict[str, str]  # label -> address: WCAG Understanding pages and the axe rule
    transcript: list[dict[str, str]] = field(default_factory=list)  # {"vi": ..., "en": ...}
    fingerprint: str = ""  # the run's identity of the problem across runs, when it wrote one

    @property
    def problem(self) -> str:
        """What is wrong on this element, without axe's long list of ways to fix it."""
        return self.message.partition(" Fix ")[0].strip()

    @property
    def review_criteria(self) -> list[str]:
        return [c for c in self.criteria if c in REVIEW_CRITERIA]

    def to_json(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass
class ReportReview:
    """One question for a person, on one element, where the run met it."""

    id: str  # "Q001": stable within one report
    scenario: str
    step: int
    step_name: str
    url: str
    check: str
    criteria: list[str]
    target: list
    html: str
    question: dict[str, str]  # {"vi": ..., "en": ...}
    element_role: str
    element_name: str
    fingerprint: str = ""

    def to_json(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass
class RunResults:
    folder: Path
    meta: dict
    pages: list[dict]  # pages.jsonl: one checked page state each, with its step context
    steps: list[dict]
    scenarios: list[dict]
    summary: dict
    findings: list[ReportFinding]
    screenshots: dict[tuple[str, int], Path]  # (scenario, step) -> PNG of a blocked step
    reviews: list[ReportReview] = field(default_factory=list)  # questions for a person

    @property
    def kind(self) -> str:
        """"run" for a replay, "audit" for single pages."""
        return self.meta.get("kind", "run")


def load_run(folder: Path) -> RunResults:
    """Read a results folder; one line when it is not one (no run.json, a broken line)."""
    meta_file = folder / "run.json"
    if not meta_file.is_file():
        raise HarnessError(f"{folder} is not a results folder: it has no run.json")
    meta = _read_json(meta_file)
    pages = _read_lines(folder / "pages.jsonl")
    steps = _read_lines(folder / "steps.jsonl")
    scenarios = _read_lines(folder / "scenarios.jsonl")
    transcript = {(t["scenario"], t["step"]): t["utterances"]
                  for t in _read_lines(folder / "transcript.jsonl")}
    summary = run_summary([_page_result(page) for page in pages])
    summary["scenarios"] = scenarios
    screenshots = {(shot.stem.rsplit("-step-", 1)[0], int(shot.stem.rsplit("-step-", 1)[1])): shot
                   for shot in sorted((folder / SCREENSHOTS_DIR).glob("*-step-*.png"))
                   if shot.stem.rsplit("-step-", 1)[1].isdigit()}
    focus = _focus_stops(steps)
    findings = []
    for page in pages:
        for finding in page["findings"]:
            findings.append(_report_finding(f"F{len(findings) + 1:03d}", page, finding, focus,
                                            transcript))
    reviews = [_report_review(f"Q{number:03d}", page, review) for number, (page, review) in
               enumerate(((page, r) for page in pages for r in page.get("reviews") or []), 1)]
    return RunResults(folder, meta, pages, steps, scenarios, summary, findings, screenshots,
                      reviews)


def _report_review(review_id: str, page: dict, review: dict) -> ReportReview:
    element = review.get("element") or {}
    return ReportReview(
        id=review_id, scenario=page.get("scenario", ""), step=page.get("step", 0),
        step_name=page.get("step_name", page["url"]), url=page["url"], check=review["check"],
        criteria=list(review["criteria"]), target=list(review["target"]), html=review["html"],
        question={"vi": review["question_vi"], "en": review["question_en"]},
        element_role=element.get("role", ""), element_name=element.get("name", ""),
        fingerprint=str(review.get("fingerprint") or ""))


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise HarnessError(f"{path} cannot be read: {error}") from None


def _read_lines(path: Path) -> list[dict]:
    """A JSON-lines file; a last line cut short by a killed run is left out, any other broken
    line is refused."""
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    records = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except ValueError:
            if number == len(lines):
                break
            raise HarnessError(f"{path}, line {number}: not a JSON record") from None
    return records


def _page_result(page: dict) -> PageResult:
    """A recorded page state as the verdicts module takes it, to sum the run up again."""
    known = {f.name for f in fields(Finding)}
    asked = {f.name for f in fields(Review)}
    return PageResult(
        url=page["url"], status=page["status"], title=page.get("title", ""),
        findings=[Finding(**{k: v for k, v in f.items() if k in known})
                  for f in page["findings"]],
        reviews=[Review(**{k: v for k, v in r.items() if k in asked})
                 for r in page.get("reviews") or []],
        criteria=page["criteria"], notes=page["notes"], untested=page.get("untested", []),
        checks_passed=page.get("checks_passed", []), checks_ran=page.get("checks_ran", []),
        checks_review=page.get("checks_review", []), reason=page.get("reason", ""),
    )


def _focus_stops(steps: list[dict]) -> dict[tuple[str, int], list[dict]]:
    """Where focus landed in each step, with the role and name the accessibility tree gave."""
    stops: dict[tuple[str, int], list[dict]] = {}
    for step in steps:
        stops[(step.get("scenario", ""), step["index"])] = [
            event["focus"] for event in step.get("events", [])
            if event.get("event") in ("key", "type") and event.get("focus")]
    return stops


def _report_finding(finding_id: str, page: dict, finding: dict,
                    focus: dict[tuple[str, int], list[dict]],
                    transcript: dict[tuple[str, int], list[dict]]) -> ReportFinding:
    where = (page.get("scenario", ""), page.get("step", 0))
    reached = next((stop for stop in focus.get(where, []) if stop["target"] == finding["target"]),
                   None)
    named = finding.get("element") or {}
    if named.get("role"):  # the run took it from the accessibility tree at check time
        role, name, name_from = named["role"], named.get("name", ""), "accessibility-tree"
    elif reached is not None:
        role, name, name_from = reached["role"], reached["name"], "accessibility-tree"
    elif finding["target"] == ["html"]:  # the page itself: a screen reader names it by its title
        role, name, name_from = "document", page.get("title", ""), "page-title"
    else:
        role, name = _from_excerpt(finding["html"])
        name_from = "html-excerpt"
    help_texts, fix_texts = _help(finding)
    return ReportFinding(
        id=finding_id, scenario=where[0], step=where[1],
        step_name=page.get("step_name", page["url"]), url=page["url"],
        page_title=page.get("title", ""), check=finding["check"],
        also=list(finding.get("also", [])), source=finding["source"],
        criteria=list(finding["criteria"]), category=finding.get("category"),
        target=list(finding["target"]), html=finding["html"], message=finding["message"],
        impact=finding.get("impact"), element_role=role or "", element_name=name or "",
        name_from=name_from, help=help_texts, fix=fix_texts,
        links=_links(finding), transcript=_transcript_around(
            transcript.get(where, []), role,
            name if name_from == "accessibility-tree" else None),
        fingerprint=str(finding.get("fingerprint") or ""),
    )


def _help(finding: dict) -> tuple[dict[str, str], dict[str, str]]:
    """The catalogue's help and fix texts: of a probe that saw the problem (its texts speak of
    what the harness itself found) or else of the check; for a check the catalogue no longer
    knows (an older run's), axe's own message split into what is wrong and how to fix it
    (English only, said so by an empty "vi")."""
    known = [meta for check_id in (finding["check"], *finding.get("also", []))
             if (meta := checks().get(check_id)) is not None]
    meta = next((m for m in known if m.source == "probe"), known[0] if known else None)
    if meta is not None:
        return ({"vi": meta.help_vi, "en": meta.help_en}, {"vi": meta.fix_vi, "en": meta.fix_en})
    problem, _, fix = finding["message"].partition(" Fix ")
    return {"vi": "", "en": problem.strip()}, {"vi": "", "en": f"Fix {fix}".strip() if fix else ""}


def _links(finding: dict) -> dict[str, str]:
    links = {}
    for criterion in finding["criteria"]:
        address = understanding_url(criterion)
        if address:
            links[f"wcag:{criterion}"] = address
    for check_id in (finding["check"], *finding.get("also", [])):
        meta = checks().get(check_id)
        if meta is not None and meta.source == "axe":
            links[f"axe:{check_id}"] = axe_rule_url(check_id, _axe_version())
    return links


def _axe_version() -> str:
    return json.loads(AXE_VERSION_FILE.read_text(encoding="utf-8"))["axe_version"]


def _from_excerpt(excerpt: str) -> tuple[str, str]:
    """The element's tag and a best reading of its name from the HTML excerpt alone (the
    report says so): aria-label, alt, the text inside, title, then placeholder."""
    try:
        parent = html.fragment_fromstring(excerpt.rstrip("…"), create_parent="div")
    except (etree.ParserError, ValueError):
        return "", ""
    element = next((child for child in parent if isinstance(child.tag, str)), None)
    if element is None:
        return "", ""
    text = " ".join(element.text_content().split())
    for name in (element.get("aria-label"), element.get("alt"), text, element.get("title"),
                 element.get("placeholder")):
        if name and name.strip():
            return element.tag, name.strip()
    return element.tag, ""


def _transcript_around(utterances: list[dict], role: str | None,
                       name: str | None) -> list[dict[str, str]]:
    """The step's spoken lines around the element's own (when the keyboard reached it), else
    the step's opening lines."""
    spoken = [{"vi": u["text_vi"], "en": u["text_en"]} for u in utterances]
    if name is not None:
        own = next((i for i, u in enumerate(utterances)
                    if u.get("name") == name and u.get("role") == role), None)
        if own is not None:
            return spoken[max(0, own - TRANSCRIPT_CONTEXT): own + TRANSCRIPT_CONTEXT + 1]
    return spoken[:TRANSCRIPT_OPENING]
