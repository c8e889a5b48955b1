"""`pesp-a11y run`: the main job. Replay the citizen's tasks on one portal (or the replica)
with the keyboard alone, check every step, and write `results/<province>/<run-id>/`."""

from __future__ import annotations

import argparse
import datetime
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from harness.browser import add_endpoint_option, open_browser
from harness.console import Reporter
from harness.errors import HarnessError
from harness.gate import Baseline, judge, load_baseline
from harness.interruption import Deadline, StopSignals
from harness.narration import Narrator, join_run
from harness.national_run import ALL, run_all
from harness.options import seconds, whole_number
from harness.replay import ReplayOptions, ReplayOutcome, replay
from harness.replica.server import FAMILIES, VARIANTS
from harness.reporters import write_reports
from harness.reporters.html import HTML_FILE
from harness.reporters.text import header_lines, summary_lines
from harness.reporters.words import LANGS, say
from harness.results import RESULTS_ROOT, RunRecorder, new_run_id
from harness.scenario_data import profile_data
from harness.speech import DEFAULT_VOICE, VOICES
from harness.steps import TYPING_DELAY_MS
from harness.targets import (
    NO_FLOW,
    Target,
    former_unit_line,
    open_address,
    open_legacy_replica,
    open_target,
    target_data,
)
from harness.verdicts import run_summary
from harness.verify import OFFLINE_LINE, write_offline_page

