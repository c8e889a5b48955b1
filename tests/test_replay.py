"""The keyboard replay on the replica: the accessible twin goes all the way by keyboard alone,
the defective one stops where the catalogue says a keyboard user gets stuck, assistance carries
it to the end, every catalogued defect is reported at its step, and live mode never submits."""

from __future__ import annotations

import pytest

from replays import CATALOGUE, run_replay
from wcag.criteria import axe_rules

pytestmark = pytest.mark.browser


def test_accessible_twin_completes_both_tasks_by_keyboard_alone_with_no_finding(accessible):
    for name, run in accessible.items():
        assert run.outcome.status == "completed", (name, run.outcome.message)
        assert run.outcome.assisted == []
        assert {step.status for step in run.steps} == {"done"}
        failing = [f"{step.name}: {f.check} {f.target}"
                   for step, result in zip(run.steps, run.results, strict=True)
                   for f in result.findings]
        assert failing == [], name
        assert all(r.criteria["2.1.1"] in ("no-failure-found", "inconclusive") for r in run.results)
        assert any(r.criteria["2.1.1"] == "no-failure-found" for r in run.results)
    # the application really went in: the replica received exactly one dossier
    assert len(accessible["criminal-record"].submissions) == 1


def test_defective_replica_stops_where_the_catalogue_says_a_keyboard_user_is_stuck(
    browser, tmp_path
):
    run = run_replay(browser, tmp_path, "defective", "criminal-record")
    first_blocking = next(d for d in CATALOGUE if d["keyboard_blocking"])
    assert run.outcome.status == "blocked"
    assert run.outcome.stopped_at == first_blocking["reported_at"]["step"]
    blocked = run.steps[-1]
    assert blocked.status == "blocked" and blocked.obstacles[0].kind == "unreachable"
    assert ("Chọn Nộp trực tuyến", "keyboard-unreachable") in run.found[first_blocking["id"]]
    assert run.submissions == []


def test_with_assistance_the_defective_replica_reaches_the_end_marked_assisted(assisted):
    for name, run in assisted.items():
        assert run.outcome.status == "completed", (name, run.outcome.message)
    run = assisted["criminal-record"]
    assert len(run.submissions) == 1
    helped = [step for step in run.steps if step.status == "assisted"]
    assert helped and all(step.assisted for step in helped)
    assert run.outcome.assisted == [what for step in helped for what in step.assisted]


@pytest.mark.parametrize("defect", [d for d in CATALOGUE if d["reported_at"]],
                         ids=lambda d: d["id"])
def test_every_catalogued_defect_is_reported_at_its_step_by_a_named_check(assisted, defect):
    where = defect["reported_at"]
    found = assisted[where["scenario"]].found.get(defect["id"], set())
    at_step = {check for step, check in found if step == where["step"]}
    assert at_step & set(defect["found_by"]), (
        f"{defect['id']} not reported at '{where['step']}'; found: {sorted(found)}"
    )


@pytest.mark.parametrize("defect", [d for d in CATALOGUE if d["reported_at"]],
                         ids=lambda d: d["id"])
def test_every_criterion_a_defect_breaks_is_failed_by_a_finding_on_its_element(assisted, defect):
    shown = {criterion for _, criterion in
             assisted[defect["reported_at"]["scenario"]].criteria.get(defect["id"], set())}
    assert set(defect["criteria"]) <= shown, (
        f"{defect['id']} breaks {defect['criteria']}; findings on it show {sorted(shown)}"
    )


def test_keyboard_blocking_defects_are_keyboard_findings_at_their_steps(assisted):
    keyboard_checks = {"keyboard-unreachable", "keyboard-trap", "keyboard-no-effect",
                       "keyboard-value-unchanged", "combobox-not-focusable",
                       "date-picker-mouse-only", "clickable-not-control"}
    for defect in (d for d in CATALOGUE if d["keyboard_blocking"]):
        found = assisted[defect["reported_at"]["scenario"]].found.get(defect["id"], set())
        assert {check for _, check in found} & keyboard_checks, defect["id"]


def test_the_probes_find_what_plain_axe_misses(assisted):
    axe = set(axe_rules())
    checks_per_defect: dict[str, set[str]] = {}
    for run in assisted.values():
        for defect_id, hits in run.found.items():
            checks_per_defect.setdefault(defect_id, set()).update(check for _, check in hits)
    by_axe = {d for d, found in checks_per_defect.items() if found & axe}
    only_probes = set(checks_per_defect) - by_axe
    print(f"catalogue defects found by plain axe: {len(by_axe)}; "
          f"only by the probes: {len(only_probes)}")
    assert len(only_probes) > len(by_axe)
    status_defects = {d["id"] for d in CATALOGUE if d["category"] in ("status", "captcha")}
    assert status_defects & set(checks_per_defect) <= only_probes  # axe never sees these
