"""Chromium's accessibility tree over CDP: what a screen reader receives on Tab."""

from __future__ import annotations

import pytest

from harness.ax_snapshot import AxSnapshot

pytestmark = pytest.mark.browser

FORM = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Tra cứu hồ sơ</title></head><body>
<header><nav aria-label="Điều hướng chính"><a href="#">Trang chủ</a></nav></header>
<main>
<h1>Dịch vụ công</h1>
<h2 tabindex="0">Tra cứu hồ sơ</h2>
<label for="ten">Họ và tên</label><input id="ten" required>
<input id="tinh" role="combobox" aria-label="Tỉnh/Thành phố" aria-expanded="false"
  aria-controls="ds" aria-autocomplete="list">
<ul id="ds" role="listbox" hidden><li role="option">Huế</li></ul>
<button><svg width="16" height="16"></svg></button>
<label for="quan">Quận</label>
<select id="quan"><option>Phú Xuân</option><option>Thuận Hóa</option></select>
<label><input type="checkbox" checked> Tôi đồng ý</label>
<iframe title="Mã xác nhận" srcdoc="<label>Mã xác nhận <input id=otp required></label>"></iframe>
</main></body></html>"""

EXPECTED = [
    ("link", "Trang chủ", []),
    ("heading", "Tra cứu hồ sơ", ["level 2"]),
    ("textbox", "Họ và tên", ["required"]),
    ("combobox", "Tỉnh/Thành phố", ["collapsed"]),
    ("button", "", []),
    ("combobox", "Quận", ["collapsed"]),
    ("checkbox", "Tôi đồng ý", ["checked"]),
    ("textbox", "Mã xác nhận", ["required"]),
]


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_content(FORM)
    yield page
    page.close()


def test_tab_through_form(page):
    ax = AxSnapshot.for_page(page)
    spoken = []
    for _ in EXPECTED:
        page.keyboard.press("Tab")
        utterance = ax.focused("Tab")
        assert utterance is not None
        spoken.append(utterance)
    assert [(u.role, u.name, u.states) for u in spoken] == EXPECTED
    assert all(u.event == "focus" and u.key == "Tab" for u in spoken)
    assert spoken[2].text_en == "textbox, Họ và tên, required"
    assert spoken[3].text_en == "combobox, Tỉnh/Thành phố, collapsed"
    assert spoken[3].text_vi == "hộp kết hợp, Tỉnh/Thành phố, thu gọn"
    assert spoken[1].text_vi == "tiêu đề, Tra cứu hồ sơ, mức 2"


def test_unnamed_button_is_marked(page):
    ax = AxSnapshot.for_page(page)
    page.focus("button")
    button = ax.focused()
    assert button.role == "button" and button.unnamed
    assert button.text_en == "button"


def test_native_select_value(page):
    page.focus("#quan")
    select = AxSnapshot.for_page(page).focused()
    assert (select.role, select.name, select.value) == ("combobox", "Quận", "Phú Xuân")
    assert "has popup" not in select.states
    assert select.text_en == "combobox, Quận, Phú Xuân, collapsed"


def test_expanded_and_invalid_states(page):
    page.evaluate(
        "() => { const c = document.getElementById('tinh');"
        " c.setAttribute('aria-expanded', 'true');"
        " document.getElementById('ten').setAttribute('aria-invalid', 'true'); }"
    )
    ax = AxSnapshot.for_page(page)
    page.focus("#tinh")
    assert ax.focused().states == ["expanded"]
    page.focus("#ten")
    assert ax.focused().states == ["required", "invalid"]


def test_focus_inside_iframe(page):
    ax = AxSnapshot.for_page(page)
    page.frame_locator("iframe").locator("#otp").focus()
    inner = ax.focused()
    assert (inner.role, inner.name, inner.states) == ("textbox", "Mã xác nhận", ["required"])
    assert inner.element == "iframe > input#otp"


def test_focus_on_body(page):
    ax = AxSnapshot.for_page(page)
    assert ax.focused_is_body()
    for _ in range(len(EXPECTED) + 1):
        page.keyboard.press("Tab")
    body = ax.focused("Tab")
    assert body.on_body and body.role == "document"
    assert body.name == "Tra cứu hồ sơ"
    assert ax.focused_is_body()


def test_shadow_dom_focus(context):
    page = context.new_page()
    page.set_content(
        "<div id=host></div><script>document.getElementById('host')"
        ".attachShadow({mode: 'open'}).innerHTML = '<button>Gửi hồ sơ</button>';</script>"
    )
    page.keyboard.press("Tab")
    assert AxSnapshot.for_page(page).focused().text_en == "button, Gửi hồ sơ"
    page.close()


def test_page_summary_and_page_utterance(page):
    ax = AxSnapshot.for_page(page)
    summary = ax.page_summary()
    assert summary["title"] == "Tra cứu hồ sơ"
    assert summary["headings"] == [(1, "Dịch vụ công"), (2, "Tra cứu hồ sơ")]
    assert ("navigation", "Điều hướng chính") in summary["landmarks"]
    assert ("main", "") in summary["landmarks"]
    assert summary["counts"]["links"] == 1
    assert summary["counts"]["buttons"] == 1
    assert summary["counts"]["unnamed_buttons"] == 1
    # textbox, combobox, select, checkbox and the field inside the iframe
    assert summary["counts"]["form_fields"] == 5
    assert ("textbox", "Mã xác nhận") in summary["form_fields"]
    page_event = ax.page_utterance()
    assert page_event.text_en == "page, Tra cứu hồ sơ"
    assert page_event.text_vi == "trang, Tra cứu hồ sơ"


def test_session_is_kept_per_page_and_detaches(context):
    page = context.new_page()
    page.set_content("<button>Một</button>")
    first = AxSnapshot.for_page(page)
    assert AxSnapshot.for_page(page) is first
    page.keyboard.press("Tab")
    assert first.focused().name == "Một"
    first.close()
    assert first.focused().name == "Một"  # a closed snapshot reopens its session on demand
    page.close()
