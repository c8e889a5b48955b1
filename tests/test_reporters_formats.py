"""The reporters on a results folder made here: every format written from what the folder
holds (also an interrupted run's), with the page text a hostile portal could give escaped in
each of them (HTML, JSON, JUnit XML, SARIF) and never turned into markup or terminal codes."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from lxml import etree, html

import wcag.criteria
from harness.audit import inconclusive
from harness.cli import main
from harness.findings import Evidence, Finding, PageResult
from harness.reporters import write_reports
from harness.reporters.html import criteria_fragment
from harness.reporters.run_folder import load_run
from harness.reporters.sarif import SARIF_FILE
from harness.reporters.words import axe_rule_url, say, understanding_url
from harness.results import LOCK_NAME, RunRecorder
from harness.verdicts import criterion_verdicts, run_summary
from wcag.criteria import REVIEW_CRITERIA, checks

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>\x1b[2J\u202eevil\x07'
UNSAFE_CHARACTERS = ("\x1b", "\u202e", "\x07")
STEP_ONE = {"scenario": "criminal-record", "step": 1, "step_name": "Mở trang chủ",
            "step_status": "done"}
STEP_TWO = {"scenario": "criminal-record", "step": 2, "step_name": "Chọn Nộp trực tuyến",
            "step_status": "blocked"}


def png(width: int = 4, height: int = 3) -> bytes:
    """A small valid PNG, standing in for the replay's screenshot."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                             0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def make_run(folder: Path, status: str = "interrupted") -> Path:
    """A run of two steps: the home page with an unnamed image (axe) and a generic link
    (probe) whose text is hostile; then a blocked step whose page could not be checked."""
    recorder = RunRecorder(folder, {
        "run_id": "20260101-000000-abcdef", "province": "demo", "portal": "Huế",
        "target": "replica", "variant": "defective", "base_url": "http://127.0.0.1:1",
        "scenarios": ["criminal-record"], "mode": "keyboard-only", "live_safety": False,
        "notes": []})
    image = Finding(check="image-alt", source="axe", criteria=["1.1.1"], category=None,
                    target=["#logo"], html='<img id="logo" src="/logo.png">',
                    message="Images must have alternative text. Fix any of the following: "
                            "Element does not have an alt attribute", impact="critical")
    link = Finding(check="link-generic-name", source="probe", criteria=["2.4.4"],
                   category="links-buttons", target=["#more"],
                   html=f'<a id="more" href="/x">{HOSTILE}</a>',
                   message=f'Link "{HOSTILE}" has a generic name.',
                   element={"role": "link", "name": HOSTILE})
    evidence = Evidence(ran={"image-alt", "link-generic-name", "list", "label"},
                        passed={"list", "label"})
    verdicts, notes = criterion_verdicts([image, link], evidence)
    home = PageResult(url="http://127.0.0.1:1/", status="ok", findings=[image, link],
                      criteria=verdicts, notes=notes, title=f"Trang chủ {HOSTILE}",
                      untested=["2.1.1", "2.4.6"], checks_passed=["label", "list"],
                      checks_ran=sorted(evidence.ran))
    recorder.add_page(home, STEP_ONE)
    recorder.append("steps", {"scenario": "criminal-record", "index": 1, "name": "Mở trang chủ",
                              "status": "done", "note": "", "obstacles": [], "events": [
                                  {"event": "key", "key": "Tab", "focus": {
                                      "target": ["#more"], "role": "link", "name": HOSTILE}}]})
    recorder.add_page(inconclusive("http://127.0.0.1:1/detail", "not checked: the run was "
                                   "interrupted during this step"), STEP_TWO)
    recorder.append("steps", {"scenario": "criminal-record", "index": 2,
                              "name": "Chọn Nộp trực tuyến", "status": "blocked",
                              "note": "Tab never reached it", "obstacles": [], "events": []})
    recorder.append("scenarios", {"scenario": "criminal-record", "status": "interrupted",
                                  "steps": 2, "stopped_at": "Chọn Nộp trực tuyến",
                                  "message": "interrupted by Ctrl+C", "assisted": [],
                                  "blocked_requests": []})
    recorder.append("transcript", {"scenario": "criminal-record", "step": 1, "utterances": [
        {"event": "page", "role": "document", "name": "Trang chủ",
         "text_vi": "trang, Trang chủ", "text_en": "page, Trang chủ"},
        {"event": "focus", "role": "link", "name": HOSTILE,
         "text_vi": f"liên kết, {HOSTILE}", "text_en": f"link, {HOSTILE}"}]})
    shots = folder / "screenshots"
    shots.mkdir()
    (shots / "criminal-record-step-02.png").write_bytes(png())
    (shots / "criminal-record-step-02.json").write_text(json.dumps(
        {"x": 1, "y": 1, "width": 2, "height": 1, "viewport": [4, 3]}), encoding="utf-8")
    recorder.finish(status, run_summary(recorder.pages), "interrupted by Ctrl+C")
    return folder


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    return make_run(tmp_path / "run")


