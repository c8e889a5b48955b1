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
from harness.confirmations import BY_EVALUATOR, questions, settle
from harness.errors import HarnessError
from harness.keyboard import KeyboardDriver
from harness.utterance import Utterance
from harness.verify import (
    VerifyServer,
    load_answers,
    load_confirmations,
    save_answer,
    save_confirmations,
    verification_lines,
    write_offline_page,
)
from wcag.criteria import criteria

NO_WORDING_CHECK = criteria()["2.4.6"].why_not  # 2.4.6 has no check that judges wording
SUMMARY = {
    "criteria": {
        "1.1.1": {"verdict": "no-failure-found", "note": "a person must still confirm ..."},
        "1.3.1": {"verdict": "no-failure-found", "note": "a person must still confirm ..."},
        "2.1.1": {"verdict": "fail", "note": ""},
        "2.4.4": {"verdict": "not-applicable", "note": ""},
        "2.4.6": {"verdict": "inconclusive", "note": NO_WORDING_CHECK},
        "3.3.2": {"verdict": "inconclusive", "note": "not checked: a frame was not read"},
    },
    "categories": {
        "captcha": {"verdict": "no-failure-found", "note": "no failure found by ..."},
        "links-buttons": {"verdict": "fail", "note": ""},
        "status": {"verdict": "inconclusive", "note": "1 page state(s) could not be checked"},
    },
}


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
             "message": "Buttons must have discernible text "
                        "Fix any of the following: aria-label attribute does not exist"},
            {"check": "a-rule-with-no-help", "criteria": ["4.1.2"], "category": "links-buttons",
             "message": "Odd <img src=x onerror=alert(2)> "
                        "Fix any of the following: aria-label attribute does not exist"}]}) + "\n")
    (run / "run.json").write_text(json.dumps({"portal": "Huế", "run_id": "test"}))
    (run / "summary.json").write_text(json.dumps({"portal": "Huế", "pages": 2, **SUMMARY}))
    return run


def test_a_person_settles_only_what_the_checks_could_not():
    asked = [q["key"] for q in questions(SUMMARY)]
    assert asked == ["criteria:1.1.1", "criteria:1.3.1", "criteria:2.4.6", "categories:captcha"]
    wording = next(q for q in questions(SUMMARY) if q["id"] == "2.4.6")
    assert wording["question_vi"] == ("Có đúng là tiêu đề và nhãn mô tả đúng chủ đề hoặc mục "
                                      "đích không?")
    assert wording["question_en"] == ("Is it true that headings and labels describe their "
                                      "topic or purpose?")
    answers = {
        "criteria": {
            "1.1.1": {"answer": "confirmed", "comment": "", "saved_at": "2026-12-02T10:00:00Z"},
            "1.3.1": {"answer": "not-met", "comment": "bước 3: bảng\nkhông có tiêu đề cột"},
            "2.1.1": {"answer": "confirmed", "comment": "tôi dùng được"},
            "2.4.6": {"answer": "", "comment": "tiêu đề nghe ổn"},  # a comment alone
            "3.3.2": {"answer": "confirmed", "comment": ""},  # pages not read: word not enough
        },
        "categories": {"captcha": {"answer": "unsure", "comment": ""}},
    }
    settled = settle(SUMMARY, answers)
    rows = settled["criteria"]
    assert rows["1.1.1"]["verdict"] == "pass"
    assert rows["1.1.1"]["decided_by"] == BY_EVALUATOR == "confirmed by evaluator"
    assert rows["1.1.1"]["saved_at"] == "2026-12-02T10:00:00Z"
    assert rows["1.3.1"] == {**rows["1.3.1"], "verdict": "fail", "decided_by": BY_EVALUATOR,
                             "automated": "no-failure-found"}
    assert rows["1.3.1"]["note"] == "not met, says an evaluator: bước 3: bảng không có tiêu đề cột"
    assert rows["2.1.1"]["verdict"] == "fail" and rows["2.1.1"]["decided_by"] == "automated"
    assert "automated finding stands" in rows["2.1.1"]["disagreement"]
    assert rows["2.4.4"] == {"automated": "not-applicable", "verdict": "not-applicable",
                             "decided_by": "automated", "note": ""}  # unanswered
    assert rows["2.4.6"]["verdict"] == "inconclusive"  # the comment alone is no answer
    assert rows["2.4.6"]["decided_by"] == "automated" and "answer" not in rows["2.4.6"]
    assert rows["3.3.2"]["verdict"] == "inconclusive" and rows["3.3.2"]["decided_by"] == "automated"
    cats = settled["categories"]
    assert cats["captcha"]["verdict"] == "no-failure-found"
    assert cats["captcha"]["decided_by"] == "automated"
    assert cats["captcha"]["note"].endswith("an evaluator could not tell")
    assert cats["links-buttons"]["verdict"] == "fail"
    answers["criteria"]["2.4.6"]["answer"] = "confirmed"  # no check decides it: a person does
    assert settle(SUMMARY, answers)["criteria"]["2.4.6"]["verdict"] == "pass"
    assert settle({}, answers) == {"criteria": {}, "categories": {}}


