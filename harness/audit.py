"""Audit single pages: load each URL in one browser context, run the checks, judge criteria.

This is the scenario-free path (`pesp-a11y audit URL ...`); a page that cannot be loaded or
checked gives an "inconclusive" result with the reason, never a pass.
"""

from __future__ import annotations

from urllib.parse import urldefrag

from playwright.sync_api import BrowserContext, Error, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from harness.ax_snapshot import AxSnapshot
from harness.checks import add_outcomes, check_page
from harness.errors import first_line
from harness.findings import PageResult
from harness.keyboard import KeyboardDriver
from harness.quiet import install_quiet, wait_quiet
from harness.responses import NotAPage, load_failure, not_a_page
from harness.tab_walk import FOCUS_MOVES_JS, KEY_BUDGET_S, TabWalk
from harness.watchdog import BudgetExpired, Watchdog
from wcag.criteria import REVIEW_CRITERIA
from wcag.keyboard import walk_outcomes

SETTLE_MS = 3_000
# A page of many elements may simply need more than --timeout to be checked: from this size on,
# a page whose checks ran out of time says so, with a --timeout that fits it.
BIG_PAGE_ELEMENTS = 5_000
ELEMENTS_PER_SECOND = 150  # what axe and the probes get through on 2 busy cores (make bench)
MAX_TIMEOUT_S = 600
COUNT_ELEMENTS = "() => document.getElementsByTagName('*').length"


class Auditor:
    """Loads pages in one tab of a browser context and checks them.

    Each page has `timeout_s` for its load, axe and the probes together, enforced by a
    watchdog from outside the page's thread: a page whose scripts never yield is stopped and
    said inconclusive, and the next URL is still checked."""

    def __init__(self, context: BrowserContext, timeout_s: float = 30.0,
                 tab_presses: int = 0) -> None:
        """`tab_presses`: after the checks, Tab through the page up to that many times, as
        Accessibility Insights' Tab stops does, to find keyboard traps (0: no walk)."""
        self.context = context
        self.tab_presses = tab_presses
        context.add_init_script(FOCUS_MOVES_JS)  # tells a focus thief from a trap
        install_quiet(context)  # waits for scripted widgets by what they do, not a fixed time
        self.page: Page = context.new_page()
        self.timeout_s = timeout_s
        self.timeout_ms = timeout_s * 1000
        self.watchdog: Watchdog | None = None
        self.last_ok = False  # the tab's last page loaded and was checked in time

    def audit(self, url: str) -> PageResult:
        """Load a URL in the tab, or in a fresh one when the last page did not end well (a
        failed load's error page must not race the next URL, and a page whose budget ran out
        is spent) or the URL is the same document (only its fragment differs: the browser
        would scroll, not load, and the last page's state would be judged again)."""
        if self.watchdog is None:  # the first page: the tab opened with the auditor is new
            self.watchdog = Watchdog(self.page)  # attached while the page is still idle
        elif self._fresh_tab_needed(url):
            self.watchdog.close()
            self.page.close()
            self.page = self.context.new_page()
            self.watchdog = Watchdog(self.page)
        self.last_ok = False
        elements = 0  # the loaded page's, once known
        try:
            with self.watchdog.budget(self.timeout_s, "the page did not load") as budget:
                problem = self._load(url)
                if problem:
                    return inconclusive(url, problem.reason, problem.status)
                budget.stage("axe and the probes did not finish")
                elements = self.page.evaluate(COUNT_ELEMENTS)
                result = self.check_current(url)
        except BudgetExpired as expired:
            return inconclusive(url, str(expired) + more_time(elements, self.timeout_s))
        if self.tab_presses and result.status == "ok":
            self._walk(result)
        self.last_ok = result.status == "ok" and result.tab_walk.get("outcome") != "stopped"
        return result

    def _fresh_tab_needed(self, url: str) -> bool:
        if not self.last_ok or self.page.is_closed():
            return True
        return urldefrag(url).url == urldefrag(self.page.url).url

    def _walk(self, result: PageResult) -> None:
        """Tab through the checked page and add what the walk shows (a trap, or a walk cut
        short) to its result; each key press has its own time budget."""
        driver = KeyboardDriver(self.page, describe=AxSnapshot.for_page(self.page).focused)
        walk = TabWalk(self.page)
        try:
            outcome = walk.run(driver, self.watchdog, self.tab_presses,
                               min(KEY_BUDGET_S, self.timeout_s))
        except Error as error:  # the page went away under the walk
            outcome, walk.stopped = "stopped", f"the Tab walk failed: {first_line(error)}"
        loop = [stop.to_json() for stop in walk.loop]
        why = {
            "trapped": "Tab and Shift+Tab go round this loop and Escape does not let go",
            "thief": "a script takes focus back each time Tab leaves",
            "budget": f"the Tab walk stopped after {walk.tabs} presses before it came round "
                      "the page, so a trap further on would not be seen",
            "stopped": walk.stopped,
        }.get(outcome, "")
        add_outcomes(result, walk_outcomes(outcome, loop, why))
        result.tab_walk = {"outcome": outcome, "presses": walk.tabs,
                           "stops": len({stop.identity for stop in walk.stops})}

    def check_current(self, url: str | None = None) -> PageResult:
        """Check the page as it is now."""
        try:
            return check_page(self.page, url)
        except Error as error:
            reason = f"the checks could not run: {first_line(error)}"
            return inconclusive(url or self.page.url, reason)

    def _load(self, url: str) -> NotAPage | None:
        """Load a URL; return why it could not be checked, or None when it loaded a web page.

        A server error ("error"), a PDF, image or download ("not-a-page") is not checked: its
        findings would belong to the failure or to the browser's own viewer."""
        try:
            response = self.page.goto(url, wait_until="load", timeout=self.timeout_ms)
        except PlaywrightTimeout:
            return NotAPage("inconclusive",
                            f"the page did not load within {self.timeout_ms / 1000:.0f} s")
        except Error as error:
            failure = load_failure(error)
            return failure if failure.status == "not-a-page" else NotAPage(
                "inconclusive", failure.reason)
        refusal = not_a_page(response)
        if refusal:
            return refusal
        wait_quiet(self.page, SETTLE_MS)  # let scripted widgets (Form.io, Choices.js) render
        return None


def more_time(elements: int, timeout_s: float) -> str:
    """What a big page whose checks ran out of time needs: its size and a --timeout that fits
    it, so that it is not inconclusive for a reason the user cannot see. A small page that runs
    out is stuck (its scripts spin), and more time would not help."""
    if elements < BIG_PAGE_ELEMENTS:
        return ""
    fits = -(-elements // ELEMENTS_PER_SECOND // 10) * 10  # rounded up to tens of seconds
    suggested = min(MAX_TIMEOUT_S, max(fits, 2 * round(timeout_s)))
    return (f"; a page of {elements:,} elements needs more time: run it again with a larger "
            f"--timeout, e.g. --timeout {suggested}")


def inconclusive(url: str, reason: str, status: str = "inconclusive") -> PageResult:
    """Every criterion inconclusive, with why; `status` says "error" or "not-a-page" when the
    address was a server failure or not a web page rather than a page that could not be read."""
    verdicts = dict.fromkeys(REVIEW_CRITERIA, "inconclusive")
    return PageResult(
        url=url,
        status=status,
        findings=[],
        criteria=verdicts,
        notes=dict.fromkeys(REVIEW_CRITERIA, reason),
        reason=reason,
    )
