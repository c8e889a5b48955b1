"""The speech-text normaliser reads Vietnamese public-service text as a person would: every case
of data/speech_cases.json, and `pesp-a11y speak` printing them."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from harness.cli import main
from harness.speech_text import cases, normalise, number_words

CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[c["text"] for c in CASES])
def test_every_case_of_the_table_is_read_as_written_there(case):
    assert normalise(case["text"], case.get("lang", "vi")) == case["spoken"]


def test_the_table_covers_what_the_issue_asked():
    groups = {case["group"] for case in CASES}
    assert {"dates", "codes", "money", "phones", "legal", "abbreviations", "hidden", "slashes",
            "addresses"} <= groups
    texts = " ".join(case["text"] for case in CASES)
    for needed in ("ngày 01/3/2025", "89542", "200.000 đồng", "1900 1234", "NĐ-CP", "TT-BTP",
                   "QĐ-UBND", "TP.HCM", "LLTP", "STT", "VNeID", "••",
                   # issue 23: what portals print that was heard wrong
                   "Bước 2/4", "Trang 3/10", "Số 12/3 đường", "Nghị định 45/2020/NĐ-CP",
                   "21/2023/TT-BTTTT", "123/QĐ-UBND", "dichvucong.gov.vn", "https://",
                   "@gmail.com", "27/06/2025 14:30", "+84 912 345 678", "0912345678",
                   "thủ tục 2.000488", "200.000đ/lần"):
        assert needed in texts, needed


def _phonemes(text: str) -> str:
    done = subprocess.run(["espeak-ng", "-v", "vi", "-q", "-x"], input=text, capture_output=True,
                          text=True, timeout=60, check=True)
    return done.stdout


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng is not installed")
def test_espeak_ng_reads_every_vietnamese_case_in_vietnamese():
    """espeak-ng switches to English for a Latin word it does not know ("dichvucong", "gmail",
    "Email"): its phonemes then carry "(en)". No spoken text of the table may make it do so
    (all cases in one run; the ones that switch are named when one does)."""
    spoken = [case["spoken"] for case in CASES if case.get("lang", "vi") == "vi"]
    if "(en)" in _phonemes("\n\n".join(spoken)):
        switched = [f"{text} -> {_phonemes(text).strip()}" for text in spoken
                    if "(en)" in _phonemes(text)]
        pytest.fail("read in English:\n" + "\n".join(switched))


def test_a_slash_between_numbers_is_always_said():
    """espeak-ng drops a "/" between numbers: no Vietnamese case may leave one for it."""
    for case in CASES:
        if case.get("lang", "vi") == "vi" and case["text"] != "Ngày 32/01/2024":
            assert not re.search(r"\d\s?/\s?\d", case["spoken"]), case["text"]


@pytest.mark.parametrize(("text", "spoken"), [
    ("Nghị định 45/2020/NĐ-CP", "Nghị định số 45 năm 2020 của Chính phủ"),
    ("theo nghị định số 45/2020/NĐ-CP", "theo nghị định số 45 năm 2020 của Chính phủ"),
    ("Văn bản số 45/2020/NĐ-CP", "Văn bản số 45 năm 2020, nghị định của Chính phủ"),
])
def test_the_type_of_a_legal_document_is_said_once(text, spoken):
    assert normalise(text) == spoken


def test_a_slash_after_dong_is_a_price_per_unit_only_after_an_amount():
    assert normalise("Phí 50.000 đồng/bản") == "Phí năm mươi nghìn đồng một bản"
    assert normalise("Hội đồng/Ủy ban xã") == "Hội đồng/Ủy ban xã"


def test_a_province_in_a_portal_address_is_said_by_its_name():
    assert normalise("dichvucong.thanhhoa.gov.vn") == (
        "dịch vụ công chấm Thanh Hóa chấm gờ o vê chấm vê nờ")


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