RUN_TIME_LIMIT_S = 1800  # a run that takes longer than this is stuck somewhere: say so, keep it


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("run", help="replay a portal's criminal-record application")
    parser.add_argument(
        "--province", default="demo",
        help="province slug or name; 'demo' (default) is the replica; 'all' every portal "
             "(with --replica), one results folder each and the national table. Live, a "
             "province is checked where its citizens apply today: the national portal, choosing "
             "the province's police as receiving agency"
    )
    parser.add_argument("--jobs", type=whole_number(1, 64, "jobs"), default=1,
                        help="with --province all: portals replayed at once, each in its own "
                             "process and browser (with --browser-endpoint: sessions there)")
    parser.add_argument("--live-all", action="store_true",
                        help="confirm that --province all without --replica means the live "
                             "government portals")
    parser.add_argument("--legacy", action="store_true",
                        help="live: check the province's own 2024-review portal instead of the "
                             "national portal, for comparison with the published reviews")
    parser.add_argument("--replica", action="store_true", help="check the replica of the province")
    parser.add_argument("--variant", choices=VARIANTS, default="defective", help="replica variant")
    parser.add_argument("--family", choices=FAMILIES,
                        help="which platform family the replica imitates (default igate2): "
                             + ", ".join(FAMILIES))
    parser.add_argument(  # the tasks come from the portal's flow data, checked once loaded
        "--scenario", default="all", help="which task to replay (default all)"
    )
    parser.add_argument("--assist", action="store_true",
                        help="when the keyboard cannot go on, do that one step by pointer")
    parser.add_argument("--typing-delay", type=whole_number(0, 1000, "--typing-delay"),
                        default=TYPING_DELAY_MS, metavar="MS",
                        help="milliseconds between keys typed into a picker or date field, a "
                             f"person's pace (default {TYPING_DELAY_MS}; 0 to 1000)")
    parser.add_argument("--live-login", action="store_true",
                        help="sign in to a live portal with PESP_VNEID_ID and PESP_VNEID_PASSWORD")
    parser.add_argument("--operator", action="store_true",
                        help="let a person at the terminal type a live portal's CAPTCHA")
    parser.add_argument("--out", help="results folder (default results/<province>/<run-id>)")
    parser.add_argument("--plain", action="store_true", help="screen-reader friendly output")
    parser.add_argument("--lang", choices=LANGS, default="vi",
                        help="language of the console, the reports, the transcript and its "
                             "audio (default vi)")
    parser.add_argument("--gate", action="store_true",
                        help="exit 1 when a finding is not accepted by --baseline (any finding "
                             "without one), 2 when the gate cannot decide")
    parser.add_argument("--baseline", metavar="FILE",
                        help="with --gate: known issues accepted for now (pesp-a11y baseline)")
    parser.add_argument("--no-audio", action="store_true", help="transcript as text only")
    parser.add_argument("--voice", default=DEFAULT_VOICE, choices=list(VOICES),
                        help="Vietnamese voice of the audio: north, central or south (--lang en "
                             "speaks with the english voice)")
    parser.add_argument("--time-limit", type=seconds(10, 86_400), default=RUN_TIME_LIMIT_S,
                        metavar="SECONDS",
                        help=f"stop the run after this long, keeping what was checked "
                             f"(default {RUN_TIME_LIMIT_S})")
    parser.add_argument("--base-url", metavar="URL",
                        help="check this address (any portal or a staging deployment) with "
                             "--profile; live unless loopback or named with --staging")
    parser.add_argument("--profile", metavar="FILE",
                        help="the portal profile for --base-url: names, paths, tasks "
                             "(docs/portal-profile.md)")
    parser.add_argument("--staging", metavar="HOST",
                        help="the --base-url host is a test deployment: the final submit is sent")
    parser.add_argument("--captcha-code", metavar="CODE",
                        help="the fixed CAPTCHA code of a loopback or --staging deployment")
    parser.add_argument("--as-live", action="store_true", help=argparse.SUPPRESS)
    add_endpoint_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.province.strip().lower() == ALL:
        return run_all(args)
    if args.jobs != 1 or args.live_all:
        raise HarnessError(f"{'--jobs' if args.jobs != 1 else '--live-all'} goes with "
                           "--province all")
    reporter = Reporter(plain=args.plain)
    options = ReplayOptions(assist=args.assist, live_login=args.live_login,
                            operator=args.operator, treat_as_live=args.as_live,
                            lang=args.lang, typing_delay_ms=args.typing_delay)
    deadline = Deadline(args.time_limit)
    baseline = _baseline(args)  # checked before anything is opened

    def checkpoint() -> None:
        """Between key presses: stop if someone asked to, or the run's time is up."""
        signals.checkpoint()
        deadline.checkpoint()

    former = None if args.base_url or (args.legacy and args.replica) else former_unit_line(
        args.province, args.lang)  # --legacy --replica runs the former unit's own portal
    if former:
        reporter.line(former)
    with _open(args) as (target, data), StopSignals(args.lang) as signals:
        tasks = data["tasks"]
        names = _tasks_asked(args.scenario, tasks)
        run_id = new_run_id()
        out = Path(args.out) if args.out else RESULTS_ROOT / target.province / run_id
        recorder = RunRecorder(out, _meta(target, run_id, names, options, data))
        for line in header_lines(recorder.meta, args.lang):
            reporter.line(line)
        reporter.line(say("console.results_go", args.lang, out=out))
        outcomes: list[ReplayOutcome] = []
        recordings: list[dict] = []
        status, reason = "complete", ""
        try:
            with open_browser(args.browser_endpoint) as browser:
                for name in names:
                    reporter.line(say("console.scenario", args.lang, name=name,
                                      title=tasks[name].TITLE))
                    narrator = Narrator(out, name, args.voice, audio=not args.no_audio,
                                        lang=args.lang)
                    outcome = replay(browser, target, tasks[name], data, options,
                                     recorder, reporter, observer=narrator,
                                     checkpoint=checkpoint)
                    outcomes.append(outcome)
                    recordings.append(narrator.finish())
                    recorder.append("scenarios", {**outcome.to_json(), "audio": recordings[-1]})
                    if outcome.status == "interrupted":
                        status, reason = "interrupted", outcome.message
                        break
                    if outcome.status == "browser-error":
                        status, reason = "error", outcome.message
                        break
        except KeyboardInterrupt:
            status, reason = "interrupted", signals.reason or "interrupted by Ctrl+C"
        except HarnessError as error:
            status, reason = "error", str(error)
        finally:
            signals.hold()  # the run folder is closed whatever else arrives now
            join_run(out, recordings)
            summary = run_summary(recorder.pages)
            summary["scenarios"] = [o.to_json() for o in outcomes]
            recorder.finish(status, summary, reason)
            results, _ = write_reports(out, args.lang)
            for line, verdict in summary_lines(results, args.lang):
                reporter.line(line, verdict)
            reporter.line(say("console.results_are", args.lang, out=out))
            reporter.line(say("console.report_html", args.lang, path=out / HTML_FILE))
            if (out / "transcript.jsonl").is_file():  # a step was narrated: one to verify
                with suppress(HarnessError):  # the run's record stands without the page
                    reporter.line(OFFLINE_LINE[args.lang].format(path=write_offline_page(out)))
    if status == "error":
        raise HarnessError(reason)
    if status == "interrupted" and deadline.passed and not signals.reason:
        raise HarnessError(f"{deadline.reason}; what was checked is in {out}")
    if status == "interrupted":
        return signals.exit_code or 130
    broken = next((o for o in outcomes if o.status == "error"), None)
    if broken is not None:
        raise HarnessError(f"the portal failed in scenario {broken.scenario} at "
                           f"'{broken.stopped_at}': {broken.message}; what was checked is in {out}")
    if not args.gate:
        return 0
    gate = judge(out, baseline, datetime.date.today())
    if gate.exit_code == 2:
        raise HarnessError(gate.line)
    print(gate.line, file=sys.stderr if gate.exit_code else sys.stdout, flush=True)
    return gate.exit_code


