"""Live safety: a run treated as live never sends an application, whatever the script does.

The replica stands in for a live portal (ReplayOptions.treat_as_live): the proof is that no
submission reached its server."""

from __future__ import annotations

import pytest

from harness.scenario import Scenario
from replays import run_replay

pytestmark = pytest.mark.browser


@pytest.fixture
def credentials(monkeypatch):
    monkeypatch.setenv("PESP_VNEID_ID", "001099012345")
    monkeypatch.setenv("PESP_VNEID_PASSWORD", "Thu@2024")


def test_live_run_stops_before_the_final_submit_and_sends_nothing(browser, tmp_path, credentials):
    run = run_replay(browser, tmp_path, "accessible", "criminal-record",
                     treat_as_live=True, live_login=True)
    assert run.outcome.status == "stopped"
    assert "final submit 'Nộp hồ sơ'" in run.outcome.message
    assert run.steps[-1].status == "stopped" and "Bước 3" in run.steps[-1].name
    assert run.submissions == []


def test_the_network_guard_blocks_a_submit_a_script_presses_by_mistake(
    browser, tmp_path, credentials, monkeypatch
):
    def careless_final_submit(self: Scenario, name: str, expect: str) -> None:
        self.activate(name, "button")  # a script bug: no safety check before the submit

    monkeypatch.setattr(Scenario, "final_submit", careless_final_submit)
    run = run_replay(browser, tmp_path, "accessible", "criminal-record",
                     treat_as_live=True, live_login=True)
    assert any("/pa/dossier/--apply" in request for request in run.outcome.blocked_requests), (
        run.outcome, [(step.name, step.status, step.note) for step in run.steps])
    assert run.submissions == []


def test_live_run_without_credentials_stops_at_login(browser, tmp_path, monkeypatch):
    monkeypatch.delenv("PESP_VNEID_ID", raising=False)
    run = run_replay(browser, tmp_path, "accessible", "criminal-record", treat_as_live=True)
    assert run.outcome.status == "stopped"
    assert "login" in run.outcome.message and "PESP_VNEID_ID" in run.outcome.message
    assert run.submissions == []
