"""Waiting for what an action started (harness/quiet.py) instead of sleeping, and telling when a
page state is unchanged so a snapshot of it can be shared."""

from __future__ import annotations

import pytest

from harness.quiet import install_quiet, page_version, wait_quiet

pytestmark = pytest.mark.browser

PAGE = """<!DOCTYPE html><html lang="vi"><body>
<button id="save">Lưu</button><input id="name"><p id="status" role="status"></p>
<script>
document.getElementById('save').addEventListener('click', () => {
  fetch('/ping').then(() => setTimeout(() => {
    document.getElementById('status').textContent = 'Đã lưu';
  }, 150));
});
</script></body></html>"""


@pytest.fixture
def page(context):
    install_quiet(context)
    context.route("http://quiet.test/**", lambda route: route.fulfill(
        content_type="text/html; charset=utf-8",
        body=PAGE if route.request.url.endswith("/") else "ok"))
    page = context.new_page()
    page.goto("http://quiet.test/")
    return page


def test_the_wait_lasts_until_the_request_and_the_timer_it_started_are_done(page):
    page.click("#save")
    wait_quiet(page, 5_000)
    assert page.text_content("#status") == "Đã lưu"


def test_the_version_changes_with_the_document_and_with_focus(page):
    first = page_version(page)
    assert first is not None and page_version(page) == first  # nothing happened
    page.focus("#name")
    moved = page_version(page)
    assert moved != first
    page.evaluate("document.getElementById('status').textContent = 'x'")
    assert page_version(page) != moved
    page.reload()
    assert page_version(page) not in (first, moved)  # a new document, even at the same count


def test_a_page_with_frames_has_no_version(page):
    page.evaluate("document.body.append(document.createElement('iframe'))")
    assert page_version(page) is None
