"""Launch the system Chromium for Playwright, with no background networking and no downloads,
or connect to a browser service over the Chrome DevTools Protocol (`--browser-endpoint URL`).

`playwright install` cannot run here (and should not be needed anywhere): the harness drives the
Chromium the machine already has. PESP_CHROMIUM names another browser binary. A remote endpoint
(a Chromium started with `--remote-debugging-port`, a browserless-style service, a Selenium Grid 4
node's CDP address) lets a national run spread its sessions over browsers users already operate.
"""

from __future__ import annotations

import atexit
import os
import shutil
import urllib.parse
from argparse import ArgumentParser
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from playwright.sync_api import Browser, Error, Playwright, sync_playwright

from harness.devtools import free_loopback_port, remember_endpoint, remember_port
from harness.errors import HarnessError, first_line

BROWSER_ENV = "PESP_CHROMIUM"
CONNECT_TIMEOUT_MS = 30_000
ENDPOINT_SCHEMES = ("http", "https", "ws", "wss")
CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
QUIET_FLAGS = (
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider",
    "--metrics-recording-only",
    "--no-default-browser-check",
    "--disable-quic",
    "--disable-gpu",
    "--no-sandbox",
)
UI_LANGUAGES = {"vi": "vi-VN", "en": "en-US"}
"""Chromium's own words (a file input's "Chọn tệp", "Không có tệp nào được chọn") follow the
LANGUAGE variable and need the locale's pack (Debian's chromium-l10n); --lang sets what pages
are told (navigator.language, Accept-Language)."""


def chromium_path() -> str:
    """The browser binary to drive: $PESP_CHROMIUM, else the system Chromium."""
    override = os.environ.get(BROWSER_ENV)
    if override:
        if not Path(override).is_file():
            raise HarnessError(f"{BROWSER_ENV}={override} is not a file")
        return override
    for candidate in CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    found = shutil.which("chromium")
    if found:
        return found
    raise HarnessError(
        "no Chromium found: install Debian's chromium (sudo apt-get install chromium) "
        f"or set {BROWSER_ENV} to a Chromium binary"
    )


def launch(playwright: Playwright, ui_lang: str = "vi") -> Browser:
    """Chromium speaking `ui_lang` ("vi" for the Vietnamese portals) in its own controls."""
    # A DevTools port on loopback lets a watchdog stop a page's scripts from another thread.
    port = free_loopback_port()
    try:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True,
            args=[*QUIET_FLAGS, f"--lang={UI_LANGUAGES[ui_lang]}",
                  f"--remote-debugging-port={port}"],
            env={**os.environ, "LANGUAGE": ui_lang},
            # Ctrl+C, SIGTERM and SIGHUP are the harness's to handle: it closes the run
            # truthfully, then the browser. Playwright starts Chromium in a process group of
            # its own, so a terminal's Ctrl+C does not reach the browser either.
            handle_sigint=False, handle_sigterm=False, handle_sighup=False,
        )
    except Error as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        raise HarnessError(f"Chromium did not start: {first_line}") from None
    remember_port(browser, port)
    return browser


_driver: Playwright | None = None


def playwright_driver() -> Playwright:
    """The process's one Playwright driver: started on first use, stopped at exit, so that
    several browsers (a run inside a test session) can be open at once in one thread."""
    global _driver
    if _driver is None:
        _driver = sync_playwright().start()
        atexit.register(_driver.stop)
    return _driver


def add_endpoint_option(parser: ArgumentParser) -> None:
    """The --browser-endpoint option, the same for every command that opens a browser."""
    parser.add_argument(
        "--browser-endpoint", metavar="URL",
        help="use the browser at this Chrome DevTools Protocol address (http://host:9222 of a "
             "Chromium started with --remote-debugging-port, ws://... of a browserless-style "
             "service or a Selenium Grid 4 node) instead of launching Chromium here")


def devtools_address(endpoint: str) -> str:
    """The "host:port" of a DevTools endpoint; one line when the address cannot be one."""
    parsed = urllib.parse.urlsplit(endpoint.strip())
    try:
        port = parsed.port
    except ValueError:
        port = None
    if parsed.scheme not in ENDPOINT_SCHEMES or not parsed.hostname:
        raise HarnessError(f"--browser-endpoint must be an http://, https://, ws:// or wss:// "
                           f"address, not '{' '.join(endpoint.split())}'")
    default = 443 if parsed.scheme in ("https", "wss") else 80
    host = f"[{parsed.hostname}]" if ":" in parsed.hostname else parsed.hostname
    return f"{host}:{port or default}"


def connect(playwright: Playwright, endpoint: str) -> Browser:
    """Connect to a running browser over CDP. Its pages' watchdogs open their own DevTools
    connections at the same address; a service that does not allow them leaves each watchdog
    unarmed, which it says (budgets still end, but a hung script cannot be cut short)."""
    address = devtools_address(endpoint)
    try:
        browser = playwright.chromium.connect_over_cdp(endpoint.strip(),
                                                       timeout=CONNECT_TIMEOUT_MS)
    except Error as error:
        raise HarnessError(f"cannot connect to the browser at {endpoint.strip()}: "
                           f"{first_line(error)}") from None
    remember_endpoint(browser, address)
    return browser


@contextmanager
def open_browser(endpoint: str | None = None) -> Iterator[Browser]:
    """One browser for a whole run: a headless Chromium launched here, or with `endpoint` the
    remote one (closing lets go of the contexts this run made and disconnects)."""
    driver = playwright_driver()
    browser = connect(driver, endpoint) if endpoint else launch(driver)
    try:
        yield browser
    finally:
        with suppress(Error):  # a remote service may already have ended the session
            browser.close()
