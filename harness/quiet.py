"""Wait for what an action started, not a fixed time: the page's requests in flight and short
timers are counted by a script installed before the page's own (harness/js/quiet.js), and a
wait ends when none is pending, or at the old fixed time as a ceiling, so it is never later
than the sleep it replaces and a status message set 150 ms after a click is still heard."""

from __future__ import annotations

from contextlib import suppress

from playwright.sync_api import BrowserContext, Error, Page

from harness.js import HERE

QUIET_JS = (HERE / "quiet.js").read_text(encoding="utf-8")


def install_quiet(context: BrowserContext) -> None:
    """Count requests and short timers in every page the context opens from now on."""
    context.add_init_script(script=QUIET_JS)


def wait_quiet(page: Page, ceiling_ms: int) -> None:
    """Until the page has no request in flight and no short timer pending, at most
    `ceiling_ms`; a page without the counter (opened before it was installed, or navigating
    now) gets the whole ceiling, as before. Call it only once a page load the action started
    was waited out (KeyboardDriver's `ready`): Playwright's evaluate waits for a navigation in
    flight, so on a page the server never sends it would never return."""
    with suppress(Error):
        page.wait_for_load_state()
        if page.evaluate("typeof window.__pespQuiet === 'function'"):
            page.evaluate("ms => window.__pespQuiet(ms)", ceiling_ms)
            return
    page.wait_for_timeout(ceiling_ms)


def page_version(page: Page) -> str | None:
    """Which state the page is in: the same text means the same document, unchanged and with
    focus where it was; None when that cannot be told (no counter, or the page is navigating),
    so nothing read earlier is taken as still true. A page with frames has none: what changes
    inside a frame is not counted by the top document."""
    if len(page.frames) > 1:
        return None
    try:
        version = page.evaluate("typeof window.__pespVersion === 'function' ? "
                                "window.__pespVersion() : null")
    except Error:
        return None
    return None if version is None else f"{page.url} {version}"
