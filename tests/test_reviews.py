"""Questions for a person, element by element: what the checks cannot judge (is a text
alternative, a label, a heading or a link descriptive; is a hidden image decoration) is asked
on the element itself, in Vietnamese and English, once per element and task, never where a
finding already settles it; `audit --json` and every report carry the questions, counted apart
from failures, and the verify page lists them step by step."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import html

from harness.cli import main
from harness.findings import Evidence, Finding, PageResult, Review, open_questions
from harness.reporters import write_reports
from harness.results import RunRecorder
from harness.verdicts import criterion_verdicts, run_summary
from harness.verify import load_steps, write_offline_page

STEP = {"scenario": "lookup", "step": 1, "step_name": "Mở trang tra cứu", "step_status": "done"}


def review(target: str, check: str = "image-alt-meaningless", criteria: tuple = ("1.1.1",),
           name: str = "Quốc huy") -> Review:
    return Review(check=check, criteria=list(criteria), target=[target],
                  html=f'<img id="{target[1:]}" value="secret" alt="{name}">',
                  question_vi=f'Văn bản thay thế "{name}" có nói đúng không?',
                  question_en=f'Does the text alternative "{name}" say what the image conveys?',
                  element={"role": "image", "name": name})


def finding(target: str, criteria: tuple = ("1.1.1",)) -> Finding:
    return Finding(check="image-alt-meaningless", source="probe", criteria=list(criteria),
                   category=None, target=[target], html="<img>", message="meaningless alt")


def test_a_question_is_not_asked_where_a_finding_settles_its_criterion():
    kept = open_questions(
        [review("#a"), review("#a", check="heading-not-descriptive", criteria=("2.4.6",)),
         review("#b"), review("#b")],
        [finding("#a")])
    assert [(r.target, r.check) for r in kept] == [
        (["#a"], "heading-not-descriptive"), (["#b"], "image-alt-meaningless")]


def test_a_question_never_keeps_what_was_typed_in_a_field():
    assert 'value="…"' in review("#a").html and "secret" not in review("#a").html


def page(reviews: list[Review], findings: list[Finding] = ()) -> PageResult:
    evidence = Evidence(ran={"image-alt-meaningless"}, passed={"image-alt-meaningless"})
    verdicts, notes = criterion_verdicts(list(findings), evidence)
    return PageResult(url="http://127.0.0.1:1/tra-cuu", status="ok", findings=list(findings),
                      criteria=verdicts, notes=notes, reviews=reviews,
                      checks_ran=sorted(evidence.ran), checks_passed=sorted(evidence.passed))


def test_the_recorder_asks_once_per_task_and_fingerprints_each_question(tmp_path: Path):
    """Like a finding, a question on the same element is kept at the step that first met it;
    another task asks it again. Each carries a fingerprint, as findings do."""
    recorder = RunRecorder(tmp_path / "run", {"run_id": "r"})
    recorder.add_page(page([review("#logo")]), STEP)
    recorder.add_page(page([review("#logo"), review("#seal", name="Con dấu")]),
                      {**STEP, "step": 2})
    recorder.add_page(page([review("#logo")]), {**STEP, "scenario": "criminal-record"})
    recorded = [json.loads(line) for line in
                (tmp_path / "run" / "pages.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [[r["target"] for r in p["reviews"]] for p in recorded] == [
        [["#logo"]], [["#seal"]], [["#logo"]]]
    prints = [r["fingerprint"] for p in recorded for r in p["reviews"]]
    assert all(len(p) == 16 for p in prints) and len(set(prints)) == 3


def make_run(folder: Path) -> Path:
    recorder = RunRecorder(folder, {"run_id": "r", "portal": "Huế", "target": "replica",
                                    "variant": "accessible", "scenarios": ["lookup"],
                                    "mode": "keyboard-only", "notes": []})
    heading = review("#title", check="heading-not-descriptive", criteria=("2.4.6",),
                     name="Tra cứu hồ sơ")
    recorder.add_page(page([review("#logo"), heading], [finding("#seal")]), STEP)
    recorder.append("transcript", {"scenario": "lookup", "step": 1, "name": "Mở trang tra cứu",
                                   "status": "done", "utterances": []})
    recorder.finish("complete", run_summary(recorder.pages))
    return folder


def test_reports_count_the_questions_apart_from_failures(tmp_path: Path):
    folder = make_run(tmp_path / "run")
    run, written = write_reports(folder, "vi")
    assert folder / "reviews.json" in written
    assert json.loads((folder / "summary.json").read_text())["reviews"] == {
        "questions": 2, "criteria": {"1.1.1": 1, "1.3.1": 0, "2.1.1": 0, "2.4.4": 0,
                                     "2.4.6": 1, "3.3.2": 0}}
    listed = json.loads((folder / "reviews.json").read_text(encoding="utf-8"))["reviews"]
    assert [(r["id"], r["check"], r["criteria"], r["element"]["selector"]) for r in listed] == [
        ("Q001", "image-alt-meaningless", ["1.1.1"], ["#logo"]),
        ("Q002", "heading-not-descriptive", ["2.4.6"], ["#title"])]
    assert list(listed[0]).index("question_vi") < list(listed[0]).index("question_en")
    assert len(json.loads((folder / "findings.json").read_text())["findings"]) == 1
    summary = (folder / "summary.txt").read_text(encoding="utf-8")
    assert "Câu hỏi cho người kiểm tra, tính riêng với lỗi: 2 (theo tiêu chí: 1.1.1: 1, " \
           "2.4.6: 1)" in summary
    report = html.fromstring((folder / "report.html").read_bytes())
    section = report.get_element_by_id("reviews").getparent()
    assert section.findtext("h2") == "Câu hỏi cho người kiểm tra: 2"
    item = report.get_element_by_id("Q002")
    assert [p.get("lang") for p in item.findall("p")[1:3]] == ["vi", "en"]
    assert "Tra cứu hồ sơ" in item.text_content() and "#title" in item.text_content()


def test_the_verify_page_lists_each_question_under_its_step(tmp_path: Path):
    folder = make_run(tmp_path / "run")
    [step] = load_steps(folder)
    assert [r["target"] for r in step["reviews"]] == [["#logo"], ["#title"]]
    page_html = html.fromstring(write_offline_page(folder).read_bytes())
    questions = page_html.xpath("//section[h2[@id='h-lookup-1']]//ol[last()]/li")
    assert len(questions) == 2
    told = questions[1].text_content()
    assert told.index('thay thế "Tra cứu hồ sơ"') < told.index('alternative "Tra cứu hồ sơ"')
    assert "2.4.6" in told and "#title" in told


@pytest.mark.browser
def test_audit_json_puts_each_question_on_its_element(capsys, page_url):
    """Each image's text alternative, the hidden image, the label, the heading and the few-word
    link are asked about on their elements (not an image drawn off the page, which nobody
    sees); the generic link without context is a finding, not a question; the verdicts say no
    more than before (1.1.1 no failure found)."""
    assert main(["audit", page_url("probes/reviews/questions.html"), "--json",
                 "--budget", "0"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    asked = {(r["check"], r["target"][-1]): r for r in result["reviews"]}
    assert set(asked) == {
        ("image-alt-meaningless", "#emblem"), ("image-hidden-decorative", "#divider"),
        ("field-label-descriptive", "#code"), ("heading-not-descriptive", "#title"),
        ("link-in-context-descriptive", "#home")}
    label = asked[("field-label-descriptive", "#code")]
    assert label["criteria"] == ["2.4.6"]
    assert label["question_vi"] == 'Nhãn "Mã hồ sơ" có nói rõ ô này cần nhập hay chọn gì không?'
    assert label["question_en"].startswith('Does the label "Mã hồ sơ"')
    assert label["element"] == {"role": "textbox", "name": "Mã hồ sơ"}
    assert any(f["target"] == ["#more"] for f in result["findings"])
    assert result["criteria"]["1.1.1"] == "no-failure-found"
