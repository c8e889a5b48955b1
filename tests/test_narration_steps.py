"""What a step's transcript says, from recorded step events: silences that matter, why a step
stopped, what the pointer did, typed text, Tab wrapping round the page."""

from __future__ import annotations

from types import SimpleNamespace

from harness.announcements import unconveyed
from harness.narration import step_heading, step_utterances
from harness.steps import StepRecord


def focus(role: str, name: str, value: str = "", on_body: bool = False) -> dict:
    return {"target": [f"#{role}-{name}"], "role": role, "name": name, "value": value,
            "description": "", "states": [], "on_body": on_body}


def key(name: str, where: dict) -> dict:
    return {"event": "key", "key": name, "focus": where}


def outcome(check_id: str, *findings: tuple[str, str]) -> SimpleNamespace:
    return SimpleNamespace(check_id=check_id, findings=[
        SimpleNamespace(html=html, message=message, target=["#x"]) for html, message in findings])


def test_a_change_nothing_conveyed_is_silence_and_decoration_is_not():
    outcomes = [
        outcome("step-change-not-conveyed",
                ('<div class="col-lg-7">THÔNG TIN HỒ SƠ Mã hồ sơ 000.00.01.H57</div>', "...")),
        outcome("status-not-announced", ('<span class="req">*</span>', "..."),
                ("", "After 'Enter' the message 'Tải lên thành công' appeared, but ...")),
        outcome("focus-lost-after-action", ("<div>Ignored</div>", "...")),
    ]
    changes = unconveyed(outcomes)
    assert [c["shown"] for c in changes] == ["THÔNG TIN HỒ SƠ Mã hồ sơ 000.00.01.H57",
                                             "Tải lên thành công"]
    step = StepRecord(index=3, name="Tra cứu", status="done", events=[
        key("Enter", focus("button", "Tra cứu")),
        {"event": "announcements", "action": "Enter", "items": [], "unannounced": 1,
         "unconveyed": changes},
    ])
    said = step_utterances(step)
    assert [u.event for u in said] == ["focus", "silence", "silence"]
    assert said[1].text_vi == ("(im lặng: không có thông báo) hiển thị: THÔNG TIN HỒ SƠ Mã hồ sơ "
                               "000.00.01.H57")
    assert said[2].text_en.endswith("visible: Tải lên thành công")


def test_a_blocked_step_says_its_obstacle_and_that_it_stopped():
    step = StepRecord(index=4, name="Chọn Nộp trực tuyến", status="blocked", events=[
        key("Tab", focus("link", "Căn cứ pháp lý")),
        {"event": "obstacle", "kind": "unreachable", "wanted": "link 'Nộp trực tuyến'",
         "detail": "Tab went all the way round the page without reaching it", "stops": 17},
    ])
    said = step_utterances(step)
    assert said[-2].text_vi == ("(trở ngại: phím Tab đi hết một vòng trang, 17 điểm dừng, mà "
                                "không tới được liên kết Nộp trực tuyến)")
    assert said[-1].note == "blocked" and "bị chặn" in said[-1].text_vi
    assert "blocked" in said[-1].text_en
    assert step_heading(step, "vi") == "Bước 4, Chọn Nộp trực tuyến: bị chặn"


def test_a_blocked_step_with_no_obstacle_gives_its_reason():
    step = StepRecord(index=2, name="Tải tệp", status="blocked",
                      note="activate button 'Tải lên' by pointer failed too: timeout")
    said = step_utterances(step)
    assert said[-1].text_en == ("(step blocked: activate button 'Tải lên' by pointer failed too: "
                                "timeout; the task stops here)")


def test_an_assisted_step_says_what_the_pointer_did_in_each_language():
    step = StepRecord(index=5, name="Nộp", status="assisted", events=[
        {"event": "obstacle", "kind": "no-file-chooser", "wanted": "file input 'Tờ khai'",
         "detail": "...", "stops": 0},
        {"event": "announcements", "action": "upload to-khai.pdf", "items": [],
         "unconveyed": [{"check": "status-not-announced", "target": ["#t"],
                         "shown": "Tải lên thành công"}]},
        {"event": "assisted", "what": "upload to-khai.pdf into file input 'Tờ khai' by pointer"},
    ])
    said = step_utterances(step)
    assert [u.event for u in said] == ["note", "note", "silence"]  # the pointer, then its effect
    assert said[1].text_vi == ("(có trợ giúp: trình kiểm thử dùng chuột để tải tệp to-khai.pdf "
                               "lên ô chọn tệp Tờ khai)")
    assert said[1].text_en == ("(assisted: the harness used the pointer to upload to-khai.pdf "
                               "into file input Tờ khai)")
    assert said[-1].event == "silence"  # done: no stop line


def test_typed_text_is_said_as_typed_and_not_repeated_as_a_value():
    field = focus("textbox", "Nhập mã bảo mật")
    typed = focus("textbox", "Nhập mã bảo mật", value="38665")
    step = StepRecord(index=2, name="Nhập mã", status="done", events=[
        key("Tab", field),
        {"event": "type", "text": "38665", "focus": typed},
        key("Tab", typed),
    ])
    said = step_utterances(step)
    assert [u.text_vi for u in said] == ["ô nhập liệu, Nhập mã bảo mật", "đã gõ: 38665"]
    assert said[1].text_en == "typed: 38665"


def test_tab_past_the_end_is_a_wrap_and_enter_onto_a_new_page_is_a_page():
    body = focus("document", "Tra cứu hồ sơ", on_body=True)
    step = StepRecord(index=2, name="Đi", status="done", events=[
        key("Tab", focus("button", "Tra cứu")),
        key("Tab", body),
        key("Tab", focus("link", "Trang chủ")),
        key("Enter", focus("document", "Thủ tục", on_body=True)),
        {"event": "navigation", "key": "Enter", "url_from": "a", "url_to": "b"},
    ])
    said = step_utterances(step)
    assert [u.event for u in said] == ["focus", "note", "focus", "page"]
    assert said[1].note == "wrap" and "không có trang mới" in said[1].text_vi
    assert said[3].text_vi == "trang, Thủ tục"


def test_a_password_is_echoed_as_its_hidden_characters_and_spoken_as_an():
    from harness.speech_text import normalise

    field = focus("textbox", "Mật khẩu", value="•••••")
    step = StepRecord(index=1, name="Đăng nhập", status="done", events=[
        {"event": "type", "text": "bí-mật", "focus": field}])
    said = step_utterances(step)
    assert said[0].text_vi == "đã gõ: •••••" and "bí-mật" not in said[0].text_en
    assert normalise(said[0].text_vi) == "đã gõ: ẩn ẩn ẩn ẩn ẩn"


def test_every_note_is_said_in_both_languages_with_the_same_parts():
    import string

    from harness.utterance import vocabulary

    notes = {k: v for k, v in vocabulary()["notes"].items()
             if isinstance(v, dict) and set(v) == {"vi", "en"}}
    assert {"wrap", "blocked", "assisted", "unreachable", "trapped"} <= set(notes)
    for name, words in notes.items():
        parts = [{p for _, p, _, _ in string.Formatter().parse(words[lang]) if p}
                 for lang in ("vi", "en")]
        assert parts[0] == parts[1], name
        assert words["vi"].startswith("(") and words["en"].startswith("("), name


def test_a_step_that_only_looked_says_so_instead_of_nothing():
    said = step_utterances(StepRecord(index=9, name="Nghe kết quả", status="done"))
    assert [u.note for u in said] == ["quiet"]
    assert "không có phím nào được nhấn" in said[0].text_vi
