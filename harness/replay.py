"""Replay a scenario on a target: one browser tab, the keyboard driver, the scenario script,
and the checks after every step. Results are written as each step ends.

On a live portal two safety nets hold: the scenario stops before the final submit, and a
network guard aborts any request that would send a dossier or a payment, whatever a script does.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from playwright.sync_api import Browser, Error, Page, Route

from harness.announcements import AnnouncementRecorder, unconveyed
from harness.audit import inconclusive
from harness.ax_snapshot import AxSnapshot
from harness.checks import check_page
from harness.console import Reporter
from harness.credentials import operator_captcha
from harness.errors import first_line
from harness.findings import PageResult
from harness.interruption import BROWSER_GONE, BrowserGone, RunInterrupted
from harness.obstacles import Obstacle
from harness.quiet import install_quiet, page_version
from harness.reporters.tab_stops import focus_rested_here, page_changes, picture_path
from harness.reporters.text import step_line
from harness.reporters.words import Lang
from harness.results import SCREENSHOTS_DIR, RunRecorder
from harness.scenario import Scenario
from harness.scenario_data import applicant, upload_files
from harness.snapshot import Snapshot
from harness.step_change import capture_step
from harness.steps import (
    TYPING_DELAY_MS,
    ScenarioContext,
    ScenarioStop,
    StepHooks,
    StepRecord,
    T,
)
from harness.targets import Target
from harness.watchdog import BudgetExpired, Watchdog
from wcag.keyboard import step_outcomes
from wcag.probe import Outcome
from wcag.status import STEP_CHECKS, evaluate_step

ACTION_TIMEOUT_MS = 8_000
SCREENSHOT_TIMEOUT_MS = 3_000
SCREENSHOT_TRIES = 3
SCREENSHOT_SETTLE_MS = 200
TAB_STOPS_QUALITY = 60  # JPEG: one whole page per page visit, inlined in report.html
CHECKS_BUDGET_S = 90.0  # most seconds the checks of one page state may take
UNANNOUNCED = "status-not-announced"


class ReplayObserver:
    """Watches a replay as it happens, with the page in the state each event describes (the
    tests match findings to the defect catalogue this way); no-ops by default."""

    def action_checked(self, page: Page, step: StepRecord, action: str,
                       outcomes: list[Outcome]) -> None:
        """After one activating action and the step probes on what it changed."""

    def obstacle_met(self, page: Page, step: StepRecord, obstacle: Obstacle) -> None:
        """When the keyboard could not go on, before any assistance."""

    def step_checked(self, page: Page, step: StepRecord, result: PageResult) -> None:
        """After the checks at the end of a step."""


@dataclass
class ReplayOptions:
    assist: bool = False
    live_login: bool = False
    operator: bool = False  # a person at the terminal may type a live CAPTCHA
    treat_as_live: bool = False  # apply the live safety rules to the replica (safety tests)
    lang: Lang = "vi"  # of the step lines on the console
    typing_delay_ms: int = TYPING_DELAY_MS  # a person's pace in pickers and date fields


@dataclass
class ReplayOutcome:
    scenario: str
    status: str  # completed, blocked, stopped, error (the portal's), interrupted, browser-error
    steps: int
    stopped_at: str = ""
    message: str = ""
    assisted: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return self.__dict__.copy()


class CheckingHooks(StepHooks):
    """Judge what each action changed (status messages, focus) and check the page at the end
    of every step; keep each finding once, at the step where it was first seen."""

    def __init__(
        self,
        page: Page,
        announcements: AnnouncementRecorder,
        recorder: RunRecorder,
        reporter: Reporter,
        scenario: str,
        watchdog: Watchdog,
        observer: ReplayObserver | None = None,
        private: bool = False,
        lang: Lang = "vi",
    ):
        """`watchdog` keeps the checks of a page whose scripts never yield within
        CHECKS_BUDGET_S; `private`: a live portal, whose field values are the user's own data."""
        self.page = page
        self.watchdog = watchdog
        self.private = private
        self.lang = lang
        self.observer = observer or ReplayObserver()
        self.announcements = announcements
        self.recorder = recorder
        self.reporter = reporter
        self.scenario = scenario
        self.seen: set[tuple] = set()
        self.action_outcomes: list[Outcome] = []
        self.page_loads = 0  # in the steps done: which page visit the page shown is
        self.pictured: set[int] = set()  # the page visits with a Tab-stops picture
        # the last action's snapshot of the page after it, and the page state it was read in
        self.after: tuple[str | None, Snapshot | None] = (None, None)

    def around_action(self, step: StepRecord, action: str, perform: Callable[[], T]) -> T:
        self._picture_tab_stops(step)  # the action may leave the page
        done: list[T] = []
        self.after = (None, None)
        try:
            change = capture_step(self.page, self.announcements, action,
                                  lambda: self._perform_and_wait(perform, done), settle_ms=0)
        except Error as error:
            if not done:
                raise
            reason = first_line(error)
            step.events.append({"event": "unchecked-action", "action": action,
                                "reason": reason})
            # what the step checks would have judged is open, not passed
            self.action_outcomes.extend(
                Outcome(check_id, review=f"what '{action}' changed could not be captured: "
                                         f"{reason}") for check_id in STEP_CHECKS)
            return done[0]
        self.after = (self.after[0], change.after)
        outcomes = evaluate_step(change)
        unannounced = sum(len(o.findings) for o in outcomes if o.check_id == UNANNOUNCED)
        step.events.append({"event": "announcements", "action": action,
                            "items": [a.to_json() for a in change.announcements],
                            "unannounced": unannounced, "unconveyed": unconveyed(outcomes)})
        self.action_outcomes.extend(outcomes)
        self.observer.action_checked(self.page, step, action, outcomes)
        return done[0]

    def _perform_and_wait(self, perform: Callable[[], T], done: list[T]) -> None:
        """Do the action (which waits for what it started: `page_load.settle`) and note the
        page state it left."""
        done.append(perform())
        # read before the snapshot that follows: any change after it makes the state new
        self.after = (page_version(self.page), None)

    def obstacle(self, step: StepRecord, obstacle: Obstacle) -> None:
        self.observer.obstacle_met(self.page, step, obstacle)
        if not self.private:  # a live portal's page shows the user's own data
            _picture(self.page, self.recorder.dir / SCREENSHOTS_DIR,
                     f"{self.scenario}-step-{step.index:02d}", obstacle)

    def end_step(self, step: StepRecord) -> None:
        keyboard_only = not step.assisted and any(
            e["event"] in ("key", "type") for e in step.events
        )
        outcomes = step_outcomes(step.obstacles, keyboard_only and step.status == "done")
        outcomes += self.action_outcomes
        self.action_outcomes = []
        cut_off = _cut_off(step)
        if not cut_off:
            self._picture_tab_stops(step)
        self.page_loads += page_changes(step.events)
        if cut_off:  # nothing a cut-off step half did is judged
            self._record(step, inconclusive(self.page.url, cut_off))
            return
        try:
            with self.watchdog.budget(CHECKS_BUDGET_S, "axe and the probes did not finish"):
                result = check_page(self.page, extra=outcomes, snapshot=self._unchanged_after())
        except Error as error:
            result = inconclusive(self.page.url, f"the checks could not run: {first_line(error)}")
        except BudgetExpired as expired:
            result = inconclusive(self.page.url, str(expired))
        except KeyboardInterrupt:
            step.note = "interrupted during the step's checks"
            self._record(step, inconclusive(self.page.url, step.note))
            raise
        result.findings = [f for f in result.findings if not f.keys & self.seen]
        if self.private:
            for finding in result.findings:
                finding.hide_values()
        self.seen.update(key for f in result.findings for key in f.keys)
        self._record(step, result)
        self.observer.step_checked(self.page, step, result)

    def _unchanged_after(self) -> Snapshot | None:
        """The last action's snapshot when the page has not changed since it was read (one
        read per page state, shared by the step probes and the page checks)."""
        version, snapshot = self.after
        self.after = (None, None)
        if version is None or snapshot is None or page_version(self.page) != version:
            return None
        return snapshot

    def _picture_tab_stops(self, step: StepRecord) -> None:
        """Picture the page shown once per visit, when focus has rested on it, for the report
        to number its Tab stops on; never on a live portal, whose page shows the user's data."""
        visit = self.page_loads + page_changes(step.events)
        if self.private or visit in self.pictured or not focus_rested_here(step.events):
            return
        self.pictured.add(visit)
        _tab_stops_picture(self.page, picture_path(self.recorder.dir, self.scenario, visit))

    def _record(self, step: StepRecord, result: PageResult) -> None:
        self.recorder.append("steps", {"scenario": self.scenario, **step.to_json()})
        self.recorder.add_page(result, {"scenario": self.scenario, "step": step.index,
                                        "step_name": step.name, "step_status": step.status})
        failing = [c for c, v in result.criteria.items() if v == "fail"]
        self.reporter.line(step_line(step.index, step.name, step.status, step.note,
                                     len(result.findings), failing, self.lang))


