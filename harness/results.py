"""The run folder `results/<province>/<run-id>/`: written as the run goes, so nothing is lost.

The folder belongs to the run: a run writes only into a folder it creates or one that is empty,
and holds a lock file while it writes, so it never deletes or mixes with anybody's files (a
user's `--out .`, another run started in the same second). Each checked page is appended to
`pages.jsonl` the moment it is checked; `run.json` says whether the run completed, was
interrupted or failed; `summary.json` is written at the end, also after an interruption, from
whatever was gathered, and the reports (`harness/reporters`) are written from the folder then.
Whole files are written atomically (a reader never sees half a `run.json`).
"""

from __future__ import annotations

import json
import os
import secrets
import time
from pathlib import Path

from harness.errors import HarnessError
from harness.findings import PageResult
from harness.fingerprints import fingerprints, where_of

RESULTS_ROOT = Path("results")
LOCK_NAME = ".run.lock"
SCREENSHOTS_DIR = "screenshots"  # the replay's pictures of blocked steps


def new_run_id() -> str:
    """A sortable run id that two runs started in the same second do not share."""
    return time.strftime("%Y%m%d-%H%M%S", time.gmtime()) + "-" + secrets.token_hex(3)


def write_atomically(path: Path, text: str) -> None:
    """Replace a file whole: write beside it, then rename over it."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def claim_folder(folder: Path) -> Path:
    """Make `folder` this run's: create it (or take it when empty) and lock it; refuse with one
    line when it is a file, holds anything, is locked by another run, or cannot be written."""
    try:
        if folder.exists() and not folder.is_dir():
            raise HarnessError(f"{folder} is a file, not a folder: give --out a folder to create")
        folder.mkdir(parents=True, exist_ok=True)
        lock = folder / LOCK_NAME
        try:
            descriptor = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            raise HarnessError(f"another run is writing into {folder}") from None
        with os.fdopen(descriptor, "w") as held:
            held.write(f"{os.getpid()}\n")
        others = [entry.name for entry in folder.iterdir() if entry.name != LOCK_NAME]
        if others:
            lock.unlink()
            raise HarnessError(
                f"{folder} already holds files ({', '.join(sorted(others)[:3])}"
                f"{', ...' if len(others) > 3 else ''}); a run writes only into a new or empty "
                "folder: choose another --out"
            )
    except OSError as error:
        raise HarnessError(f"cannot write results to {folder}: "
                           f"{error.strerror or error}") from None
    return folder


class RunRecorder:
    def __init__(self, out_dir: Path, meta: dict) -> None:
        self.dir = claim_folder(out_dir)
        self.meta = {**meta, "status": "running", "started": _now()}
        self.pages: list[PageResult] = []
        self.asked: set[tuple] = set()  # (task or page, check, element) of questions recorded
        self._write_meta()
        (self.dir / "pages.jsonl").write_text("", encoding="utf-8")

    def add_page(self, result: PageResult, context: dict | None = None) -> None:
        """One checked page state; `context` says where in a scenario it was checked. Each
        finding and question gets its fingerprint here, where the step is known; a question
        about an element already asked at an earlier step of the task is asked once, as the
        replay keeps a finding once (the same check on the same element)."""
        where = where_of(context or {}, result.url)
        scope = (context or {}).get("scenario") or result.url
        result.reviews = [r for r in result.reviews if (scope, *r.key) not in self.asked]
        self.asked.update((scope, *r.key) for r in result.reviews)
        for items in (result.findings, result.reviews):
            records = [item.to_json() for item in items]
            for item, fingerprint in zip(items, fingerprints(records, where), strict=True):
                item.fingerprint = fingerprint
        self.pages.append(result)
        self.append("pages", {**(context or {}), **result.to_json()})

    def append(self, name: str, record: dict) -> None:
        """Add one JSON line to `<name>.jsonl` at once, so an interrupted run keeps it."""
        with (self.dir / f"{name}.jsonl").open("a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")

    def finish(self, status: str, summary: dict, reason: str = "") -> None:
        """Close the run and let go of the folder: status is "complete", "interrupted" or
        "error". The reports (summary.txt, report.html...) are written from the folder after
        this, by harness/reporters."""
        self.meta.update(status=status, finished=_now(), reason=reason)
        self._write_meta()
        write_atomically(self.dir / "summary.json",
                         json.dumps({**self.meta, **summary}, ensure_ascii=False, indent=2) + "\n")
        (self.dir / LOCK_NAME).unlink(missing_ok=True)

    def _write_meta(self) -> None:
        write_atomically(self.dir / "run.json",
                         json.dumps(self.meta, ensure_ascii=False, indent=2) + "\n")


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
