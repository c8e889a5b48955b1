"""The ASP.NET WebForms "portaldvc" replica (Thanh Hóa) and its flow as data: one server form
posting back with __VIEWSTATE, a three-step wizard of postbacks, an AutoPostBack province list.
The accessible twin goes all the way by keyboard alone with nothing found; the defective one
needs the pointer first where the catalogue says a keyboard user is stuck (the province list
that reloads the page), and every catalogued defect is found on its element at its step.

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

FAMILY = "portaldvc"
REPLICA = FAMILY_DIRS[FAMILY]
DEFECTS = catalogue(FAMILY)
PAGES = json.loads((REPLICA / "path.json").read_text(encoding="utf-8"))["pages"]
TASKS = ("criminal-record", "dossier-lookup")


@pytest.fixture(scope="module")
def accessible(browser, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("portaldvc-accessible")
    return {task: run_replay(browser, tmp, "accessible", task, family=FAMILY) for task in TASKS}


@pytest.fixture(scope="module")
def assisted(browser, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("portaldvc-assisted")
    return {task: run_replay(browser, tmp, "defective", task, family=FAMILY, assist=True)
            for task in TASKS}


def test_the_portaldvc_flow_is_valid_data_and_its_portals_are_in_the_registry():
    data, notes = portal_data(FAMILY, "thanhhoa")
    assert notes == [] and tuple(data["tasks"]) == TASKS
    portals = [p.slug for p in load_registry().current if p.family == FAMILY]
    assert "thanhhoa" in portals
    # the final submit posts across pages to its own address: a live run blocks it
    assert "/portaldvc/gui-ho-so" in data["final_submit_endpoints"]


def test_catalogue_covers_the_six_criteria_and_five_categories_and_is_tagged():
    assert_catalogue_sound(FAMILY, "W", TASKS)


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
    # the native selects chosen with the arrows (no postback), the date typed, both files
    # kept across the wizard's postbacks
    assert sent["values"]["CoQuan"] == "Công an thành phố Huế"
    assert sent["values"]["TuNgay"] == "01/09/2004"
    assert set(sent["files"]) == {"ToKhai", "CanCuoc"}


@pytest.mark.browser
def test_the_postback_province_list_hinders_but_the_keyboard_gets_past_it(assisted):
    """AutoPostBack reloads the page at the first arrow key (W07): recorded as a hindrance,
    and the province is chosen as a screen-reader user who opens the list first does."""
    run = assisted["criminal-record"]
    w07 = next(d for d in DEFECTS if d["id"] == "W07")
    assert not any(d["keyboard_blocking"] for d in DEFECTS)
    step = next(s for s in run.steps if s.name == w07["reported_at"]["step"])
    hindrance = step.obstacles[0]
    assert hindrance.kind == "changes-on-input" and "Tỉnh/Thành phố" in hindrance.wanted
    assert (step.name, "select-changes-on-input") in run.found["W07"]
    assert not any("Tỉnh/Thành phố" in what for s in run.steps for what in s.assisted)


@pytest.mark.browser
@pytest.mark.parametrize("defect", DEFECTS, ids=lambda d: d["id"])
def test_every_defect_is_found_on_its_element_at_its_step_with_its_criteria(assisted, defect):
    assert_found_as_catalogued(assisted, defect)


@pytest.mark.browser
@pytest.mark.parametrize("variant", ["defective", "accessible"])
def test_every_page_is_served_and_only_the_defective_one_fails(context, variant):
    with ReplicaServer("Thanh Hóa", variant, family=FAMILY) as replica:
        auditor = Auditor(context)
        auditor.page.goto(replica.url("/__replica__/sign-in"))
        for page in PAGES:
            url = replica.url(page["path"])
            result = auditor.audit(url)
            assert result.status == "ok" and result.final_url == url, page["name"]
            failing = [f"{f.check} {f.target}" for f in result.findings]
            assert (failing == []) == (variant == "accessible"), (page["name"], failing)
