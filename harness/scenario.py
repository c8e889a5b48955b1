"""The scenario API: steps that read like what a blind tester does, done with the keyboard alone.

A task's flow (scenarios/data/flows/, played by harness/flow.py) calls these methods; each one
presses real keys through the keyboard driver and checks that what it wanted actually happened
(focus arrived, the value changed, the next page or step appeared). When the keyboard cannot go
on, the method records an obstacle and either stops the replay (what a blind user experiences)
or, with assistance allowed, does that one thing by pointer, marks it "assisted", and goes on so
later steps are still checked.

Two rules hold whatever a script asks: the harness never solves a CAPTCHA (on the replica it is
read the code the way a sighted assistant would read it aloud), and on a live portal it never
presses the final submit or payment control.
"""

from __future__ import annotations

import os
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from playwright.sync_api import Error, Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from harness import js
from harness.errors import first_line
from harness.interruption import BROWSER_GONE, BrowserGone, RunInterrupted
from harness.keyboard import FocusStop, KeyboardDriver
from harness.obstacles import Obstacle
from harness.server_watch import ServerWatch
from harness.utterance import Utterance
from harness.watchdog import BudgetExpired, Watchdog
from harness.words import field_words, link_words

DROP_DOWN_ROLES = ("combobox", "listbox", "button", "generic", "")
TEXT_TAGS = ("input", "textarea")
EXPECT_TIMEOUT_MS = 6_000
SETTLE_MS = 2_500
PAGE_LOAD_TIMEOUT_S = 30.0
OPTION_BUDGET = 80
SELECTOR_OF_ELEMENT = js.function("selectorOf", "selector")
FOCUSED_VALUE = js.function("focusedValue", "reading")
SELECTED_OPTION = js.function("selectedOption", "reading")
ACTIVE_OPTION = js.function("activeOption", "reading")
CONTEXT_OF = js.function("contextOf", "context")
LOGIN_ENV = ("PESP_VNEID_ID", "PESP_VNEID_PASSWORD")
ACTIVATING_KEYS = ("Enter", "Space", " ")
T = TypeVar("T")
GENERIC_NAMES = frozenset(link_words()["generic_names"])
KEY_BUDGET_S = 10.0  # most seconds a portal's scripts may take over one key press
FILE_CHOOSER_TIMEOUT_MS = 5_000  # a chooser opens at once; a loaded machine may be slow to say


class ScenarioStop(Exception):
    """The replay ends here. kind: "blocked" (the keyboard could not go on), "safety" (a live
    portal's final submit), "captcha" (no one to read a live CAPTCHA), "login" (no live
    credentials), "error" (the portal failed)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass
class ScenarioContext:
    """What a script may read, and how the run was asked to behave."""

    live: bool  # a live government portal: the safety rules apply
    assist: bool  # may a blocked step be done by pointer?
    names: dict[str, str]  # control names of this portal's platform family
    applicant: dict  # the synthetic applicant
    urls: dict[str, str]  # entry addresses: home, lookup, ...
    captcha_reader: Callable[[Page], str | None]  # never a solver: an assistant's or operator's
    declaration: list[dict] = field(default_factory=list)  # form fields: label, kind, value
    live_login: bool = False
    files: dict[str, Path] = field(default_factory=dict)
    # called between key presses: raises RunInterrupted once someone asked the run to stop
    checkpoint: Callable[[], None] = lambda: None


@dataclass
class StepRecord:
    index: int
    name: str
    status: str = "running"  # done, assisted, blocked, stopped, error, interrupted
    url_start: str = ""
    url_end: str = ""
    events: list[dict] = field(default_factory=list)
    obstacles: list[Obstacle] = field(default_factory=list)
    assisted: list[str] = field(default_factory=list)
    note: str = ""

    def to_json(self) -> dict:
        return {
            "index": self.index,
            "name": self.name,
            "status": self.status,
            "url_start": self.url_start,
            "url_end": self.url_end,
            "assisted": self.assisted,
            "note": self.note,
            "obstacles": [o.to_json() for o in self.obstacles],
            "events": self.events,
        }


class StepHooks:
    """What the replay does around a scenario's actions (the checks); no-ops by default."""

    def around_action(self, step: StepRecord, action: str, perform: Callable[[], T]) -> T:
        """Wrap an action that may change the page (Enter, Space, a click, an upload), so the
        step checks can compare before and after."""
        return perform()

    def obstacle(self, step: StepRecord, obstacle: Obstacle) -> None:
        """When the keyboard could not go on, while the page still shows why."""

    def end_step(self, step: StepRecord) -> None:
        """After the step's last action, whether it completed or was stopped."""


