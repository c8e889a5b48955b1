"""The narrated transcript: names as the markup defines them, silence where nothing is said."""

from __future__ import annotations

import json

import pytest

from harness.cli import main
from harness.narration import step_utterances

pytestmark = pytest.mark.browser
EVENTS = {"page", "focus", "live", "value", "silence", "note"}


def transcript(capsys, url: str) -> dict:
    assert main(["transcript", url, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_tab_walk_transcript_names_each_control_as_its_markup_defines(capsys, page_url):
    record = transcript(capsys, page_url("clean.html"))
    said = [(u["event"], u["role"], u["name"]) for u in record["utterances"]]
    assert said[0] == ("page", "document", "Trang sạch lỗi")
    assert said[1:5] == [
        ("focus", "link", "Xem chi tiết thủ tục cấp Phiếu lý lịch tư pháp"),
        ("focus", "textbox", "Mã hồ sơ"),
        ("focus", "button", "Tra cứu"),
        ("focus", "button", "Gửi"),  # inside the frame
    ]
    field = record["utterances"][2]
    assert field["description"] == "Ví dụ: 000.00.01.H57-241123-0001"
    assert field["text_en"] == "textbox, Mã hồ sơ, Ví dụ: 000.00.01.H57-241123-0001"
    assert field["text_vi"].startswith("ô nhập liệu, Mã hồ sơ")
    assert {u["event"] for u in record["utterances"]} <= EVENTS


def test_unnamed_controls_are_heard_as_bare_roles_and_marked(capsys, page_url):
    record = transcript(capsys, page_url("defects.html"))
    focus = [u for u in record["utterances"] if u["event"] == "focus"]
    assert [u["text_en"] for u in focus] == ["link", "textbox", "button", "button"]
    assert all(u["unnamed"] for u in focus)


def spoken(run) -> list[dict]:
    return [u.to_json() for step in run.steps for u in step_utterances(step)]


def test_accessible_twin_announces_the_upload_and_the_result(accessible):
    said = spoken(accessible["criminal-record"])
    live = [u["text_en"] for u in said if u["event"] == "live"]
    assert any("Tải lên thành công" in text for text in live)
    assert any("Nộp hồ sơ thành công" in text for text in live)
    assert not [u for u in said if u["event"] == "silence"]


def test_defective_replica_transcript_marks_the_silent_toasts(assisted):
    said = spoken(assisted["criminal-record"])
    silences = [u["visible"] for u in said if u["event"] == "silence"]
    assert any("Tải lên thành công" in text for text in silences)
    unnamed = [u for u in said if u["event"] == "focus" and u["unnamed"]]
    assert unnamed  # the icon-only buttons a listener hears only as "button"
    pointer = [u["text_vi"] for u in said if u["event"] == "note" and u["note"] == "assisted"]
    assert any("kích hoạt liên kết Nộp trực tuyến" in text for text in pointer)
    assert not [u for u in said if u["event"] == "silence" and not any(
        c.isalnum() for c in u["visible"])]  # decoration is never a silence


@pytest.mark.parametrize("variant", ["accessible", "defective"])
def test_a_listener_hears_the_accordion_state_only_on_the_accessible_twin(capsys, variant):
    from harness.replica.server import ReplicaServer

    with ReplicaServer("Huế", variant) as replica:
        record = transcript(capsys, replica.url("/vi/procedure/detail/5f9b3c2a8e4d1a0012c7b6e4"))
    toggle = next(u for u in record["utterances"] if u["name"] == "Trình tự thực hiện")
    if variant == "accessible":
        assert toggle["text_en"] == "button, Trình tự thực hiện, expanded"
    else:  # P14: the toggle says nothing about whether its section is open
        assert not {"expanded", "collapsed"} & set(toggle["states"])


@pytest.fixture(scope="module")
def defective_run(tmp_path_factory):
    """`pesp-a11y run` on the defective replica, keyboard only, text only."""
    out = tmp_path_factory.mktemp("defective-run") / "run"
    main(["run", "--out", str(out), "--no-audio", "--plain"])
    return out


def test_the_run_transcript_tells_the_silent_lookup_result_and_why_a_step_stopped(defective_run):
    steps = [json.loads(line) for line in
             (defective_run / "transcript.jsonl").read_text(encoding="utf-8").splitlines()]
    lookup = next(s for s in steps if s["scenario"] == "dossier-lookup" and s["step"] == 3)
    silences = [u for u in lookup["utterances"] if u["event"] == "silence"]
    assert any("THÔNG TIN HỒ SƠ" in u["visible"] for u in silences)
    assert lookup["utterances"].index(silences[0]) > 0  # after the key that caused it
    blocked = next(s for s in steps if s["status"] == "blocked")
    notes = [u for u in blocked["utterances"] if u["event"] == "note"]
    assert "Nộp trực tuyến" in notes[-2]["text_vi"] and notes[-1]["note"] == "blocked"
    every = [u for s in steps for u in s["utterances"]]
    assert not [u for u in every if u["event"] == "silence" and not any(
        c.isalnum() for c in u["visible"])]  # never decoration ("*", "↻")


def test_the_text_transcript_is_in_one_language(defective_run):
    text = (defective_run / "transcript.txt").read_text(encoding="utf-8")
    assert "liên kết, Trang chủ" in text and "(im lặng: không có thông báo)" in text
    assert "link, Trang chủ" not in text and "silence" not in text
    assert "Bước 4, Chọn Nộp trực tuyến: bị chặn" in text