def _cut_off(step: StepRecord) -> str:
    """Why a step's page cannot be judged: it was interrupted, or the browser died."""
    if step.status == "interrupted":
        return f"not checked: the run was {step.note or 'interrupted'} during this step"
    if step.note == BROWSER_GONE:
        return f"not checked: {BROWSER_GONE}"
    return ""


def replay(
    browser: Browser,
    target: Target,
    module: ModuleType,
    data: dict,
    options: ReplayOptions,
    recorder: RunRecorder,
    reporter: Reporter,
    observer: ReplayObserver | None = None,
    checkpoint: Callable[[], None] = lambda: None,
) -> ReplayOutcome:
    """Replay one scenario; an `observer` may watch each action, obstacle and step;
    `checkpoint` is called between key presses and raises RunInterrupted to stop the run.
    An interruption or a dead browser ends the replay with that status, never an exception."""
    live = target.kind == "live" or options.treat_as_live
    context = browser.new_context(locale="vi-VN", accept_downloads=False)
    announcements = AnnouncementRecorder().install(context)
    install_quiet(context)
    page = context.new_page()
    page.set_default_timeout(ACTION_TIMEOUT_MS)  # an assisted pointer action that hangs fails fast
    blocked: list[str] = []
    if live:
        page.route("**/*", _safety_guard(data["final_submit_endpoints"], blocked))
    ax = AxSnapshot.for_page(page)
    watchdog = Watchdog(page)  # attached while the page is idle: a portal's script may hang
    scenario_context = ScenarioContext(
        live=live,
        assist=options.assist,
        names=data["names"],
        applicant=applicant(),
        urls={name: target.base_url + path for name, path in data["paths"].items()},
        captcha_reader=_captcha_reader(target, options),
        declaration=data["declaration"],
        live_login=options.live_login,
        files=upload_files(),
        checkpoint=checkpoint,
        typing_delay_ms=options.typing_delay_ms,
    )
    hooks = CheckingHooks(page, announcements, recorder, reporter, module.NAME, watchdog,
                          observer, private=live, lang=options.lang)
    scenario = Scenario(page, scenario_context, hooks, describe=ax.focused, watchdog=watchdog)
    outcome = ReplayOutcome(module.NAME, "completed", 0)
    try:
        module.run(scenario)
    except ScenarioStop as stop:
        outcome.status = stop.status
        outcome.message = stop.message
    except (RunInterrupted, KeyboardInterrupt) as stop:
        outcome.status, outcome.message = "interrupted", str(stop) or "interrupted"
    except BrowserGone:
        outcome.status, outcome.message = "browser-error", BROWSER_GONE
    finally:
        outcome.stopped_at = scenario.steps[-1].name if scenario.steps and (
            outcome.status != "completed") else ""
        outcome.steps = len(scenario.steps)
        outcome.assisted = [a for step in scenario.steps for a in step.assisted]
        outcome.blocked_requests = blocked
        watchdog.close()
        with suppress(Error):  # a browser that died has closed it already
            context.close()
    return outcome