class Scenario:
    def __init__(
        self,
        page: Page,
        context: ScenarioContext,
        hooks: StepHooks | None = None,
        describe: Callable[[], Utterance | None] | None = None,
        watchdog: Watchdog | None = None,
    ) -> None:
        self.page = page
        self.server = ServerWatch(page)
        guard = None if watchdog is None else (
            lambda what: watchdog.budget(KEY_BUDGET_S,
                                         f"the page's script did not yield after {what}"))
        self.driver = KeyboardDriver(page, describe=describe, record=self.log,
                                     ready=self._between_keys, private_values=context.live,
                                     guard=guard)
        self.ctx = context
        self.hooks = hooks or StepHooks()
        self.steps: list[StepRecord] = []
        self.current: StepRecord | None = None
        self.step_started = time.monotonic()  # the server's answers since then explain a failure
        self.crashed = False
        page.on("crash", lambda _page: setattr(self, "crashed", True))

    # -- structure ---------------------------------------------------------------------------

    @contextmanager
    def step(self, name: str) -> Iterator[StepRecord]:
        """A named step: what a tester would write on one line of a test protocol."""
        self.ctx.checkpoint()
        record = StepRecord(index=len(self.steps) + 1, name=name, url_start=self.page.url)
        self.steps.append(record)
        self.current = record
        self.step_started = time.monotonic()
        try:
            yield record
            record.status = "assisted" if record.assisted else "done"
        except ScenarioStop as stop:
            record.status = {"blocked": "blocked", "error": "error"}.get(stop.kind, "stopped")
            record.note = stop.message
            raise
        except (RunInterrupted, KeyboardInterrupt) as stop:
            record.status = "interrupted"
            record.note = str(stop) or "interrupted"
            raise
        except BrowserGone:
            record.status, record.note = "error", BROWSER_GONE
            raise
        except BudgetExpired as expired:  # the portal's own script hung: its failure
            record.status, record.note = "error", str(expired)
            raise ScenarioStop("error", f"the page stopped responding during '{name}': "
                                        f"{expired}") from None
        except (Error, LookupError) as error:  # the portal misbehaved mid-step
            record.status = "error"
            if self.browser_gone():
                record.note = BROWSER_GONE
                raise BrowserGone(BROWSER_GONE) from None
            record.note = first_line(error)
            raise ScenarioStop("error", f"the page failed during '{name}': {record.note}") from None
        finally:
            record.url_end = self.page.url
            self.hooks.end_step(record)
            self.current = None

    def log(self, event: dict) -> None:
        """The keyboard driver's record callback: events go to the running step."""
        if self.current is not None:
            self.current.events.append(event)

    def browser_gone(self) -> bool:
        """The tab crashed or the browser died: nothing that fails now is the portal's doing."""
        browser = self.page.context.browser
        return self.crashed or self.page.is_closed() or (
            browser is not None and not browser.is_connected())

    def _ensure_browser(self) -> None:
        """Before anything is blamed on the portal or the keyboard, make sure the browser is
        still there to blame them."""
        if self.browser_gone():
            raise BrowserGone(BROWSER_GONE)

    def _between_keys(self) -> None:
        """After every key: stop here if asked to, else let a page on its way arrive."""
        self.ctx.checkpoint()
        self._wait_for_page_load()

    def fail_step(self, message: str) -> None:
        """The portal did not do what the step needs (no result, an error page)."""
        self._ensure_browser()
        self._stop_if_server_failed(message)
        raise ScenarioStop("error", message)

    def _stop_if_server_failed(self, what_followed: str) -> None:
        """A step that went nowhere while the portal's server failed or never answered is the
        portal's error, not the keyboard's: stop with the server's answer, and say what
        followed from it without counting it against the keyboard."""
        troubles = self.server.troubles_since(self.step_started)
        if troubles:
            raise ScenarioStop("error", f"the portal's server failed: {troubles[0]} "
                                        f"(then: {what_followed})")

    # -- navigation --------------------------------------------------------------------------

    def open(self, entry: str) -> None:
        """Go to one of the portal's entry addresses, as typed in the address bar."""
        url = self.ctx.urls[entry]
        try:
            response = self.page.goto(url, wait_until="load", timeout=PAGE_LOAD_TIMEOUT_S * 1000)
        except PlaywrightTimeout:
            self._stop_loading()
            raise ScenarioStop("error", f"{url} did not load within {PAGE_LOAD_TIMEOUT_S:.0f} s"
                               ) from None
        except Error as error:
            raise ScenarioStop("error", f"{url} could not be loaded: {first_line(error)}") from None
        if response is not None and response.status >= 400:
            raise ScenarioStop("error", f"{url} answered HTTP {response.status}")
        self._settle()
        self.log({"event": "open", "url": url, "title": self.page.title()})

    def expect_text(self, text: str, timeout_ms: int = EXPECT_TIMEOUT_MS) -> bool:
        """Wait until the text is visible on the page (a sighted observer's check)."""
        try:
            self.page.get_by_text(text, exact=False).first.wait_for(
                state="visible", timeout=timeout_ms
            )
            return True
        except (PlaywrightTimeout, Error):
            return False

    # -- keyboard primitives -------------------------------------------------------------------

    def press(self, key: str) -> FocusStop:
        if key not in ACTIVATING_KEYS:
            return self.driver.press(key)
        return self._action(key, lambda: self.driver.press(key))

    def _action(self, name: str, perform: Callable[[], T]) -> T:
        """Do something that may change the page, let it settle, and let the checks look."""

        def perform_and_settle() -> T:
            result = perform()
            self._settle()
            return result

        return self.hooks.around_action(self._step(), name, perform_and_settle)

    def type(self, text: str) -> FocusStop:
        return self.driver.type(text)

    def tab_to(
        self, name: str, role: str = "", backwards: bool = False, value_hint: str = ""
    ) -> FocusStop | None:
        """Tab one stop at a time until focus is on an element with this name (and role).

        Names come first; when a whole round of the page finds no such name, the text around
        each stop counts too (a row, a list item, a field group), as a screen-reader user reads
        around a "Chi tiết" link or an unlabelled field to learn what it is for; with a
        `value_hint`, an unnamed field that already says that value counts as well (a listener
        knows the province drop-down when it says "Thành phố Huế"). Returns the stop, or None
        when it could not be reached and assistance will do it.
        """
        wanted = _wanted(name, role)
        here = self.driver.where()
        if not here.facts.on_body and _matches(here, name, role):
            return here
        key = "Shift+Tab" if backwards else "Tab"
        walk = self.driver.walk(lambda stop: _matches(stop, name, role), key=key)
        if walk.reached:
            return walk.reached
        fallbacks = [
            ("context", lambda s: _matches(s, name, role, by_context=True)),
            ("value", lambda s: bool(value_hint) and _shows_value(s, value_hint)),
        ]
        for how, matcher in fallbacks if walk.outcome == "cycled" else []:
            found = next((s for s in walk.stops if matcher(s)), None)
            if found is None:
                continue
            again = self.driver.walk(lambda stop, found=found: stop.identity == found.identity,
                                     key=key)
            if again.reached:
                self.log({"event": f"matched-by-{how}", "wanted": wanted,
                          "name": again.reached.name, "around": again.reached.facts.around})
                return again.reached
        kind = "trapped" if walk.outcome == "trapped" else "unreachable"
        detail = {
            "trapped": "Tab and Shift+Tab go round a loop that never leaves this region",
            "unreachable": "Tab went all the way round the page without reaching it",
            "budget": f"not reached within {len(walk.stops)} presses of Tab",
        }[walk.outcome if walk.outcome != "cycled" else "unreachable"]
        trap = walk.cycle[0].facts.target if kind == "trapped" and walk.cycle else []
        self._obstacle(Obstacle(kind, wanted, detail, target=trap,
                                stops=[s.to_json() for s in walk.stops]),
                       self._pointer_target(name, role))
        return None

    # -- composite actions -------------------------------------------------------------------

    def activate(self, name: str, role: str = "link|button", expect: str = "") -> None:
        """Reach a link or button and press Enter (then Space for a button that ignored Enter);
        `expect` is text that must appear afterwards."""
        url_before = self.page.url
        stop = self.tab_to(name, role)
        if stop is None:
            self._assist_activation(name, role, expect)
            return
        self.press("Enter")
        if self._happened(expect, url_before, stop):
            return
        if stop.role == "button":
            self.press("Space")
            if self._happened(expect, url_before, stop):
                return
        self._obstacle(
            Obstacle("no-effect", _wanted(name, role),
                     f"Enter{' and Space' if stop.role == 'button' else ''} did nothing"
                     + (f": '{expect}' did not appear" if expect else ""),
                     target=stop.facts.target),
            self._pointer_target(name, role),
        )
        self._assist_activation(name, role, expect)

    def _assist_activation(self, name: str, role: str, expect: str) -> None:
        url_before = self.page.url
        self._assist(f"activate {_wanted(name, role)} by pointer",
                     lambda: self._action(f"click {name}", self._pointer(name, role).click))
        if expect and not self._happened(expect, url_before):
            self.fail_step(f"even by pointer, {_wanted(name, role)} did not lead to '{expect}'")

    def try_submit(self, name: str, role: str = "button") -> None:
        """Press a submit control on purpose before the form is complete, as reviewers do, to
        hear how errors are told; whatever happens is for the status checks to judge."""
        if self.tab_to(name, role) is None:
            self._assist(f"activate {_wanted(name, role)} by pointer",
                         lambda: self._action(f"click {name}", self._pointer(name, role).click))
            return
        self.press("Enter")

    def visit_dialog(self, opener: str, close: str, then: str, then_role: str = "") -> None:
        """Open a dialog (the terms of use), read it, and leave it as keyboard users do:
        Escape, then Tab on to `then`. A dialog Tab cannot leave and Escape does not close is a
        trap; with assistance, its `close` control ("Đóng|×") is clicked."""
        self.activate(opener, "link|button")
        self.press("Escape")
        if self.tab_to(then, then_role) is not None:
            return
        self._assist("close the dialog by pointer",
                     lambda: self._action("close the dialog",
                                          self._pointer(close, "button|link").click))

    def fill(self, label: str, text: str, role: str = "textbox|searchbox|combobox",
             secret: bool = False) -> None:
        """Reach a text field, replace its content by typing, and check the value took. A
        `secret` (a live account's credentials) is typed but never written down."""
        stop = self.tab_to(label, role)
        if stop is None:
            self._assist(f"type into {_wanted(label, role)} by pointer",
                         lambda: self._pointer(label, role).fill(text))
            return
        self.driver.press("Control+A")
        # what was typed, as the record tells it ("'abc'", or a count for a secret)
        typed = self.driver.type(text, secret=secret).key.removeprefix("type ")
        if _normal(text) in _normal(self._focused_value()):
            return
        self._value_unchanged(label, role, stop, f"typing {typed} did not change the value",
                              lambda: self._force_value(stop, text))

    def type_date(self, label: str, date: str) -> None:
        """Type a date (dd/mm/yyyy) into a date field and leave it with Tab, as a person does."""
        stop = self.tab_to(label, "textbox|combobox|spinbutton")
        if stop is None:
            self._assist(f"set {label} by pointer",
                         lambda: self._pointer(label, "textbox").fill(date))
            return
        self.driver.press("Control+A")
        self.type(date)
        self.driver.press("Tab")  # leaving the field commits a typed date in most pickers
        if _normal(date) in _normal(self._value_of(stop)):
            return
        self._value_unchanged(label, "textbox", stop, f"typing '{date}' left the date empty",
                              lambda: self._force_value(stop, date))

    def choose(self, label: str, option: str) -> None:
        """Pick an option in a drop-down with the keys the APG gives it: arrows on a native
        select; Alt+Down to open, typing and arrows, Enter on an ARIA combobox."""
        stop = self.tab_to(label, "combobox|listbox|button", value_hint=option)
        if stop is None:
            self._assist(f"choose '{option}' in {label} by pointer",
                         lambda: self._pointer_choose(label, option))
            return
        if _shows_value(stop, option):
            self.log({"event": "already-selected", "wanted": option})
            return
        if stop.facts.tag == "select":
            chosen = self._arrow_until(option)
        else:
            self.driver.press("Alt+ArrowDown")
            self.type(option)
            chosen = self._arrow_until(option, listbox=True)
            self.press("Enter")
            chosen = chosen and _normal(option) in _normal(self._widget_text(stop))
        if chosen:
            return
        self._value_unchanged(label, "combobox", stop,
                              f"the arrow keys and typing did not select '{option}'",
                              lambda: self._pointer_choose(label, option))

    def check(self, label: str, role: str = "radio|checkbox") -> None:
        stop = self.tab_to(label, role)
        if stop is None:
            self._assist(f"check {label} by pointer",
                         lambda: self._pointer_check(label, role))
            return
        after = self.press("Space")
        if "checked" in (after.spoken.states if after.spoken else []):
            return
        self._value_unchanged(label, role, stop, "Space did not check it",
                              lambda: self._pointer_check(label, role))

    def upload(self, label: str, path: Path) -> None:
        """Open the file chooser from the keyboard (Space, then Enter) and give it a file."""
        stop = self.tab_to(label, "button|textbox")
        if stop is not None:
            for key in ("Space", "Enter"):
                try:
                    with self.page.expect_file_chooser(timeout=FILE_CHOOSER_TIMEOUT_MS) as chooser:
                        self.driver.press(key)
                except PlaywrightTimeout:
                    continue
                self._action(f"upload {path.name}", lambda: chooser.value.set_files(path))
                return
            self._obstacle(Obstacle("no-file-chooser", _wanted(label, "file input"),
                                    "Space and Enter did not open the file chooser",
                                    target=stop.facts.target),
                           self._pointer_target(label, "button"))
        self._assist(f"upload {path.name} into {label} by pointer",
                     lambda: self._action(f"upload {path.name}",
                                          lambda: self._pointer_upload(label, path)))

    def captcha(self, label: str) -> None:
        """Type the security code. The harness never solves it: on the replica an assistant
        reads it aloud; on a live portal an operator must type it, or the run stops here."""
        stop = self.tab_to(label, "textbox")
        code = self.ctx.captcha_reader(self.page)
        if code is None:
            raise ScenarioStop("captcha", f"stopped at the CAPTCHA '{label}': the harness never "
                                          "solves one and no operator supplied the code")
        self.log({"event": "captcha", "how": "read aloud by an assistant (replica) or operator"})
        if stop is None:
            self._assist("type the CAPTCHA by pointer",
                         lambda: self._pointer(label, "textbox").fill(code))
            return
        self.driver.press("Control+A")
        self.type(code)

    def login(self, submit_name: str, rehearse_error: bool = False) -> None:
        """Sign in with the synthetic applicant (replica) or the user's own credentials (live):
        type the fields and press Enter in the last one, as keyboard users submit a form; the
        submit button is the fallback when Enter does not send it. With `rehearse_error`, first
        press Enter without the security code, as reviewers do, to hear how the error is told."""
        if self.ctx.live:
            identity, password = (os.environ.get(name, "") for name in LOGIN_ENV)
            if not (self.ctx.live_login and identity and password):
                raise ScenarioStop("login", "stopped at login: a live run signs in only with "
                                   f"--live-login and {' and '.join(LOGIN_ENV)} set")
        else:
            identity = self.ctx.applicant["identity_number"]
            password = self.ctx.applicant["password"]
        # a live account is the user's own: its credentials are never written down
        self.fill(self.ctx.names["login_id"], identity, secret=self.ctx.live)
        self.fill(self.ctx.names["login_password"], password, secret=True)
        if rehearse_error:
            self.press("Enter")
            if not self._password_field_shown():
                return  # signed in without a code: nothing to rehearse
            self.fill(self.ctx.names["login_password"], password, secret=True)
        self.captcha(self.ctx.names["login_captcha"])
        self.press("Enter")
        if self._password_field_shown():
            self.activate(submit_name, "button")
        if self._password_field_shown():
            self.fail_step("the login did not go through: the login form is still shown")

    def final_submit(self, name: str, expect: str) -> None:
        """The last control before a dossier is sent: never pressed on a live portal."""
        if self.ctx.live:
            raise ScenarioStop("safety", f"stopped before the final submit '{name}': a live run "
                                         "never sends an application")
        self.activate(name, "button", expect=expect)

    # -- outcome helpers -----------------------------------------------------------------------

    def _step(self) -> StepRecord:
        if self.current is None:
            raise RuntimeError("scenario actions belong inside `with scenario.step(...)`")
        return self.current

    def _obstacle(self, obstacle: Obstacle, element: Locator | None) -> None:
        self._ensure_browser()
        self._stop_if_server_failed(f"{obstacle.wanted}: {obstacle.detail}")
        if element is not None and not obstacle.target:
            obstacle.target, obstacle.html = _describe_element(element)
        self._step().obstacles.append(obstacle)
        self.log({"event": "obstacle", **obstacle.to_json(), "stops": len(obstacle.stops)})
        self.hooks.obstacle(self._step(), obstacle)
        if not self.ctx.assist:
            raise ScenarioStop("blocked", f"{obstacle.wanted}: {obstacle.detail}")

    def _assist(self, what: str, action: Callable[[], object]) -> None:
        """Do one blocked thing by pointer (only reached with assistance allowed)."""
        try:
            action()
        except (Error, PlaywrightTimeout, LookupError) as error:
            self._ensure_browser()
            raise ScenarioStop("blocked", f"{what} failed too: {first_line(error)}") from None
        self._step().assisted.append(what)
        self.log({"event": "assisted", "what": what})

    def _value_unchanged(self, label: str, role: str, stop: FocusStop, detail: str,
                         assist: Callable[[], object]) -> None:
        self._obstacle(Obstacle("value-unchanged", _wanted(label, role), detail,
                                target=stop.facts.target), None)
        self._assist(f"set {label} by pointer", assist)

    def _happened(self, expect: str, url_before: str, before: FocusStop | None = None) -> bool:
        """Did the activation do something? The expected text appeared; or, without one, the
        page changed address, focus moved on, or the control's state changed (expanded...)."""
        if expect:
            return self.expect_text(expect)
        if self.page.url != url_before:
            return True
        if before is None:
            return False
        now = self.driver.where()
        return now.identity != before.identity or (
            now.spoken is not None and before.spoken is not None
            and now.spoken.states != before.spoken.states
        )

    def _settle(self) -> None:
        with suppress(PlaywrightTimeout, Error):
            self.page.wait_for_load_state("networkidle", timeout=SETTLE_MS)
        self.page.wait_for_timeout(150)

    def _wait_for_page_load(self) -> None:
        """A page the server never sends leaves the tab unable to run any script, so nothing
        could be checked: give the server PAGE_LOAD_TIMEOUT_S, then stop loading and stop."""
        waiting = self.server.page_load_waiting()
        if waiting is None:
            return
        deadline = time.monotonic() + PAGE_LOAD_TIMEOUT_S
        while waiting.waiting and time.monotonic() < deadline:
            self.page.wait_for_timeout(250)  # waits without running script in the tab
        if waiting.waiting:
            self._stop_loading()
            raise ScenarioStop("error", f"the portal's server failed: {waiting.where} got no "
                                        f"answer within {PAGE_LOAD_TIMEOUT_S:.0f} s")

    def _stop_loading(self) -> None:
        """Give up on a page that never arrives, as the browser's Stop button does, so the
        page already shown can be checked."""
        cdp = self.page.context.new_cdp_session(self.page)
        cdp.send("Page.stopLoading")
        cdp.detach()

    def _arrow_until(self, option: str, listbox: bool = False) -> bool:
        """Arrow down (wrapping once from Home) until the option is selected or active."""
        wanted = _normal(option)
        for start in ("", "Home"):
            if start:
                self.driver.press(start)
            last = None
            for _ in range(OPTION_BUDGET):
                current = _normal(self._active_option() if listbox else self._selected_option())
                if wanted and wanted in current:
                    return True
                if current == last:
                    break
                last = current
                self.driver.press("ArrowDown")
        return False

    # -- reading the page (what a sighted observer sees; no input) -------------------------------

    def _focused_value(self) -> str:
        return self.page.evaluate(FOCUSED_VALUE)

    def _value_of(self, stop: FocusStop) -> str:
        if stop.facts.frames:
            return ""
        with suppress(Error):
            return self.page.locator(stop.facts.selector).first.input_value(timeout=1_000)
        return ""

    def _password_field_shown(self) -> bool:
        return self.page.locator("input[type=password]").filter(visible=True).count() > 0

    def _selected_option(self) -> str:
        return self.page.evaluate(SELECTED_OPTION)

    def _active_option(self) -> str:
        return self.page.evaluate(ACTIVE_OPTION)

    def _widget_text(self, stop: FocusStop) -> str:
        if stop.spoken and stop.spoken.value:
            return stop.spoken.value
        after = self.driver.where()
        return " ".join(filter(None, [after.spoken and after.spoken.value,
                                      after.spoken and after.spoken.name, after.facts.text]))

    # -- pointer fallbacks (assisted steps only) --------------------------------------------------

    def _pointer_target(self, name: str, role: str) -> Locator | None:
        """The visible element a sighted user would click for this name ("a|b": either);
        exact names first, so "×" finds the close box and not a sentence containing it."""
        names = [n for n in name.split("|") if n]
        roles = [r for r in role.split("|") if r]
        pattern = re.compile("|".join(re.escape(n) for n in names), re.IGNORECASE)
        candidates = [self.page.get_by_role(r, name=n, exact=True) for n in names for r in roles]
        candidates += [self.page.get_by_text(n, exact=True) for n in names]
        candidates += [self.page.get_by_role(r, name=pattern) for r in roles]
        candidates += [self.page.get_by_label(pattern), self.page.get_by_placeholder(pattern),
                       self.page.get_by_text(pattern)]
        for candidate in candidates:
            with suppress(Error):
                for index in range(min(candidate.count(), 10)):
                    element = candidate.nth(index)
                    if element.is_visible():
                        return element
        return None

    def _pointer_choose(self, label: str, option: str) -> None:
        target = self._pointer(label, "combobox|listbox|button")
        if target.evaluate("el => el.localName") == "select":
            target.select_option(label=option)
            return
        target.click()
        self.page.get_by_text(option, exact=False).filter(visible=True).first.click()

    def _pointer(self, name: str, role: str) -> Locator:
        target = self._pointer_target(name, role)
        if target is None:
            raise LookupError(f"nothing named {name!r} on the page")
        return target

    def _input_next_to(self, selector: str, label: str) -> Locator:
        """The input a sighted user would click beside a text, when no label ties them."""
        inputs = self.page.locator(selector)
        for index in range(inputs.count()):
            candidate = inputs.nth(index)
            if _normal(label) in _normal(candidate.evaluate(CONTEXT_OF)):
                return candidate
        raise LookupError(f"no {selector} next to {label!r} on the page")

    def _pointer_check(self, label: str, role: str) -> None:
        target = self._pointer_target(label, role)
        if target is None or target.evaluate("el => !['radio', 'checkbox'].includes(el.type)"):
            target = self._input_next_to("input[type=radio], input[type=checkbox]", label)
        target.check()

    def _pointer_upload(self, label: str, path: Path) -> None:
        """A sighted user drops the file on the upload area that the label stands next to."""
        self._input_next_to("input[type=file]", label).set_input_files(path)

    def _force_value(self, stop: FocusStop, value: str) -> None:
        """Assisted: give a field the value a sighted user would pick with the mouse (a
        calendar, a read-only picker) through the widget's own API or the value property."""
        element = self.page.locator(stop.facts.selector).first
        element.evaluate(
            "(el, v) => { const box = el.parentElement || el;"
            " const owner = [el, ...box.querySelectorAll('input')].find(i => i._flatpickr);"
            " if (owner) { owner._flatpickr.setDate(v, true, 'd/m/Y'); return; }"
            " el.removeAttribute('readonly'); el.value = v;"
            " el.dispatchEvent(new Event('input', {bubbles: true}));"
            " el.dispatchEvent(new Event('change', {bubbles: true})); }",
            value,
        )


