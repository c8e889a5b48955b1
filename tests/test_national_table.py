"""The national table from a few run folders (shaped as real runs record run.json and
summary.json): portals x six criteria and x five categories, beside the 2024 review as it
counted them, in an accessible HTML table (page text escaped) and a CSV."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import lxml.html
import pytest

from harness.cli import main
from harness.reporters import national_table
from harness.reporters.national_table import TESTER_CATEGORIES
from wcag.criteria import REVIEW_CRITERIA


def run_folder(tmp_path: Path, portal: str, verdicts: dict[str, str],
               captcha: str = "no-failure-found") -> Path:
    """A finished run's folder: what `run` writes into run.json and summary.json."""
    folder = tmp_path / portal.replace("<", "").replace(">", "").replace("/", "")
    folder.mkdir()
    meta = {"run_id": f"2025-{len(verdicts)}", "province": "demo", "portal": portal,
            "target": "replica", "variant": "defective", "status": "complete"}
    criteria = {cid: {"verdict": verdicts.get(cid, "no-failure-found"),
                      "findings": 2 if verdicts.get(cid) == "fail" else 0,
                      "pages_failing": 0, "pages_exercised": 3, "note": ""}
                for cid in REVIEW_CRITERIA}
    categories = {c: {"verdict": "no-failure-found", "findings": 0, "note": ""}
                  for c in (*TESTER_CATEGORIES, "keyboard")}
    categories["captcha"] = {"verdict": captcha, "findings": int(captcha == "fail"), "note": ""}
    (folder / "run.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    (folder / "summary.json").write_text(json.dumps(
        {**meta, "pages": 3, "criteria": criteria, "categories": categories},
        ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture
def three_runs(tmp_path):
    runs = tmp_path / "runs"
    runs.mkdir()
    return [
        run_folder(runs, "Cổng A", {}),
        run_folder(runs, "Cổng <b>B</b>", {"1.3.1": "fail"}, captcha="fail"),
        run_folder(runs, "Cổng C", {cid: "fail" for cid in REVIEW_CRITERIA[:5]}
                   | {"3.3.2": "inconclusive"}, captcha="fail"),
    ]


def test_the_table_counts_runs_beside_the_review(three_runs, tmp_path, capsys):
    out = tmp_path / "table"
    assert main(["table", *map(str, three_runs), "--out", str(out), "--plain"]) == 0
    assert "national-table.html" in capsys.readouterr().out
    document = lxml.html.parse(str(out / "national-table.html")).getroot()
    assert document.get("lang") == "vi"
    first, second = document.findall(".//table")
    assert first.find("caption") is not None and second.find("caption") is not None
    headers = [th.get("scope") for th in first.findall(".//thead//th")]
    assert headers == ["col"] * (1 + len(REVIEW_CRITERIA) + len(TESTER_CATEGORIES))
    rows = first.findall(".//tbody/tr")
    assert [r.find("th").get("scope") for r in rows] == ["row"] * 3
    assert rows[1].find("th").text == "Cổng <b>B</b>"  # page text stays text
    assert document.find(".//b") is None
    beside = {tr.find("th").text_content(): [td.text_content() for td in tr.findall("td")]
              for tr in second.findall(".//tbody/tr")}
    all_six = next(v for k, v in beside.items() if "all six" in k)
    assert all_six == ["1 / 3", "đạt cả sáu / met all six: 0 / 63"]
    five = next(v for k, v in beside.items() if "exactly five" in k)
    assert five == ["1 / 3", "đạt năm / met five: 9 / 63"]
    none = next(v for k, v in beside.items() if "no criterion" in k)
    assert none == ["1 / 3", "không đạt tiêu chí nào / met none: 13 / 63 (2023: 24)"]
    structure = next(v for k, v in beside.items() if k.startswith("1.3.1"))
    assert structure == ["1 / 3 (2; 0)", "đạt / met: 5 / 63"]
    captcha = next(v for k, v in beside.items() if "CAPTCHA" in k)
    assert captcha == ["2 / 3", "có lỗi / failed: 55 / 63"]
    assert "never says 'met'" in document.text_content()


def test_the_csv_has_a_row_per_run_then_these_runs_and_the_review(three_runs, tmp_path):
    out = tmp_path / "table"
    assert main(["table", str(three_runs[0].parent), "--out", str(out)]) == 0  # a parent folder
    with (out / "national-table.csv").open(encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    portals = {r["portal"]: r for r in rows[:3]}
    assert set(portals) == {"Cổng A", "Cổng <b>B</b>", "Cổng C"}
    assert portals["Cổng <b>B</b>"]["1.3.1"] == "fail"
    assert portals["Cổng <b>B</b>"]["1.3.1 findings"] == "2"
    assert portals["Cổng C"]["3.3.2"] == "inconclusive" and portals["Cổng C"]["captcha"] == "fail"
    assert rows[3]["portal"] == "these runs: fail" and rows[3]["captcha"] == "2 of 3"
    review = rows[-1]
    assert review["1.3.1"] == "met by 5 of 63" and review["captcha"] == "failed on 55 of 63"
    assert review["2.1.1"] == "not published"


def test_a_folder_without_a_summary_or_any_run_is_one_line(tmp_path, capsys):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "run.json").write_text("{}", encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    for folder, reason in ((broken, "summary.json is missing"), (empty, "holds none")):
        assert main(["table", str(folder), "--out", str(tmp_path / "t")]) == 2
        err = capsys.readouterr().err.strip()
        assert "\n" not in err and reason in err and str(folder) in err


def test_the_review_s_figures_are_checked_when_loaded(tmp_path, monkeypatch):
    bad = json.loads(national_table.REVIEW_FILE.read_text(encoding="utf-8"))
    bad["portals_failing_category"] = {"captcha": 99}
    path = tmp_path / "review.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    monkeypatch.setattr(national_table, "REVIEW_FILE", path)
    national_table.review_2024.cache_clear()
    try:
        with pytest.raises(Exception, match="'portals_failing_category' 'captcha' must be"):
            national_table.review_2024()
    finally:
        national_table.review_2024.cache_clear()


@pytest.mark.browser
def test_the_table_passes_the_harness_s_own_audit(three_runs, tmp_path, capsys):
    out = tmp_path / "table"
    assert main(["table", *map(str, three_runs), "--out", str(out)]) == 0
    capsys.readouterr()
    page = (out / "national-table.html").resolve().as_uri()
    assert main(["audit", page, "--json", "--budget", "20"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "ok" and result["findings"] == []
