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
