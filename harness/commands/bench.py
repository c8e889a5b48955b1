"""`pesp-a11y bench`: where a replay's time goes and how it compares with the floor, printed as
figures (speed is measured here, never asserted by a timed test).

Four measures, in one run on one machine so that their ratios mean something:
- each task's replay of the replica, with the split of its time by what the harness was doing
  (page load, key presses, axe, probes, accessibility snapshot, announcements, narration);
- `audit` against the floor: a bare `page.goto` plus one axe run on the same pages
  (target: at most 1.3 times);
- the accessible criminal-record replay's seconds (target: at most 15 s on 2 cores);
- a generated page of 10,000 links and 2,000 fields audited (the checks must grow in proportion
  to a page's size);
- a broken portal's page (generic links, unlabelled fields: a finding each) of 2,000 and of
  10,000 links, audited against a bare goto plus one axe run on that page (target: at most
  1.5 times), with the Tab walk's seconds apart from the checks'.
`--profile FILE` keeps a cProfile of the replays for a closer look (python -m pstats FILE).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Browser, Page

from harness import checks, step_change
from harness.announcements import AnnouncementRecorder
from harness.audit import Auditor
from harness.ax_snapshot import AxSnapshot
from harness.axe_runner import run_axe
from harness.browser import add_endpoint_option, open_browser
from harness.commands.audit import DEFAULT_TAB_PRESSES
from harness.console import Reporter
from harness.errors import HarnessError
from harness.keyboard import KeyboardDriver
from harness.narration import Narrator
from harness.national_run import plan
from harness.options import whole_number
from harness.replay import ReplayOptions, replay
from harness.reporters.words import both
from harness.results import RunRecorder
from harness.scenario_data import portal_data
from harness.targets import Target, open_target
from wcag.criteria import axe_rules

AUDIT_TARGET = 1.3  # audit time at most this many times a bare goto plus axe
AUDIT_LOADS = 20  # page loads on each side of that comparison
REPLAY_TARGET_S = 15.0  # the accessible criminal-record replay, every check running
TARGET_TASK = "criminal-record"
NATIONAL_TARGET_S = 180.0  # every current portal on the replicas, on 2 cores
NATIONAL_JOBS = 2
BIG_LINKS, BIG_FIELDS = 10_000, 2_000
BIG_TIMEOUT_S = 600.0
BROKEN_SIZES = (2_000, 10_000)  # generic links; a fifth as many unlabelled fields
BROKEN_TARGET = 1.5  # the checks (no walk) at most this many times a bare goto plus axe
# what the harness is doing, by the functions that do it: (module or class, attribute, part)
PARTS: tuple[tuple[Any, str, str], ...] = (
    (Page, "goto", "page load"),
    (Page, "wait_for_load_state", "page load"),
    (KeyboardDriver, "press", "key presses"),
    (KeyboardDriver, "type", "key presses"),
    (checks, "run_axe", "axe"),
    (checks, "take_snapshot", "probes"),
    (checks, "page_outcomes", "probes"),
    (step_change, "take_snapshot", "probes"),
    (AxSnapshot, "focused", "accessibility snapshot"),
    (AxSnapshot, "page_summary", "accessibility snapshot"),
    (AxSnapshot, "page_utterance", "accessibility snapshot"),
    (AnnouncementRecorder, "drain", "announcements"),
    (AnnouncementRecorder, "document_id", "announcements"),
    (Narrator, "step_checked", "narration"),
    (Narrator, "finish", "narration"),
)
SPLIT_ORDER = ("page load", "key presses", "axe", "probes", "accessibility snapshot",
               "announcements", "narration", "other")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("bench", help="where replay time goes, and the speed targets")
    parser.add_argument("--rounds", type=whole_number(1, 100, "rounds"), default=3)
    parser.add_argument("--variant", choices=("defective", "accessible"), default="accessible")
    parser.add_argument("--audio", action="store_true", help="include speech synthesis")
    parser.add_argument("--no-big-page", action="store_true",
                        help=f"skip the page of {BIG_LINKS:,} links and {BIG_FIELDS:,} fields and "
                             "the findings-heavy pages")
    parser.add_argument("--national", action="store_true",
                        help=f"also time every current portal on the replicas with --jobs "
                             f"{NATIONAL_JOBS} (target {NATIONAL_TARGET_S:.0f} s)")
    parser.add_argument("--cprofile", metavar="FILE",
                        help="write a cProfile of the replays (python -m pstats FILE)")
    # `run --profile` reads a portal profile; bench's cProfile was once --profile too
    parser.add_argument("--profile", dest="old_profile", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="figures as one JSON object")
    add_endpoint_option(parser)
    parser.set_defaults(func=run)


class Split:
    """Time spent in each part, each call counted once in its innermost part (a key press's
    focus reading counts as accessibility snapshot, not twice)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = dict.fromkeys(SPLIT_ORDER[:-1], 0.0)
        self._inner: list[float] = []  # time spent in nested parts, one per open call

    def wrap(self, function: Callable, part: str) -> Callable:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            self._inner.append(0.0)
            try:
                return function(*args, **kwargs)
            finally:
                spent = time.perf_counter() - started
                self.seconds[part] += spent - self._inner.pop()
                if self._inner:
                    self._inner[-1] += spent

        return timed

    @contextmanager
    def watching(self) -> Iterator[Split]:
        """Time the parts while the block runs; the functions are put back afterwards."""
        with ExitStack() as restore:
            for owner, name, part in PARTS:
                original = getattr(owner, name)
                setattr(owner, name, self.wrap(original, part))
                restore.callback(setattr, owner, name, original)
            yield self

    def figures(self, total: float) -> dict[str, float]:
        shares = {part: round(spent, 2) for part, spent in self.seconds.items()}
        shares["other"] = round(max(0.0, total - sum(self.seconds.values())), 2)
        return shares


