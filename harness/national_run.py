"""`pesp-a11y run --province all`: every portal of the registry, one results folder each, then
the national table over them.

Each portal is replayed by a `pesp-a11y run` of its own in a separate process: the sync
Playwright API keeps one browser per thread, and a process per portal keeps each portal's
browser, replica server, signals and results folder apart, so `--jobs N` can never mix two
portals' results. Today's path (the default) is the national portal's replica with the
province's police as receiving agency; `--legacy` replays the 63 review-era units each on the
replica of its own 2024 platform family, and lists a unit whose family is unknown or has no
replica as not run. Ctrl+C (or SIGTERM) is passed on once to every running portal, which closes
its folder truthfully; no new portal starts, and the table is written over the finished ones.
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from harness.errors import HarnessError
from harness.registry import load_registry
from harness.replica.server import FAMILIES
from harness.reporters import write_reports
from harness.reporters.national_table import write_national_table
from harness.results import RESULTS_ROOT, claim_folder, new_run_id
from harness.targets import legacy_family

ALL = "all"
TODAY_FAMILY = "national"  # where every province's citizens apply since 27 June 2025
CONSOLE_DIR = "console"  # each portal's own console output, beside its results folder
POLL_S = 0.2
# options of a single run that make no sense over many portals
SINGLE_ONLY = (("gate", "--gate"), ("baseline", "--baseline"), ("base_url", "--base-url"),
               ("profile", "--profile"), ("live_login", "--live-login"),
               ("operator", "--operator"))


@dataclass
class PortalJob:
    """One portal of a national run: what to replay, and why not when it cannot be."""

    slug: str
    name_vi: str
    family: str | None
    not_run: str = ""  # why this portal is not replayed ("" when it is)
    process: subprocess.Popen | None = None
    exit_code: int | None = None


def run_all(args: argparse.Namespace) -> int:
    """Replay every portal (at most `args.jobs` at once) and write the national table."""
    _refuse_single_options(args)
    jobs = plan(args.legacy, args.family)
    out = Path(args.out) if args.out else RESULTS_ROOT / ALL / new_run_id()
    claim_folder(out)
    (out / CONSOLE_DIR).mkdir()
    runnable = [job for job in jobs if not job.not_run]
    print(f"Chạy {len(runnable)} cổng, {args.jobs} cùng lúc; kết quả ở {out}. "
          f"Running {len(runnable)} portals, {args.jobs} at a time; results in {out}.",
          flush=True)
    stopping = _Stop()
    try:
        with stopping:
            _run_jobs(runnable, args, out, stopping)
    finally:
        finished = _report(jobs, out)
        if finished:
            left_out = [portal_line(job, out) for job in jobs if out / job.slug not in finished]
            html, _ = write_national_table(finished, out, left_out)
            print(f"Bảng quốc gia ({len(finished)} cổng): {html}. "
                  f"National table ({len(finished)} portals): {html}.", flush=True)
        (out / ".run.lock").unlink(missing_ok=True)
    if stopping.signal_number:
        return 128 + stopping.signal_number
    failed = [job for job in runnable if job.exit_code not in (0, None)]
    return 2 if failed else 0


def plan(legacy: bool, family: str | None) -> list[PortalJob]:
    """The portals of the run, in the registry's order. Today's path runs each current unit on
    `family`'s replica (the national portal's by default); `--legacy` runs each review unit on
    its own family's replica, only those of `family` when it is given."""
    registry = load_registry()
    if not legacy:
        chosen = family or TODAY_FAMILY
        return [PortalJob(portal.slug, portal.name_vi, chosen) for portal in registry.current]
    jobs = []
    for unit in registry.legacy:
        own = legacy_family(unit, registry)
        if family and own != family:
            continue
        why = ("không rõ nền tảng của cổng 2024 / its 2024 platform family is not known"
               if own is None else
               f"nền tảng {own} chưa có bản sao / the {own} family has no replica yet"
               if own not in FAMILIES else "")
        jobs.append(PortalJob(unit.slug, unit.name_vi, own, not_run=why))
    return jobs


def child_command(job: PortalJob, args: argparse.Namespace, folder: Path) -> list[str]:
    """The `pesp-a11y run` of one portal, with the options that apply to each."""
    command = [sys.executable, "-m", "harness.cli", "run", "--province", job.slug,
               "--variant", args.variant, "--scenario", args.scenario, "--lang", args.lang,
               "--time-limit", str(args.time_limit), "--out", str(folder), "--plain"]
    if args.replica:
        command.append("--replica")
    if args.legacy:
        command.append("--legacy")  # the unit's own family: no --family
    elif args.replica:
        command += ["--family", str(job.family)]
    for flag, given in (("--assist", args.assist), ("--no-audio", args.no_audio),
                        ("--as-live", args.as_live)):
        if given:
            command.append(flag)
    if args.voice:
        command += ["--voice", args.voice]
    if args.browser_endpoint:
        command += ["--browser-endpoint", args.browser_endpoint]
    return command


