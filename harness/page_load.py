"""Page loads during a replay: let a page settle after an action, wait for one on its way, and
stop one the server never sends (as the browser's Stop button does) so what is shown can still
be checked."""

from __future__ import annotations

import time
from contextlib import suppress

from playwright.sync_api import Error, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from harness.errors import first_line
from harness.quiet import wait_quiet
from harness.server_watch import ServerWatch
from harness.steps import ScenarioStop

SETTLE_MS = 2_500
TIMERS_SETTLE_MS = 700  # long enough for a delayed live update
PAGE_LOAD_TIMEOUT_S = 30.0


def load_address(page: Page, url: str) -> None:
    """Go to an address as typed in the address bar, and let the page settle; a page that does
    not come, or comes as an HTTP error, ends the replay as the portal's error."""
    try:
        response = page.goto(url, wait_until="load", timeout=PAGE_LOAD_TIMEOUT_S * 1000)
    except PlaywrightTimeout:
        stop_loading(page)
        raise ScenarioStop("error", f"{url} did not load within {PAGE_LOAD_TIMEOUT_S:.0f} s"
                           ) from None
    except Error as error:
        raise ScenarioStop("error", f"{url} could not be loaded: {first_line(error)}") from None
    if response is not None and response.status >= 400:
        raise ScenarioStop("error", f"{url} answered HTTP {response.status}")
    settle(page)


def settle(page: Page) -> None:
    """Wait for what an action started: a page load, then the requests in flight (at most
    SETTLE_MS) and the short timers (a status message shown 150 ms after a click; at most
    TIMERS_SETTLE_MS, so a page that polls costs no more than that)."""
    with suppress(PlaywrightTimeout, Error):
        page.wait_for_load_state("load", timeout=SETTLE_MS)
    if wait_quiet(page, SETTLE_MS, TIMERS_SETTLE_MS):
        # a timer the action set began loading another page: the checks are for that one
        with suppress(PlaywrightTimeout, Error):
            page.wait_for_event("framenavigated", lambda frame: frame == page.main_frame,
                                timeout=SETTLE_MS)
            page.wait_for_load_state("load", timeout=PAGE_LOAD_TIMEOUT_S * 1000)
        wait_quiet(page, SETTLE_MS, TIMERS_SETTLE_MS)


def wait_for_page_load(page: Page, server: ServerWatch) -> None:
    """A page the server never sends leaves the tab unable to run any script, so nothing
    could be checked: give the server PAGE_LOAD_TIMEOUT_S, then stop loading and stop."""
    waiting = server.page_load_waiting()
    if waiting is None:
        return
    deadline = time.monotonic() + PAGE_LOAD_TIMEOUT_S
    while waiting.waiting and time.monotonic() < deadline:
        page.wait_for_timeout(20)  # lets Playwright hear the answer; runs no script in the tab
    if waiting.waiting:
        stop_loading(page)
        raise ScenarioStop("error", f"the portal's server failed: {waiting.where} got no "
                                    f"answer within {PAGE_LOAD_TIMEOUT_S:.0f} s")


def stop_loading(page: Page) -> None:
    """Give up on a page that never arrives, as the browser's Stop button does, so the
    page already shown can be checked."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.stopLoading")
    cdp.detach()
