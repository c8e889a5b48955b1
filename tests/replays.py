"""Run the scenarios on the replica once per test session and keep what the tests look at."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from playwright.sync_api import Page

from harness.console import Reporter
from harness.findings import Finding, PageResult, Review
from harness.obstacles import Obstacle
from harness.registry import load_registry
from harness.replay import ReplayObserver, ReplayOptions, ReplayOutcome, replay
from harness.replica.server import FAMILY_DIRS, ReplicaServer
from harness.results import RunRecorder
from harness.scenario_data import portal_data
from harness.steps import StepRecord
from harness.targets import Target
from scenarios import SCENARIOS
from wcag.criteria import REVIEW_CRITERIA, categories, checks
from wcag.keyboard import step_outcomes
from wcag.probe import Outcome

SCENARIO_NAMES = tuple(SCENARIOS)


def catalogue(family: str = "igate2") -> list[dict]:
    """The defects seeded in the defective replica of a platform family."""
    path = FAMILY_DIRS[family] / "defects.json"
    return json.loads(path.read_text(encoding="utf-8"))["defects"]


CATALOGUE = catalogue()

# Is the finding's element the defect's element or inside it? A finding on an element around
# the defect (its form, its section) does not show that the defect itself was seen.
MATCH = """([selector, target]) => {
  let doc = document;
  for (const frame of target.slice(0, -1)) {
    const owner = doc.querySelector(frame);
    if (!owner || !owner.contentDocument) return false;
    doc = owner.contentDocument;
  }
  let found = null;
  try { found = doc.querySelector(target[target.length - 1]); } catch (e) { return false; }
  if (!found || found === doc.documentElement || found === doc.body) return false;
  return Array.from(document.querySelectorAll(selector))
    .some(el => el === found || el.contains(found));
}"""


@dataclass
class Replay:
    outcome: ReplayOutcome
    steps: list[StepRecord] = field(default_factory=list)
    results: list[PageResult] = field(default_factory=list)
    found: dict[str, set[tuple[str, str]]] = field(default_factory=dict)  # defect: (step, check)
    # defect: (step, criterion) of every finding on the defect's element, whatever its category
    criteria: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    # defect: (step, check, criterion) of every question put to a person on its element
    asked: dict[str, set[tuple[str, str, str]]] = field(default_factory=dict)
    submissions: list[dict] = field(default_factory=list)


class CatalogueMatcher(ReplayObserver):
    """Match every finding, at the moment it is made, to the catalogued defects on the page."""

    def __init__(self, seen: Replay, defects: list[dict]) -> None:
        self.seen = seen
        self.defects = defects

    def _match(self, page: Page, step: StepRecord, findings: list[Finding]) -> None:
        for defect in self.defects:
            for finding in findings:
                if not page.evaluate(MATCH, [defect["selector"], finding.target]):
                    continue
                self.seen.criteria.setdefault(defect["id"], set()).update(
                    (step.name, criterion) for criterion in finding.criteria)
                named = [check for check in (finding.check, *finding.also)
                         if checks()[check].category == defect["category"]]
                self.seen.found.setdefault(defect["id"], set()).update(
                    (step.name, check) for check in named)

    def action_checked(self, page: Page, step: StepRecord, action: str,
                       outcomes: list[Outcome]) -> None:
        self._match(page, step, [f for outcome in outcomes for f in outcome.findings])

    def obstacle_met(self, page: Page, step: StepRecord, obstacle: Obstacle) -> None:
        self._match(page, step, [f for o in step_outcomes([obstacle], False) for f in o.findings])

    def step_checked(self, page: Page, step: StepRecord, result: PageResult) -> None:
        self.seen.steps.append(step)
        self.seen.results.append(result)
        self._match(page, step, result.findings)
        self._match_questions(page, step, result.reviews)

    def _match_questions(self, page: Page, step: StepRecord, reviews: list[Review]) -> None:
        for defect in self.defects:
            for review in reviews:
                if page.evaluate(MATCH, [defect["selector"], review.target]):
                    self.seen.asked.setdefault(defect["id"], set()).update(
                        (step.name, review.check, criterion) for criterion in review.criteria)


def run_replay(browser, tmp: Path, variant: str, scenario: str | ModuleType,
               faults: dict[str, str] | None = None, family: str = "igate2",
               **options) -> Replay:
    """Replay one scenario (by name, or a module of the scenario API) on a fresh replica of the
    platform `family`, with the server `faults` given; options go to ReplayOptions. A task
    named here is the family's own (its flow file)."""
    data, _ = portal_data(family, "hue")
    module = data["tasks"][scenario] if isinstance(scenario, str) else scenario
    portal = load_registry().find("hue")
    with ReplicaServer(portal.name_vi, variant, faults=faults, family=family) as server:
        target = Target("hue", "replica", portal, server.base_url, variant, server,
                        captcha_reader=server.captcha_code_shown)
        recorder = RunRecorder(tmp / f"{family}-{variant}-{module.NAME}", {"test": True})
        seen = Replay(ReplayOutcome(module.NAME, "running", 0))
        seen.outcome = replay(browser, target, module, data,
                              ReplayOptions(**options), recorder,
                              Reporter(plain=True, stream=io.StringIO()),
                              observer=CatalogueMatcher(seen, catalogue(family)))
        seen.submissions = list(server.state.submissions)
    return seen


