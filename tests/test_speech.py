"""Offline speech: one WAV, one segment per line, in order and inside the file."""

from __future__ import annotations

import time
import wave

import pytest

from harness.errors import HarnessError
from harness.speech import VOICES, _SpeechWorker, available_voices, synthesize, wav_duration

LINES = [
    "trang, Cổng dịch vụ công tỉnh Huế",
    "tiêu đề, Tra cứu hồ sơ, mức 2",
    "ô nhập liệu, Số CCCD, bắt buộc",
    "thông báo: Nộp hồ sơ thành công",
]


def test_espeak_has_the_vietnamese_voices():
    assert set(available_voices()) == set(VOICES)


@pytest.mark.parametrize("voice", ["north", "south"])
def test_vietnamese_wav_with_one_segment_per_line(tmp_path, voice):
    out = tmp_path / "narration.wav"
    started = time.perf_counter()
    segments = synthesize(LINES, voice, out)
    elapsed = time.perf_counter() - started
    assert out.stat().st_size > 44
    with wave.open(str(out), "rb") as wav:
        assert wav.getnchannels() == 1 and wav.getnframes() > 0
    duration = wav_duration(out)
    assert [s.text for s in segments] == LINES
    assert all(s.end > s.start for s in segments)
    assert all(a.end <= b.start for a, b in zip(segments, segments[1:], strict=False))
    assert segments[-1].end == pytest.approx(duration, abs=0.01)
    assert "căn cước công dân" in segments[2].spoken
    assert elapsed / len(LINES) < 2.0  # measured about 0.02-0.06 s per line here


def test_empty_line_takes_no_time(tmp_path):
    segments = synthesize(["nút", "", "liên kết"], "central", tmp_path / "x.wav")
    assert segments[1].start == segments[1].end
    assert segments[2].start > segments[1].end


def test_unknown_voice_is_a_harness_error(tmp_path):
    with pytest.raises(HarnessError):
        synthesize(["x"], "hanoi-female", tmp_path / "x.wav")


def test_a_speech_worker_that_dies_costs_no_line_the_command_says_the_rest(tmp_path):
    worker = _SpeechWorker()
    try:
        assert worker.has_voice(VOICES["north"])
        worker.render("Bước một", VOICES["north"], 175, tmp_path / "before.wav")
        worker._process.kill()  # as a crash inside libespeak-ng would end it
        worker._process.join(timeout=5)
        worker.render("Bước hai", VOICES["north"], 175, tmp_path / "after.wav")
        worker.render("Bước ba", VOICES["north"], 175, tmp_path / "later.wav")
    finally:
        worker.close()
    for name in ("before.wav", "after.wav", "later.wav"):
        assert wav_duration(tmp_path / name) > 0.2


def test_speak_out_in_a_missing_folder_is_refused_and_no_folder_is_made(tmp_path, capsys):
    """A mistyped folder is one line, never a tree of folders created as a side effect."""
    from harness.cli import main

    out = tmp_path / "no" / "such" / "x.wav"
    assert main(["speak", "Lệ phí", "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.err == (f"pesp-a11y: error: không có thư mục {out.parent} để ghi x.wav: hãy "
                            "tạo thư mục đó trước, hoặc chọn thư mục khác\n")
    assert not captured.out and not (tmp_path / "no").exists()
    assert main(["speak", "Fee", "--out", str(out), "--lang", "en"]) == 2
    assert f"there is no folder {out.parent} to write x.wav in" in capsys.readouterr().err
    (tmp_path / "d.wav").mkdir()
    assert main(["speak", "Lệ phí", "--out", str(tmp_path / "d.wav")]) == 2
    assert "là một thư mục, không phải tệp WAV" in capsys.readouterr().err


def test_speak_text_with_out_is_refused_as_contradictory(tmp_path, capsys):
    """--text means no sound, --out a sound file: neither is silently dropped."""
    from harness.cli import main

    out = tmp_path / "x.wav"
    assert main(["speak", "Lệ phí", "--text", "--out", str(out), "--lang", "en"]) == 2
    captured = capsys.readouterr()
    assert captured.err == ("pesp-a11y: error: --text prints the spoken text only and --out "
                            "writes the speech to a WAV file: choose one\n")
    assert not captured.out and not out.exists()
