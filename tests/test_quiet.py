"""Waiting for what an action started (harness/quiet.py) instead of sleeping, and telling when a
page state is unchanged so a snapshot of it can be shared."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

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


class _SlowBody(BaseHTTPRequestHandler):
    """The page, and a file list whose body comes 300 ms after its headers."""

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        slow = self.path == "/tep"
        body = b'{"ten": "to-khai.pdf"}' if slow else b"""<!DOCTYPE html><ul id="ds"></ul>
<script>function tai() { return fetch('/tep').then(r => r.json()).then(j => {
  document.getElementById('ds').innerHTML = '<li>' + j.ten + '</li>'; }); }</script>
"""
        self.send_response(200)
        self.send_header("Content-Type", "application/json" if slow else "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.flush()
        if slow:
            time.sleep(0.3)
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_the_wait_lasts_until_a_fetched_body_was_read_and_used(context):
    install_quiet(context)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SlowBody)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{server.server_port}/")
        page.evaluate("tai(); 0")
        wait_quiet(page, 2_000)
        assert page.text_content("#ds") == "to-khai.pdf"
    finally:
        server.shutdown()
