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


QUIET_OR_NOTHING = ("([cap, timerCap, animations]) => "
                    "typeof window.__pespQuiet === 'function' ? "
                    "window.__pespQuiet(cap, timerCap, animations) : null")


def wait_quiet(page: Page, ceiling_ms: int, timers_ms: int | None = None,
               animations: bool = True) -> bool:
    """Until the page has no request in flight (at most `ceiling_ms`) and no short timer
    pending nor, with `animations`, a transition or animation that will end (a message fading
    in) running (at most `timers_ms`, by default the same), in one call to the page. True
    when the page has begun to load another document instead, which the caller must wait for.
    A page without the counter (opened before it was installed, or navigating now) gets the
    whole ceiling, as before. Call it only once a page load the action started was waited out
    (KeyboardDriver's `ready`): Playwright's evaluate waits for a navigation in flight, so on a
    page the server never sends it would never return."""
    timers_ms = ceiling_ms if timers_ms is None else timers_ms
    with suppress(Error):
        page.wait_for_load_state()
        told = page.evaluate(QUIET_OR_NOTHING, [ceiling_ms, timers_ms, animations])
        if told is not None:
            return told == "leaving"
    page.wait_for_timeout(ceiling_ms)
    return False


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
