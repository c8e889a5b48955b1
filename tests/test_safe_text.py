"""Page text never reaches a terminal or a text file raw: no escape sequence, no bidi override,
no endless name."""

from __future__ import annotations

import io
import json

import pytest

from harness.console import Reporter
from harness.safe_text import NAME_LIMIT, json_line, visible, visible_lines
from harness.utterance import Utterance

HOSTILE = "Tra cứu\x1b[2J\x1b]0;owned\x07 hồ sơ \u202egnp.exe\u202c\x9b31m"


def test_control_and_bidi_characters_become_visible_marks():
    shown = visible(HOSTILE)
    assert not any(ch in shown for ch in "\x1b\x07\u202e\u202c\x9b")
    assert "<U+001B>[2J" in shown and "<U+202E>gnp.exe<U+202C>" in shown and "<U+009B>" in shown
    assert shown.startswith("Tra cứu") and "hồ sơ" in shown  # Vietnamese is left alone


def test_line_breaks_cannot_forge_a_line_of_the_report():
    shown = visible("Xem thêm\nStep 9, Nộp hồ sơ: done\r\u2028")
    assert "\n" not in shown and "\r" not in shown and "\u2028" not in shown


def test_a_long_name_is_cut_and_says_so():
    shown = visible("liên kết " * 1000)
    assert len(shown) < NAME_LIMIT + 40 and shown.endswith("(cut at 300 of 9000 characters)")
    assert visible("ngắn") == "ngắn"


def test_several_lines_keep_their_breaks_but_not_their_escapes():
    assert visible_lines("a\x1b[31m\nb") == "a<U+001B>[31m\nb"


def test_json_lines_escape_what_a_terminal_would_obey_and_stay_valid():
    line = json_line({"name": HOSTILE})
    assert not any(ch in line for ch in "\x1b\x07\u202e\x9b")
    assert json.loads(line) == {"name": HOSTILE}  # nothing lost: the data stays true
    assert "Tra cứu" in line


def test_the_console_prints_page_text_safely_in_both_modes():
    for plain in (True, False):
        stream = io.StringIO()
        stream.isatty = lambda: True  # type: ignore[method-assign]
        Reporter(plain=plain, stream=stream).line(f"Step 1, {HOSTILE}: done.")
        assert "\x1b[2J" not in stream.getvalue() and "\u202e" not in stream.getvalue()


def test_spoken_lines_render_page_text_safely():
    said = Utterance(event="focus", role="link", name=HOSTILE, description="x" * 5000)
    for text in (said.text_vi, said.text_en):
        assert "\x1b" not in text and "\u202e" not in text and len(text) < 2 * NAME_LIMIT
    assert said.name == " ".join(HOSTILE.split())  # the data keeps what the page said


@pytest.mark.browser
@pytest.mark.parametrize("command", [["audit"], ["audit", "--json"], ["transcript"],
                                     ["transcript", "--json"]])
def test_no_escape_sequence_from_a_page_reaches_the_terminal(tmp_path, capsys, command):
    hostile = tmp_path / "hostile.html"
    hostile.write_text(
        "<!doctype html><html lang='vi'><title>Tra cứu\x1b]0;owned\x07</title>"
        "<h1>Hồ sơ \u202egnp.exe</h1><a href='#x'>Xem\x1b[2J thêm</a>"
        f"<button>{'Nộp ' * 400}</button>", encoding="utf-8")
    from harness.cli import main

    main([*command, hostile.as_uri()])
    out = capsys.readouterr()
    for stream in (out.out, out.err):
        assert not any(ch in stream for ch in "\x1b\x07\u202e"), stream
    if command != ["audit"]:  # plain audit prints no page text for a page with no finding
        assert "Tra cứu" in out.out or "Xem" in out.out
