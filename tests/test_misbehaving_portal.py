"""A portal whose server errors or hangs mid-flow: the run stops with an error that names the
server's answer, never blames the keyboard for it, keeps what it checked, and exits 2 in one
line. The replica rehearses such a portal with server faults."""

from __future__ import annotations

import functools
import json
import threading
import time
import urllib.error
import urllib.request

import pytest
from hostile import serve

from harness import page_load, scenario, targets
from harness.cli import main
from harness.replica.server import ReplicaServer, ReplicaSetupError
from harness.server_watch import HANG_AFTER_S, Exchange
from replays import run_replay

DETAIL = r"/vi/procedure/detail/"
KEYBOARD_FINDINGS = {"keyboard-unreachable", "keyboard-no-effect", "keyboard-value-unchanged",
                     "keyboard-trap"}


def test_an_error_fault_answers_500_with_a_portal_error_page():
    with ReplicaServer("Huế", "accessible", faults={DETAIL: "error"}) as server:
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(server.url("/vi/procedure/detail/" + "a" * 24), timeout=5)
        assert answer.value.code == 500
        assert "Lỗi hệ thống" in answer.value.read().decode()
        with urllib.request.urlopen(server.url("/"), timeout=5) as home:
            assert home.status == 200  # only the named paths misbehave


def test_a_hang_fault_holds_the_request_until_the_server_stops():
    server = ReplicaServer("Huế", "accessible", faults={DETAIL: "hang"}).start()
    outcome: list[str] = []

    def ask() -> None:
        try:
            urllib.request.urlopen(server.url("/vi/procedure/detail/" + "a" * 24), timeout=30)
        except (urllib.error.URLError, OSError) as error:
            outcome.append(type(error).__name__)

    asking = threading.Thread(target=ask)
    asking.start()
    time.sleep(1.0)
    assert asking.is_alive() and outcome == []  # no answer yet
    server.stop()
    asking.join(timeout=10)
    assert not asking.is_alive()


def test_an_unknown_fault_is_refused():
    with pytest.raises(ReplicaSetupError, match="unknown fault"):
        ReplicaServer("Huế", "accessible", faults={DETAIL: "explode"})


@pytest.mark.parametrize(("answer", "told"), [
    ({"status": 500, "done": True}, "GET /pa/x answered HTTP 500"),
    ({"status": 503}, "GET /pa/x answered HTTP 503"),
    ({"failure": "net::ERR_CONNECTION_RESET", "done": True},
     "GET /pa/x failed (net::ERR_CONNECTION_RESET)"),
    ({}, f"GET /pa/x got no answer within {HANG_AFTER_S + 1:.0f} s"),
    ({"status": 404, "done": True}, ""),  # the portal answered: a page's own business
    ({"status": 200}, ""),  # headers came; the body may still be on its way
    ({"failure": "net::ERR_BLOCKED_BY_CLIENT", "done": True}, ""),  # the safety guard
    ({"failure": "net::ERR_ABORTED", "done": True}, ""),  # replaced by a navigation
])
def test_what_counts_as_the_servers_failure(answer, told):
    exchange = Exchange("GET", "http://portal.example/pa/x?id=1", started=100.0, **answer)
    assert exchange.trouble(now=100.0 + HANG_AFTER_S + 1) == told
    assert exchange.trouble(now=100.5) == ("" if not answer else told)  # too soon to call a hang


def keyboard_findings(run) -> list[str]:
    return [f.check for result in run.results for f in result.findings
            if f.check in KEYBOARD_FINDINGS]


@pytest.mark.browser
def test_a_server_error_after_enter_is_the_portals_error_not_the_keyboards(browser, tmp_path):
    run = run_replay(browser, tmp_path, "accessible", "criminal-record", faults={DETAIL: "error"})
    assert run.outcome.status == "error"
    assert run.outcome.stopped_at == "Mở trang chi tiết thủ tục"
    assert "answered HTTP 500" in run.outcome.message and DETAIL in run.outcome.message
    assert run.steps[-1].status == "error" and run.steps[-1].obstacles == []
    assert keyboard_findings(run) == []


@pytest.mark.browser
def test_a_page_that_never_arrives_stops_the_run_instead_of_hanging_it(
    browser, tmp_path, monkeypatch
):
    monkeypatch.setattr(page_load, "PAGE_LOAD_TIMEOUT_S", 3.0)
    run = run_replay(browser, tmp_path, "accessible", "criminal-record", faults={DETAIL: "hang"})
    assert run.outcome.status == "error"
    assert "got no answer within 3 s" in run.outcome.message
    assert keyboard_findings(run) == []
    # the checks still ran on the page the tab was left on
    assert run.results[-1].status == "ok"