def run(args: argparse.Namespace) -> int:
    figures: dict[str, dict] = {}
    peak_children = 0.0
    if args.old_profile:
        raise HarnessError(" / ".join(both("error.bench.old_profile").values()))
    folder = Path(args.cprofile).resolve().parent if args.cprofile else None
    if folder is not None and not folder.is_dir():  # known before the bench, not minutes after
        raise HarnessError(" / ".join(both("error.bench.no_folder", folder=folder).values()))
    profile = cProfile.Profile() if args.cprofile else None
    with open_target("demo", True, args.variant) as target, \
            open_browser(args.browser_endpoint) as browser:
        data, _ = portal_data(target.family, target.portal.slug)
        for name, module in data["tasks"].items():
            times, steps, speech = [], 0, 0.0
            split = Split()
            for round_ in range(args.rounds):
                out = Path(tempfile.mkdtemp(prefix="pesp-bench-"))
                recorder = RunRecorder(out, {"bench": round_})
                narrator = Narrator(out, name, audio=args.audio)
                with split.watching():
                    started = time.perf_counter()
                    if profile is not None:
                        profile.enable()
                    outcome = replay(browser, target, module, data, ReplayOptions(assist=True),
                                     recorder, Reporter(plain=True, stream=io.StringIO()),
                                     observer=narrator)
                    speech += narrator.finish().get("speech_seconds", 0.0)
                    if profile is not None:
                        profile.disable()
                    times.append(time.perf_counter() - started)
                peak_children = max(peak_children, _children_rss_mib())
                steps = outcome.steps
            median = statistics.median(times)
            figures[name] = {
                "rounds": args.rounds,
                "outcome": outcome.status,  # a replay cut short is no speed figure
                "steps": steps,
                "median_seconds": round(median, 2),
                "min_seconds": round(min(times), 2),
                "seconds_per_step": round(median / max(steps, 1), 2),
                "speech_seconds_per_round": round(speech / args.rounds, 2),
            }
            figures[f"{name} split (seconds per round)"] = {
                part: round(seconds / args.rounds, 2)
                for part, seconds in split.figures(sum(times)).items()}
        figures["audit against the floor"] = _audit_ratio(browser, target, data)
        if not args.no_big_page:
            figures["big page"] = _big_page(browser)
            for links in BROKEN_SIZES:
                figures[f"findings-heavy page of {links:,} links"] = _broken_page(browser, links)
    if args.national:
        figures["national"] = _national(args.browser_endpoint)
    if profile is not None:
        profile.dump_stats(args.cprofile)
    replay_s = figures.get(TARGET_TASK, {}).get("median_seconds")
    floor = figures["audit against the floor"]
    figures["targets"] = {
        "audit_ratio": floor["ratio"],
        "audit_ratio_target": AUDIT_TARGET,
        "audit_ratio_met": floor["ratio"] <= AUDIT_TARGET,
        f"{args.variant}_{TARGET_TASK}_seconds": replay_s,
        "replay_seconds_target": REPLAY_TARGET_S,
        "replay_seconds_met": replay_s is not None and replay_s <= REPLAY_TARGET_S
        and figures[TARGET_TASK]["outcome"] == "completed",
    }
    for links in BROKEN_SIZES:
        heavy = figures.get(f"findings-heavy page of {links:,} links")
        if heavy is not None:
            figures["targets"][f"findings_heavy_{links}_checks_ratio"] = heavy["checks_ratio"]
            figures["targets"][f"findings_heavy_{links}_ratio_met"] = heavy["ratio_met"] and (
                heavy["status"] == "ok")
    if "national" in figures:
        figures["targets"].update(
            national_seconds=figures["national"]["seconds"],
            national_seconds_target=NATIONAL_TARGET_S,
            national_seconds_met=figures["national"]["seconds"] <= NATIONAL_TARGET_S
            and figures["national"]["complete"] == figures["national"]["portals"])
    figures["memory"] = {
        "harness_peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "browser_and_driver_rss_mib_after_a_round": round(peak_children, 1),
        "cpus": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    if args.json:
        print(json.dumps(figures))
        return 0
    for name, row in figures.items():
        print(f"{name}: " + ", ".join(f"{key} {value}" for key, value in row.items()) + ".")
    return 0


def _bench_pages(target: Target, data: dict) -> list[str]:
    """The pages both sides load: the replica's addresses the flow names, in turns until
    AUDIT_LOADS loads, so that what is paid once per call (a tab, axe's first parse) weighs as
    it does in a real audit of many pages."""
    paths = list(dict.fromkeys(data["paths"].values()))
    return [target.base_url + paths[i % len(paths)] for i in range(AUDIT_LOADS)]


def _audit_ratio(browser: Browser, target: Target, data: dict) -> dict:
    """`audit`'s checks (no Tab walk) against a bare goto plus one axe run, same pages, same
    browser, each side twice in turns so neither gets the warm cache alone."""
    urls = _bench_pages(target, data)
    floor, audit = [], []
    for _ in range(2):
        context = browser.new_context(locale="vi-VN")
        page = context.new_page()
        started = time.perf_counter()
        for url in urls:
            page.goto(url, wait_until="load")
            run_axe(page)
        floor.append(time.perf_counter() - started)
        context.close()
        context = browser.new_context(locale="vi-VN")
        auditor = Auditor(context)
        started = time.perf_counter()
        for url in urls:
            auditor.audit(url)
        audit.append(time.perf_counter() - started)
        context.close()
    floor_s, audit_s = min(floor), min(audit)
    return {"pages": len(urls), "bare_goto_and_axe_seconds": round(floor_s, 2),
            "audit_seconds": round(audit_s, 2), "ratio": round(audit_s / floor_s, 2)}


def big_page_html(links: int = BIG_LINKS, fields: int = BIG_FIELDS) -> str:
    """A page of many generic links ("Xem chi tiết", the commonest on the portals) and many
    labelled fields: what the checks must handle in proportion to its size."""
    rows = "".join(f'<li><a href="/thu-tuc/{i}">Xem chi tiết</a> thủ tục số {i}</li>'
                   for i in range(links))
    inputs = "".join(f'<p><label for="f{i}">Trường {i}</label><input id="f{i}" name="f{i}"></p>'
                     for i in range(fields))
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Trang lớn'
            f'</title></head><body><main><h1>Trang lớn</h1><ul>{rows}</ul><form>{inputs}'
            f'</form></main></body></html>')


