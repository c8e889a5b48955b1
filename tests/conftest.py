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