@pytest.mark.browser
def test_an_entry_page_that_never_arrives_stops_the_run_too(browser, tmp_path, monkeypatch):
    monkeypatch.setattr(page_load, "PAGE_LOAD_TIMEOUT_S", 3.0)
    run = run_replay(browser, tmp_path, "accessible", "dossier-lookup",
                     faults={r"/vi/dossier/search": "hang"})
    assert run.outcome.status == "error" and "did not load within 3 s" in run.outcome.message
    assert len(run.results) == 1  # the checks ran, on whatever the tab could show


@pytest.mark.browser
def test_a_failed_upload_explains_the_button_that_then_did_nothing(browser, tmp_path):
    run = run_replay(browser, tmp_path, "accessible", "criminal-record",
                     faults={r"/pa/file/--upload": "error"})
    assert run.outcome.status == "error"
    assert run.outcome.stopped_at == "Bước 2: đính kèm thành phần hồ sơ"
    assert "POST /pa/file/--upload answered HTTP 500" in run.outcome.message
    assert "then: button 'Tiếp tục'" in run.outcome.message  # what followed is still told
    assert keyboard_findings(run) == []
    # the accessible twin tells the failure at the field, so nothing fails on the way
    assert [f.check for r in run.results for f in r.findings] == []


@pytest.mark.browser
def test_the_command_exits_2_in_one_line_and_keeps_the_results(tmp_path, monkeypatch, capsys):
    faulty = functools.partial(ReplicaServer, faults={DETAIL: "error"})
    monkeypatch.setattr(targets, "ReplicaServer", faulty)
    out = tmp_path / "run"
    code = main(["run", "--out", str(out), "--plain", "--no-audio", "--variant", "accessible",
                 "--lang", "en"])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "the portal failed in scenario criminal-record" in err
    assert str(out) in err
    meta = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert meta["status"] == "complete"  # both tasks were tried; the lookup needs no detail page
    scenarios = [json.loads(line) for line in (out / "scenarios.jsonl").read_text().splitlines()]
    assert [s["status"] for s in scenarios] == ["error", "completed"]
    assert "Scenario criminal-record: error after 3 steps" in (out / "summary.txt").read_text(
        encoding="utf-8")


def test_a_portal_script_that_never_yields_stops_the_task_as_the_portal_s_error(
    browser, tmp_path, monkeypatch
):
    """A keydown handler that loops forever once hung the whole run: no script can run in a tab
    that is stuck, so only a watchdog outside the page can stop it."""
    import io
    from types import SimpleNamespace

    from harness.console import Reporter
    from harness.registry import load_registry
    from harness.replay import ReplayOptions, replay
    from harness.results import RunRecorder
    from harness.scenario_data import portal_data

    page = ("<!doctype html><html lang='vi'><title>Trang chủ</title><a href='#a'>Một</a>"
            "<a href='#b'>Hai</a><script>addEventListener('keydown', () => { if "
            "(document.activeElement.textContent === 'Hai') while (true) {} })</script>")

    def run(s: scenario.Scenario) -> None:
        with s.step("Mở trang chủ"):
            s.open("home")
        with s.step("Tìm nút Ba"):
            s.tab_to("Ba")

    monkeypatch.setattr(scenario, "KEY_BUDGET_S", 2.0)
    module = SimpleNamespace(NAME="hang", TITLE="hang", run=run)
    with serve({"/": page}) as served:
        target = targets.Target("hue", "replica", load_registry().find("hue"), served.base_url)
        data, _ = portal_data("igate2", "hue")
        recorder = RunRecorder(tmp_path / "run", {"test": True})
        started = time.monotonic()
        outcome = replay(browser, target, module, data, ReplayOptions(), recorder,
                         Reporter(plain=True, stream=io.StringIO()))
    assert time.monotonic() - started < 40
    assert outcome.status == "error" and "did not yield" in outcome.message
    steps = [json.loads(line) for line in (tmp_path / "run" / "steps.jsonl").read_text(
        encoding="utf-8").splitlines()]
    assert [s["status"] for s in steps] == ["done", "error"]
    assert not steps[1]["obstacles"]  # the portal's hang is not a keyboard finding
    pages = [json.loads(line) for line in (tmp_path / "run" / "pages.jsonl").read_text(
        encoding="utf-8").splitlines()]
    assert not [f for p in pages for f in p["findings"] if f["check"] in KEYBOARD_FINDINGS]
