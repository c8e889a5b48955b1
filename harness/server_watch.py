"""What the portal's own server answered during a step.

A step that goes nowhere because the server failed (HTTP 5xx, a dropped connection) or never
answered is the portal's fault, not a keyboard obstacle: the scenario engine asks this record
before it blames the keyboard, and stops the replay with an error instead. Only page loads and
the page's own script requests to the portal's host count, so a failing third-party beacon does
not make a portal look broken.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from playwright.sync_api import Error, Page, Request, Response

WATCHED_TYPES = ("document", "xhr", "fetch")
HANG_AFTER_S = 5.0
# Failures that are not the server's: the harness's own safety guard, and a request the page
# itself dropped (a navigation that replaced it).
NOT_SERVER_FAILURES = ("ERR_BLOCKED_BY_CLIENT", "ERR_ABORTED")


@dataclass
class Exchange:
    method: str
    url: str
    started: float
    page_load: bool = False  # the tab's own navigation, not a script's request
    status: int | None = None
    failure: str = ""
    done: bool = False

    @property
    def waiting(self) -> bool:
        """Sent, and neither answered nor failed yet."""
        return self.status is None and not self.done

    @property
    def where(self) -> str:
        return f"{self.method} {urlsplit(self.url).path or '/'}"

    def trouble(self, now: float) -> str:
        """What went wrong with this request, in a sentence; empty when nothing did."""
        where = self.where
        if self.status is not None and self.status >= 500:
            return f"{where} answered HTTP {self.status}"
        if self.failure and not any(mark in self.failure for mark in NOT_SERVER_FAILURES):
            return f"{where} failed ({self.failure})"
        if self.waiting and now - self.started >= HANG_AFTER_S:
            return f"{where} got no answer within {now - self.started:.0f} s"
        return ""


class ServerWatch:
    """Records every watched request of one tab as it starts, is answered or fails."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.exchanges: dict[Request, Exchange] = {}
        page.on("request", self._started)
        page.on("response", self._answered)
        page.on("requestfinished", self._finished)
        page.on("requestfailed", self._failed)

    def troubles_since(self, since: float) -> list[str]:
        """The server's failures among the requests started at or after `since` (monotonic)."""
        now = time.monotonic()
        found = (exchange.trouble(now) for exchange in self.exchanges.values()
                 if exchange.started >= since)
        return [told for told in found if told]

    def page_load_waiting(self) -> Exchange | None:
        """The tab's navigation that the server has not answered yet, if any."""
        return next((e for e in self.exchanges.values() if e.page_load and e.waiting), None)

    def _started(self, request: Request) -> None:
        if request.resource_type not in WATCHED_TYPES:
            return
        try:
            frame = request.frame
        except Error:  # a service worker's own request belongs to no frame
            return
        main_load = request.resource_type == "document" and frame == self.page.main_frame
        if main_load or _host(request.url) == _host(self.page.url):
            self.exchanges[request] = Exchange(request.method, request.url, time.monotonic(),
                                               page_load=main_load)

    def _answered(self, response: Response) -> None:
        exchange = self.exchanges.get(response.request)
        if exchange is not None:
            exchange.status = response.status

    def _finished(self, request: Request) -> None:
        exchange = self.exchanges.get(request)
        if exchange is not None:
            exchange.done = True

    def _failed(self, request: Request) -> None:
        exchange = self.exchanges.get(request)
        if exchange is not None:
            exchange.done = True
            exchange.failure = request.failure or "no reason given"


def _host(url: str) -> str:
    return urlsplit(url).hostname or ""
