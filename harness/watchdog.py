"""Time budgets for a page, enforced from outside the page's main thread.

Playwright's sync API is single-threaded: while `page.keyboard.press` or `page.evaluate` waits
for a page whose script never yields (`while (true) {}` in a keydown handler, axe on a huge
DOM), nothing in the harness's thread can act, and every later URL of the call would be lost.
Chromium handles the DevTools method `Runtime.terminateExecution` on its IO thread, so it is
honoured even while the page's main thread is stuck. The browser is launched with
`--remote-debugging-port` on loopback (see `harness.browser.launch`); a `Watchdog` opens its own
DevTools connection to one page while the page is idle, and a background thread sends
`Runtime.terminateExecution` when a budget runs out. When that does not free the waiting call
(a promise that never settles: no script is running to stop), it closes the page through the
browser's endpoint after a short grace, which makes Playwright's call raise. Either way the
budget ends in `BudgetExpired`, whose message says what ran out of time and what was done.

    watchdog = Watchdog(page)              # at page creation, while the page is idle
    try:
        with watchdog.budget(30, "the page did not load") as budget:
            page.goto(url)
            budget.stage("axe did not finish")
            page.evaluate(...)
    except BudgetExpired as expired:
        ...  # "axe did not finish within 30 s; the page's scripts were stopped"
    finally:
        watchdog.close()

A page whose budget ran out is spent: check nothing more on it (its scripts were stopped
mid-way, or it was closed).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page
from websockets.exceptions import WebSocketException
from websockets.sync.client import ClientConnection, connect

from harness.devtools import (
    CONNECT_TIMEOUT_S,
    browser_socket_url,
    endpoint_of,
    open_page_socket,
    target_id,
)
from harness.errors import HarnessError, first_line
from harness.options import seconds_between

GRACE_S = 2.0  # after terminateExecution, how long the waiting call has to return
MIN_TIMEOUT_S, MAX_TIMEOUT_S = 1.0, 600.0
STOPPED = "the page's scripts were stopped"
CLOSED = "the page did not respond when its scripts were stopped, so it was closed"


class BudgetExpired(HarnessError):
    """An operation on a page ran out of time; the message says what, and what was done."""


def timeout_seconds(text: str | float, option: str = "--timeout") -> float:
    """Parse a command-line time limit: a number of seconds from 1 to 600, or HarnessError.

    0 or a negative number would mean no limit or an instant failure, and 1e9 is no limit in
    practice: a hung page would hang the call again."""
    value = seconds_between(text, MIN_TIMEOUT_S, MAX_TIMEOUT_S)
    if value is None:
        raise HarnessError(
            f"{option} must be a number of seconds from {MIN_TIMEOUT_S:g} to "
            f"{MAX_TIMEOUT_S:g}, not {text}"
        )
    return value


class Budget:
    """One running time limit. `stage()` says what is being done now, for the message."""

    def __init__(self, seconds: float, late: str) -> None:
        self.seconds = seconds
        self.late = late
        self.deadline = time.monotonic() + seconds
        self.step = 0  # 0 running, 1 scripts stopped, 2 page closed
        self.reason = ""
        self.active = True

    def stage(self, late: str) -> None:
        """What did not happen if the time runs out from now on ("axe did not finish")."""
        self.late = late

    @property
    def expired(self) -> bool:
        return bool(self.reason)


class Watchdog:
    """Stops one page's scripts when a budget runs out, from a thread of its own.

    `unarmed` is "" when the watchdog can stop the page, else why not (a browser launched
    without the DevTools port); an unarmed watchdog still reports a budget that ran out once
    the call returns, but cannot cut it short."""

    def __init__(self, page: Page, grace_s: float = GRACE_S) -> None:
        self.grace_s = grace_s
        self.unarmed = ""
        self.last_expired = ""  # the message of the last budget that ran out
        self._cond = threading.Condition()
        self._budget: Budget | None = None
        self._closed = False
        self._ws: ClientConnection | None = None
        self._connections = ExitStack()
        self._browser_ws = ""
        self._target_id = ""
        self._ids = iter(range(1, 1 << 31))
        try:
            self._attach(page)
        except (OSError, ValueError, KeyError, WebSocketException, PlaywrightError) as error:
            self.unarmed = f"the page's DevTools endpoint could not be reached: {first_line(error)}"
        self._thread = threading.Thread(target=self._watch, name="page-watchdog", daemon=True)
        self._thread.start()

    def _attach(self, page: Page) -> None:
        base = endpoint_of(page)
        if base is None:
            self.unarmed = "the browser was launched without a DevTools port"
            return
        self._target_id = target_id(page)
        self._browser_ws = browser_socket_url(base)
        self._ws = self._connections.enter_context(open_page_socket(base, self._target_id))

    @contextmanager
    def budget(self, seconds: float, late: str) -> Iterator[Budget]:
        """Run the block within `seconds`; `late` says what did not happen if it runs out
        ("the page did not load"). Raises BudgetExpired when it ran out, in place of whatever
        the cut-short call raised."""
        budget = Budget(seconds, late)
        with self._cond:
            if self._budget is not None:
                raise RuntimeError("a page's budgets do not nest")
            self._budget = budget
            self._cond.notify_all()
        try:
            yield budget
        except PlaywrightError:
            if not budget.expired:
                raise
        finally:
            with self._cond:
                budget.active = False
                self._budget = None
                self._cond.notify_all()
        if budget.expired:
            self.last_expired = budget.reason
            raise BudgetExpired(budget.reason)

    def close(self) -> None:
        """Stop the thread and drop the connection (the page itself is left as it is)."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        with suppress(OSError, WebSocketException):
            self._connections.close()

    def _watch(self) -> None:
        """Wait for the running budget's deadline; then stop the scripts, then close the page."""
        while True:
            with self._cond:
                budget = self._budget
                if self._closed:
                    return
                if budget is None or budget.step >= 2:
                    self._cond.wait()
                    continue
                due = budget.deadline + (self.grace_s if budget.step == 1 else 0.0)
                now = time.monotonic()
                if now < due:
                    self._cond.wait(due - now)
                    continue
                # Marked under the lock: a budget that ended just now is not fired at.
                budget.step += 1
                done = STOPPED if budget.step == 1 else CLOSED
                if self.unarmed:
                    done = f"its scripts could not be stopped ({self.unarmed})"
                    budget.step = 2
                budget.reason = f"{budget.late} within {budget.seconds:g} s; {done}"
                step = budget.step
            if not self.unarmed:
                if step == 1:
                    self._send(self._ws, "Runtime.terminateExecution", {})
                else:
                    self._close_target()

    def _send(self, ws: ClientConnection | None, method: str, params: dict) -> None:
        """Send one DevTools command and wait briefly for its answer; failures are ignored
        (a page already gone needs no stopping)."""
        if ws is None:
            return
        command_id = next(self._ids)
        with suppress(OSError, WebSocketException, TimeoutError):
            ws.send(json.dumps({"id": command_id, "method": method, "params": params}))
            deadline = time.monotonic() + CONNECT_TIMEOUT_S
            while time.monotonic() < deadline:
                message = json.loads(ws.recv(timeout=max(0.0, deadline - time.monotonic())))
                if message.get("id") == command_id:
                    return

    def _close_target(self) -> None:
        """Close the page through the browser's endpoint: that works even when the page's
        renderer is stuck, and makes the waiting Playwright call raise."""
        with suppress(OSError, WebSocketException, TimeoutError), \
                connect(self._browser_ws, open_timeout=CONNECT_TIMEOUT_S, ping_interval=None,
                        max_size=None) as ws:
            self._send(ws, "Target.closeTarget", {"targetId": self._target_id})
