"""`run --gate --baseline FILE` end to end: a baseline written from a run turns its known
issues from failing to accepted (exit 0), while a newly seeded defect still fails the gate
(exit 1), and a run that could not run is exit 2. The portal is a page served on loopback
with a one-step profile, so the defect is seeded without touching the replica."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile import serve
from test_profile import igate2_profile, write

from harness.cli import main

pytestmark = pytest.mark.browser

PORTAL = """<!doctype html><html lang="vi"><head><title>Tra cứu hồ sơ</title></head><body>
<main><h1>Tra cứu hồ sơ</h1><img src="/static/logo.png">
<form><label for="code">Mã hồ sơ</label><input id="code" type="text" name="code">
<button type="submit"><i class="fa fa-search"></i></button></form>{new}</main></body></html>"""
NEW_DEFECT = '<p><input type="text" name="email" placeholder="Email"></p>'


def one_step_profile(tmp_path: Path) -> Path:
    profile = igate2_profile()
    profile["tasks"] = {"lookup": {"title": "Tra cứu", "steps": [
        {"step": "Mở trang tra cứu", "actions": [{"open": "home"}]}]}}
    return write(tmp_path, profile)


def gate(base_url: str, profile: Path, out: Path, *extra: str) -> int:
    return main(["run", "--base-url", base_url, "--profile", str(profile), "--out", str(out),
                 "--no-audio", "--plain", "--gate", *extra])


def test_a_baseline_accepts_known_issues_and_a_new_defect_still_fails(tmp_path, capsys):
    profile = one_step_profile(tmp_path)
    baseline = tmp_path / "baseline.json"
    with serve({"/": PORTAL.format(new="")}) as server:
        assert gate(server.base_url, profile, tmp_path / "before") == 1
        assert main(["baseline", str(tmp_path / "before"), "--out", str(baseline),
                     "--reason", "the logo and the search icon are fixed in the next release",
                     "--plain"]) == 0
        capsys.readouterr()
        assert gate(server.base_url, profile, tmp_path / "known",
                    "--baseline", str(baseline)) == 0
        accepted = capsys.readouterr().out
    known = len(json.loads(baseline.read_text(encoding="utf-8"))["accepted"])
    assert known >= 2 and f"({known} known issues accepted)" in accepted
    with serve({"/": PORTAL.format(new=NEW_DEFECT)}) as server:  # the next release, served anew
        assert gate(server.base_url, profile, tmp_path / "after", "--baseline", str(baseline)) == 1
    said = capsys.readouterr().err.strip()
    assert "\n" not in said and "Gate: 1 new failure not in the baseline" in said
    assert "3.3.2" in said and str(tmp_path / "after" / "gate.txt") in said
    listed = (tmp_path / "after" / "gate.txt").read_text(encoding="utf-8")
    assert "name=email" in listed or "Email" in listed


def test_a_run_that_could_not_run_is_exit_2(tmp_path, capsys):
    with serve({}) as server:
        address = server.base_url  # nothing listens there any more
    assert gate(address, one_step_profile(tmp_path), tmp_path / "out") == 2
    assert "\n" not in capsys.readouterr().err.strip()
