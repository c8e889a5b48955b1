"""The browser's DevTools endpoint, and a page's own connection to it for the big reads.

Chromium is launched with `--remote-debugging-port` on loopback (or reached at a service's
address with `--browser-endpoint`); its address is remembered here for two users:
- the watchdog (`harness.watchdog`), which stops a page's scripts from a thread of its own;
- `page_protocol(page)`, which reads the DOM snapshot and the accessibility tree. Playwright's
  CDP session walks and validates every answer in Python, which on a page of a few thousand
  nodes costs more than the browser takes to produce it; a raw connection's answer is one JSON
  decode. Where no page connection can be opened (a service that offers none), Playwright's
  session is used instead, so nothing is lost but time.
"""

from __future__ import annotations

import json
import socket
import urllib.request
import weakref
from contextlib import ExitStack, suppress
from typing import Any

from playwright.sync_api import Browser, CDPSession, Page
from playwright.sync_api import Error as PlaywrightError
from websockets.exceptions import WebSocketException
from websockets.sync.client import ClientConnection, connect

CONNECT_TIMEOUT_S = 5.0
ANSWER_TIMEOUT_S = 600.0  # the longest a page's budget may be: the watchdog cuts a hang first

# browser -> the "host:port" of its DevTools HTTP endpoint (loopback when launched here, the
# service's address when connected with --browser-endpoint)
_ports: weakref.WeakKeyDictionary[Browser, str] = weakref.WeakKeyDictionary()
_protocols: weakref.WeakKeyDictionary[Page, PageProtocol] = weakref.WeakKeyDictionary()


def free_loopback_port() -> int:
    """A loopback port free right now, for Chromium's DevTools endpoint. (Chromium's own
    `--remote-debugging-port=0` writes the port only into a profile folder Playwright keeps.)"""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def remember_port(browser: Browser, port: int) -> None:
    """Record the DevTools port `browser` was launched with, for its pages' connections."""
    _ports[browser] = f"127.0.0.1:{port}"


def remember_endpoint(browser: Browser, host_port: str) -> None:
    """Record the DevTools address of a remote browser `browser` is connected to: its pages'
    connections are opened there (a service that does not offer them is read through
    Playwright, and leaves the watchdog unarmed, saying so)."""
    _ports[browser] = host_port


def endpoint_of(page: Page) -> str | None:
    """The "host:port" of the DevTools endpoint of the page's browser, if known."""
    browser = page.context.browser
    return _ports.get(browser) if browser is not None else None


def target_id(page: Page) -> str:
    """The page's DevTools target id: a random token only this browser knows, so a stranger on
    the port cannot answer for it."""
    session = page.context.new_cdp_session(page)
    try:
        return session.send("Target.getTargetInfo")["targetInfo"]["targetId"]
    finally:
        with suppress(PlaywrightError):
            session.detach()


def open_page_socket(base: str, target: str) -> ClientConnection:
    """A DevTools connection of our own to one page target."""
    return connect(f"ws://{base}/devtools/page/{target}", open_timeout=CONNECT_TIMEOUT_S,
                   ping_interval=None, max_size=None)


def browser_socket_url(base: str) -> str:
    """The browser-wide DevTools address (to close a target whose renderer is stuck)."""
    with urllib.request.urlopen(f"http://{base}/json/version",
                                timeout=CONNECT_TIMEOUT_S) as answer:
        return json.load(answer)["webSocketDebuggerUrl"]


def page_protocol(page: Page) -> PageProtocol:
    """The page's connection for big reads, opened on first use and closed with the page."""
    protocol = _protocols.get(page)
    if protocol is None:
        protocol = _protocols[page] = PageProtocol(page)
        page.on("close", lambda _page: protocol.close())
    return protocol


class PageProtocol:
    """Sends DevTools commands to one page and returns their results, as Playwright's
    `CDPSession.send` does (raising Playwright's Error), over a raw connection when one can be
    opened. Used from the harness's main thread only; it enables no domain, so no events
    pile up between commands."""

    def __init__(self, page: Page) -> None:
        self._page = page
        self._socket: ClientConnection | None = None
        self._session: CDPSession | None = None
        self._ids = iter(range(1, 1 << 31))
        self._connections = ExitStack()
        base = endpoint_of(page)
        if base is not None:
            with suppress(OSError, ValueError, KeyError, WebSocketException, PlaywrightError):
                self._socket = self._connections.enter_context(
                    open_page_socket(base, target_id(page)))

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        if self._socket is None:
            if self._session is None:
                self._session = self._page.context.new_cdp_session(self._page)
            return self._session.send(method, params)
        command = next(self._ids)
        try:
            self._socket.send(json.dumps({"id": command, "method": method,
                                          "params": params or {}}))
            while True:
                answer = json.loads(self._socket.recv(timeout=ANSWER_TIMEOUT_S))
                if answer.get("id") == command:
                    break
        except (OSError, TimeoutError, WebSocketException) as error:
            raise PlaywrightError(f"{method}: the page's DevTools connection failed "
                                  f"({type(error).__name__}: {error})") from None
        if "error" in answer:
            raise PlaywrightError(f"{method}: {answer['error'].get('message', answer['error'])}")
        return answer.get("result", {})

    def close(self) -> None:
        with suppress(OSError, WebSocketException):
            self._connections.close()
        with suppress(PlaywrightError):
            if self._session is not None:
                self._session.detach()
        self._socket = self._session = None