def assert_no_raw_unsafe_characters(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for character in UNSAFE_CHARACTERS:
        assert character not in text, f"{path.name} holds U+{ord(character):04X} as is"


def test_findings_json_has_every_finding_with_what_a_reader_acts_on(run_dir):
    run, _ = write_reports(run_dir, "vi")
    path = run_dir / "findings.json"
    assert_no_raw_unsafe_characters(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["run"]["status"] == "interrupted"
    assert data["criteria"]["1.1.1"]["verdict"] == "fail"
    by_check = {f["check"]: f for f in data["findings"]}
    assert set(by_check) == {"image-alt", "link-generic-name"}
    link = by_check["link-generic-name"]
    assert link["criteria"] == ["2.4.4"] and link["category"] == "links-buttons"
    assert (link["scenario"], link["step"]) == ("criminal-record", 1)
    assert link["element"] == {"role": "link", "name": HOSTILE,  # kept whole, only escaped
                               "named_from": "accessibility-tree", "selector": ["#more"]}
    meta = checks()["link-generic-name"]
    assert link["help"] == {"vi": meta.help_vi, "en": meta.help_en} and meta.help_vi
    assert link["fix"] == {"vi": meta.fix_vi, "en": meta.fix_en}
    assert link["understanding"] == {"2.4.4": understanding_url("2.4.4")}
    assert link["transcript"][1]["en"] == f"link, {HOSTILE}"  # the element's own line
    image = by_check["image-alt"]
    catalogue = Path(wcag.criteria.__file__).parent / "checks.json"
    axe_version = json.loads(catalogue.read_text(encoding="utf-8"))["axe_version"]
    assert image["axe_rules"] == {"image-alt": axe_rule_url("image-alt", axe_version)}
    assert image["element"]["named_from"] == "html-excerpt" and image["element"]["role"] == "img"
    image_alt = checks()["image-alt"]  # an axe rule's own texts, not axe's English message
    assert image["help"] == {"vi": image_alt.help_vi, "en": image_alt.help_en}
    assert image["fix"] == {"vi": image_alt.fix_vi, "en": image_alt.fix_en}
    assert image["fingerprint"] == run.findings[0].fingerprint != ""


def test_an_axe_finding_a_probe_also_saw_takes_the_probes_help_texts(run_dir):
    pages = run_dir / "pages.jsonl"
    records = [json.loads(line) for line in pages.read_text(encoding="utf-8").splitlines()]
    records[0]["findings"][0]["also"] = ["image-control-unnamed"]
    pages.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    image = next(f for f in load_run(run_dir).findings if f.check == "image-alt")
    probe = checks()["image-control-unnamed"]
    assert image.help == {"vi": probe.help_vi, "en": probe.help_en} and probe.help_vi
    assert image.fix == {"vi": probe.fix_vi, "en": probe.fix_en}


def test_junit_has_a_case_per_criterion_per_step_and_never_passes_what_was_not_checked(run_dir):
    write_reports(run_dir, "en")
    root = etree.parse(str(run_dir / "junit.xml")).getroot()
    cases = root.findall(".//testcase")
    assert len(cases) == 2 * len(REVIEW_CRITERIA)
    assert int(root.get("tests")) == len(cases)
    step_one = {case.get("name").split()[0]: case for case in cases
                if case.get("classname").endswith("step-01")}
    failure = step_one["1.1.1"].find("failure")
    assert failure is not None and "image-alt" in failure.text and "F001" in failure.text
    assert "F002" in step_one["2.4.4"].find("failure").text
    assert step_one["2.1.1"].find("skipped").get("message").startswith("inconclusive: ")
    assert list(step_one["1.3.1"]) == [step_one["1.3.1"].find("system-out")]  # no failure found
    step_two = [case for case in cases if case.get("classname").endswith("step-02")]
    assert all(case.find("skipped") is not None for case in step_two)  # never a pass
    assert "interrupted during this step" in step_two[0].find("skipped").get("message")
    assert int(root.get("failures")) == 2 and int(root.get("skipped")) == 6 + 2
    text = (run_dir / "junit.xml").read_text(encoding="utf-8")
    assert_no_raw_unsafe_characters(run_dir / "junit.xml")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "link '<script>alert(1)</script>" in step_one["2.4.4"].find("failure").text
    assert "<U+001B>[2J<U+202E>evil<U+0007>" in step_one["2.4.4"].find("failure").text


def test_sarif_has_the_required_shape(run_dir):
    write_reports(run_dir, "vi")
    path = run_dir / SARIF_FILE
    assert_no_raw_unsafe_characters(path)
    log = json.loads(path.read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "pesp-a11y"
    rules = driver["rules"]
    assert len({rule["id"] for rule in rules}) == len(rules)
    assert {"image-alt", "link-generic-name"} <= {rule["id"] for rule in rules}
    for rule in rules:
        assert rule["shortDescription"]["text"]
    levels = {"none", "note", "warning", "error"}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"] and result["level"] in levels
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    fails = [r for r in run["results"] if r["kind"] == "fail"]
    assert {r["ruleId"]: r["level"] for r in fails} == {"image-alt": "error",
                                                        "link-generic-name": "error"}
    link = next(r for r in fails if r["ruleId"] == "link-generic-name")
    assert link["locations"][0]["physicalLocation"]["region"]["snippet"]["text"].endswith(
        f"{HOSTILE}</a>")
    reviews = [r for r in run["results"] if r["kind"] == "review"]
    assert reviews and all(r["level"] == "none" for r in reviews)  # inconclusive: review
    assert run["invocations"][0]["executionSuccessful"] is False  # the run was interrupted


def test_sarif_locations_are_paths_code_scanning_takes(run_dir):
    """GitHub rejects an upload whose locations are http(s) addresses, and an alert stays one
    alert only while its path does not change: the page is a relative path without scheme or
    port (a replica's port changes each run), the address kept beside it."""
    from urllib.parse import urlsplit

    from harness.reporters.sarif import page_path

    write_reports(run_dir, "en")
    (run,) = json.loads((run_dir / SARIF_FILE).read_text(encoding="utf-8"))["runs"]
    located = {(location["physicalLocation"]["artifactLocation"]["uri"],
                location["properties"]["url"])
               for result in run["results"] for location in result["locations"]}
    assert located == {("127.0.0.1", "http://127.0.0.1:1/"),
                       ("127.0.0.1/detail", "http://127.0.0.1:1/detail")}
    for uri, _ in located:
        assert not urlsplit(uri).scheme and not uri.startswith("/")
    assert page_path("https://dvc.example.vn:8443/vi/tra-cứu/?ma=1#ket-qua") == (
        "dvc.example.vn/vi/tra-c%E1%BB%A9u")
    assert page_path("http://127.0.0.1:8765/a/../b") == page_path("http://127.0.0.1:9/b")
    assert page_path("file:///tmp/trang%20chu.html") == "tmp/trang%20chu.html"


def test_html_report_escapes_page_text_and_is_self_contained(run_dir):
    write_reports(run_dir, "vi")
    raw = (run_dir / "report.html").read_text(encoding="utf-8")
    assert_no_raw_unsafe_characters(run_dir / "report.html")
    page = html.fromstring(raw)
    assert page.get("lang") == "vi"
    assert not page.xpath("//script") and not page.xpath("//*[@onerror]")
    images = page.xpath("//img")
    assert [img.get("src")[:22] for img in images] == ["data:image/png;base64,"]
    assert images[0].get("alt")
    assert not page.xpath("//link[@rel='stylesheet']")  # styles are inline
    article = page.get_element_by_id("F002")
    assert "<script>alert(1)</script>" in article.text_content()  # shown as text
    assert "<U+202E>evil" in article.text_content()
    assert say("html.findings", "vi") in raw
    row = page.xpath("//table[1]//th[@scope='row']")[0].getparent()
    assert row.xpath("td")[0].text == say("verdict.fail", "vi")
    links = {a.get("href") for a in page.xpath("//a")}
    assert understanding_url("2.4.4") in links and understanding_url("1.1.1") in links


def test_criteria_fragment_links_each_criterion_to_its_findings(run_dir):
    fragment = html.fragment_fromstring(criteria_fragment(load_run(run_dir), "en", "r.html"))
    links = [a.get("href") for a in fragment.xpath(".//th[@scope='row']/a")]
    assert links == [f"r.html#sc-{cid}" for cid in REVIEW_CRITERIA]
    assert fragment.xpath(".//td")[0].text == say("verdict.fail", "en")


def test_lang_en_writes_english_headings_and_summary(run_dir):
    write_reports(run_dir, "en")
    page = html.fromstring((run_dir / "report.html").read_text(encoding="utf-8"))
    assert page.get("lang") == "en"
    assert say("html.findings", "en") in page.text_content()
    summary = (run_dir / "summary.txt").read_text(encoding="utf-8")
    assert "WCAG criteria:" in summary and "Run status: interrupted." in summary
    assert "1.1.1 Non-text Content: fail, 1 finding" in summary


def test_summary_follows_lang_vi_and_is_safe_to_print(run_dir):
    write_reports(run_dir, "vi")
    summary = (run_dir / "summary.txt").read_text(encoding="utf-8")
    assert say("summary.criteria", "vi") in summary
    # the harness's English reason said in Vietnamese, and the replica's variant too
    assert say("run.status.interrupted", "vi", reason="bị dừng bằng Ctrl+C") in summary
    assert "(biến thể có lỗi)" in summary and "interrupted by" not in summary
    assert f"1.1.1 Nội dung phi văn bản: {say('verdict.fail', 'vi')}, 1 phát hiện" in summary
    assert "WCAG criteria:" not in summary
    assert_no_raw_unsafe_characters(run_dir / "summary.txt")


def test_a_killed_run_cut_mid_line_is_still_reported(run_dir):
    pages = run_dir / "pages.jsonl"
    pages.write_text(pages.read_text(encoding="utf-8") + '{"url": "http://127.0.0.1:1/x", "sta',
                     encoding="utf-8")
    run = load_run(run_dir)
    assert run.summary["pages"] == 2 and len(run.findings) == 2


def test_a_killed_runs_lock_does_not_stop_its_report(run_dir, capsys):
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    (run_dir / LOCK_NAME).write_text(ended.stdout, encoding="utf-8")
    assert main(["report", str(run_dir)]) == 0
    assert (run_dir / "report.html").is_file()


def test_report_command_writes_every_format_again(run_dir, capsys):
    for name in ("summary.txt", "report.html"):
        (run_dir / name).unlink(missing_ok=True)
    assert main(["report", str(run_dir), "--lang", "en", "--plain"]) == 0
    for name in ("summary.txt", "findings.json", "junit.xml", SARIF_FILE, "report.html"):
        assert (run_dir / name).is_file(), name
    assert "Reports written:" in capsys.readouterr().out


@pytest.mark.parametrize("problem", ["missing", "not-a-run", "locked"])
def test_report_command_refuses_in_one_line(tmp_path, capsys, problem):
    folder = tmp_path / "run"
    if problem != "missing":
        folder.mkdir()
    if problem == "locked":  # by this very process, which is alive
        make_run(folder)
        (folder / LOCK_NAME).write_text(f"{os.getpid()}\n", encoding="utf-8")
    assert main(["report", str(folder)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("pesp-a11y: error: ") and "\n" not in err and str(folder) in err
