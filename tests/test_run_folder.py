"""The results folder belongs to the run: a user's files are never deleted or mixed into, two
runs never share a folder, and a bad --out is one line, never a traceback."""

from __future__ import annotations

import json
import threading

import pytest

from harness.cli import main
from harness.errors import HarnessError
from harness.results import LOCK_NAME, RunRecorder, new_run_id


def test_a_folder_holding_anything_is_refused_and_left_as_it_was(tmp_path, capsys):
    mine = {"notes.txt": "my notes", "data.jsonl": "{}\n", "audio/talk.wav": "RIFF"}
    for name, text in mine.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text)
    assert main(["run", "--out", str(tmp_path), "--plain"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "already holds files" in error and "Traceback" not in error
    assert {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()} == set(
        mine)
    assert all((tmp_path / name).read_text() == text for name, text in mine.items())


@pytest.mark.parametrize("where", ["file", "under-a-file", "proc"])
def test_an_unusable_out_is_one_line(tmp_path, capsys, where):
    a_file = tmp_path / "report.txt"
    a_file.write_text("keep me")
    out = {"file": a_file, "under-a-file": a_file / "run", "proc": "/proc/pesp-run"}[where]
    assert main(["run", "--out", str(out), "--plain"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("pesp-a11y: error: ") and error.count("\n") == 1
    assert a_file.read_text() == "keep me"


def test_an_empty_folder_is_taken_and_released_at_the_end(tmp_path):
    recorder = RunRecorder(tmp_path, {"test": True})
    assert (tmp_path / LOCK_NAME).exists()
    recorder.finish("complete", {}, "done")
    assert not (tmp_path / LOCK_NAME).exists()
    assert json.loads((tmp_path / "run.json").read_text())["status"] == "complete"
    assert not list(tmp_path.glob(".*.tmp"))  # atomic writes leave nothing behind
    with pytest.raises(HarnessError, match="already holds files"):
        RunRecorder(tmp_path, {"test": True})  # a finished run's folder is not reused either


def test_two_runs_into_one_folder_at_the_same_moment_one_is_refused(tmp_path):
    out = tmp_path / "shared"
    results: list[object] = []
    barrier = threading.Barrier(8)

    def start() -> None:
        barrier.wait()
        try:
            results.append(RunRecorder(out, {"test": True}))
        except HarnessError as error:
            results.append(error)

    threads = [threading.Thread(target=start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [r for r in results if isinstance(r, RunRecorder)]
    assert len(winners) == 1 and len(results) == 8
    assert all("another run" in str(r) or "already holds" in str(r)
               for r in results if not isinstance(r, RunRecorder))


def test_run_ids_started_in_the_same_second_differ():
    ids = {new_run_id() for _ in range(200)}
    assert len(ids) == 200
    assert all(len(run_id.split("-")) == 3 for run_id in ids)  # date-time-random, sortable
