"""Waiting for what an action started (harness/quiet.py) instead of sleeping, and telling when a
page state is unchanged so a snapshot of it can be shared."""

from __future__ import annotations

import pytest

from harness.keyboard import KeyboardDriver
from harness.page_load import settle
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


FORM = """<!DOCTYPE html><html lang="vi"><body>
<form action="/sent" method="post"><label>Họ tên <input id="ten" name="ten"></label>
<button id="gui">Gửi</button></form>
<a id="mau" href="/mau-don.docx">Tải mẫu đơn (docx)</a></body></html>"""


@pytest.fixture
def form_page(context):
    install_quiet(context)

    def answer(route):
        if route.request.url.endswith("/sent"):
            route.fulfill(content_type="text/html; charset=utf-8",
                          body="<!DOCTYPE html><title>Đã gửi</title><h1>Đã gửi</h1>")
        elif route.request.url.endswith(".docx"):
            route.fulfill(body=b"PK", headers={
                "content-type": "application/octet-stream",
                "content-disposition": "attachment; filename=mau-don.docx"})
        else:
            route.fulfill(content_type="text/html; charset=utf-8", body=FORM)

    context.route("http://form.test/**", answer)
    page = context.new_page()
    page.goto("http://form.test/")
    return page


def test_a_key_that_sends_a_form_is_waited_out_until_the_next_page_has_loaded(form_page):
    events: list[dict] = []
    driver = KeyboardDriver(form_page, record=events.append)
    driver.walk(lambda stop: stop.facts.selector == "#gui")
    stop = driver.press("Enter")
    assert form_page.url == "http://form.test/sent"
    assert stop.facts.on_body  # read on the new page, not on the one that was left
    assert [e["url_to"] for e in events if e["event"] == "navigation"] == [
        "http://form.test/sent"]


def test_a_key_that_starts_a_download_leaves_the_page_where_it_was(form_page):
    driver = KeyboardDriver(form_page)
    driver.walk(lambda stop: stop.facts.selector == "#mau")
    with form_page.expect_download():
        stop = driver.press("Enter")
    assert form_page.url == "http://form.test/"
    assert stop.facts.selector == "#mau"


def test_an_action_whose_timer_loads_another_page_settles_on_that_page(context):
    install_quiet(context)
    context.route("http://later.test/**", lambda route: route.fulfill(
        content_type="text/html; charset=utf-8",
        body="<!DOCTYPE html><title>Kết quả</title><h1>Kết quả</h1>"
        if route.request.url.endswith("/ket-qua") else
        "<!DOCTYPE html><title>Tìm</title><button id='tim' onclick=\"setTimeout(() => "
        "{ location.href = '/ket-qua'; }, 200)\">Tìm</button>"))
    page = context.new_page()
    page.goto("http://later.test/")
    page.focus("#tim")
    page.keyboard.press("Enter")
    settle(page)
    assert page.url == "http://later.test/ket-qua" and page.title() == "Kết quả"
