"""The announcement recorder on small inline pages: what a screen reader would speak after an
action, and what a sighted user would see appear."""

from __future__ import annotations

import pytest

from harness.announcements import AnnouncementRecorder
from harness.quiet import install_quiet, wait_quiet

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>t</title></head><body>
<div id="status" role="status"></div>
<div id="holder"></div>
<div id="off" aria-live="off"></div>
<div id="toast-host"></div>
<iframe id="inner" srcdoc="<p id=count aria-live=polite aria-atomic=true>Số kết quả: <b>0</b></p>">
</iframe>
</body></html>"""


@pytest.fixture
def recorded(context):
    recorder = AnnouncementRecorder().install(context)
    page = context.new_page()
    page.route("http://pesp.test/", lambda route: route.fulfill(
        body=PAGE, content_type="text/html; charset=utf-8"))
    page.goto("http://pesp.test/")
    assert recorder.drain(page) == []  # what the page held on load is the page, not news
    return recorder, page


def _run(page, script: str) -> None:
    page.evaluate(script)
    page.wait_for_timeout(450)


def test_polite_status_update_is_recorded(recorded):
    recorder, page = recorded
    _run(page, "document.getElementById('status').textContent = 'Tìm thấy 3 thủ tục'")
    spoken = [a for a in recorder.drain(page) if a.kind == "live"]
    assert [(a.politeness, a.text, a.unreliable) for a in spoken] == [
        ("polite", "Tìm thấy 3 thủ tục", False)
    ]
    assert spoken[0].target == ["#status"] and spoken[0].spoken
    assert recorder.drain(page) == []  # drained


def test_inserted_alert_is_assertive(recorded):
    recorder, page = recorded
    _run(page, "document.getElementById('holder').innerHTML = "
               "'<div role=\"alert\">Sai mật khẩu</div>'")
    alerts = [a for a in recorder.drain(page) if a.kind == "alert"]
    assert [(a.politeness, a.text, a.spoken) for a in alerts] == [
        ("assertive", "Sai mật khẩu", True)
    ]


def test_live_region_inserted_with_text_is_unreliable(recorded):
    recorder, page = recorded
    _run(page, "document.getElementById('holder').innerHTML = "
               "'<p aria-live=\"polite\">Đã lưu tờ khai</p>'")
    live = [a for a in recorder.drain(page) if a.kind == "live"]
    assert [(a.text, a.unreliable, a.spoken) for a in live] == [("Đã lưu tờ khai", True, False)]


def test_aria_live_off_is_silent(recorded):
    recorder, page = recorded
    _run(page, "document.getElementById('off').textContent = 'Không đọc'")
    assert [a for a in recorder.drain(page) if a.kind != "appeared"] == []


def test_toast_appearing_is_recorded(recorded):
    recorder, page = recorded
    _run(page, "const t = document.createElement('div'); t.className = 'toastr toastr-success';"
               "t.textContent = 'Tải lên thành công';"
               "document.getElementById('toast-host').appendChild(t)")
    records = recorder.drain(page)
    assert [(a.kind, a.text, a.in_live) for a in records] == [
        ("appeared", "Tải lên thành công", False)
    ]
    assert records[0].target == ["#toast-host > div"] and not records[0].spoken


def test_update_inside_an_iframe_carries_the_frame(recorded):
    recorder, page = recorded
    page.frames[1].evaluate("document.querySelector('#count b').textContent = '5'")
    page.wait_for_timeout(100)
    live = [a for a in recorder.drain(page) if a.kind == "live"]
    assert [(a.text, a.target) for a in live] == [("Số kết quả: 5", ["#inner", "#count"])]


def test_a_message_that_fades_in_is_recorded_once_its_transition_ends(context):
    recorder = AnnouncementRecorder().install(context)
    install_quiet(context)
    page = context.new_page()
    page.route("http://pesp.test/", lambda route: route.fulfill(body=(
        "<!doctype html><html lang='vi'><style>.toast{opacity:0}"
        ".toast.shown{opacity:1;transition:opacity .2s linear .2s}</style>"
        "<body><div id='host'></div></body></html>"), content_type="text/html; charset=utf-8"))
    page.goto("http://pesp.test/")
    recorder.drain(page)
    page.evaluate("""() => {
      document.getElementById('host').innerHTML = '<div class="toast" role="status"></div>';
      const toast = document.querySelector('.toast');
      getComputedStyle(toast).opacity;  // drawn hidden first, as a page's own script does
      toast.textContent = 'Đã lưu hồ sơ';
      toast.classList.add('shown');  // fully transparent for 200 ms more, then fades in
    }""")
    wait_quiet(page, 2_000)  # waits for the transition, as an action's settle does
    assert "Đã lưu hồ sơ" in [a.text for a in recorder.drain(page)]
