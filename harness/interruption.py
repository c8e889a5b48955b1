"""How a run ends early without lying: a person's Ctrl+C, a SIGTERM from CI, or a browser that
died under it.

The first Ctrl+C (or SIGTERM, or SIGHUP when the terminal closes) asks the run to stop at the
next safe point, between two key presses: the step in progress is recorded as "interrupted",
nothing it half did is judged, and the run folder is closed truthfully. A second signal stops
at once. A browser that crashed or was killed is never taken for a keyboard obstacle ("Enter did
nothing"): the step and the run end as an error that names the browser.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from types import FrameType

from harness.reporters.words import Lang, say

SIGNAL_REASONS = {
    signal.SIGINT: "interrupted by Ctrl+C",
    signal.SIGTERM: "stopped by a SIGTERM signal",
    signal.SIGHUP: "stopped because the terminal closed (SIGHUP)",
}


class RunInterrupted(Exception):
    """Raised at a safe point once someone asked the run to stop."""

    def __init__(self, reason: str, exit_code: int = 130) -> None:
        super().__init__(reason)
        self.reason = reason
        self.exit_code = exit_code


class Deadline:
    """A whole call's time limit, checked at the same safe points as a stop request: work
    already done is kept and said, work not started is said not done."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self._ends = None if seconds is None else time.monotonic() + seconds

    @property
    def passed(self) -> bool:
        return self._ends is not None and time.monotonic() >= self._ends

    @property
    def reason(self) -> str:
        return f"the time limit of {self.seconds:g} s ran out"

    def checkpoint(self) -> None:
        if self.passed:
            raise RunInterrupted(self.reason, exit_code=2)


class BrowserGone(Exception):
    """The browser crashed, was killed or closed its tab under the run."""


BROWSER_GONE = "the browser closed unexpectedly (it crashed or was killed)"


class StopSignals:
    """While active, turns the first stop signal into a request honoured at the next
    `checkpoint()`, and a second one into KeyboardInterrupt at once."""

    def __init__(self, lang: Lang = "vi") -> None:
        self.lang = lang  # the console's language, for the lines said while stopping
        self.reason = ""
        self.exit_code = 0
        self.holding = False
        self._previous: dict[int, object] = {}

    def __enter__(self) -> StopSignals:
        if threading.current_thread() is threading.main_thread():
            for number in SIGNAL_REASONS:
                self._previous[number] = signal.signal(number, self._received)
        return self

    def __exit__(self, *exc: object) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)  # type: ignore[arg-type]

    def _received(self, number: int, frame: FrameType | None) -> None:
        if self.holding:
            print(say("console.stop_holding", self.lang), file=sys.stderr, flush=True)
            return
        if self.reason:
            raise KeyboardInterrupt
        self.reason = SIGNAL_REASONS[signal.Signals(number)]
        self.exit_code = 128 + number
        print(say("console.stopping", self.lang), file=sys.stderr, flush=True)

    def hold(self) -> None:
        """From now on signals only wait: the run is writing its last records."""
        self.holding = True

    def checkpoint(self) -> None:
        """Between two key presses: end the run here if someone asked it to stop."""
        if self.reason:
            raise RunInterrupted(self.reason, self.exit_code)
