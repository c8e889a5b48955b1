"""The speech-text normaliser reads Vietnamese public-service text as a person would: every case
of data/speech_cases.json, and `pesp-a11y speak` printing them."""

from __future__ import annotations

import pytest

from harness.cli import main
from harness.speech_text import cases, normalise, number_words

CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[c["text"] for c in CASES])
def test_every_case_of_the_table_is_read_as_written_there(case):
    assert normalise(case["text"], case.get("lang", "vi")) == case["spoken"]


def test_the_table_covers_what_the_issue_asked():
    groups = {case["group"] for case in CASES}
    assert {"dates", "codes", "money", "phones", "legal", "abbreviations", "hidden"} <= groups
    texts = " ".join(case["text"] for case in CASES)
    for needed in ("ngày 01/3/2025", "89542", "200.000 đồng", "1900 1234", "NĐ-CP", "TT-BTP",
                   "QĐ-UBND", "TP.HCM", "LLTP", "STT", "VNeID", "••"):
        assert needed in texts, needed


def test_a_date_after_ngay_is_not_said_with_a_second_ngay():
    for case in CASES:
        assert "ngày ngày" not in case["spoken"].casefold(), case["text"]


@pytest.mark.parametrize(("number", "said"), [
    (21, "hai mươi mốt"), (15, "mười lăm"), (105, "một trăm linh năm"), (11, "mười một"),
    (200_000, "hai trăm nghìn"), (1_050_000, "một triệu không trăm năm mươi nghìn"),
    (2_000_000_000, "hai tỷ"),
])
def test_quantities_in_vietnamese_words(number, said):
    assert number_words(number) == said


@pytest.mark.parametrize("case", CASES[:12], ids=[c["text"] for c in CASES[:12]])
def test_speak_prints_the_spoken_text_of_a_case(case, capsys):
    assert main(["speak", case["text"], "--text", "--lang", case.get("lang", "vi")]) == 0
    assert capsys.readouterr().out.strip() == case["spoken"]


def test_speak_cases_prints_the_whole_table_and_says_it_holds(capsys):
    assert main(["speak", "--cases"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(CASES)
    assert all(" => " in line and "DIFFERS" not in line for line in lines)


def test_speak_writes_a_wav(tmp_path, capsys):
    out = tmp_path / "phi.wav"
    assert main(["speak", "Lệ phí 200.000 đồng", "--out", str(out)]) == 0
    assert out.stat().st_size > 1000
    assert "hai trăm nghìn đồng" in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "said"), [
    (["speak"], "give the text to read"),
    (["speak", "x", "--out", "x.mp3"], "--out must name a .wav file"),
    (["speak", "x", "--voice", "english", "--lang", "vi"], "does not speak --lang vi"),
])
def test_bad_input_is_one_line_and_exit_2(argv, said, capsys):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert said in captured.err and captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
