"""Blind evaluators verify a run through a page that passes the harness's own checks, with the
keyboard alone; answers survive a reload and show in the report."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
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
            {"check": "button-name", "criteria": ["4.1.2"], "category": "links-buttons",
             "message": "Buttons must have discernible text <img src=x onerror=alert(2)> "
                        "Fix any of the following: aria-label attribute does not exist"}]}) + "\n")
    (run / "run.json").write_text(json.dumps({"portal": "Huế", "run_id": "test"}))
    return run


@pytest.mark.browser
def test_the_verification_page_passes_the_harness_own_checks(tmp_path, context):
    with VerifyServer(fake_run(tmp_path)) as server:
        page = context.new_page()
        page.goto(server.url)
        result = check_page(page)
    assert [f"{f.check} {f.target}" for f in result.findings] == []
    assert result.criteria["1.1.1"] == result.criteria["3.3.2"] == "no-failure-found"


@pytest.mark.browser
def test_an_evaluator_verifies_two_steps_with_the_keyboard_alone(tmp_path, context):
    run = fake_run(tmp_path)
    with VerifyServer(run) as server:
        page = context.new_page()
        page.goto(server.url)
        keys = KeyboardDriver(page, describe=AxSnapshot.for_page(page).focused)
        status = page.locator("[role=status]")

        def go_to(selector: str) -> None:
            assert keys.walk(lambda stop: stop.facts.selector == selector).reached, selector

        go_to("#lookup-1-match")
        keys.press("Space")
        go_to("#lookup-1-heard")
        keys.type("trang, Tra cứu; ô nhập liệu, Mã hồ sơ")
        keys.walk(lambda stop: stop.name.startswith("Lưu bước 1"))
        keys.press("Enter")
        status.filter(has_text="Đã lưu bước 1 / Step 1 saved").wait_for()
        assert page.evaluate("document.activeElement.textContent").startswith("Lưu bước 1")

        go_to("#lookup-2-match")  # the group's first radio; arrows choose within it
        keys.press("ArrowDown")
        keys.press("ArrowDown")
        go_to("#lookup-2-comment")
        keys.type("Nút không có tên, tôi không biết bấm gì")
        keys.walk(lambda stop: stop.name.startswith("Lưu tất cả"))
        keys.press("Enter")
        status.filter(has_text="Đã lưu 2 bước / 2 steps saved").wait_for()
        answers = load_answers(run)
        assert answers["lookup-1"]["verdict"] == "match"
        assert answers["lookup-1"]["heard"].startswith("trang, Tra cứu")
        assert answers["lookup-2"]["verdict"] == "blocked"
        assert answers["lookup-2"]["comment"] == "Nút không có tên, tôi không biết bấm gì"
        assert not list(run.glob(".verification.json-*"))  # no temp file left behind
        page.reload()  # what was saved is shown again
        assert page.locator("#lookup-2-blocked").is_checked()
        assert page.locator("#lookup-1-match").is_checked()
        assert page.locator("#lookup-2-comment").input_value().startswith("Nút không có tên")


@pytest.mark.browser
def test_saving_is_announced_politely_and_failure_assertively(tmp_path, context):
    with VerifyServer(fake_run(tmp_path)) as server:
        page = context.new_page()
        page.goto(server.url)
        keys = KeyboardDriver(page)
        assert keys.walk(lambda stop: stop.facts.selector == "#lookup-2-match").reached
        keys.press("ArrowDown")  # "Khác / Differs"
        keys.press("Enter")  # Enter on a radio submits that step's form
        saved = page.get_by_text("Đã lưu bước 2 / Step 2 saved")
        saved.wait_for()
        assert saved.get_attribute("role") == "status"
        assert page.locator("[role=alert]").inner_text() == ""
        answers = tmp_path / "run" / "verification.json"
        answers.unlink()
        answers.mkdir()  # the answers file can no longer be replaced
        keys.press("Enter")
        page.locator("[role=alert]").filter(has_text="Không lưu được").wait_for()


@pytest.mark.browser
def test_page_text_from_a_portal_is_escaped(tmp_path, context):
    with VerifyServer(fake_run(tmp_path)) as server:
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(server.url)
        main_text = page.locator("main").inner_text()
        assert "<script>alert(1)</script>" in main_text
        assert "Buttons must have discernible text <img src=x onerror=alert(2)>" in main_text
        assert "Fix any of the following" not in main_text  # findings in plain words
        assert page.locator("main script, main img").count() == 0
        page.wait_for_timeout(200)
        assert dialogs == []


def test_saving_without_script_and_refusing_strangers(tmp_path):
    run = fake_run(tmp_path)
    with VerifyServer(run) as server:
        def post(data: dict, host: str = "") -> tuple[int, str, str]:
            request = urllib.request.Request(
                server.url + "answer", data=urllib.parse.urlencode(data).encode(),
                headers={"Host": host} if host else {})
            try:
                with _no_redirects().open(request) as response:
                    return response.status, response.headers.get("Location", ""), ""
            except urllib.error.HTTPError as error:
                return error.code, error.headers.get("Location", ""), error.read().decode()

        answer = {"step": "lookup-1", "verdict": "differs", "comment": "khác", "lang": "en"}
        status, location, _ = post({**answer, "token": server.token})
        assert status == 303 and "saved=lookup-1" in location and "lang=en" in location
        with urllib.request.urlopen(server.url + location.lstrip("/")) as response:
            page = response.read().decode()
        assert "Đã lưu bước 1 / Step 1 saved" in page
        assert load_answers(run)["lookup-1"]["comment"] == "khác"
        assert post({**answer, "token": "guess"})[0] == 400  # another web page has no token
        assert post({**answer, "token": server.token}, host="evil.example")[0] == 421
        assert post({**answer, "token": server.token, "verdict": "maybe"})[0] == 400
        assert load_answers(run)["lookup-1"]["verdict"] == "differs"


def _no_redirects() -> urllib.request.OpenerDirector:
    class Keep(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    return urllib.request.build_opener(Keep)


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
    save_answer(run, "lookup-1", "match", "trang,\nTra cứu", "")
    assert verification_lines(run) == [
        "Verified 2 of 2 steps: 1 match, 0 differ, 1 blocked.",
        "  lookup step 1, Mở trang tra cứu: matches my screen reader; heard: trang, Tra cứu.",
        "  lookup step 2, Tra cứu: I was blocked here; comment: không bấm được.",
    ]
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "transcript.jsonl").write_text('{"scenario": "lookup", "step": 1}\n{oops\n')
    bad_meta = tmp_path / "bad-meta"
    bad_meta.mkdir()
    (bad_meta / "transcript.jsonl").write_text((run / "transcript.jsonl").read_text())
    (bad_meta / "run.json").write_text("[1, 2")
    for bad in (tmp_path / "nowhere", tmp_path, broken, bad_meta):
        for args in (["--summary"], []):  # fails before any server starts
            assert main(["verify", str(bad), *args]) == 2
            err = capsys.readouterr().err.strip()
            assert err.startswith("pesp-a11y: error: ") and "\n" not in err, err