def _safety_guard(endpoints: list[str], blocked: list[str]) -> Callable[[Route], None]:
    """Abort, on a live portal, every request that would send a dossier or pay."""

    def guard(route: Route) -> None:
        request = route.request
        if request.method != "GET" and any(marker in request.url for marker in endpoints):
            blocked.append(f"{request.method} {request.url}")
            route.abort("blockedbyclient")
        else:
            route.continue_()

    return guard


def _captcha_reader(target: Target, options: ReplayOptions) -> Callable[[Page], str | None]:
    if target.captcha_code is not None and target.kind in ("loopback", "staging"):
        code = target.captcha_code  # a test deployment's fixed code, never a live portal's
        return lambda page: code
    reader = target.captcha_reader
    if reader is None:
        return operator_captcha if options.operator else (lambda page: None)

    def read_aloud(page: Page) -> str | None:
        """What someone who sees the page reads from its CAPTCHA image (the target's reader)."""
        return reader(page.evaluate(
            "() => Array.from(document.querySelectorAll('img'))"
            ".filter(img => img.offsetParent !== null).map(img => img.currentSrc || img.src)"
        ))

    return read_aloud



def _picture(page: Page, folder: Path, name: str, obstacle: Obstacle) -> None:
    """Where the keyboard could not go on: a screenshot of the viewport, and the box of the
    element the step wanted (in the screenshot's pixels) beside it, for the report to mark.
    The step's first obstacle is the one pictured; a page that cannot be pictured has none."""
    png = folder / f"{name}.png"
    if png.exists():
        return
    folder.mkdir(exist_ok=True)
    with suppress(Error):
        for _ in range(SCREENSHOT_TRIES):  # a page still scrolling moves the box under the shot
            before = _box(page, obstacle)
            page.screenshot(path=png, timeout=SCREENSHOT_TIMEOUT_MS)
            after = _box(page, obstacle)
            if before == after:
                break
            page.wait_for_timeout(SCREENSHOT_SETTLE_MS)
        else:
            return
        viewport = page.viewport_size
        if after and viewport and after["x"] < viewport["width"] and (
                after["y"] < viewport["height"]):
            png.with_suffix(".json").write_text(json.dumps(
                {**after, "viewport": [viewport["width"], viewport["height"]]}), encoding="utf-8")


def _tab_stops_picture(page: Page, path: Path) -> None:
    """The whole page as it is now, for the report to number its Tab stops on (their boxes
    are in steps.jsonl, in page coordinates); a page that cannot be pictured has none."""
    path.parent.mkdir(exist_ok=True)
    with suppress(Error):
        page.screenshot(path=path, full_page=True, type="jpeg", quality=TAB_STOPS_QUALITY,
                        scale="css", timeout=SCREENSHOT_TIMEOUT_MS)


def _box(page: Page, obstacle: Obstacle) -> dict | None:
    """The element's box in the viewport: the one its selector names, or of several the one
    whose opening tag is the obstacle's excerpt; None when which one is meant is not known, or
    it is inside a frame."""
    if len(obstacle.target) != 1:
        return None
    found = page.locator(obstacle.target[0])
    opening = obstacle.html.split(">", 1)[0]
    fits = found.evaluate_all(
        "(found, opening) => found.map(e => e.outerHTML.startsWith(opening))", opening)
    if len(fits) != 1 and fits.count(True) != 1:
        return None
    return found.nth(fits.index(True) if len(fits) > 1 else 0).bounding_box(
        timeout=SCREENSHOT_TIMEOUT_MS)
