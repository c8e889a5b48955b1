"""Every way a run can end leaves a truthful run folder: Ctrl+C from a terminal (the signal goes
to the whole process group, Chromium's included), SIGTERM, and a browser that dies under it.

Each test starts `pesp-a11y run` as a real process in a session of its own, waits until it has
written its first step, and then does to it what a terminal, CI or a crash would.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

STEP_WAIT_S = 90


def start_run(out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "harness.cli", "run", "--out", str(out), "--plain", "--lang", "en",
         "--no-audio", "--variant", "accessible"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        cwd=Path(__file__).parent.parent,
    )


def wait_for_steps(out: Path, count: int, run: subprocess.Popen) -> None:
    deadline = time.monotonic() + STEP_WAIT_S
    steps = out / "steps.jsonl"
    while time.monotonic() < deadline:
        if steps.exists() and len(steps.read_text(encoding="utf-8").splitlines()) >= count:
            return
        if run.poll() is not None:
            pytest.fail(f"the run ended early: {run.communicate()}")
        time.sleep(0.05)
    run.kill()
    pytest.fail("the run wrote no step in time")


def finished(run: subprocess.Popen) -> tuple[int, str, str]:
    try:
        stdout, stderr = run.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGKILL)
        pytest.fail("the run did not end after the signal")
    return run.returncode, stdout, stderr


def read_folder(out: Path) -> tuple[dict, list[dict], list[dict], list[dict]]:
    meta = json.loads((out / "run.json").read_text(encoding="utf-8"))
    lines = {name: [json.loads(line) for line in
                    (out / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
             for name in ("steps", "pages", "scenarios")}
    return meta, lines["steps"], lines["pages"], lines["scenarios"]


def chromium_processes(root: int) -> list[int]:
    """The Chromium processes started under the run (Playwright gives them their own group)."""
    children: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1: stat.rindex(")")]
        parent = int(stat[stat.rindex(")") + 2:].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
        names[int(entry.name)] = name
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        for child in children.get(pid, []):
            todo.append(child)
            if "chrom" in names.get(child, ""):
                found.append(child)
    return found


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_a_run_stopped_by_a_signal_says_so_truthfully(tmp_path, how):
    out = tmp_path / "run"
    run = start_run(out)
    wait_for_steps(out, 2, run)
    if how == "ctrl-c":  # a terminal's Ctrl+C reaches every process of the foreground group
        os.killpg(run.pid, signal.SIGINT)
    else:
        run.send_signal(signal.SIGTERM)
    code, stdout, stderr = finished(run)
    assert code == (130 if how == "ctrl-c" else 143), stderr
    assert "Traceback" not in stderr + stdout
    meta, steps, pages, scenarios = read_folder(out)
    assert meta["status"] == "interrupted" and meta["reason"]
    assert len(pages) == len(steps) >= 2
    assert all(step["status"] in ("done", "interrupted") for step in steps), steps
    assert scenarios and scenarios[-1]["status"] in ("interrupted", "completed")
    assert not any(step["obstacles"] for step in steps)  # the accessible twin has none
    interrupted = [p for p, s in zip(pages, steps, strict=True) if s["status"] == "interrupted"]
    assert all(p["status"] == "inconclusive" and not p["findings"] for p in interrupted)
    assert "Run status: interrupted" in (out / "summary.txt").read_text(encoding="utf-8")
    assert not (out / ".run.lock").exists()


def test_a_browser_that_dies_is_not_a_keyboard_finding(tmp_path):
    out = tmp_path / "run"
    run = start_run(out)
    wait_for_steps(out, 2, run)
    browsers = chromium_processes(run.pid)
    assert browsers
    for pid in browsers:
        os.kill(pid, signal.SIGKILL)
    code, stdout, stderr = finished(run)
    assert code == 2 and "browser" in stderr and "Traceback" not in stderr + stdout
    meta, steps, pages, scenarios = read_folder(out)
    assert meta["status"] == "error" and "browser" in meta["reason"]
    assert scenarios[-1]["status"] == "browser-error"
    assert not any(step["status"] == "blocked" or step["obstacles"] for step in steps), steps
    assert all(step["status"] in ("done", "error") for step in steps)
    failed = [p for p, s in zip(pages, steps, strict=True) if s["status"] == "error"]
    assert failed and all(not p["findings"] for p in failed)


def test_a_run_that_runs_out_of_time_keeps_what_it_checked_and_says_so(tmp_path, capsys):
    from harness.cli import main

    out = tmp_path / "run"
    code = main(["run", "--out", str(out), "--plain", "--no-audio", "--variant", "accessible",
                 "--time-limit", "10"])
    err = capsys.readouterr().err
    assert code == 2 and "time limit of 10 s ran out" in err and str(out) in err
    meta, steps, pages, scenarios = read_folder(out)
    assert meta["status"] == "interrupted" and "time limit" in meta["reason"]
    assert steps and len(pages) == len(steps)
    # the limit is honoured between key presses or before a step starts: the scenario says so
    assert scenarios[-1]["status"] == "interrupted" and "time limit" in scenarios[-1]["message"]
    assert all(step["status"] in ("done", "interrupted") for step in steps)