def broken_page_html(links: int) -> str:
    """A broken portal's page: `links` generic "Xem thêm" links, each to its own address and
    with no context, and links/5 fields with no label; every one of them is a finding, so the
    checks' cost in their findings (merging, fingerprints, excerpts, reports) shows."""
    rows = "".join(f'<li><a href="/thu-tuc/{i}">Xem thêm</a></li>' for i in range(links))
    inputs = "".join(f'<p><input name="f{i}"></p>' for i in range(links // 5))
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Danh sách thủ tục'
            f'</title></head><body><main><h1>Danh sách thủ tục</h1><ul>{rows}</ul><form>{inputs}'
            f'</form></main></body></html>')


def _big_page(browser: Browser) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="pesp-bench-big-"))
    page_file = folder / "big.html"
    page_file.write_text(big_page_html(), encoding="utf-8")
    context = browser.new_context(locale="vi-VN")
    try:
        auditor = Auditor(context, timeout_s=BIG_TIMEOUT_S)
        started = time.perf_counter()
        result = auditor.audit(page_file.as_uri())
        seconds = time.perf_counter() - started
    finally:
        context.close()
    return {"links": BIG_LINKS, "fields": BIG_FIELDS, "audit_seconds": round(seconds, 1),
            "status": result.status, "findings": len(result.findings)}


