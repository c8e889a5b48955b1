"""Never hang (issue 14): a page whose scripts never yield is stopped from outside its thread,
said inconclusive or stopped with the reason, and the next URL of the call is still read."""

from __future__ import annotations

import faulthandler
import json
import subprocess
import sys
import time
import weakref
from collections.abc import Iterator

import pytest
from hostile import serve

from harness.cli import main
from harness.errors import HarnessError
from harness.loopback import LoopbackServer
from harness.watchdog import BudgetExpired, Watchdog, timeout_seconds

FINE = """<!doctype html><html lang="vi"><head><title>Trang thường</title></head>
<body><main><h1>Tra cứu hồ sơ</h1><button>Tra cứu</button><button>Làm lại</button></main>
</body></html>"""
PAGES = {
    # A keydown handler that never returns: keyboard.press waits for it for ever.
    "/tab-loop": """<!doctype html><html lang="vi"><head><title>Bẫy</title></head><body>
<main><h1>Bẫy</h1><button>Một</button><button>Hai</button></main>
<script>addEventListener('keydown', () => { while (true) {} });</script></body></html>""",
    # Every style lookup spins: axe asks for computed styles, the page itself never does.
    # Stopping the spin leaves axe's promise unsettled for ever, so the page gets closed.
    "/axe-spins": """<!doctype html><html lang="vi"><head><title>Chậm</title></head><body>
<main><h1>Chậm</h1><p>Nội dung</p><img src="data:,"></main>
<script>window.getComputedStyle = () => { while (true) {} };</script></body></html>""",
    # A script that spins while the page is parsed: the load never comes.
    "/load-spins": """<!doctype html><html lang="vi"><head><title>Treo</title></head>
<body><main><h1>Treo</h1></main><script>while (true) {}</script></body></html>""",
    "/fine": FINE,
}


@pytest.fixture(scope="module")
def hostile() -> Iterator[LoopbackServer]:
    with serve(PAGES) as server:
        yield server


