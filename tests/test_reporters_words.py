"""The report words file: each entry in both languages with the same placeholders, refused in
one line naming the entry otherwise."""

from __future__ import annotations

import json

import pytest

from harness.errors import HarnessError
from harness.reporters.text import note_words
from harness.reporters.words import WORDS_FILE, check_words, count_findings, note_vi, say


def shipped() -> dict:
    return json.loads(WORDS_FILE.read_text(encoding="utf-8"))


def test_the_shipped_words_file_is_complete():
    data = check_words(shipped(), "report_words.json")
    assert data["words"]["verdict.fail"]["vi"] != data["words"]["verdict.fail"]["en"]


@pytest.mark.parametrize(("entry", "why"), [
    ({"vi": "{n} phát hiện"}, "needs non-empty 'vi' and 'en'"),
    ({"vi": "{n} phát hiện", "en": ""}, "needs non-empty 'vi' and 'en'"),
    ({"vi": "{n} phát hiện", "en": "{count} findings"}, "has different placeholders"),
])
def test_a_broken_entry_is_refused_naming_it(entry, why):
    data = shipped()
    data["words"]["findings.many"] = entry
    with pytest.raises(HarnessError, match=f"entry 'findings.many' {why}"):
        check_words(data, "report_words.json")


def test_counts_read_as_sentences_in_each_language():
    assert count_findings(1, "en") == "1 finding"
    assert count_findings(3, "en", new=True) == "3 new findings"
    assert count_findings(3, "vi", new=True) == say("findings.new.many", "vi", n=3)


@pytest.mark.parametrize(("note", "said"), [
    ("nothing of this kind was met", "không gặp thành phần nào thuộc loại này"),
    ("failed: image-alt, label", "lỗi do: image-alt, label"),
    ("no failure found by list, label and 3 more checks",
     "không thấy lỗi qua list, label và 3 kiểm tra khác"),
    ("no check that ran decides this criterion (no failure from: link-name)",
     "không kiểm tra nào đã chạy quyết định được tiêu chí này (không thấy lỗi qua: link-name)"),
    ("no failure found by list; a person must still confirm that headings are headings",
     "không thấy lỗi qua list; người đánh giá vẫn cần xác nhận TIÊU ĐỀ"),
])
def test_known_notes_are_said_in_vietnamese(note, said):
    assert note_words(note, "vi", confirm_vi="TIÊU ĐỀ") == said
    assert note_words(note, "en", confirm_vi="TIÊU ĐỀ") == note


@pytest.mark.parametrize("note", ["not checked: the frame #pay could not be read",
                                  "a note the words file has never seen"])
def test_a_note_with_english_left_in_it_says_so(note):
    said = note_words(note, "vi")
    assert said == say("note.english", "vi", note=note_vi(note)[0]) and said != note


def test_a_note_pattern_must_be_a_regular_expression_using_its_groups():
    data = shipped()
    data["notes"]["patterns"].append({"en": "failed: (?P<checks>.+", "vi": "lỗi: {checks}"})
    with pytest.raises(HarnessError, match="is not a regular expression"):
        check_words(data, "report_words.json")
    data["notes"]["patterns"][-1] = {"en": "failed: (?P<checks>.+)", "vi": "lỗi: {check}"}
    with pytest.raises(HarnessError, match="must use exactly its groups"):
        check_words(data, "report_words.json")


