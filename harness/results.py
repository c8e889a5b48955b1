"""The run folder `results/<province>/<run-id>/`: written as the run goes, so nothing is lost.

Each checked page is appended to `pages.jsonl` the moment it is checked; `run.json` says whether
the run completed, was interrupted or failed; `summary.txt` and `summary.json` are written at the
end, also after an interruption, from whatever was gathered.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from harness.findings import PageResult

RESULTS_ROOT = Path("results")


def new_run_id() -> str:
    return time.strftime("%Y%m%d-%H%M%S", time.gmtime())


class RunRecorder:
    def __init__(self, out_dir: Path, meta: dict) -> None:
        self.dir = out_dir
        self.dir.mkdir(parents=True, exist_ok=True)
        self.meta = {**meta, "status": "running", "started": _now()}
        self.pages: list[PageResult] = []
        for pattern in ("*.jsonl", "*.txt", "audio/*"):  # an earlier run in the same --out
            for stale in self.dir.glob(pattern):
                stale.unlink()
        self._write_meta()
        (self.dir / "pages.jsonl").write_text("", encoding="utf-8")

    def add_page(self, result: PageResult, context: dict | None = None) -> None:
        """One checked page state; `context` says where in a scenario it was checked."""
        self.pages.append(result)
        self.append("pages", {**(context or {}), **result.to_json()})

    def append(self, name: str, record: dict) -> None:
        """Add one JSON line to `<name>.jsonl` at once, so an interrupted run keeps it."""
        with (self.dir / f"{name}.jsonl").open("a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")

    def finish(self, status: str, summary: dict, summary_text: str, reason: str = "") -> None:
        """Close the run: status is "complete", "interrupted" or "error"."""
        self.meta.update(status=status, finished=_now(), reason=reason)
        self._write_meta()
        (self.dir / "summary.json").write_text(
            json.dumps({**self.meta, **summary}, ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
        (self.dir / "summary.txt").write_text(summary_text + "\n", encoding="utf-8")

    def _write_meta(self) -> None:
        (self.dir / "run.json").write_text(
            json.dumps(self.meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