@pytest.fixture(autouse=True)
def backstop() -> Iterator[None]:
    """A watchdog that failed would leave the test waiting for ever: end the run instead."""
    faulthandler.dump_traceback_later(120, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def _cli(*args: str) -> tuple[subprocess.CompletedProcess, float]:
    """The command line in a process of its own, so that a hang fails the test."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "harness.cli", *args], capture_output=True,
                          text=True, timeout=60)
    return done, time.monotonic() - started


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.strip().splitlines()]


# --- the budget itself ----------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("action", ["key", "evaluate"])
def test_watchdog_frees_a_call_blocked_by_a_script_that_never_yields(context, action):
    page = context.new_page()
    watchdog = Watchdog(page)
    try:
        assert watchdog.unarmed == ""
        page.set_content(PAGES["/tab-loop"])
        started = time.monotonic()
        with pytest.raises(BudgetExpired) as expired, watchdog.budget(1, "it did not finish"):
            if action == "key":
                page.keyboard.press("Tab")
            else:
                page.evaluate("() => { while (true) {} }")
        took = time.monotonic() - started
        assert 0.9 < took < 2.5, took  # cut at the deadline, not at the grace's end
        assert str(expired.value) == "it did not finish within 1 s; the page's scripts were stopped"
        assert page.evaluate("1 + 1") == 2  # stopped, not killed: the page answers again
    finally:
        watchdog.close()
        page.close()


@pytest.mark.browser
def test_a_call_that_waits_on_a_promise_for_ever_is_freed_by_closing_the_page(context):
    page = context.new_page()
    watchdog = Watchdog(page, grace_s=1.0)
    try:
        started = time.monotonic()
        with pytest.raises(BudgetExpired) as expired, watchdog.budget(1, "it did not finish"):
            page.evaluate("() => new Promise(() => {})")
        took = time.monotonic() - started
        assert 1.9 < took < 4.0, took
        assert "so it was closed" in str(expired.value)
        assert page.is_closed()
    finally:
        watchdog.close()
        page.close()


@pytest.mark.browser
def test_a_budget_that_is_kept_changes_nothing(context):
    page = context.new_page()
    watchdog = Watchdog(page)
    try:
        with watchdog.budget(1, "it did not finish"):
            assert page.evaluate("1 + 1") == 2
        time.sleep(1.2)  # past the deadline: nothing may fire at the idle page
        assert page.evaluate("2 + 2") == 4
        assert watchdog.last_expired == ""
    finally:
        watchdog.close()
        page.close()


@pytest.mark.browser
def test_a_watchdog_that_cannot_reach_the_page_says_so_and_still_reports_the_overrun(
    context, monkeypatch
):
    monkeypatch.setattr("harness.devtools._ports", weakref.WeakKeyDictionary())
    page = context.new_page()
    watchdog = Watchdog(page)
    try:
        assert watchdog.unarmed == "the browser was launched without a DevTools port"
        with pytest.raises(BudgetExpired) as expired, watchdog.budget(1, "it did not finish"):
            page.wait_for_timeout(1500)
        assert str(expired.value) == ("it did not finish within 1 s; its scripts could not be "
                                      "stopped (the browser was launched without a DevTools "
                                      "port)")
    finally:
        watchdog.close()
        page.close()


# --- audit ------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize(("path", "reason"), [
    # Chromium's own load time-out and the watchdog both end at 3 s: either may say so.
    ("/load-spins", "the page did not load within 3 s"),
    ("/axe-spins", "axe and the probes did not finish within 3 s; the page did not respond "
                   "when its scripts were stopped, so it was closed"),
])
def test_audit_says_inconclusive_for_a_page_out_of_time_and_checks_the_next(
    hostile, path, reason
):
    done, took = _cli("audit", hostile.base_url + path, hostile.base_url + "/fine", "--json",
                      "--timeout", "3")
    assert took < 25, took
    assert done.stderr == ""
    stuck, fine = _json_lines(done.stdout)
    assert stuck["status"] == "inconclusive"
    assert stuck["reason"].startswith(reason)
    assert set(stuck["criteria"].values()) == {"inconclusive"}
    assert all(note == stuck["reason"] for note in stuck["notes"].values())
    assert fine["url"] == hostile.base_url + "/fine"
    assert fine["status"] == "ok", fine.get("reason")
    assert done.returncode == 0


# --- transcript -------------------------------------------------------------------------------


@pytest.mark.browser
def test_transcript_stops_a_tab_handler_that_never_yields_and_reads_the_next_page(hostile):
    done, took = _cli("transcript", hostile.base_url + "/tab-loop", hostile.base_url + "/fine",
                      "--json", "--timeout", "3")
    assert took < 25, took
    assert done.stderr == ""
    stuck, fine = _json_lines(done.stdout)
    assert stuck["stopped"] == ("the page's script did not yield after Tab within 3 s; "
                                "the page's scripts were stopped")
    assert stuck["status"] == "incomplete"
    assert stuck["walk"] == "stopped"
    assert fine["status"] == "complete"
    said = " ".join(u["text_en"] for u in fine["utterances"])
    assert "Tra cứu" in said and "Làm lại" in said
    assert done.returncode == 1  # a walk was cut short: CI must notice


@pytest.mark.browser
def test_transcript_says_in_plain_text_why_a_walk_was_stopped(hostile):
    done, _ = _cli("transcript", hostile.base_url + "/tab-loop", "--lang", "en",
                   "--timeout", "2")
    first = done.stdout.splitlines()[0]
    assert first == (f"{hostile.base_url}/tab-loop: the page's script did not yield after Tab "
                     "within 2 s; the page's scripts were stopped")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr


# --- --timeout --------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["audit", "transcript"])
@pytest.mark.parametrize("value", ["0", "-5", "1e9", "abc", "nan", "inf", "600.5", "0.5"])
def test_a_timeout_out_of_range_is_one_line_and_exit_2(capsys, command, value):
    code = main([command, "http://127.0.0.1:9/", "--timeout", value])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert captured.err == (f"pesp-a11y: error: --timeout must be a number of seconds from 1 "
                            f"to 600, not {value}\n")


def test_timeouts_from_1_to_600_seconds_are_taken():
    assert timeout_seconds("1") == 1.0
    assert timeout_seconds("30") == 30.0
    assert timeout_seconds("600") == 600.0
    with pytest.raises(HarnessError):
        timeout_seconds("")


@pytest.mark.parametrize("command", ["audit", "transcript"])
def test_a_call_s_time_limit_reports_the_pages_it_did_not_reach(tmp_path, capsys, command,
                                                                 monkeypatch):
    from harness import interruption

    page = tmp_path / "p.html"
    page.write_text("<!doctype html><html lang='vi'><title>T</title><a href='#'>Một</a>",
                    encoding="utf-8")
    asked = iter([False, *[True] * 10])  # the deadline passes after the first page
    monkeypatch.setattr(interruption.Deadline, "passed", property(lambda self: next(asked)))
    main([command, page.as_uri(), page.as_uri(), "--json", "--time-limit", "10"])
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert first["status"] in ("ok", "complete")
    assert second["status"] in ("inconclusive", "not-read")
    assert "time limit of 10 s ran out" in second["reason"]
