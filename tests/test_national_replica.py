"""The national portal replica (dichvucong.gov.vn) and its flow as data: the accessible twin goes
all the way by keyboard alone with nothing found, the defective one stops where the catalogue
says a keyboard user is stuck, and every catalogued defect is found on its element at its step.

One replay per variant and task, shared by the module's tests (a replay takes tens of seconds).
"""

from __future__ import annotations

import json

import pytest

from harness.audit import Auditor
from harness.registry import load_registry
from harness.replica.server import FAMILY_DIRS, ReplicaServer, ReplicaSetupError
from harness.scenario_data import portal_data
from replays import assert_catalogue_sound, assert_found_as_catalogued, catalogue, run_replay

FAMILY = "national"
REPLICA = FAMILY_DIRS[FAMILY]
DEFECTS = catalogue(FAMILY)
PAGES = json.loads((REPLICA / "path.json").read_text(encoding="utf-8"))["pages"]
TASKS = ("criminal-record", "dossier-lookup")


@pytest.fixture(scope="module")
def accessible(browser, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("national-accessible")
    return {task: run_replay(browser, tmp, "accessible", task, family=FAMILY) for task in TASKS}


@pytest.fixture(scope="module")
def assisted(browser, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("national-assisted")
    return {task: run_replay(browser, tmp, "defective", task, family=FAMILY, assist=True)
            for task in TASKS}


def test_an_unknown_family_is_a_one_line_setup_error():
    with pytest.raises(ReplicaSetupError, match="no replica of the platform family 'nope'") as e:
        ReplicaServer("Huế", "defective", family="nope")
    assert "\n" not in str(e.value) and "national" in str(e.value)


def test_the_national_flow_is_valid_data_with_both_tasks():
    data, notes = portal_data(FAMILY, "hue")
    assert notes == [] and tuple(data["tasks"]) == TASKS
    assert data["names"]["receiving_agency"] == "Công an thành phố Huế"
    agencies = json.loads((REPLICA / "agencies.json").read_text(encoding="utf-8"))["agencies"]
    # a run for any province chooses that province's police: the replica offers every one
    police = {portal.receiving_agency for portal in load_registry().current}
    assert {a["agency"] for a in agencies} == police and len(police) == 34
    assert data["names"]["receiving_agency"] in police


def test_catalogue_covers_the_six_criteria_and_five_categories_and_is_tagged():
    assert_catalogue_sound(FAMILY, "N", TASKS)


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
    sent = accessible["criminal-record"].submissions[0]["values"]
    assert sent["coQuan"] == "Công an thành phố Huế"  # chosen in select2 by keyboard


@pytest.mark.browser
def test_defective_replica_stops_where_the_catalogue_says_a_keyboard_user_is_stuck(
        browser, tmp_path):
    run = run_replay(browser, tmp_path, "defective", "criminal-record", family=FAMILY)
    first_blocking = next(d for d in DEFECTS if d["keyboard_blocking"])
    assert run.outcome.status == "blocked"
    assert run.outcome.stopped_at == first_blocking["reported_at"]["step"]
    assert run.steps[-1].obstacles[0].kind == "unreachable"
    assert (first_blocking["reported_at"]["step"], "keyboard-unreachable") in run.found[
        first_blocking["id"]]
    assert run.submissions == []


@pytest.mark.browser
@pytest.mark.parametrize("defect", DEFECTS, ids=lambda d: d["id"])
def test_every_defect_is_found_on_its_element_at_its_step_with_its_criteria(assisted, defect):
    assert_found_as_catalogued(assisted, defect)


@pytest.mark.browser
@pytest.mark.parametrize("variant", ["defective", "accessible"])
def test_every_page_is_served_and_only_the_defective_one_fails(context, variant):
    with ReplicaServer("Huế", variant, family=FAMILY) as replica:
        auditor = Auditor(context)
        auditor.page.goto(replica.url("/__replica__/sign-in"))
        for page in PAGES:
            url = replica.url(page["path"])
            result = auditor.audit(url)
            assert result.status == "ok" and result.final_url == url, page["name"]
            failing = [f"{f.check} {f.target}" for f in result.findings]
            assert (failing == []) == (variant == "accessible"), (page["name"], failing)

