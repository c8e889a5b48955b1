"""`--browser-endpoint URL`: the harness drives a browser it did not launch, over the Chrome
DevTools Protocol, here a local Chromium started with a debugging port as a grid node would be."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator

import pytest

from harness.browser import QUIET_FLAGS, chromium_path, devtools_address, open_browser
from harness.cli import main
from harness.errors import HarnessError
from harness.watchdog import STOPPED, BudgetExpired, Watchdog

LISTENING = re.compile(r"DevTools listening on (ws://[^\s]+)")


@pytest.fixture(scope="module")
def remote_chromium(tmp_path_factory) -> Iterator[dict[str, str]]:
    """A headless Chromium on a debugging port it chose itself (read from its stderr)."""
    profile = tmp_path_factory.mktemp("remote-profile")
    browser = subprocess.Popen(
        [chromium_path(), "--headless", "--remote-debugging-port=0",
         f"--user-data-dir={profile}", *QUIET_FLAGS, "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert browser.stderr is not None
    socket_url = ""
    for line in browser.stderr:
        found = LISTENING.search(line)
        if found:
            socket_url = found.group(1)
            break
    if not socket_url:
        browser.kill()
        pytest.fail("Chromium did not say where its DevTools endpoint listens")
    yield {"ws": socket_url, "http": "http://" + devtools_address(socket_url)}
    browser.terminate()
    browser.wait(timeout=30)


@pytest.mark.parametrize(("endpoint", "says"), [
    ("ftp://grid:4444", "must be an http://, https://, ws:// or wss:// address"),
    ("grid:4444", "must be an http://"),
])
def test_a_bad_endpoint_is_one_line(endpoint, says):
    with pytest.raises(HarnessError, match=says):
        devtools_address(endpoint)


def test_an_endpoint_nobody_answers_is_one_line(capsys):
    assert main(["audit", "--browser-endpoint", "http://127.0.0.1:9", "file:///dev/null"]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("pesp-a11y: error: cannot connect to the browser at") and (
        "\n" not in error)


@pytest.mark.browser
def test_a_portal_runs_through_the_endpoint(remote_chromium, tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["run", "--province", "hue", "--replica", "--scenario", "dossier-lookup",
                 "--no-audio", "--plain", "--out", str(out),
                 "--browser-endpoint", remote_chromium["http"]]) == 0
    meta = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert meta["status"] == "complete"
    steps = (out / "steps.jsonl").read_text(encoding="utf-8").splitlines()
    assert steps and all(json.loads(s)["status"] == "done" for s in steps)


@pytest.mark.browser
def test_audit_takes_the_browser_socket_address_too(remote_chromium, page_url, capsys):
    assert main(["audit", "--json", "--budget", "0", "--browser-endpoint",
                 remote_chromium["ws"], page_url("clean.html")]) in (0, 1)
    result = json.loads(capsys.readouterr().out.splitlines()[0])
    assert result["status"] == "ok"


@pytest.mark.browser
def test_the_watchdog_stops_a_hung_page_on_the_remote_browser(remote_chromium):
    with open_browser(remote_chromium["http"]) as browser:
        context = browser.new_context()
        page = context.new_page()
        watchdog = Watchdog(page)
        try:
            assert watchdog.unarmed == ""
            with pytest.raises(BudgetExpired) as expired, watchdog.budget(1, "it hung"):
                page.evaluate("() => { while (true) {} }")
            assert str(expired.value) == f"it hung within 1 s; {STOPPED}"
        finally:
            watchdog.close()
            context.close()