def _baseline(args: argparse.Namespace) -> Baseline | None:
    if args.baseline is None:
        return None
    if not args.gate:
        raise HarnessError("--baseline goes with --gate")
    return load_baseline(Path(args.baseline))


@contextmanager
def _open(args: argparse.Namespace) -> Iterator[tuple[Target, dict]]:
    """The run's target and its data: a province (or the replica) with its family's data, or
    --base-url with --profile; the options that belong to one are refused with the other."""
    if args.base_url is None:
        given = [flag for flag, value in (("--profile", args.profile),
                                          ("--staging", args.staging),
                                          ("--captcha-code", args.captcha_code)) if value]
        if given:
            raise HarnessError(f"{given[0]} goes with --base-url URL")
        replica = args.replica or args.province.strip().lower() in ("", "demo")
        if args.legacy and args.replica:  # a review unit's own portal, on its family's replica
            if args.family:
                raise HarnessError("--legacy --replica runs the unit's own 2024 family; drop "
                                   "--family")
            with open_legacy_replica(args.province, args.variant) as target:
                data, data_notes = target_data(target)
                target.notes.extend(data_notes)
                yield target, data
            return
        if args.family and not replica:
            raise HarnessError("--family chooses the replica's portal: it goes with --replica "
                               "or the demo")
        with open_target(args.province, args.replica, args.variant,
                         family=args.family or "igate2", legacy=args.legacy) as target:
            data, data_notes = target_data(target)
            target.notes.extend(data_notes)
            yield target, data
        return
    if not args.profile:
        raise HarnessError("--base-url needs --profile FILE: the portal's names, paths and "
                           "tasks (docs/portal-profile.md)")
    if args.replica or args.legacy or args.family or args.province.strip().lower() not in (
            "", "demo"):
        raise HarnessError("--base-url replaces --province, --replica, --family and --legacy; "
                           "give one or the other")
    profile = Path(args.profile)
    data = profile_data(profile)  # checked before anything is opened
    with open_address(args.base_url, str(profile), args.staging, args.captcha_code,
                      str(data.get("portal") or "")) as target:
        yield target, data


def _tasks_asked(asked: str, tasks: dict) -> list[str]:
    """The tasks to replay: all of the portal's flow data, or the one asked for."""
    if not tasks:
        raise HarnessError(NO_FLOW.format(family="<family>"))
    if asked == "all":
        return list(tasks)
    if asked not in tasks:
        raise HarnessError(f"unknown scenario '{asked}': this portal's tasks are "
                           f"{', '.join(tasks)}")
    return [asked]


def _meta(target: Target, run_id: str, scenarios: list[str], options: ReplayOptions,
          data: dict) -> dict:
    """run.json's head. `family` is the platform family whose names and flow were played (the
    replica's, the registry's for a live portal, a profile's own word, or None when unknown),
    so results can be compared across portals of one family."""
    declared = data.get("family")
    return {
        "run_id": run_id,
        "province": target.province,
        "portal": target.portal.name_vi,
        "target": target.kind,
        "family": target.family or (declared if isinstance(declared, str) else None),
        "variant": target.variant,
        "base_url": target.base_url,
        "scenarios": scenarios,
        "mode": "assisted" if options.assist else "keyboard-only",
        "live_safety": target.kind == "live" or options.treat_as_live,
        "profile": target.profile,
        "receiving_agency": target.receiving_agency,
        "notes": target.notes,
    }