@pytest.mark.parametrize(("reason", "said_vi"), [
    ("interrupted by Ctrl+C", "bị dừng bằng Ctrl+C"),
    ("the time limit of 10 s ran out", "đã hết thời hạn 10 giây"),
    ("the page did not load within 30 s; the page's scripts were stopped",
     "trang không tải xong trong 30 giây; các script của trang đã bị dừng"),
    ("the page could not be loaded: Page.goto: net::ERR_NAME_NOT_RESOLVED at https://x.gov.vn/",
     "không mở được trang: không tìm thấy tên miền của https://x.gov.vn/"),
    ("the page could not be loaded: Page.goto: net::ERR_UNSAFE_PORT at http://127.0.0.1:1/",
     "không mở được trang: Chromium báo lỗi mạng ERR_UNSAFE_PORT khi mở http://127.0.0.1:1/"),
    ("not checked: the time limit of 60 s ran out", "chưa kiểm được: đã hết thời hạn 60 giây"),
    # a driver's message the words file does not know is kept whole, never half translated
    ("link 'Nộp': Tab went round the page", "link 'Nộp': Tab went round the page"),
])
def test_the_harness_reasons_are_said_in_vietnamese(reason, said_vi):
    from harness.reporters.text import said

    assert said(reason, "vi") == said_vi
    assert said(reason, "en") == reason


def test_the_console_header_and_step_lines_have_no_english_left():
    """"biến thể defective" and the target's English notes once sat in Vietnamese lines."""
    from harness.reporters.text import header_lines, outcome_line, status_line, step_line

    meta = {"run_id": "r", "target": "live", "portal": "Cổng Dịch vụ công quốc gia",
            "base_url": "https://dichvucong.gov.vn", "mode": "keyboard-only", "live_safety": True,
            "status": "interrupted", "reason": "stopped by a SIGTERM signal",
            "notes": ["since 27 June 2025 citizens of Huế apply on the national portal; the flow "
                      "chooses the receiving agency Công an thành phố Huế",
                      "the address https://x.gov.vn follows the naming pattern and is not "
                      "confirmed"]}
    lines = header_lines(meta, "vi")
    assert lines[-2:] == [
        "Lưu ý: từ ngày 27/6/2025 công dân Huế nộp hồ sơ trên Cổng Dịch vụ công quốc gia; luồng "
        "chọn cơ quan tiếp nhận Công an thành phố Huế.",
        "Lưu ý: địa chỉ https://x.gov.vn được suy ra theo mẫu đặt tên, chưa được xác nhận."]
    replica = header_lines({**meta, "target": "replica", "variant": "accessible"}, "vi")[0]
    assert "(biến thể đã sửa lỗi)" in replica
    assert "(accessible variant)" in header_lines({**meta, "target": "replica",
                                                   "variant": "accessible"}, "en")[0]
    assert status_line(meta, "vi").endswith("bị dừng bởi tín hiệu SIGTERM")
    step = step_line(2, "Tìm thủ tục", "interrupted", "the time limit of 10 s ran out", 0, [],
                     "vi")
    assert step == ("Bước 2, Tìm thủ tục: bị dừng giữa chừng (đã hết thời hạn 10 giây); "
                    "0 phát hiện mới.")
    told = outcome_line({"scenario": "lookup", "status": "interrupted", "steps": 2,
                         "stopped_at": "Tra cứu", "message": "interrupted by Ctrl+C"}, "vi")
    assert told.endswith("tại 'Tra cứu': bị dừng bằng Ctrl+C.")


def test_every_english_reason_pattern_is_fully_vietnamese():
    """A pattern's Vietnamese keeps no English word of its own (only what it fills in)."""
    import re

    english = re.compile(r"\b(the|page|could|not|load|within|after|address|portal|file)\b")
    texts = [p["vi"] for p in shipped()["notes"]["patterns"]]
    for vi in [*texts, *shipped()["notes"]["exact"].values()]:
        assert not english.search(re.sub(r"\{\w+\}", "", vi)), vi


@pytest.mark.parametrize(("lang", "first"), [("vi", "pesp-a11y: sẽ dừng sau lần nhấn phím"),
                                             ("en", "pesp-a11y: stopping after the current")])
def test_what_a_stopping_run_says_follows_its_language(lang, first, capsys):
    import signal

    from harness.interruption import StopSignals

    signals = StopSignals(lang)
    signals._received(signal.SIGTERM, None)
    signals.hold()
    signals._received(signal.SIGINT, None)  # while the folder is written: only waits
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(first) and len(err) == 2
    assert err[1] == say("console.stop_holding", lang)
    assert signals.reason == "stopped by a SIGTERM signal"  # the record stays English data
