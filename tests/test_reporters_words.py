"""The report words file: each entry in both languages with the same placeholders, refused in
one line naming the entry otherwise."""

from __future__ import annotations

import json

import pytest

from harness.errors import HarnessError
from harness.reporters.words import WORDS_FILE, check_words, count_findings, say


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
