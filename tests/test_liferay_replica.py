"""The Liferay portal replica (Bắc Ninh, Cần Thơ) and its flow as data: one page of four tabs,
portlet-namespaced fields in layout tables, a jQuery UI date picker, a lookup drawn in place.
The accessible twin goes all the way by keyboard alone with nothing found; the defective one
needs the pointer first where the catalogue says a keyboard user is stuck, and every catalogued
defect is found on its element at its step.

One replay per variant (both tasks), shared by the module's tests: the defective replay runs
with assistance, and the first step the keyboard could not do is where an unassisted run stops.
"""

from __future__ import annotations

import json

import pytest

from harness.audit import Auditor
from harness.registry import load_registry
from harness.replica.server import FAMILY_DIRS, ReplicaServer
from harness.scenario_data import portal_data
from replays import assert_catalogue_sound, assert_found_as_catalogued, catalogue, run_replay

FAMILY = "liferay"
REPLICA = FAMILY_DIRS[FAMILY]
DEFECTS = catalogue(FAMILY)
PAGES = json.loads((REPLICA / "path.json").read_text(encoding="utf-8"))["pages"]
TASKS = ("criminal-record", "dossier-lookup")


@pytest.fixture(scope="module")
def accessible(browser, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("liferay-accessible")
    return {task: run_replay(browser, tmp, "accessible", task, family=FAMILY) for task in TASKS}


@pytest.fixture(scope="module")
def assisted(browser, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("liferay-assisted")
    return {task: run_replay(browser, tmp, "defective", task, family=FAMILY, assist=True)
            for task in TASKS}


def test_the_liferay_flow_is_valid_data_and_its_portals_are_in_the_registry():
    data, notes = portal_data(FAMILY, "bacninh")
    assert notes == [] and tuple(data["tasks"]) == TASKS
    portals = [p.slug for p in load_registry().current if p.family == FAMILY]
    assert {"bacninh", "cantho"} <= set(portals)
    # the final submit is the portlet action the form posts to: a live run blocks it
    assert "nopTrucTuyen" in data["final_submit_endpoints"]


def test_catalogue_covers_the_six_criteria_and_five_categories_and_is_tagged():
    assert_catalogue_sound(FAMILY, "R", TASKS)


@pytest.mark.browser
def test_accessible_twin_completes_both_tasks_by_keyboard_alone_with_no_finding(accessible):
    for task, run in accessible.items():
        assert run.outcome.status == "completed", (task, run.outcome.message)
        assert run.outcome.assisted == [] and {s.status for s in run.steps} == {"done"}
        failing = [f"{step.name}: {f.check} {f.target}"
                   for step, result in zip(run.steps, run.results, strict=True)
                   for f in result.findings]
        assert failing == [], task
    assert len(accessible["criminal-record"].submissions) == 1
    sent = accessible["criminal-record"].submissions[0]
    # the native selects chosen with the arrows, the date typed, both files attached
    assert sent["values"]["coQuan"] == "Công an thành phố Huế"
    assert sent["values"]["tuNgay"] == "01/09/2004"
    assert set(sent["files"]) == {"toKhai", "canCuoc"}


@pytest.mark.browser
def test_defective_replica_stops_where_the_catalogue_says_a_keyboard_user_is_stuck(assisted):
    run = assisted["criminal-record"]
    first_blocking = next(d for d in DEFECTS if d["keyboard_blocking"])
    step = first_blocking["reported_at"]["step"]
    helped = [s for s in run.steps if s.assisted]
    assert helped and helped[0].name == step, [s.name for s in helped]
    assert helped[0].obstacles[0].kind == "value-unchanged"
    assert (step, "keyboard-value-unchanged") in run.found[first_blocking["id"]]


@pytest.mark.browser
@pytest.mark.parametrize("defect", DEFECTS, ids=lambda d: d["id"])
def test_every_defect_is_found_on_its_element_at_its_step_with_its_criteria(assisted, defect):
    assert_found_as_catalogued(assisted, defect)


@pytest.mark.browser
@pytest.mark.parametrize("variant", ["defective", "accessible"])
def test_every_page_is_served_and_only_the_defective_one_fails(context, variant):
    with ReplicaServer("Bắc Ninh", variant, family=FAMILY) as replica:
        auditor = Auditor(context)
        auditor.page.goto(replica.url("/__replica__/sign-in"))
        for page in PAGES:
            url = replica.url(page["path"])
            result = auditor.audit(url)
            assert result.status == "ok" and result.final_url == url, page["name"]
            failing = [f"{f.check} {f.target}" for f in result.findings]
            assert (failing == []) == (variant == "accessible"), (page["name"], failing)
