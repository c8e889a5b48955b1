"""Whether an address is a web page to check at all, from the server's answer to loading it.

A PDF opened in Chromium shows the browser's own PDF viewer, an image shows the browser's image
page, and an HTTP 500 page is the server's apology: checking any of them as a portal page gives
findings that belong to the browser or to a failure, not to the portal. `audit` and `transcript`
ask here first and report why they did not check, instead of a made-up result.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import Message

from playwright.sync_api import Response

from harness.errors import first_line
from harness.safe_text import visible

PAGE_TYPES = ("text/html", "application/xhtml+xml")
DOWNLOAD_STARTING = "Download is starting"
# What a person is told the address serves, by the media type's main part or whole name.
KINDS = {
    "application/pdf": ("a PDF document", "open it in a PDF reader to check it"),
    "image": ("an image", "an image is checked where a page shows it, through its text "
                          "alternative"),
    "audio": ("an audio file", "check the page that offers it"),
    "video": ("a video file", "check the page that offers it"),
    "text/plain": ("a plain text file", "check the page that links to it"),
    "application/json": ("data (JSON)", "check the page that uses it"),
}
OTHER_KIND = ("a file", "check the page that offers it")


@dataclass(frozen=True)
class NotAPage:
    """Why an address was not checked: `status` is "error" (the server failed or the load
    did) or "not-a-page" (it serves a document or file that is not a web page)."""

    status: str
    reason: str


def not_a_page(response: Response | None) -> NotAPage | None:
    """Why the main response of a `page.goto` is not a web page to check, or None when it is.

    No response (about:blank, a same-document move) and a response with no content type (the
    browser sniffed it) are taken as pages: nothing here can be sure otherwise."""
    if response is None:
        return None
    if response.status >= 400:
        return NotAPage("error", f"the server answered HTTP {response.status}")
    headers = response.headers  # Playwright gives the names in lower case
    disposition = headers.get("content-disposition", "")
    if _header_value(disposition).lower() == "attachment":
        return NotAPage("not-a-page", _download_reason(disposition))
    media_type = _header_value(headers.get("content-type", "")).lower()
    if not media_type or media_type in PAGE_TYPES:
        return None
    what, advice = KINDS.get(media_type) or KINDS.get(media_type.split("/")[0]) or OTHER_KIND
    return NotAPage("not-a-page",
                    f"the address serves {what} ({media_type}), not a web page: {advice}")


def load_failure(error: Exception) -> NotAPage:
    """Why `page.goto` raised: a download (Chromium starts one for an attachment and Playwright
    reports "Download is starting") is not a page; anything else is a failed load."""
    message = first_line(error)
    if DOWNLOAD_STARTING in message:
        return NotAPage("not-a-page", "the address starts a download (a file to save), "
                                      "not a web page: check the page that offers it")
    return NotAPage("error", f"the page could not be loaded: {message}")


def _header_value(header: str) -> str:
    """The main value of a header like `text/html; charset=utf-8`, without its parameters."""
    return header.split(";", 1)[0].strip()


def _download_reason(disposition: str) -> str:
    message = Message()
    message["content-disposition"] = disposition
    filename = message.get_filename()
    named = f" ({visible(filename, limit=100)})" if filename else ""  # the server names it
    return (f"the address downloads a file{named}, not a web page: "
            "check the page that offers it")
