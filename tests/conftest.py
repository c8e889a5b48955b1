"""Shared fixtures: one Chromium per test session, replica servers for both variants."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.browser import open_browser
from harness.replica.server import ReplicaServer

PAGES = Path(__file__).parent / "pages"


@pytest.fixture(scope="session")
def browser():
    with open_browser() as browser:
        yield browser


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="vi-VN")
    yield context
    context.close()


@pytest.fixture(params=["defective", "accessible"])
def replica(request):
    with ReplicaServer("Huế", request.param) as server:
        yield server


@pytest.fixture
def page_url():
    return lambda name: (PAGES / name).resolve().as_uri()


@pytest.fixture(scope="session")
def accessible(browser, tmp_path_factory):
    """Both scenarios replayed on the accessible twin, once per session."""
    from replays import SCENARIO_NAMES, run_replay

    tmp = tmp_path_factory.mktemp("accessible")
    return {name: run_replay(browser, tmp, "accessible", name) for name in SCENARIO_NAMES}


@pytest.fixture(scope="session")
def assisted(browser, tmp_path_factory):
    """Both scenarios replayed on the defective replica with assistance, once per session."""
    from replays import SCENARIO_NAMES, run_replay

    tmp = tmp_path_factory.mktemp("assisted")
    return {name: run_replay(browser, tmp, "defective", name, assist=True)
            for name in SCENARIO_NAMES}