def _broken_page(browser: Browser, links: int) -> dict:
    """A findings-heavy page audited as `audit URL` does (Tab walk included), against a bare
    goto plus one axe run with the same rules on the same page, in fresh contexts of the same
    browser. The walk is timed inside the audit: the rest is what `--budget 0` costs."""
    folder = Path(tempfile.mkdtemp(prefix="pesp-bench-broken-"))
    page_file = folder / f"broken-{links}.html"
    page_file.write_text(broken_page_html(links), encoding="utf-8")
    context = browser.new_context(locale="vi-VN")
    try:
        page = context.new_page()
        started = time.perf_counter()
        page.goto(page_file.as_uri(), wait_until="load")
        page.evaluate(AXE_SCRIPT)
        page.evaluate("options => axe.run(document, options)", bare_axe_options())
        floor = time.perf_counter() - started
    finally:
        context.close()
    walk = Split()
    context = browser.new_context(locale="vi-VN")
    try:
        auditor = Auditor(context, timeout_s=BIG_TIMEOUT_S, tab_presses=DEFAULT_TAB_PRESSES)
        with ExitStack() as restore:
            restore.callback(setattr, Auditor, "_walk", Auditor._walk)
            Auditor._walk = walk.wrap(Auditor._walk, "key presses")  # type: ignore[method-assign]
            started = time.perf_counter()
            result = auditor.audit(page_file.as_uri())
            seconds = time.perf_counter() - started
    finally:
        context.close()
    walk_s = walk.seconds["key presses"]
    checks_s = seconds - walk_s
    return {"links": links, "fields": links // 5, "status": result.status,
            "findings": len(result.findings), "bare_goto_and_axe_seconds": round(floor, 1),
            "checks_seconds": round(checks_s, 1), "checks_ratio": round(checks_s / floor, 2),
            "ratio_target": BROKEN_TARGET, "ratio_met": checks_s / floor <= BROKEN_TARGET,
            "tab_walk_seconds": round(walk_s, 1), "tab_walk_presses":
            result.tab_walk.get("presses", 0), "audit_with_walk_seconds": round(seconds, 1),
            "audit_with_walk_ratio": round(seconds / floor, 2)}


def bare_axe_options() -> dict:
    """axe's options as `run_axe` gives them in the top frame: the same rules and results."""
    return {"runOnly": {"type": "rule", "values": sorted(axe_rules())},
            "resultTypes": ["violations", "incomplete"], "iframes": False}


def _national(endpoint: str | None) -> dict:
    """Every current portal on the replicas, as a user runs it (`run --province all --replica
    --jobs 2`, each portal in a process of its own): the seconds, and how many completed."""
    folder = Path(tempfile.mkdtemp(prefix="pesp-bench-national-"))
    command = [sys.executable, "-m", "harness.cli", "run", "--province", "all", "--replica",
               "--jobs", str(NATIONAL_JOBS), "--plain", "--out", str(folder)]
    if endpoint:
        command += ["--browser-endpoint", endpoint]
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    seconds = time.perf_counter() - started
    summaries = [json.loads(path.read_text(encoding="utf-8"))
                 for path in folder.glob("*/summary.json")]
    return {"portals": len(plan(legacy=False, family=None)), "jobs": NATIONAL_JOBS,
            "seconds": round(seconds, 1),
            "complete": sum(1 for summary in summaries if summary.get("status") == "complete")}


def _children_rss_mib() -> float:
    """Resident memory of every process below this one (Playwright's driver, Chromium), read
    from /proc; 0 where /proc is not there."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            status = (entry / "status").read_text()
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid] = int(stat[1])
        rss[pid] = next((int(line.split()[1]) for line in status.splitlines()
                         if line.startswith("VmRSS:")), 0)
    below, frontier = set(), {os.getpid()}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - below
        below |= frontier
    return sum(rss[pid] for pid in below) / 1024