def assert_catalogue_sound(family: str, id_prefix: str, tasks: tuple[str, ...]) -> None:
    """A family's catalogue: unique ids with the family's prefix, known categories and review
    criteria, checks that find each defect, both descriptions; together the six criteria and
    the five categories; and every defect tagged in the replica's source."""
    defects = catalogue(family)
    ids = [d["id"] for d in defects]
    assert len(ids) == len(set(ids)) and all(i.startswith(id_prefix) for i in ids)
    for defect in defects:
        assert defect["category"] in categories(), defect["id"]
        assert set(defect["criteria"]) <= set(REVIEW_CRITERIA) | {"4.1.2"}, defect["id"]
        assert defect["found_by"] or defect.get("asked_by"), defect["id"]
        assert defect["reported_at"]["scenario"] in tasks, defect["id"]
        assert defect["description_en"] and defect["description_vi"], defect["id"]
    assert set(categories()) - {"keyboard"} <= {d["category"] for d in defects}
    assert set(REVIEW_CRITERIA) <= {c for d in defects for c in d["criteria"]}
    replica = FAMILY_DIRS[family]
    sources = "".join(p.read_text(encoding="utf-8") for p in [
        *replica.glob("templates/*.html"), *replica.glob("static/*.js"), *replica.glob("*.py")])
    assert [d["id"] for d in defects if f"defect {d['id']}" not in sources] == []


def assert_found_as_catalogued(runs: dict, defect: dict) -> None:
    """A catalogued defect is found on its element at its step by one of its checks, and the
    findings on it show every criterion the catalogue gives it. A defect only a person can
    confirm (its "asked_by" checks, no "found_by") must instead be put to a person there: a
    question on its element, by one of those checks, about every criterion it breaks."""
    where = defect["reported_at"]
    run = runs[where["scenario"]]
    assert run.outcome.status == "completed", run.outcome.message
    if not defect["found_by"]:
        asked = {(check, criterion) for step, check, criterion in run.asked.get(defect["id"], ())
                 if step == where["step"] and check in defect["asked_by"]}
        assert set(defect["criteria"]) <= {criterion for _, criterion in asked}, (
            f"{defect['id']} not asked at '{where['step']}'; asked: {sorted(asked)}")
        return
    found = run.found.get(defect["id"], set())
    at_step = {check for step, check in found if step == where["step"]}
    assert at_step & set(defect["found_by"]), (
        f"{defect['id']} not reported at '{where['step']}'; found: {sorted(found)}")
    shown = {criterion for _, criterion in run.criteria.get(defect["id"], set())}
    assert set(defect["criteria"]) <= shown, (
        f"{defect['id']} breaks {defect['criteria']}; findings on it show {sorted(shown)}")
