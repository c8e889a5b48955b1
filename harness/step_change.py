"""What one action changed: the page before and after, what was announced, where focus went.

Step checks (``wcag.status``) judge this, never the browser: a status message is a defect only
relative to the action that caused it. ``capture_step`` takes the facts around one action.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import Page

from harness.announcements import Announcement, AnnouncementRecorder
from harness.focus import FocusFacts, focused_element
from harness.snapshot import Snapshot, take_snapshot

SETTLE_MS = 700  # long enough for a fetch to the page's server and a delayed live update


@dataclass
class StepChange:
    """One action (``action``: "Enter", "Tab", "upload"...) and what it changed.

    ``new_document``: the top frame loaded a new document (a screen reader then announces the
    page title and starts reading), as opposed to a change within the same document.
    """

    action: str
    before: Snapshot | None
    after: Snapshot
    announcements: list[Announcement] = field(default_factory=list)
    focus_before: FocusFacts | None = None
    focus_after: FocusFacts | None = None
    url_before: str = ""
    url_after: str = ""
    new_document: bool = False

    @property
    def same_page(self) -> bool:
        """True unless a new document at another address was loaded (a post-back to the same
        address, like a failed login, is the same page with a message added)."""
        if not self.new_document:
            return True
        before, after = urlsplit(self.url_before), urlsplit(self.url_after)
        return (before.netloc, before.path) == (after.netloc, after.path)


def capture_step(
    page: Page,
    recorder: AnnouncementRecorder,
    action: str,
    perform: Callable[[], object],
    settle_ms: int = SETTLE_MS,
) -> StepChange:
    """Snapshot, perform the action, wait for the page to settle, then gather what changed."""
    focus_before = focused_element(page)
    before = take_snapshot(page, focus_before)
    url_before = page.url
    document_before = recorder.document_id(page)
    recorder.drain(page)
    perform()
    page.wait_for_load_state()
    if settle_ms:
        page.wait_for_timeout(settle_ms)
    announcements = recorder.drain(page)
    focus_after = focused_element(page)
    return StepChange(
        action=action,
        before=before,
        after=take_snapshot(page, focus_after),
        announcements=announcements,
        focus_before=focus_before,
        focus_after=focus_after,
        url_before=url_before,
        url_after=page.url,
        new_document=recorder.document_id(page) != document_before,
    )
