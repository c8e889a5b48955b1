"""Launch the system Chromium for Playwright, with no background networking and no downloads.

`playwright install` cannot run here (and should not be needed anywhere): the harness drives the
Chromium the machine already has. PESP_CHROMIUM names another browser binary.
"""

from __future__ import annotations

import atexit
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Error, Playwright, sync_playwright

from harness.errors import HarnessError
from harness.watchdog import free_loopback_port, remember_port

BROWSER_ENV = "PESP_CHROMIUM"
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


@contextmanager
def open_browser() -> Iterator[Browser]:
    """One headless Chromium for a whole run."""
    browser = launch(playwright_driver())
    try:
        yield browser
    finally:
        browser.close()
