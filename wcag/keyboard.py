"""Keyboard checks: obstacles met while replaying a scenario, and positive tabindex.

The scenario engine presses the keys; these checks only read what it recorded. Reaching every
control a step needed, by keyboard alone, is the one evidence that lets SC 2.1.1 pass for the
path that was exercised (`keyboard-operable`).
"""

from __future__ import annotations

from harness.findings import Finding
from harness.obstacles import Obstacle
from harness.snapshot import Snapshot
from wcag.commons import visible
from wcag.probe import Check, Outcome, finding_at

CHECK_BY_OBSTACLE = {
    "unreachable": "keyboard-unreachable",
    "trapped": "keyboard-trap",
    "no-effect": "keyboard-no-effect",
    "value-unchanged": "keyboard-value-unchanged",
    "no-file-chooser": "keyboard-no-effect",
    "changes-on-input": "select-changes-on-input",
    "known-by-position": "control-name-misses-label",
    "date-misread": "date-format-not-conveyed",
}
OPERABLE = "keyboard-operable"
STOPS_IN_MESSAGE = 8


def step_outcomes(obstacles: list[Obstacle], keyboard_only: bool) -> list[Outcome]:
    """Outcomes of one replayed step: each obstacle fails its check; a step done by keyboard
    alone, with keys pressed and no obstacle, passes `keyboard-operable`."""
    outcomes: dict[str, Outcome] = {}
    for obstacle in obstacles:
        check_id = CHECK_BY_OBSTACLE[obstacle.kind]
        outcome = outcomes.setdefault(check_id, Outcome(check_id, applicable=True))
        outcome.findings.append(_obstacle_finding(check_id, obstacle))
    if keyboard_only and not obstacles:
        outcomes[OPERABLE] = Outcome(OPERABLE, applicable=True)
    return list(outcomes.values())


def walk_outcomes(outcome: str, loop: list[dict], why: str) -> list[Outcome]:
    """What a Tab walk over a page shows: a loop Tab and Escape cannot leave (or a script
    that keeps taking focus back) is a keyboard trap on the loop's first stop; a walk cut
    short (its presses ran out, or the page's script did not yield) leaves the question open.
    A walk that came round the page shows no trap, and no more: it operated nothing."""
    if outcome in ("trapped", "thief"):
        obstacle = Obstacle("trapped", "the rest of the page", why,
                            target=loop[0]["target"] if loop else [], stops=loop)
        return step_outcomes([obstacle], keyboard_only=False)
    if outcome in ("budget", "stopped"):
        return [Outcome("keyboard-trap", review=why)]
    return [Outcome("keyboard-trap", applicable=True)]


def _obstacle_finding(check_id: str, obstacle: Obstacle) -> Finding:
    visited = [s.get("name") or s.get("role") or s.get("tag") for s in obstacle.stops]
    route = ", ".join(str(v) for v in visited[:STOPS_IN_MESSAGE])
    if len(visited) > STOPS_IN_MESSAGE:
        route += f" and {len(visited) - STOPS_IN_MESSAGE} more"
    message = f"{obstacle.wanted}: {obstacle.detail}."
    if route:
        message += f" Focus went to: {route}."
    return finding_at(check_id, obstacle.target or ["html"], obstacle.html, message)


def tabindex_positive(snapshot: Snapshot) -> Outcome:
    """Positive tabindex puts controls ahead of the reading order, so Tab jumps around."""
    outcome = Outcome("tabindex-positive")
    for node in snapshot.elements():
        raw = node.attrs.get("tabindex", "").strip()
        if not visible(node) or not raw.lstrip("-").isdigit():
            continue
        outcome.applicable = True
        if int(raw) > 0:
            outcome.fail(
                node,
                f'tabindex="{raw}" moves this control ahead of the page order: Tab reaches it '
                "before what comes first on screen",
            )
    return outcome


CHECKS: dict[str, Check] = {"tabindex-positive": tabindex_positive}
