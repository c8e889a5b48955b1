"""Spoken lines in Vietnamese and English from narration parts, and text normalised for speech."""

from __future__ import annotations

import pytest

from harness.speech_text import normalise
from harness.utterance import Utterance, page_summary_lines, render, vocabulary


@pytest.mark.parametrize(
    ("parts", "en", "vi"),
    [
        (
            {"role": "heading", "name": "Tra cứu hồ sơ", "states": ["level 2"]},
            "heading, Tra cứu hồ sơ, level 2",
            "tiêu đề, Tra cứu hồ sơ, mức 2",
        ),
        (
            {"role": "textbox", "name": "Họ và tên", "states": ["required"]},
            "textbox, Họ và tên, required",
            "ô nhập liệu, Họ và tên, bắt buộc",
        ),
        (
            {"role": "combobox", "name": "Tỉnh/Thành phố", "states": ["collapsed"]},
            "combobox, Tỉnh/Thành phố, collapsed",
            "hộp kết hợp, Tỉnh/Thành phố, thu gọn",
        ),
        ({"role": "link", "name": "Xem chi tiết"}, "link, Xem chi tiết", "liên kết, Xem chi tiết"),
        (
            {"role": "checkbox", "name": "Đồng ý", "states": ["checked"]},
            "checkbox, Đồng ý, checked",
            "hộp kiểm, Đồng ý, đã chọn",
        ),
        (
            {"role": "combobox", "name": "Quận", "value": "Phú Xuân", "states": ["collapsed"]},
            "combobox, Quận, Phú Xuân, collapsed",
            "hộp kết hợp, Quận, Phú Xuân, thu gọn",
        ),
    ],
)
def test_focus_reference_wording(parts, en, vi):
    utterance = Utterance(event="focus", key="Tab", **parts)
    assert render(utterance, "en") == en == utterance.text_en
    assert render(utterance, "vi") == vi == utterance.text_vi
    assert not utterance.unnamed


def test_live_announcement():
    polite = Utterance(event="live", name="Nộp hồ sơ thành công", politeness="polite")
    assert polite.text_en == "polite: Nộp hồ sơ thành công"
    assert polite.text_vi.endswith(": Nộp hồ sơ thành công")
    assertive = Utterance(event="live", name="Lỗi", politeness="assertive")
    assert assertive.text_en == "assertive: Lỗi"


def test_page_event():
    page = Utterance(event="page", name="Cổng dịch vụ công  tỉnh Huế")
    assert page.text_en == "page, Cổng dịch vụ công tỉnh Huế"
    assert page.text_vi == "trang, Cổng dịch vụ công tỉnh Huế"
    assert Utterance(event="page").unnamed


def test_unnamed_control_says_only_its_role():
    button = Utterance(event="focus", key="Tab", role="button")
    assert button.text_en == "button"
    assert button.text_vi == "nút"
    assert button.unnamed
    assert button.to_json()["unnamed"] is True
    field = Utterance(event="focus", role="textbox", states=["required"])
    assert field.text_en == "textbox, required"
    assert field.unnamed


def test_silence_marker_with_what_was_visible():
    silence = Utterance(event="silence", key="Enter", visible="Nộp hồ sơ thành công")
    assert silence.text_en == "(silence: nothing announced) visible: Nộp hồ sơ thành công"
    assert silence.text_vi.startswith("(im lặng: không có thông báo)")
    assert Utterance(event="silence").text_en == "(silence: nothing announced)"


def test_value_event_and_json_round_trip():
    value = Utterance(event="value", key="ArrowDown", role="combobox", value="Huế")
    assert value.text_en == "Huế"
    data = value.to_json()
    assert data["key"] == "ArrowDown" and data["text_vi"] == "Huế"
    assert Utterance.from_json(data) == value


def test_vocabulary_covers_roles_and_states():
    vocab = vocabulary()
    for role in (
        "link",
        "button",
        "heading",
        "textbox",
        "combobox",
        "listbox",
        "option",
        "checkbox",
        "radio",
        "dialog",
        "alert",
        "status",
        "img",
        "navigation",
        "main",
        "banner",
        "contentinfo",
        "spinbutton",
        "menuitem",
        "iframe",
    ):
        assert vocab["roles"][role]["vi"] and vocab["roles"][role]["en"], role
    for ignored in ("generic", "StaticText", "LabelText", "paragraph"):
        assert vocab["roles"][ignored] is None
    for state in (
        "required",
        "invalid",
        "expanded",
        "collapsed",
        "checked",
        "not checked",
        "mixed",
        "selected",
        "disabled",
        "read only",
        "has popup",
        "pressed",
        "multiline",
        "busy",
    ):
        assert vocab["states"][state]["vi"], state
    assert "confirm" in vocab["about"]


def test_unknown_event_is_refused():
    with pytest.raises(ValueError):
        Utterance(event="shout")


def test_english_normalisation_only_spaces_id_digits():
    assert normalise("CCCD 079203001234, 05/03/2024", "en") == (
        "CCCD 0 7 9 2 0 3 0 0 1 2 3 4, 05/03/2024"
    )


def test_a_new_page_is_summed_up_as_a_screen_reader_does_on_load():
    summary = {
        "headings": [[1, "Tra cứu hồ sơ"], [3, "Kết quả"]],
        "counts": {"landmarks": 1, "headings": 2, "links": 14, "buttons": 3,
                   "form_fields": 0, "unnamed_links": 0, "unnamed_buttons": 2,
                   "unnamed_form_fields": 0},
    }
    assert page_summary_lines(summary, "en") == [
        "page has 1 region, 2 headings, 14 links, 3 buttons (2 with no name) and 0 form fields",
        "headings: level 1, Tra cứu hồ sơ; level 3, Kết quả",
    ]
    vi = page_summary_lines({**summary, "headings": []}, "vi")
    assert vi == ["trang có 1 vùng, 2 tiêu đề, 14 liên kết, 3 nút (2 không có tên) "
                  "và 0 ô biểu mẫu"]
