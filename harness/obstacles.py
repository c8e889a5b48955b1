"""Obstacles: what stood in a keyboard user's way during a step, as facts for the checks.

The scenario engine records an obstacle when the keyboard could not do what a step needed (a
control Tab never reaches, a loop Tab cannot leave, a key that did nothing); the keyboard checks
(`wcag/keyboard.py`) turn obstacles into findings.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# "changes-on-input" hinders without blocking: a drop-down that submits the page when an arrow
# key changes it (the keyboard still chooses through its list: Alt+Down, arrows, Enter)
# key, and "known-by-position" neither: a field found only by the text before it, its own name
# saying something else (a labelling failure, not a keyboard one); "date-misread" neither: a
# typed date the field took as another one where the page gave no format
KINDS = ("unreachable", "trapped", "no-effect", "value-unchanged", "no-file-chooser",
         "changes-on-input", "known-by-position", "date-misread")


@dataclass
class Obstacle:
    kind: str  # one of KINDS
    wanted: str  # what the step wanted, e.g. "link 'Nộp trực tuyến'"
    detail: str
    target: list[str] = field(default_factory=list)  # the element, when found by other means
    html: str = ""
    stops: list[dict] = field(default_factory=list)  # the focus stops visited, in order
    attempts: list[dict] = field(default_factory=list)  # ways tried: keys and what was heard

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown obstacle kind {self.kind!r}")

    def to_json(self) -> dict:
        return asdict(self)
