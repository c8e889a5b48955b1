"""The Quảng Ninh / justice-sector eForm replica and its flow as data: the accessible twin goes all
the way by keyboard alone with nothing found; in the defective one a keyboard user is stuck where
the catalogue says (the certificate cards Tab never reaches), and every catalogued defect is
found on its element at its step.

One replay per variant and task, shared by the module's tests. The defective variant is replayed
with assistance, so it goes on past the obstacles and every defect on the later pages is met;
where a keyboard-only run stops is the step of its first obstacle (without assistance the engine
stops there, as tests/test_replay.py shows on the iGate 2.0 replica).
"""

from __future__ import annotations

import json
from http.cookiejar import CookieJar
from urllib.request import HTTPCookieProcessor, build_opener

import pytest

from harness.registry import load_registry
from harness.replica.server import FAMILY_DIRS, ReplicaServer
from harness.scenario_data import portal_data
from replays import assert_catalogue_sound, assert_found_as_catalogued, catalogue, run_replay

FAMILY = "justice-eform"
REPLICA = FAMILY_DIRS[FAMILY]
DEFECTS = catalogue(FAMILY)
TASKS = ("criminal-record", "dossier-lookup")
PAGES = json.loads((REPLICA / "path.json").read_text(encoding="utf-8"))["pages"]


@pytest.fixture(scope="module")
def accessible(browser, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("justice-eform-accessible")
    return {task: run_replay(browser, tmp, "accessible", task, family=FAMILY) for task in TASKS}


@pytest.fixture(scope="module")
def assisted(browser, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("justice-eform-assisted")
    return {task: run_replay(browser, tmp, "defective", task, family=FAMILY, assist=True)
            for task in TASKS}


def test_the_flow_is_valid_data_for_the_registrys_justice_eform_portals():
    portals = [p.slug for p in load_registry().current if p.family == FAMILY]
    assert portals, "the registry names no justice-eForm portal"
    for slug in portals:
        data, notes = portal_data(FAMILY, slug)
        assert notes == [] and tuple(data["tasks"]) == TASKS and data["family"] == FAMILY, slug
    # steps change in place: each "Tiếp tục" must name text only the next step shows
    assert data["names"]["request_step_text"] != data["names"]["files_step_text"]


def test_catalogue_covers_the_six_criteria_and_five_categories_and_is_tagged():
    assert_catalogue_sound(FAMILY, "Q", TASKS)


@pytest.mark.parametrize("variant", ["defective", "accessible"])
def test_every_page_of_the_path_is_served_at_its_own_address(variant):
    with ReplicaServer("Huế", variant, family=FAMILY) as replica:
        browser_like = build_opener(HTTPCookieProcessor(CookieJar()))
        browser_like.open(replica.url("/__replica__/sign-in"), timeout=10).read()
        for page in PAGES:
            with browser_like.open(replica.url(page["path"]), timeout=10) as answer:
                assert answer.status == 200, page["name"]
                assert answer.url == replica.url(page["path"]), page["name"]
                assert f'data-variant="{variant}"' in answer.read().decode(), page["name"]


@pytest.mark.browser
def test_accessible_twin_completes_both_tasks_by_keyboard_alone_with_no_finding(accessible):
    for task, run in accessible.items():
        assert run.outcome.status == "completed", (task, run.outcome.message)
        assert run.outcome.assisted == [] and {s.status for s in run.steps} == {"done"}
        failing = [f"{step.name}: {f.check} {f.target}"
                   for step, result in zip(run.steps, run.results, strict=True)
                   for f in result.findings]
        assert failing == [], task
    [sent] = accessible["criminal-record"].submissions
    # every step's answers reach the server in the one request "Gửi hồ sơ" sends
    assert sent["values"]["tinh"] == "Thành phố Huế" and sent["values"]["xa"] == "Phường Thuận Hóa"
    assert sent["values"]["loaiPhieu"] == "Phiếu số 1" and sent["values"]["tuNgay"] == "01/09/2004"
    assert sent["files"]["toKhai"] and sent["values"]["camDoan"] == "1"


@pytest.mark.browser
def test_defective_replica_stops_a_keyboard_user_where_the_catalogue_says(assisted):
    run = assisted["criminal-record"]
    first_blocking = next(d for d in DEFECTS if d["keyboard_blocking"])
    stuck = next(step for step in run.steps if step.obstacles)
    assert stuck.name == first_blocking["reported_at"]["step"]
    assert stuck.obstacles[0].kind == "unreachable"
    assert "Phiếu số 1" in stuck.obstacles[0].wanted
    assert (stuck.name, "keyboard-unreachable") in run.found[first_blocking["id"]]


@pytest.mark.browser
@pytest.mark.parametrize("defect", DEFECTS, ids=lambda d: d["id"])
def test_every_defect_is_found_on_its_element_at_its_step_with_its_criteria(assisted, defect):
    assert_found_as_catalogued(assisted, defect)
