"""The CI gate: a baseline of accepted known issues, each by fingerprint, with a reason and an
optional expiry; the gate fails per finding not accepted (exit 1), says when it cannot decide
(exit 2), and a malformed baseline is one line naming the file and the entry."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from harness.cli import main
from harness.errors import HarnessError
from harness.gate import judge, load_baseline

TODAY = datetime.date.today()
STEP = {"scenario": "criminal-record", "step": 1, "step_name": "Mở trang chủ",
        "url": "http://127.0.0.1:9/", "status": "ok"}


def finding(name: str, check: str = "image-alt", criteria: tuple = ("1.1.1",)) -> dict:
    return {"check": check, "criteria": list(criteria), "category": None, "target": ["img"],
            "html": "<img>", "message": f"{check} on {name}",
            "element": {"role": "image", "name": name}}


def run_folder(tmp_path: Path, name: str, *pages: dict) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "pages.jsonl").write_text(
        "".join(json.dumps(page, ensure_ascii=False) + "\n" for page in pages), encoding="utf-8")
    return folder


def make_baseline(tmp_path: Path, run: Path, *extra: str) -> Path:
    out = tmp_path / "baseline.json"
    assert main(["baseline", str(run), "--out", str(out), "--reason", "known since 2024",
                 "--plain", *extra]) == 0
    return out


def test_a_baseline_accepts_each_known_issue_with_its_reason_and_description(tmp_path, capsys):
    run = run_folder(tmp_path, "a", {**STEP, "findings": [finding("logo"), finding("ảnh")]})
    out = make_baseline(tmp_path, run, "--expires", "2999-12-31")
    assert "Đã ghi 2 lỗi đã biết" in capsys.readouterr().out
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [e["reason"] for e in data["accepted"]] == ["known since 2024"] * 2
    assert [e["expires"] for e in data["accepted"]] == ["2999-12-31"] * 2
    assert "image 'logo'" in data["accepted"][0]["description"]
    assert "criminal-record / Mở trang chủ" in data["accepted"][0]["description"]
    assert judge(run, load_baseline(out), TODAY).exit_code == 0


def test_the_gate_fails_per_finding_so_one_fix_cannot_hide_one_regression(tmp_path):
    known = run_folder(tmp_path, "known", {**STEP, "findings": [finding("logo"), finding("ảnh")]})
    baseline = load_baseline(make_baseline(tmp_path, known))
    # the logo was fixed, a new unnamed button appeared: the same count on the same page
    later = run_folder(tmp_path, "later", {**STEP, "findings": [
        finding("ảnh"), finding("", check="button-name", criteria=("4.1.2", "1.1.1"))]})
    gate = judge(later, baseline, TODAY)
    assert gate.exit_code == 1 and gate.accepted == 1
    assert [f["check"] for f in gate.new] == ["button-name"]
    assert "\n" not in gate.line and "1 lỗi mới" in gate.line
    assert "criteria 1.1.1, 4.1.2" in gate.line and str(later / "gate.txt") in gate.line
    listed = (later / "gate.txt").read_text(encoding="utf-8")
    assert "button-name" in listed and "ảnh" not in listed


def test_without_a_baseline_every_finding_is_new(tmp_path):
    run = run_folder(tmp_path, "a", {**STEP, "findings": [finding("logo")]})
    assert judge(run, None, TODAY).exit_code == 1
    clean = run_folder(tmp_path, "clean", {**STEP, "findings": []})
    gate = judge(clean, None, TODAY)
    assert gate.exit_code == 0 and "no new failure" in gate.line


def test_expired_entries_stop_counting_and_the_gate_says_so(tmp_path):
    run = run_folder(tmp_path, "a", {**STEP, "findings": [finding("logo")]})
    path = make_baseline(tmp_path, run, "--expires", (TODAY + datetime.timedelta(1)).isoformat())
    assert judge(run, load_baseline(path), TODAY).exit_code == 0
    gate = judge(run, load_baseline(path), TODAY + datetime.timedelta(2))
    assert gate.exit_code == 1 and len(gate.expired) == 1
    assert "1 baseline entry expired" in gate.line
    assert "expired" in (run / "gate.txt").read_text(encoding="utf-8")


def test_a_gate_that_could_not_see_is_inconclusive_not_passed(tmp_path):
    unread = {**STEP, "status": "inconclusive", "reason": "the page did not load",
              "findings": []}
    gate = judge(run_folder(tmp_path, "a", STEP | {"findings": []}, unread), None, TODAY)
    assert gate.exit_code == 2 and "the page did not load" in gate.line
    assert judge(run_folder(tmp_path, "b"), None, TODAY).exit_code == 2


@pytest.mark.parametrize(("text", "reason"), [
    ("{", "is not JSON"),
    ("[]", "expected a JSON object"),
    ('{"accepted": {}}', "'accepted' must list"),
    ('{"accepted": [], "colour": 1}', "unknown key 'colour'"),
    ('{"accepted": [{"fingerprint": "0123456789abcdef", "description": "d"}]}',
     "entry 1 (0123456789abcdef): 'reason' is missing"),
    ('{"accepted": [{"fingerprint": "0123456789abcdef", "description": "d", "reason": "r"},'
     ' {"fingerprint": "xyz", "description": "d", "reason": "r"}]}',
     "entry 2 (xyz): 'fingerprint' must be 16"),
    ('{"accepted": [{"fingerprint": "0123456789abcdef", "description": "d", "reason": "r",'
     ' "expires": "31/12/2026"}]}', "entry 1 (0123456789abcdef): 'expires'"),
    ('{"accepted": [{"fingerprint": "0123456789abcdef", "description": "d", "reason": "r",'
     ' "expires": "2026-02-30"}]}', "'expires'"),
])
def test_a_malformed_baseline_is_one_line_naming_the_file_and_the_entry(tmp_path, text, reason):
    path = tmp_path / "b.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(HarnessError) as error:
        load_baseline(path)
    assert "\n" not in str(error.value) and str(path) in str(error.value)
    assert reason in str(error.value)


@pytest.mark.parametrize(("argv", "reason"), [
    (["baseline", "{missing}"], "is not a run folder"),
    (["baseline", "{run}", "--expires", "2001-01-01"], "already past"),
    (["baseline", "{run}", "--expires", "tomorrow"], "YYYY-MM-DD"),
    (["run", "--baseline", "{run}/b.json", "--plain"], "--baseline goes with --gate"),
    (["run", "--gate", "--baseline", "{missing}", "--plain"], "is missing"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, argv, reason):
    run = run_folder(tmp_path, "a", {**STEP, "findings": []})
    argv = [a.format(run=run, missing=tmp_path / "nope") for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and reason in err