@pytest.mark.browser
def test_the_verification_page_passes_the_harness_own_checks(tmp_path, context):
    with VerifyServer(fake_run(tmp_path)) as server:
        page = context.new_page()
        page.goto(server.url)
        result = check_page(page)
    assert [f"{f.check} {f.target}" for f in result.findings] == []
    assert result.criteria["1.1.1"] == result.criteria["3.3.2"] == "no-failure-found"


@pytest.mark.browser
def test_the_offline_page_passes_the_harness_own_checks(tmp_path, context):
    page = context.new_page()
    page.goto(write_offline_page(fake_run(tmp_path)).as_uri())
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
        keys.press("Enter")  # only what changed is sent: step 2
        status.filter(has_text="Đã lưu bước 2 / Step 2 saved").wait_for()
        keys.press("Enter")  # nothing changed since: nothing is said to be saved
        status.filter(has_text="Chưa có thay đổi nào để lưu / Nothing has changed to save"
                      ).wait_for()
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
        assert "Nút không có tên: trình đọc màn hình chỉ đọc" in main_text  # Vietnamese first
        # a finding with no help text: its own message, said to be English only
        assert "Odd <img src=x onerror=alert(2)> (chỉ có tiếng Anh)" in main_text
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
    assert verification_lines(run)[0] == "Chưa kiểm chứng bước nào."  # Vietnamese first
    save_answer(run, "lookup-2", "", "", "chỉ có ghi chú")  # a comment alone verifies nothing
    lines = verification_lines(run)
    english = lines.index("Verified 0 of 2 steps: 0 match, 0 differ, 0 blocked.")
    assert lines[:2] == [
        "Đã kiểm chứng 0 trên 2 bước: 0 khớp, 0 khác, 0 bị kẹt.",
        "  lookup bước 2, Tra cứu: chưa chọn câu trả lời; ghi chú: chỉ có ghi chú."]
    assert lines[english + 1] == (
        "  lookup step 2, Tra cứu: no answer chosen; comment: chỉ có ghi chú.")
    save_answer(run, "lookup-2", "blocked", "", "không bấm được")
    assert (run / "verification.txt").read_text(encoding="utf-8").startswith("Đã kiểm chứng 1")
    assert main(["verify", str(run), "--summary"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Đã kiểm chứng 1 trên 2 bước: 0 khớp, 0 khác, 1 bị kẹt."
    assert "ghi chú: không bấm được" in out[1]
    assert "Verified 1 of 2 steps: 0 match, 0 differ, 1 blocked." in out
    save_answer(run, "lookup-1", "match", "trang,\nTra cứu", "")
    lines = verification_lines(run)
    english = lines.index("Verified 2 of 2 steps: 1 match, 0 differ, 1 blocked.")
    assert lines[english + 1:english + 3] == [
        "  lookup step 1, Mở trang tra cứu: matches my screen reader; heard: trang, Tra cứu.",
        "  lookup step 2, Tra cứu: I was blocked here; comment: không bấm được.",
    ]
    assert lines[1] == ("  lookup bước 1, Mở trang tra cứu: khớp với trình đọc màn hình của tôi; "
                        "nghe thấy: trang, Tra cứu.")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "transcript.jsonl").write_text('{"scenario": "lookup", "step": 1}\n{oops\n')
    bad_meta = tmp_path / "bad-meta"
    bad_meta.mkdir()
    (bad_meta / "transcript.jsonl").write_text((run / "transcript.jsonl").read_text())
    (bad_meta / "run.json").write_text("[1, 2")
    bad_summary = tmp_path / "bad-summary"
    bad_summary.mkdir()
    (bad_summary / "transcript.jsonl").write_text((run / "transcript.jsonl").read_text())
    (bad_summary / "summary.json").write_text('{"criteria": [1]}')
    for bad in (tmp_path / "nowhere", tmp_path, broken, bad_meta, bad_summary):
        for args in (["--summary"], []):  # fails before any server starts
            assert main(["verify", str(bad), *args]) == 2
            err = capsys.readouterr().err.strip()
            assert err.startswith("pesp-a11y: error: ") and "\n" not in err, err


def test_criterion_answers_are_kept_and_settle_the_summary(tmp_path, capsys):
    run = fake_run(tmp_path)
    summary_before = (run / "summary.json").read_text()
    with pytest.raises(HarnessError, match="ghi rõ .* chưa đạt"):
        save_confirmations(run, [("criteria:1.1.1", "not-met", "  ")])  # "where?" is needed
    with pytest.raises(HarnessError):
        save_confirmations(run, [("criteria:1.1.1", "maybe", "")])
    save_confirmations(run, [("criteria:2.4.6", "confirmed", ""),
                             ("criteria:1.1.1", "not-met", "bước 2: nút chỉ có hình, tên sai"),
                             ("categories:captcha", "", "không thấy CAPTCHA")])
    given = load_confirmations(run)
    assert given["criteria"]["2.4.6"]["answer"] == "confirmed"
    assert given["categories"]["captcha"] == {**given["categories"]["captcha"], "answer": ""}
    kept = json.loads((run / "verification.json").read_text(encoding="utf-8"))
    assert kept["settled"]["criteria"]["2.4.6"]["verdict"] == "pass"
    assert kept["settled"]["criteria"]["1.1.1"]["verdict"] == "fail"
    assert kept["settled"]["categories"]["captcha"]["decided_by"] == "automated"
    assert (run / "summary.json").read_text() == summary_before  # the automated record stays
    save_answer(run, "lookup-1", "match", "", "")  # saving a step keeps the criteria answers
    assert load_confirmations(run)["criteria"]["2.4.6"]["answer"] == "confirmed"
    assert main(["verify", str(run), "--summary"]) == 0
    out = capsys.readouterr().out.splitlines()
    vi = out.index("Kết luận theo tiêu chí và nhóm, sau câu trả lời của người kiểm chứng:")
    en = out.index("Verdicts per criterion and category, with the evaluators' answers:")
    assert vi < en  # Vietnamese first
    assert any(line.startswith("  Tiêu chí 2.4.6 Tiêu đề và nhãn: đạt, do người kiểm chứng "
                               "xác nhận lúc ") for line in out[vi:en])
    assert any(line.startswith("  Criterion 2.4.6 Headings and Labels: pass, confirmed by "
                               "evaluator at ") for line in out[en:])
    assert any(line.startswith("  Criterion 1.1.1 Non-text Content: fail, found not met by ")
               and line.endswith("comment: bước 2: nút chỉ có hình, tên sai.")
               for line in out[en:])
    assert "  Criterion 2.1.1 Keyboard: fail, automated." in out
    assert (run / "verification.txt").read_text(encoding="utf-8").splitlines() == out


@pytest.mark.browser
def test_an_evaluator_confirms_a_criterion_with_the_keyboard_alone(tmp_path, context, capsys):
    run = fake_run(tmp_path)
    with VerifyServer(run) as server:
        page = context.new_page()
        page.goto(server.url)
        keys = KeyboardDriver(page, describe=AxSnapshot.for_page(page).focused)
        status = page.locator("[role=status]")
        assert keys.walk(lambda stop: stop.facts.selector == "#crit-2-4-6-confirmed").reached
        keys.press("Space")
        assert keys.walk(lambda stop: stop.name.startswith("Lưu tiêu chí 2.4.6")).reached
        keys.press("Enter")
        status.filter(has_text="Đã lưu tiêu chí 2.4.6 Tiêu đề và nhãn / Criterion 2.4.6 "
                               "Headings and Labels saved").wait_for()
        assert page.evaluate("document.activeElement.textContent").startswith("Lưu tiêu chí")

        # "not met" without saying where is refused, out loud
        assert keys.walk(lambda stop: stop.facts.selector == "#crit-1-1-1-confirmed").reached
        keys.press("ArrowDown")  # "Không, chưa đạt"
        keys.press("Enter")
        page.locator("[role=alert]").filter(has_text="ghi rõ tiêu chí 1.1.1").wait_for()
        assert "1.1.1" not in load_confirmations(run)["criteria"]
        # a comment alone is saved, but said to be no answer
        assert keys.walk(lambda stop: stop.facts.selector == "#cat-captcha-comment").reached
        keys.type("không thấy CAPTCHA")
        assert keys.walk(lambda stop: stop.name.startswith("Lưu nhóm Lỗi xác thực")).reached
        keys.press("Enter")
        status.filter(has_text="chưa chọn câu trả lời").wait_for()
    assert main(["verify", str(run), "--summary"]) == 0
    out = capsys.readouterr().out
    assert "Criterion 2.4.6 Headings and Labels: pass, confirmed by evaluator at" in out
    assert "Category CAPTCHA verification errors: no failure found, automated." in out


@pytest.mark.browser
def test_the_offline_page_keeps_answers_in_the_browser_and_its_export_merges(tmp_path, context,
                                                                             capsys):
    run = fake_run(tmp_path)
    page_file = write_offline_page(run)
    page = context.new_page()
    page.goto(page_file.as_uri())  # from disk: no server at all
    keys = KeyboardDriver(page, describe=AxSnapshot.for_page(page).focused)
    status = page.locator("[role=status]")

    def go_to(selector: str) -> None:
        assert keys.walk(lambda stop: stop.facts.selector == selector).reached, selector

    def press_button(starts: str) -> None:
        assert keys.walk(lambda stop: stop.name.startswith(starts)).reached, starts
        keys.press("Enter")

    press_button("Lưu tất cả")  # an untouched page saves nothing, and says so
    status.filter(has_text="Chưa có thay đổi nào để lưu").wait_for()
    go_to("#lookup-1-match")
    keys.press("Space")
    press_button("Lưu bước 1")
    status.filter(has_text="Đã lưu bước 1 trong trình duyệt này / Step 1 saved").wait_for()
    go_to("#lookup-2-comment")
    keys.type("Nút không có tên")
    press_button("Lưu bước 2")  # a comment alone is kept, and said not to verify the step
    status.filter(has_text="chưa tính là đã kiểm chứng").wait_for()
    assert page.locator("#progress").inner_text().startswith("Đã kiểm chứng 1 trên 2 bước")
    go_to("#crit-2-4-6-confirmed")
    keys.press("Space")
    press_button("Lưu tiêu chí 2.4.6")
    status.filter(has_text="Đã lưu tiêu chí 2.4.6").wait_for()

    page.reload()  # kept in the browser
    assert page.locator("#lookup-1-match").is_checked()
    assert page.locator("#lookup-2-comment").input_value() == "Nút không có tên"
    keys = KeyboardDriver(page, describe=AxSnapshot.for_page(page).focused)
    go_to("#evaluator")
    keys.type("Lan")
    assert keys.walk(lambda stop: stop.name.startswith("Xuất câu trả lời")).reached
    with page.expect_download() as download:
        keys.press("Enter")
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    status.filter(has_text="Đã xuất 3 câu trả lời").wait_for()
    assert (run / "verification.json").exists() is False  # the page never writes the folder

    assert main(["verify", "--import", str(exported), str(run)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Đã nhập 2 câu trả lời cho các bước và 1 câu trả lời")
    answers = load_answers(run)
    assert answers["lookup-1"]["verdict"] == "match" and answers["lookup-1"]["by"] == "Lan"
    assert answers["lookup-2"] == {**answers["lookup-2"], "verdict": "",
                                   "comment": "Nút không có tên"}
    assert load_confirmations(run)["criteria"]["2.4.6"]["answer"] == "confirmed"
    assert "Đã kiểm chứng 1 trên 2 bước: 1 khớp, 0 khác, 0 bị kẹt." in out  # the comment: no


def test_an_answers_file_is_checked_before_anything_is_merged(tmp_path, capsys):
    run = fake_run(tmp_path)
    good = {"format": "pesp-a11y-verification-answers", "version": 1, "run": "test",
            "answers": {"lookup-1": {"verdict": "match", "heard": "", "comment": ""}},
            "confirmations": {}}
    cases = {
        "not json": "{oops",
        "other run": json.dumps({**good, "run": "20260101-000000-abcdef"}),
        "unknown step": json.dumps({**good, "answers": {"lookup-9": {"verdict": "match"}}}),
        "bad verdict": json.dumps({**good, "answers": {"lookup-1": {"verdict": "maybe"}},
                                   "confirmations": {"criteria:2.4.6": {"answer": "confirmed"}}}),
        "not met, no place": json.dumps({**good, "confirmations": {
            "criteria:1.1.1": {"answer": "not-met", "comment": ""}}}),
        "another file": json.dumps({"answers": {}}),
        "empty": json.dumps({**good, "answers": {}}),
    }
    for name, text in cases.items():
        file = tmp_path / f"{name}.json"
        file.write_text(text, encoding="utf-8")
        assert main(["verify", "--import", str(file), str(run)]) == 2, name
        err = capsys.readouterr().err.strip()
        assert err.startswith("pesp-a11y: error: ") and "\n" not in err, (name, err)
        assert not (run / "verification.json").exists(), name  # nothing half merged
    assert main(["verify", "--import", str(tmp_path / "missing.json"), str(run)]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_the_served_save_messages_say_what_was_truly_saved(tmp_path):
    run = fake_run(tmp_path)
    with VerifyServer(run) as server:
        def save(*answers: dict) -> str:
            request = urllib.request.Request(
                server.url + "answer", method="POST",
                data=json.dumps({"token": server.token, "answers": list(answers)}).encode(),
                headers={"Content-Type": "application/json", "Accept": "application/json"})
            with urllib.request.urlopen(request) as response:
                return json.loads(response.read())["message"]

        untouched = [{"step": "lookup-1"}, {"step": "lookup-2"}]
        assert save(*untouched) == ("Không lưu gì: chưa chọn câu trả lời nào / Nothing saved: "
                                    "no answer is chosen")
        assert load_answers(run) == {}
        assert save({"step": "lookup-1"}).startswith("Chưa lưu gì cho bước 1")
        assert save({"step": "lookup-1", "verdict": "match"},
                    {"step": "lookup-2", "comment": "chỉ ghi chú"}) == (
            "Đã lưu 1 bước, 1 bước chỉ có ghi chú, chưa có câu trả lời / 1 step saved, 1 with a "
            "comment only and no answer")
        assert "chưa tính là đã kiểm chứng" in save({"step": "lookup-2", "comment": "vẫn thế"})