def _describe_element(element: Locator | None) -> tuple[list[str], str]:
    if element is None:
        return [], ""
    try:
        return [element.evaluate(SELECTOR_OF_ELEMENT)], element.evaluate(
            "el => el.outerHTML.slice(0, 300)"
        )
    except Error:
        return [], ""


def _matches(stop: FocusStop, name: str, role: str, by_context: bool = False) -> bool:
    """Role among "a|b", and one of the names "x|y" within the name; or, by context, for a
    control named generically ("Chi tiết") within the row or group around it, and for an
    unnamed one (or one with only the browser's "Choose File") also within the line read
    before it, where its visual label usually is."""
    if stop.facts.on_body or (role and stop.role not in role.split("|")):
        return False
    if by_context:
        said = _normal(stop.name).strip(" .:›»>")
        if said and said not in GENERIC_NAMES and said not in field_words()["default_file_names"]:
            return False  # a control with a name of its own is not another one in disguise
        label_before = "" if said in GENERIC_NAMES else stop.facts.preceding
        heard = _normal(f"{stop.facts.around} {label_before}")
    else:
        heard = _normal(stop.name)
    return any(_normal(alternative) in heard for alternative in name.split("|"))


def _shows_value(stop: FocusStop, value: str) -> bool:
    """The focused drop-down (or an unnamed widget standing for one) already says this value.
    Text fields do not count: what was typed into one is not a choice."""
    if stop.facts.on_body or stop.role not in DROP_DOWN_ROLES or stop.facts.tag in TEXT_TAGS:
        return False
    spoken_value = stop.spoken.value if stop.spoken else ""
    # A native select's text holds every option; only its spoken value is the chosen one.
    said = spoken_value if stop.facts.tag == "select" else f"{spoken_value} {stop.facts.text}"
    return _normal(value) in _normal(said)


def _wanted(name: str, role: str) -> str:
    return f"{role.split('|')[0] if role else 'control'} '{name}'"


def _normal(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())


def operator_captcha(page: Page) -> str | None:
    """A live run's CAPTCHA: typed by the operator at the terminal, never solved."""
    if not sys.stdin.isatty():
        return None
    print("A CAPTCHA is on screen. Type the code you read (the harness never solves it), "
          "or press Enter to stop here: ", end="", flush=True)
    code = sys.stdin.readline().strip()
    return code or None