def _refuse_single_options(args: argparse.Namespace) -> None:
    for attribute, flag in SINGLE_ONLY:
        if getattr(args, attribute, None):
            raise HarnessError(f"{flag} goes with one portal, not --province all")
    if args.legacy and not args.replica:
        raise HarnessError("--province all --legacy runs the review units' replicas: add "
                           "--replica (their 2024 portals are not checked live in bulk)")
    if not args.replica and not args.live_all:
        raise HarnessError(
            "--province all without --replica would check 34 real government portals: add "
            "--replica for the replicas, or --live-all to confirm you mean the live portals")


class _Stop:
    """While a national run lasts, the first Ctrl+C, SIGTERM or SIGHUP starts no new portal
    and is passed on once to each running one; the portals were started in sessions of their
    own, so a terminal's Ctrl+C reaches them only this way, once."""

    def __init__(self) -> None:
        self.signal_number = 0
        self.running: list[subprocess.Popen] = []
        self._previous: dict[int, object] = {}

    def __enter__(self) -> _Stop:
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            self._previous[number] = signal.signal(number, self._received)
        return self

    def __exit__(self, *exc: object) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)  # type: ignore[arg-type]

    def _received(self, number: int, frame: FrameType | None) -> None:
        if not self.signal_number:
            print("pesp-a11y: dừng sau các cổng đang chạy; không bắt đầu cổng mới. Stopping: "
                  "the running portals close their folders, no new portal starts.",
                  file=sys.stderr, flush=True)
        self.signal_number = number
        for process in self.running:
            if process.poll() is None:
                process.send_signal(number)


def _run_jobs(jobs: list[PortalJob], args: argparse.Namespace, out: Path,
              stopping: _Stop) -> None:
    """Keep up to `args.jobs` portals running until all ran or a stop was asked."""
    waiting = list(jobs)
    running: list[PortalJob] = []
    while waiting or running:
        while waiting and len(running) < args.jobs and not stopping.signal_number:
            job = waiting.pop(0)
            log = (out / CONSOLE_DIR / f"{job.slug}.txt").open("w", encoding="utf-8")
            with log:
                job.process = subprocess.Popen(
                    child_command(job, args, out / job.slug), stdout=log,
                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                    start_new_session=True)
            running.append(job)
            stopping.running.append(job.process)
        if stopping.signal_number:
            waiting.clear()
        for job in list(running):
            assert job.process is not None
            job.exit_code = job.process.poll()
            if job.exit_code is not None:
                running.remove(job)
                stopping.running.remove(job.process)
                print(portal_line(job, out), flush=True)
        time.sleep(POLL_S)


def portal_line(job: PortalJob, out: Path) -> str:
    """One plain line for a portal: how its run ended and which criteria failed."""
    if job.not_run:
        return f"{job.name_vi}: không chạy / not run: {job.not_run}."
    folder = out / job.slug
    summary = _summary(folder)
    if summary is None:
        last = _last_line(out / CONSOLE_DIR / f"{job.slug}.txt")
        partial = folder / "report.html"
        what = (f"báo cáo phần đã chạy / report of what ran: {partial}" if partial.exists()
                else str(out / CONSOLE_DIR / (job.slug + ".txt")))
        return (f"{job.name_vi}: không có kết quả / no results (exit {job.exit_code}): "
                f"{last}; {what}.")
    failing = [cid for cid, row in summary.get("criteria", {}).items()
               if row.get("verdict") == "fail"]
    findings = sum(int(row.get("findings", 0)) for row in summary.get("criteria", {}).values())
    said = ", ".join(failing) if failing else "không / none"
    return (f"{job.name_vi}: {summary.get('status')}; tiêu chí có lỗi / failing criteria: "
            f"{said}; {findings} lỗi / findings; {folder}.")


def _report(jobs: list[PortalJob], out: Path) -> list[Path]:
    """Say the portals that were not run; the folders of those that finished, for the table.
    A portal whose run died without its summary (killed, crashed) gets the reports of what it
    recorded, as `pesp-a11y report` writes them, marked as not finished."""
    for job in jobs:
        if job.not_run:
            print(portal_line(job, out), flush=True)
        elif job.exit_code is not None and _summary(out / job.slug) is None and (
                out / job.slug / "run.json").exists():
            with suppress(HarnessError, OSError, ValueError):
                write_reports(out / job.slug, "vi")
    return [out / job.slug for job in jobs if not job.not_run and
            (_summary(out / job.slug) or {}).get("status") == "complete"]


def _summary(folder: Path) -> dict | None:
    try:
        return json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _last_line(path: Path) -> str:
    try:
        lines = path.read_text(encoding="utf-8").strip().splitlines()
    except OSError:
        return ""
    return lines[-1] if lines else ""
