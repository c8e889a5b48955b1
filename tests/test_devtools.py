"""A page's own DevTools connection (harness/devtools.py): the same answers as Playwright's CDP
session, over a raw connection where the browser's endpoint is known, through Playwright where
it is not, and Playwright's Error either way when a command fails."""

from __future__ import annotations

import weakref

import pytest
from playwright.sync_api import Error

from harness.devtools import page_protocol
from harness.snapshot import take_snapshot

pytestmark = pytest.mark.browser

PAGE = "<!DOCTYPE html><html lang='vi'><title>Tra cứu</title><main><h1>Tra cứu hồ sơ</h1>" \
       "<label for='ma'>Mã hồ sơ</label><input id='ma'></main></html>"


@pytest.fixture(params=["own connection", "through Playwright"])
def page(request, context, monkeypatch):
    if request.param == "through Playwright":
        monkeypatch.setattr("harness.devtools._ports", weakref.WeakKeyDictionary())
    page = context.new_page()
    page.set_content(PAGE)
    yield page
    page.close()


def test_a_command_answers_as_playwright_s_session_does(page):
    answer = page_protocol(page).send("Runtime.evaluate",
                                      {"expression": "document.title", "returnByValue": True})
    assert answer["result"]["value"] == "Tra cứu"
    assert page_protocol(page) is page_protocol(page)  # one per page


def test_a_failing_command_is_playwright_s_error(page):
    with pytest.raises(Error, match="wasn't found|not found"):
        page_protocol(page).send("Nothing.such")


def test_the_snapshot_reads_names_from_the_accessibility_tree(page):
    snapshot = take_snapshot(page)
    field = next(node for node in snapshot.nodes if node.attrs.get("id") == "ma")
    assert field.ax is not None and field.ax.name == "Mã hồ sơ"


def test_a_closed_page_s_commands_fail_with_playwright_s_error(context):
    page = context.new_page()
    protocol = page_protocol(page)
    page.close()
    with pytest.raises(Error):
        protocol.send("Runtime.evaluate", {"expression": "1"})
