"""The scenario API: steps that read like what a blind tester does, done with the keyboard alone.

A task's flow (scenarios/data/flows/, played by harness/flow.py) calls these methods; each one
presses real keys through the keyboard driver and checks that what it wanted actually happened
(focus arrived, the value changed, the next page or step appeared). When the keyboard cannot go
on, the method records an obstacle (harness/step_engine.py) and either stops the replay (what a
blind user experiences) or, with assistance allowed, does that one thing by pointer
(harness/pointer.py), marks it "assisted", and goes on so later steps are still checked.

Two rules hold whatever a script asks: the harness never solves a CAPTCHA (on the replica it is
read the code the way a sighted assistant would read it aloud), and on a live portal it never
presses the final submit or payment control.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from playwright.sync_api import Error, FileChooser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from harness import js
from harness.control_match import follows_label, matches, named_control, normal, shows_value
from harness.credentials import login_credentials
from harness.dates import VIETNAMESE, hinted_format, parse_flow_date, read_date
from harness.keyboard import FocusStop, KeyboardDriver
from harness.obstacles import Obstacle
from harness.page_load import load_address
from harness.pickers import Attempt, PickerKeys
from harness.pointer import Pointer
from harness.step_engine import StepEngine
from harness.steps import ScenarioContext, ScenarioStop, StepHooks
from harness.utterance import Utterance
from harness.watchdog import Watchdog

EXPECT_TIMEOUT_MS = 6_000
OPTION_BUDGET = 80
FOCUSED_VALUE = js.function("focusedValue", "reading")
MARK_SHOWN = js.function("markShown", "reading")
LABELLED_VALUE = js.function("labelledValue", "reading")
NEWLY_SHOWN = js.function("newlyShown", "reading")
SELECTED_OPTION = js.function("selectedOption", "reading")
SELECT_OPTIONS = js.function("selectOptions", "reading")  # what its list shows when opened
# roles a field may have when it is found by the label before it, per verb
FIELD_ROLES = "textbox|searchbox|combobox|spinbutton"
DATE_ROLES = "textbox|combobox|spinbutton|button"
PICKER_ROLES = "combobox|listbox|button|textbox|searchbox"
ACTIVATING_KEYS = ("Enter", "Space", " ")
KEY_BUDGET_S = 10.0  # most seconds a portal's scripts may take over one key press
FILE_CHOOSER_TIMEOUT_MS = 5_000  # a chooser opens at once; a loaded machine may be slow to say


class Scenario(StepEngine):
    """The actions a flow's verbs map to, each done with the keyboard and checked."""

    def __init__(
        self,
        page: Page,
        context: ScenarioContext,
        hooks: StepHooks | None = None,
        describe: Callable[[], Utterance | None] | None = None,
        watchdog: Watchdog | None = None,
    ) -> None:
        super().__init__(page, context, hooks)
        guard = None if watchdog is None else (
            lambda what: watchdog.budget(KEY_BUDGET_S,
                                         f"the page's script did not yield after {what}"))
        self.driver = KeyboardDriver(page, describe=describe, record=self.log,
                                     ready=self._between_keys, private_values=context.live,
                                     guard=guard)
        self.pointer = Pointer(page)
        self.pickers = PickerKeys(page, self.driver, context.typing_delay_ms, self._picker_says)
        # Keep file choosers intercepted for the page's whole life: a listener added only
        # around a key press turns interception on without waiting for it, so on a loaded
        # machine the press could win and the chooser open unseen (the upload looked blocked).
        page.on("filechooser", _chooser_taken_by_upload)

    # -- navigation --------------------------------------------------------------------------

    def open(self, entry: str) -> None:
        """Go to one of the portal's entry addresses, as typed in the address bar."""
        url = self.ctx.urls[entry]
        load_address(self.page, url)
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

    def mark_shown(self, text: str) -> None:
        """Remember where the text is shown now: an action's `expect` must appear elsewhere,
        or changed, afterwards."""
        with suppress(Error):
            self.page.evaluate(MARK_SHOWN, text)

    def expect_new_text(self, text: str, timeout_ms: int = EXPECT_TIMEOUT_MS) -> bool:
        """Wait until the text appears anew since `mark_shown`: in an element that did not
        show it before (or on a document loaded since). Text that was already there is no
        evidence the action did anything. The line it appeared in (a page's echo of what it
        received) is recorded."""
        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            with suppress(Error):
                line = self.page.evaluate(NEWLY_SHOWN, text)
                if line is not None:
                    self.log({"event": "appeared", "text": line[:300]})
                    return True
            if time.monotonic() > deadline:
                return False
            self.page.wait_for_timeout(100)

    # -- keyboard primitives -------------------------------------------------------------------

    def press(self, key: str) -> FocusStop:
        if key not in ACTIVATING_KEYS:
            return self.driver.press(key)
        return self._action(key, lambda: self.driver.press(key))

    def type(self, text: str) -> FocusStop:
        return self.driver.type(text)

    def tab_to(
        self, name: str, role: str = "", backwards: bool = False, value_hint: str = "",
        label_roles: str = "",
    ) -> FocusStop | None:
        """Tab one stop at a time until focus is on an element with this name (and role).

        Names come first; when a whole round of the page finds no such name, the text around
        each stop counts too (a row, a list item, a field group), as a screen-reader user reads
        around a "Chi tiết" link or an unlabelled field to learn what it is for; with a
        `value_hint`, an unnamed field that already says that value counts as well (a listener
        knows the province drop-down when it says "Thành phố Huế"); with `label_roles`, a
        field of one of those roles with the name counts next (an autocomplete that is a
        plain textbox), and a field of those roles right after the label's text last,
        whatever its own name (select2 names its box by the choice): the replay goes on, and
        the missing label is recorded for the checks. Returns the stop, or None when it could not be
        reached and assistance will do it.
        """
        wanted = named_control(name, role)
        here = self.driver.where()
        if not here.facts.on_body and matches(here, name, role):
            return here
        key = "Shift+Tab" if backwards else "Tab"
        walk = self.driver.walk(lambda stop: matches(stop, name, role), key=key)
        if walk.reached:
            return walk.reached
        fallbacks = [
            ("context", lambda s: matches(s, name, role, by_context=True)),
            ("value", lambda s: bool(value_hint) and shows_value(s, value_hint)),
            # named right, another field role (an autocomplete exposed as a plain textbox)
            ("name", lambda s: bool(label_roles) and matches(s, name, label_roles)),
            ("label", lambda s: bool(label_roles) and follows_label(s, name, label_roles)),
        ]
        # where focus was first: after a date picker's Tab, focus already sits on the next
        # unlabelled field, and the field after it may match as well by the text before it
        candidates = ([] if here.facts.on_body else [here]) + walk.stops
        for how, matcher in fallbacks if walk.outcome == "cycled" else []:
            found = next((s for s in candidates if matcher(s)), None)
            if found is None:
                continue
            now = self.driver.where()
            reached = now if now.identity == found.identity else self.driver.walk(
                lambda stop, found=found: stop.identity == found.identity, key=key).reached
            if reached:
                self.log({"event": f"matched-by-{how}", "wanted": wanted,
                          "name": reached.name, "around": reached.facts.around})
                if how == "label":
                    self._hindrance(Obstacle(
                        "known-by-position", wanted,
                        f"no control is named '{name}': the {reached.role or 'control'} after "
                        "that text is " + (f"named '{reached.name}'" if reached.name else
                                           "unnamed when it has focus")
                        + ", so a screen reader does not say which field it is",
                        target=reached.facts.target))
                return reached
        kind = "trapped" if walk.outcome == "trapped" else "unreachable"
        detail = {
            "trapped": "Tab and Shift+Tab go round a loop that never leaves this region",
            "unreachable": "Tab went all the way round the page without reaching it",
            "budget": f"not reached within {len(walk.stops)} presses of Tab",
        }[walk.outcome if walk.outcome != "cycled" else "unreachable"]
        trap = walk.cycle[0].facts.target if kind == "trapped" and walk.cycle else []
        self._obstacle(Obstacle(kind, wanted, detail, target=trap,
                                stops=[s.to_json() for s in walk.stops]),
                       self.pointer.target(name, role))
        return None

    # -- composite actions -------------------------------------------------------------------

    def activate(self, name: str, role: str = "link|button", expect: str = "") -> None:
        """Reach a link or button and press Enter (then Space for a button that ignored Enter);
        `expect` is text that must appear afterwards, anew."""
        url_before = self.page.url
        stop = self.tab_to(name, role)
        if stop is None:
            self._assist_activation(name, role, expect)
            return
        if expect:
            self.mark_shown(expect)
        self.press("Enter")
        if self._happened(expect, url_before, stop):
            return
        if stop.role == "button":
            self.press("Space")
            if self._happened(expect, url_before, stop):
                return
        self._obstacle(
            Obstacle("no-effect", named_control(name, role),
                     f"Enter{' and Space' if stop.role == 'button' else ''} did nothing"
                     + (f": '{expect}' did not appear" if expect else ""),
                     target=stop.facts.target),
            self.pointer.target(name, role),
        )
        self._assist_activation(name, role, expect)

    def _assist_activation(self, name: str, role: str, expect: str) -> None:
        url_before = self.page.url
        if expect:
            self.mark_shown(expect)
        self._assist(f"activate {named_control(name, role)} by pointer",
                     lambda: self._action(f"click {name}", self.pointer.find(name, role).click))
        if expect and not self._happened(expect, url_before):
            self.fail_step(f"even by pointer, {named_control(name, role)} did not lead to "
                           f"'{expect}'")

    def try_submit(self, name: str, role: str = "button") -> None:
        """Press a submit control on purpose before the form is complete, as reviewers do, to
        hear how errors are told; whatever happens is for the status checks to judge."""
        if self.tab_to(name, role) is None:
            self._assist(f"activate {named_control(name, role)} by pointer",
                         lambda: self._action(f"click {name}", self.pointer.find(name, role).click))
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
                                          self.pointer.find(close, "button|link").click))

    def fill(self, label: str, text: str, role: str = "textbox|searchbox|combobox",
             secret: bool = False) -> None:
        """Reach a text field, replace its content by typing, and check the value took. A
        field that garbled machine-speed typing (a mask, a script on each key) is typed again
        at a person's pace. A `secret` (a live account's credentials) is typed but never
        written down."""
        stop = self.tab_to(label, role, label_roles=FIELD_ROLES)
        if stop is None:
            self._assist(f"type into {named_control(label, role)} by pointer",
                         lambda: self.pointer.find(label, role).fill(text))
            return
        typed = ""
        for delay in dict.fromkeys((0, self.ctx.typing_delay_ms)):
            self.driver.press("Control+A")
            # what was typed, as the record tells it ("'abc'", or a count for a secret)
            typed = self.driver.type(text, secret=secret, delay_ms=delay).key.removeprefix(
                "type ")
            if normal(text) in normal(self._focused_value()):
                return
        self._value_unchanged(label, role, stop, f"typing {typed} did not change the value",
                              lambda: self.pointer.force_value(stop.facts.selector, text))

    def type_date(self, label: str, day: str) -> None:
        """Type a date in the order the field's hint gives (else day/month/year), leave the
        field with Tab as a person does, and read back which date it holds. A date the field
        dropped or misread is set through its calendar from the keyboard, if it has one; a
        misread one is recorded for the checks (the format was not made clear)."""
        stop = self.tab_to(label, DATE_ROLES, label_roles=DATE_ROLES)
        if stop is None:
            self._assist(f"set {label} by pointer",
                         lambda: self.pointer.set_date(label, day))
            return
        wanted = parse_flow_date(day)
        form = hinted_format(stop.name, stop.spoken.description if stop.spoken else "",
                             self._placeholder(stop), stop.facts.preceding)
        written = form.write(wanted)
        typing = Attempt(f"type {form.pattern}" + ("" if form.hinted else
                                                    " (no format given: the Vietnamese order)"))
        # at machine speed first; a field that garbled it (a mask) is typed again at a
        # person's pace, as a listener who heard it come out wrong would
        for again, delay in enumerate(dict.fromkeys((0, self.ctx.typing_delay_ms))):
            if again and self.tab_to(label, DATE_ROLES, backwards=True,
                                     label_roles=DATE_ROLES) is None:
                break
            self.driver.press("Control+A")
            typing.keys += [f"type '{written}'" + (f" ({delay} ms a key)" if delay else ""),
                            "Tab"]
            self.driver.type(written, delay_ms=delay)
            self.driver.press("Tab")  # leaving the field commits a typed date in most pickers
            held = self._value_of(stop)
            typing.result = held
            got = read_date(held, form)
            if got == wanted:
                return
        self.log({"event": "date-not-taken", "typed": written, "field_holds": held})
        if got is not None and not form.hinted:
            self._hindrance(Obstacle(
                "date-misread", named_control(label, "textbox"),
                f"typed '{written}' ({form.pattern}) and the field holds '{held}', another "
                "date: the page does not say which order it wants",
                target=stop.facts.target, attempts=[typing.to_json()]))
        calendar = Attempt("open the calendar and walk it")
        back = self.tab_to(label, DATE_ROLES, backwards=True, label_roles=DATE_ROLES)
        if back is not None and self.pickers.walk_calendar(back, wanted, calendar):
            calendar.result = self._value_of(stop)
            if read_date(calendar.result, form) == wanted or read_date(
                    calendar.result, VIETNAMESE) == wanted:
                self.log({"event": "date-set-by-calendar", "keys": calendar.keys})
                return
        calendar.result = calendar.result or self._value_of(stop)
        attempts = [typing, calendar]
        self._value_unchanged(
            label, "textbox", stop,
            f"the date {day} did not take: " + "; ".join(a.summary() for a in attempts),
            lambda: self.pointer.force_value(stop.facts.selector, written, form),
            attempts=attempts)

    def choose(self, label: str, option: str) -> None:
        """Pick an option in a drop-down with the keys the APG gives it: arrows on a native
        select; on a scripted one, the ways a skilled screen-reader user tries in turn (open
        it with Alt+Down, Enter, Space or F4, type into it or its search box, arrow to the
        option, Enter; or arrows on the closed box; or type and pick a suggestion), each
        judged by what the accessibility tree then says the picker holds."""
        stop = self.tab_to(label, "combobox|listbox|button", value_hint=option,
                           label_roles=PICKER_ROLES)
        if stop is None:
            self._assist(f"choose '{option}' in {label} by pointer",
                         lambda: self.pointer.choose(label, option))
            return
        if shows_value(stop, option):
            self.log({"event": "already-selected", "wanted": option})
            return
        if stop.facts.tag == "select":
            document = self._document()
            chosen = self._arrow_until(option)
            if not chosen and self._document() != document:
                chosen = self._choose_in_list(label, option, stop)
            if chosen:
                return
            self._value_unchanged(label, "combobox", stop,
                                  f"the arrow keys did not select '{option}'",
                                  lambda: self.pointer.choose(label, option))
            return
        chosen, attempts = self.pickers.choose(
            stop, option, lambda: self.page.evaluate(LABELLED_VALUE, label))
        self.log({"event": "choose-attempts", "wanted": option,
                  "attempts": [a.to_json() for a in attempts]})
        if chosen:
            return
        self._value_unchanged(
            label, "combobox", stop,
            f"no way tried selected '{option}': " + "; ".join(a.summary() for a in attempts),
            lambda: self.pointer.choose(label, option), attempts=attempts)

    def _choose_in_list(self, label: str, option: str, first: FocusStop) -> bool:
        """The select submitted the page at the first arrow key. A screen-reader user who
        knows the trick opens its list instead (Alt+Down), arrows there and commits once
        with Enter: try that, and record the hindrance."""
        self._hindrance(Obstacle(
            "changes-on-input", named_control(label, "combobox"),
            "the first arrow key changed the choice and reloaded the page, losing focus; "
            "only opening the list with Alt+Down, arrowing there and pressing Enter chooses "
            "(a change of context on input)", target=first.facts.target))
        stop = self.tab_to(label, "combobox|listbox", value_hint=option)
        if stop is None or shows_value(stop, option):
            return stop is not None
        listed = self.page.evaluate(SELECT_OPTIONS)
        wanted = next((i for i, text in enumerate(listed["texts"])
                       if normal(option) in normal(text)), None)
        if wanted is None:
            return False
        moves = wanted - max(listed["selected"], 0)
        self.driver.press("Alt+ArrowDown")
        for _ in range(abs(moves)):
            self.driver.press("ArrowDown" if moves > 0 else "ArrowUp")
        self.press("Enter")
        again = self.tab_to(label, "combobox|listbox", value_hint=option)
        return again is not None and shows_value(again, option)

    def check(self, label: str, role: str = "radio|checkbox") -> None:
        stop = self.tab_to(label, role)
        if stop is None:
            self._assist(f"check {label} by pointer",
                         lambda: self.pointer.check(label, role))
            return
        after = self.press("Space")
        if "checked" in (after.spoken.states if after.spoken else []):
            return
        self._value_unchanged(label, role, stop, "Space did not check it",
                              lambda: self.pointer.check(label, role))

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
            self._obstacle(Obstacle("no-file-chooser", named_control(label, "file input"),
                                    "Space and Enter did not open the file chooser",
                                    target=stop.facts.target),
                           self.pointer.target(label, "button"))
        self._assist(f"upload {path.name} into {label} by pointer",
                     lambda: self._action(f"upload {path.name}",
                                          lambda: self.pointer.upload(label, path)))

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
                         lambda: self.pointer.find(label, "textbox").fill(code))
            return
        self.driver.press("Control+A")
        self.type(code)

    def login(self, submit_name: str, rehearse_error: bool = False) -> None:
        """Sign in with the synthetic applicant (replica) or the user's own credentials (live):
        type the fields and press Enter in the last one, as keyboard users submit a form; the
        submit button is the fallback when Enter does not send it. With `rehearse_error`, first
        press Enter without the security code, as reviewers do, to hear how the error is told."""
        identity, password = login_credentials(self.ctx)
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

    def _value_unchanged(self, label: str, role: str, stop: FocusStop, detail: str,
                         assist: Callable[[], object],
                         attempts: list[Attempt] | None = None) -> None:
        self._obstacle(Obstacle("value-unchanged", named_control(label, role), detail,
                                target=stop.facts.target,
                                attempts=[a.to_json() for a in attempts or []]), None)
        self._assist(f"set {label} by pointer", assist)

    def _happened(self, expect: str, url_before: str, before: FocusStop | None = None) -> bool:
        """Did the activation do something? The expected text appeared anew; or, without one,
        the page changed address, focus moved on, or the control's state changed."""
        if expect:
            return self.expect_new_text(expect)
        if self.page.url != url_before:
            return True
        if before is None:
            return False
        now = self.driver.where()
        return now.identity != before.identity or (
            now.spoken is not None and before.spoken is not None
            and now.spoken.states != before.spoken.states
        )

    def _arrow_until(self, option: str) -> bool:
        """Arrow down a native select (wrapping once from Home) until the option is selected."""
        wanted = normal(option)
        for start in ("", "Home"):
            if start:
                self.driver.press(start)
            last = None
            for _ in range(OPTION_BUDGET):
                current = normal(self._selected_option())
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

    def _document(self) -> float:
        """Which document the tab shows: its time origin changes with every page load."""
        return self.page.evaluate("() => performance.timeOrigin")

    def _placeholder(self, stop: FocusStop) -> str:
        """A field's placeholder, where a date format is often given."""
        if stop.facts.frames:
            return ""
        with suppress(Error):
            return self.page.locator(stop.facts.selector).first.get_attribute(
                "placeholder", timeout=1_000) or ""
        return ""

    def _picker_says(self, picker: FocusStop) -> str:
        """What the accessibility tree says of a picker now: its name and value (and for a
        list its selected options), never the text around it. A listener checks by going
        back to it, so focus that moved on comes back with Shift+Tab when the tree read from
        outside does not say what was chosen."""
        now = self.driver.where()
        if now.identity != picker.identity:
            outside = self._tree_line(picker)
            if outside and not outside.endswith(":"):
                return outside
            now = self.driver.walk(lambda stop: stop.identity == picker.identity,
                                   key="Shift+Tab", budget=6).reached or now
            if now.identity != picker.identity:
                return outside
        value = now.spoken.value if now.spoken else ""
        selected = self._tree_line(picker).partition(":")[2] if now.role == "listbox" else ""
        return " ".join(f"{now.role} '{now.name}': {value} {selected}".split())

    def _tree_line(self, element: FocusStop) -> str:
        """The element's own line in Playwright's view of the accessibility tree, with the
        selected options of a list."""
        if element.facts.frames:
            return ""
        with suppress(Error):
            tree = self.page.locator(element.facts.selector).first.aria_snapshot(timeout=1_000)
            lines = tree.splitlines()
            own = [lines[0]] + [line for line in lines[1:] if "[selected" in line]
            return " ".join(" ".join(own).split()).removeprefix("- ")
        return ""


def _chooser_taken_by_upload(chooser: FileChooser) -> None:
    """A file chooser is answered by `upload`, which waits for it; any other is left closed."""
