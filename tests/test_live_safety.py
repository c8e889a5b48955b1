"""Live safety: a run treated as live never sends an application, whatever the script does.

The replica stands in for a live portal (ReplayOptions.treat_as_live): the proof is that no
submission reached its server."""

from __future__ import annotations

from types import SimpleNamespace

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
    stored = "".join(path.read_text(encoding="utf-8")
                     for path in (tmp_path / "igate2-accessible-criminal-record").iterdir())
    assert "Thu@2024" not in stored and "001099012345" not in stored  # the account's own


def careless_script(s: Scenario) -> None:
    """A script with a bug: it sends the dossier and a payment without the safety check."""
    with s.step("Mở trang chủ cổng dịch vụ công"):
        s.open("home")
        s.page.evaluate("""async () => {
            for (const path of ['/pa/dossier/--apply', '/pa/payment/--pay']) {
                await fetch(path, {method: 'POST', body: '{}'}).catch(() => null);
            }
        }""")


def test_the_network_guard_blocks_what_a_careless_script_sends(browser, tmp_path, credentials):
    careless = SimpleNamespace(NAME="careless", TITLE="careless", run=careless_script)
    run = run_replay(browser, tmp_path / "live", "accessible", careless, treat_as_live=True)
    blocked = " ".join(run.outcome.blocked_requests)
    assert "POST" in blocked and "/pa/dossier/--apply" in blocked and "/payment" in blocked
    assert run.submissions == []
    # a replica run is no live run: the same script is not blocked there
    run = run_replay(browser, tmp_path / "replica", "accessible", careless)
    assert run.outcome.blocked_requests == []


def test_live_run_without_credentials_stops_at_login(browser, tmp_path, monkeypatch):
    monkeypatch.delenv("PESP_VNEID_ID", raising=False)
    run = run_replay(browser, tmp_path, "accessible", "criminal-record", treat_as_live=True)
    assert run.outcome.status == "stopped"
    assert "login" in run.outcome.message and "PESP_VNEID_ID" in run.outcome.message
    assert run.submissions == []
