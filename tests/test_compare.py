"""`pesp-a11y compare RUN_A RUN_B`: new, fixed and still open by fingerprint; a finding whose
step the later run never checked is not called fixed."""

from __future__ import annotations

import json
from pathlib import Path

from harness.cli import main


def page(step: str, *names: str, status: str = "ok") -> dict:
    return {"scenario": "criminal-record", "step_name": step, "url": "http://127.0.0.1:1/x",
            "status": status, "findings": [
                {"check": "image-alt", "criteria": ["1.1.1"], "target": [f"#{name}"],
                 "html": "<img>", "element": {"role": "image", "name": name}}
                for name in names]}


def run_folder(tmp_path: Path, name: str, *pages: dict) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "pages.jsonl").write_text(
        "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pages), encoding="utf-8")
    return folder


def test_new_fixed_still_open_and_not_rechecked(tmp_path, capsys):
    before = run_folder(tmp_path, "2024", page("Trang chủ", "logo", "tin tức"),
                        page("Nộp hồ sơ", "mã bảo mật"))
    after = run_folder(tmp_path, "2025", page("Trang chủ", "tin tức", "biểu ngữ"),
                       page("Nộp hồ sơ", status="inconclusive"))
    assert main(["compare", str(before), str(after), "--plain"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("So sánh") and "Comparing" in lines[0]
    assert lines[1] == ("Lỗi mới: 1; đã sửa: 1; vẫn còn: 1; không được kiểm tra lại: 1. "
                        "New: 1; fixed: 1; still open: 1; not rechecked: 1.")
    sections: dict[str, list[str]] = {}
    current = ""
    for line in lines[2:]:
        if line.startswith("- "):
            sections[current].append(line)
        else:
            current = line.split(" (")[0].split(",")[0]
            sections[current] = []
    assert ["'biểu ngữ'" in line for line in sections["Lỗi mới"]] == [True]
    assert ["'logo'" in line for line in sections["Đã sửa"]] == [True]
    assert ["'tin tức'" in line for line in sections["Vẫn còn"]] == [True]
    assert ["'mã bảo mật'" in line for line in sections["Không được kiểm tra lại"]] == [True]


def test_a_folder_that_is_not_a_run_is_one_line_and_exit_2(tmp_path, capsys):
    run = run_folder(tmp_path, "a", page("Trang chủ"))
    assert main(["compare", str(run), str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "is not a run folder" in err
