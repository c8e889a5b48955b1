"""`pesp-a11y bench`: how long a replay of the replica takes and how much memory it uses,
printed as figures (speed is measured here, never asserted by a timed test)."""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path

from harness.browser import open_browser
from harness.console import Reporter
from harness.narration import Narrator
from harness.options import whole_number
from harness.replay import ReplayOptions, replay
from harness.results import RunRecorder
from harness.scenario_data import portal_data
from harness.targets import open_target


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("bench", help="time and memory of replica replays")
    parser.add_argument("--rounds", type=whole_number(1, 100, "rounds"), default=3)
    parser.add_argument("--variant", choices=("defective", "accessible"), default="accessible")
    parser.add_argument("--audio", action="store_true", help="include speech synthesis")
    parser.add_argument("--json", action="store_true", help="figures as one JSON object")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    figures: dict[str, dict] = {}
    peak_children = 0.0
    with open_target("demo", True, args.variant) as target, open_browser() as browser:
        data, _ = portal_data(target.family, target.portal.slug)
        for name, module in data["tasks"].items():
            times, steps, speech = [], 0, 0.0
            for round_ in range(args.rounds):
                out = Path(tempfile.mkdtemp(prefix="pesp-bench-"))
                recorder = RunRecorder(out, {"bench": round_})
                narrator = Narrator(out, name, audio=args.audio)
                started = time.perf_counter()
                outcome = replay(browser, target, module, data, ReplayOptions(assist=True),
                                 recorder, Reporter(plain=True, stream=io.StringIO()),
                                 observer=narrator)
                times.append(time.perf_counter() - started)
                peak_children = max(peak_children, _children_rss_mib())
                steps = outcome.steps
                speech += narrator.finish().get("speech_seconds", 0.0)
            figures[name] = {
                "rounds": args.rounds,
                "steps": steps,
                "median_seconds": round(statistics.median(times), 2),
                "min_seconds": round(min(times), 2),
                "seconds_per_step": round(statistics.median(times) / max(steps, 1), 2),
                "speech_seconds_per_round": round(speech / args.rounds, 2),
            }
    figures["memory"] = {
        "harness_peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "browser_and_driver_rss_mib_after_a_round": round(peak_children, 1),
        "cpus": os.cpu_count(),
    }
    if args.json:
        print(json.dumps(figures))
        return 0
    for name, row in figures.items():
        print(f"{name}: " + ", ".join(f"{key} {value}" for key, value in row.items()) + ".")
    return 0


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
