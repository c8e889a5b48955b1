"""`pesp-a11y run` writes its reports, in Vietnamese by default, and the HTML report passes
the harness's own audit with no finding; `audit --out` writes the machine outputs too."""

from __future__ import annotations

import json

import pytest
from lxml import html

from harness.cli import main
from harness.reporters.words import say

pytestmark = pytest.mark.browser
REPORTS = ("summary.txt", "findings.json", "junit.xml", "results.sarif", "report.html")


@pytest.fixture(scope="module")
def defective_run(tmp_path_factory) -> object:
    out = tmp_path_factory.mktemp("report") / "run"
    assert main(["run", "--out", str(out), "--plain", "--no-audio"]) == 0
    return out


def test_run_writes_every_report_in_vietnamese_by_default(defective_run, capsys):
    for name in REPORTS:
        assert (defective_run / name).is_file(), name
    summary = (defective_run / "summary.txt").read_text(encoding="utf-8")
    assert say("summary.criteria", "vi") in summary and "WCAG criteria:" not in summary
    findings = json.loads((defective_run / "findings.json").read_text(encoding="utf-8"))
    pages = [json.loads(line) for line in
             (defective_run / "pages.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(findings["findings"]) == sum(len(page["findings"]) for page in pages) > 0


def test_the_blocked_step_is_pictured_in_the_report(defective_run):
    steps = [json.loads(line) for line in
             (defective_run / "steps.jsonl").read_text(encoding="utf-8").splitlines()]
    blocked = [s for s in steps if s["status"] == "blocked"]
    assert blocked
    for step in blocked:
        shot = defective_run / "screenshots" / f"{step['scenario']}-step-{step['index']:02d}.png"
        assert shot.read_bytes().startswith(b"\x89PNG")
        box = json.loads(shot.with_suffix(".json").read_text(encoding="utf-8"))
        width, height = box["viewport"]  # the control Tab never reached, marked on the shot
        assert 0 <= box["x"] < width and 0 <= box["y"] < height and box["width"] > 0
    page = html.fromstring((defective_run / "report.html").read_text(encoding="utf-8"))
    pictures = page.xpath("//section//img[starts-with(@src, 'data:image/png;base64,')]")
    assert len(pictures) == len(blocked) and all(img.get("alt") for img in pictures)
    assert len(page.xpath("//div[@class='mark']")) == len(blocked)


def test_the_html_report_passes_the_harness_audit(defective_run, capsys, tmp_path):
    capsys.readouterr()
    out = tmp_path / "audit"
    report = (defective_run / "report.html").as_uri()
    code = main(["audit", report, "--json", "--out", str(out)])
    lines = capsys.readouterr().out.strip().splitlines()
    result = json.loads(lines[0])
    assert code == 0 and result["status"] == "ok"
    assert result["findings"] == [], [(f["check"], f["message"]) for f in result["findings"]]
    assert "fail" not in result["criteria"].values()
    for name in ("findings.json", "junit.xml", "results.sarif", "report.html"):
        assert (out / name).is_file(), name
