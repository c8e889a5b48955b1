"""Console output that reads well with a screen reader.

Plain mode (``--plain``, PESP_PLAIN=1, or whenever output is not a terminal) prints whole
sentences on their own lines: no spinners, no colours, no box drawing. Otherwise the same lines
are printed through rich, with colour only as an extra.
"""

from __future__ import annotations

import os
import sys

from rich.console import Console

from harness.safe_text import visible_lines

STYLES = {"fail": "bold red", "pass": "green", "no-failure-found": "cyan", "inconclusive": "yellow",
          "heading": "bold"}


class Reporter:
    def __init__(self, plain: bool = False, stream=None) -> None:
        self.stream = stream or sys.stdout
        self.plain = plain or bool(os.environ.get("PESP_PLAIN")) or not self.stream.isatty()
        self._rich = None if self.plain else Console(file=self.stream, highlight=False)

    def line(self, text: str = "", style: str | None = None) -> None:
        """Print one message; any page text in it is shown safely (no terminal escapes)."""
        text = visible_lines(text)
        if self._rich is None:
            print(text, file=self.stream, flush=True)
        else:
            self._rich.print(text, style=STYLES.get(style or "", style), markup=False)
