"""The step engine under the scenario API: named steps and what ended them, the events the
keyboard driver records, obstacles and assisted actions, and whom a failure is blamed on (the
portal's server, the keyboard, or a browser that is gone)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from playwright.sync_api import Error, Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from harness.errors import first_line
from harness.interruption import BROWSER_GONE, BrowserGone, RunInterrupted
from harness.obstacles import Obstacle
from harness.page_load import settle, wait_for_page_load
from harness.pointer import describe_element
from harness.server_watch import ServerWatch
from harness.steps import ScenarioContext, ScenarioStop, StepHooks, StepRecord, T
from harness.watchdog import BudgetExpired


class StepEngine:
    """Runs a scenario's steps on one tab and records what happened in each."""

    def __init__(self, page: Page, context: ScenarioContext, hooks: StepHooks | None) -> None:
        self.page = page
        self.server = ServerWatch(page)
        self.ctx = context
        self.hooks = hooks or StepHooks()
        self.steps: list[StepRecord] = []
        self.current: StepRecord | None = None
        self.step_started = time.monotonic()  # the server's answers since then explain a failure
        self.crashed = False
        page.on("crash", lambda _page: setattr(self, "crashed", True))

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
            record.status = stop.status
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

    def fail_step(self, message: str) -> None:
        """The portal did not do what the step needs (no result, an error page)."""
        self._ensure_browser()
        self._stop_if_server_failed(message)
        raise ScenarioStop("error", message)

    def _ensure_browser(self) -> None:
        """Before anything is blamed on the portal or the keyboard, make sure the browser is
        still there to blame them."""
        if self.browser_gone():
            raise BrowserGone(BROWSER_GONE)

    def _between_keys(self) -> None:
        """After every key: stop here if asked to, else let a page on its way arrive."""
        self.ctx.checkpoint()
        wait_for_page_load(self.page, self.server)

    def _stop_if_server_failed(self, what_followed: str) -> None:
        """A step that went nowhere while the portal's server failed or never answered is the
        portal's error, not the keyboard's: stop with the server's answer, and say what
        followed from it without counting it against the keyboard."""
        troubles = self.server.troubles_since(self.step_started)
        if troubles:
            raise ScenarioStop("error", f"the portal's server failed: {troubles[0]} "
                                        f"(then: {what_followed})")

    def _step(self) -> StepRecord:
        if self.current is None:
            raise RuntimeError("scenario actions belong inside `with scenario.step(...)`")
        return self.current

    def _action(self, name: str, perform: Callable[[], T]) -> T:
        """Do something that may change the page, let it settle, and let the checks look."""

        def perform_and_settle() -> T:
            result = perform()
            settle(self.page)
            return result

        return self.hooks.around_action(self._step(), name, perform_and_settle)

    def _hindrance(self, obstacle: Obstacle) -> None:
        """Something in the keyboard user's way that the keyboard still got past: recorded for
        the checks like an obstacle, and the step goes on."""
        self._step().obstacles.append(obstacle)
        self.log({"event": "obstacle", **obstacle.to_json(), "stops": len(obstacle.stops),
                  "blocking": False})
        self.hooks.obstacle(self._step(), obstacle)

    def _obstacle(self, obstacle: Obstacle, element: Locator | None) -> None:
        """The keyboard could not go on: record why, let the checks look, and stop unless
        assistance may do it by pointer."""
        self._ensure_browser()
        self._stop_if_server_failed(f"{obstacle.wanted}: {obstacle.detail}")
        if element is not None and not obstacle.target:
            obstacle.target, obstacle.html = describe_element(element)
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
