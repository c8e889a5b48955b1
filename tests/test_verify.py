"""Blind evaluators verify a run through a page that passes the harness's own checks, with the
keyboard alone; answers survive a reload and show in the report."""

from __future__ import annotations

import json
import wave

import pytest

from harness.ax_snapshot import AxSnapshot
from harness.checks import check_page
from harness.cli import main
from harness.keyboard import KeyboardDriver
from harness.utterance import Utterance
from harness.verify import VerifyServer, load_answers, verification_lines


def fake_run(tmp_path):
    """A small run folder: two steps, a tiny recording, one finding, hostile page text."""
    run = tmp_path / "run"
    (run / "audio").mkdir(parents=True)
    with wave.open(str(run / "audio" / "lookup-step-01.wav"), "wb") as wav:
        wav.setnchannels(1), wav.setsampwidth(2), wav.setframerate(22050)
        wav.writeframes(b"\x00\x00" * 2205)
    steps = [
        {"scenario": "lookup", "step": 1, "name": "Mở trang tra cứu", "status": "done",
         "utterances": [Utterance(event="page", role="document", name="Tra cứu").to_json(),
                        Utterance(event="focus", role="textbox", name="Mã hồ sơ").to_json()],
         "audio": {"file": "audio/lookup-step-01.wav", "segments": []}},
        {"scenario": "lookup", "step": 2, "name": "Tra cứu", "status": "blocked",
         "utterances": [Utterance(event="focus", role="button",
                                  name="<script>alert(1)</script>").to_json()]},
    ]
    (run / "transcript.jsonl").write_text(
        "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in steps), encoding="utf-8")
    (run / "pages.jsonl").write_text(json.dumps(
        {"scenario": "lookup", "step": 2, "findings": [
            {"check": "button-name", "message": "Buttons must have discernible text"}]}) + "\n")
    (run / "run.json").write_text(json.dumps({"portal": "Huế", "run_id": "test"}))
    return run


@pytest.mark.browser
def test_the_verification_page_passes_the_harness_own_checks(tmp_path, context):
    with VerifyServer(fake_run(tmp_path)) as server:
        page = context.new_page()
        page.goto(server.url)
        result = check_page(page)
    assert [f"{f.check} {f.target}" for f in result.findings] == []
    assert result.criteria["1.1.1"] == "pass" and result.criteria["3.3.2"] == "pass"


@pytest.mark.browser
def test_an_evaluator_verifies_two_steps_with_the_keyboard_alone(tmp_path, context):
    run = fake_run(tmp_path)
    with VerifyServer(run) as server:
        page = context.new_page()
        page.goto(server.url)
        keys = KeyboardDriver(page, describe=AxSnapshot.for_page(page).focused)

        def go_to(selector: str) -> None:
            assert keys.walk(lambda stop: stop.facts.selector == selector).reached, selector

        go_to("#lookup-1-match")
        keys.press("Space")
        go_to("#lookup-1-heard")
        keys.type("trang, Tra cứu; ô nhập liệu, Mã hồ sơ")
        keys.walk(lambda stop: stop.name.startswith("Lưu bước 1"))
        keys.press("Enter")
        page.wait_for_url("**saved=lookup-1*")
        assert "Đã lưu bước lookup-1" in page.locator("[role=status]").inner_text()

        go_to("#lookup-2-match")  # the group's first radio; arrows choose within it
        keys.press("ArrowDown")
        keys.press("ArrowDown")
        go_to("#lookup-2-comment")
        keys.type("Nút không có tên, tôi không biết bấm gì")
        keys.walk(lambda stop: stop.name.startswith("Lưu bước 2"))
        keys.press("Enter")
        page.wait_for_url("**saved=lookup-2*")
        answers = load_answers(run)
        assert answers["lookup-1"]["verdict"] == "match"
        assert answers["lookup-1"]["heard"].startswith("trang, Tra cứu")
        assert answers["lookup-2"]["verdict"] == "blocked"
        page.reload()  # what was saved is shown again
        assert page.locator("#lookup-2-blocked").is_checked()
        assert page.locator("#lookup-1-match").is_checked()


@pytest.mark.browser
def test_page_text_from_a_portal_is_escaped(tmp_path, context):
    with VerifyServer(fake_run(tmp_path)) as server:
        page = context.new_page()
        page.goto(server.url)
        assert "<script>alert(1)</script>" in page.locator("main").inner_text()
        assert page.locator("main script").count() == 0


def test_summary_lines_and_bad_folders(tmp_path, capsys):
    run = fake_run(tmp_path)
    assert verification_lines(run) == ["No step has been verified yet."]
    from harness.verify import save_answer

    save_answer(run, "lookup-2", "blocked", "", "không bấm được")
    assert (run / "verification.txt").read_text(encoding="utf-8").startswith("Verified 1 of 2")
    assert main(["verify", str(run), "--summary"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Verified 1 of 2 steps: 0 match, 0 differ, 1 blocked."
    assert "comment: không bấm được" in out[1]
    for bad in (tmp_path / "nowhere", tmp_path):
        assert main(["verify", str(bad), "--summary"]) == 2
        assert "\n" not in capsys.readouterr().err.strip()
