"""`pesp-a11y run --province all`: every portal on a replica, one folder each and the national
table; `--jobs` never mixes results; live needs an explicit word; Ctrl+C keeps what finished."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from harness import national_run
from harness.cli import build_parser, main
from harness.registry import load_registry
from harness.replica.server import FAMILIES
from harness.reporters.national_table import CSV_NAME
from harness.targets import legacy_family

# a quick task, the defective replica: findings to compare
QUICK = ["--scenario", "dossier-lookup", "--no-audio", "--plain"]


def test_live_all_is_refused_without_an_explicit_word(tmp_path, capsys):
    assert main(["run", "--province", "all", "--out", str(tmp_path / "x")]) == 2
    error = capsys.readouterr().err.strip()
    assert error.count("\n") == 0 and "34 real government portals" in error
    assert "--live-all" in error
    assert not (tmp_path / "x").exists()  # refused before anything was written


@pytest.mark.parametrize(("given", "says"), [
    (["--replica", "--gate"], "--gate goes with one portal"),
    (["--legacy", "--live-all"], "add --replica"),
])
def test_options_of_one_portal_are_refused_over_all(tmp_path, capsys, given, says):
    assert main(["run", "--province", "all", *given, "--out", str(tmp_path / "x")]) == 2
    assert says in capsys.readouterr().err


def test_jobs_go_with_province_all(capsys):
    assert main(["run", "--province", "hue", "--replica", "--jobs", "2"]) == 2
    assert "--jobs goes with --province all" in capsys.readouterr().err


def test_today_every_current_unit_runs_on_the_national_replica():
    jobs = national_run.plan(legacy=False, family=None)
    assert [job.slug for job in jobs] == [portal.slug for portal in load_registry().current]
    assert {job.family for job in jobs} == {"national"} and not any(j.not_run for j in jobs)


def test_legacy_units_run_on_their_own_family_or_are_said_not_run():
    registry = load_registry()
    jobs = national_run.plan(legacy=True, family=None)
    assert len(jobs) == len(registry.legacy) == 63
    for job in jobs:
        unit = registry.legacy_unit(job.slug)
        assert job.family == legacy_family(unit, registry)
        assert bool(job.not_run) == (job.family not in FAMILIES)
    unknown = next(job for job in jobs if job.family is None)
    assert "not known" in unknown.not_run
    # only one family's units with --family
    assert {j.family for j in national_run.plan(legacy=True, family="igate2")} == {"igate2"}


def test_a_legacy_unit_child_runs_its_own_family_not_another(tmp_path):
    args = build_parser().parse_args(["run", "--province", "all", "--replica", "--legacy"])
    job = national_run.PortalJob("danang", "Đà Nẵng", "igate2")
    command = national_run.child_command(job, args, tmp_path / "danang")
    assert "--legacy" in command and "--family" not in command
    today = build_parser().parse_args(["run", "--province", "all", "--replica"])
    command = national_run.child_command(national_run.PortalJob("hue", "Huế", "national"),
                                         today, tmp_path / "hue")
    assert command[command.index("--family") + 1] == "national"


def fingerprints(folder: Path) -> set[str]:
    pages = [json.loads(line) for line in (folder / "pages.jsonl").read_text().splitlines()]
    return {finding["fingerprint"] for page in pages for finding in page["findings"]}


@pytest.mark.browser
def test_two_jobs_give_the_same_findings_as_one_by_one(tmp_path, monkeypatch, capsys):
    """Three review units of the iGate 2.0 family, each branded with its own name."""
    three = national_run.plan(legacy=True, family="igate2")[:3]
    monkeypatch.setattr(national_run, "plan", lambda legacy, family: list(three))
    folders = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs-{jobs}"
        assert main(["run", "--province", "all", "--replica", "--legacy", "--jobs", jobs,
                     "--out", str(out), *QUICK]) == 0
        folders[jobs] = out
    console = capsys.readouterr().out
    for job in three:
        one, two = (folders[jobs] / job.slug for jobs in ("1", "2"))
        assert fingerprints(one) == fingerprints(two) and fingerprints(one)
        meta = json.loads((two / "run.json").read_text(encoding="utf-8"))
        assert meta["portal"] == job.name_vi and meta["province"] == job.slug  # never mixed
        assert f"{job.name_vi}: complete" in console
    with (folders["2"] / CSV_NAME).open(encoding="utf-8") as table:
        rows = [row for row in csv.reader(table)][1:]
    assert [row[0] for row in rows[:3]] == [job.name_vi for job in three]


@pytest.mark.browser
def test_ctrl_c_keeps_the_finished_portals_and_their_table(tmp_path):
    out = tmp_path / "all"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    national = subprocess.Popen(
        [sys.executable, "-m", "harness.cli", "run", "--province", "all", "--replica",
         "--legacy", "--family", "igate2", "--out", str(out), *QUICK],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    first = national_run.plan(legacy=True, family="igate2")[0]
    deadline = time.monotonic() + 300
    while not (out / first.slug / "summary.json").is_file() and time.monotonic() < deadline:
        time.sleep(0.5)
    national.send_signal(signal.SIGINT)
    stdout, stderr = national.communicate(timeout=300)
    assert national.returncode == 130, stderr
    summary = json.loads((out / first.slug / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "complete"
    assert "Stopping" in stderr and f"{first.name_vi}: complete" in stdout
    with (out / CSV_NAME).open(encoding="utf-8") as table:
        rows = [row for row in csv.reader(table)][1:]
    ran = [row[0] for row in rows if not row[0].startswith(("these runs", "2024"))]
    assert first.name_vi in ran and len(ran) < 7  # the units not started are not in it
    started = [p for p in out.iterdir() if (p / "run.json").is_file()]
    assert len(started) < 7 and not (out / ".run.lock").exists()


@pytest.mark.browser
def test_a_portal_whose_run_dies_is_named_beside_the_table_with_a_report_of_what_ran(tmp_path):
    out = tmp_path / "all"
    national = subprocess.Popen(
        [sys.executable, "-m", "harness.cli", "run", "--province", "all", "--replica",
         "--legacy", "--family", "igate2", "--jobs", "1", "--out", str(out), *QUICK],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    first, second, third = national_run.plan(legacy=True, family="igate2")[:3]
    pages = out / second.slug / "pages.jsonl"
    deadline = time.monotonic() + 300
    while not (pages.is_file() and pages.stat().st_size) and time.monotonic() < deadline:
        time.sleep(0.02)
    lock = (out / second.slug / ".run.lock").read_text(encoding="utf-8")
    os.kill(int(lock.split()[0]), signal.SIGKILL)  # as a crash or the OOM killer would
    while not (out / national_run.CONSOLE_DIR / f"{third.slug}.txt").exists() and (
            time.monotonic() < deadline):
        time.sleep(0.1)
    national.send_signal(signal.SIGINT)  # no need to run the other units
    stdout, _ = national.communicate(timeout=300)
    assert f"{second.name_vi}: không có kết quả / no results (exit -9)" in stdout
    assert (out / second.slug / "report.html").is_file()  # what it recorded, readable
    table = (out / "national-table.html").read_text(encoding="utf-8")
    left_out = table.split("Not in this table", 1)[1].split("</ul>", 1)[0]
    assert second.name_vi in left_out and first.name_vi not in left_out
