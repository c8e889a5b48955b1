"""The citizen tasks, each replayed with the keyboard alone, described as data.

A task's flow lives in data/flows/<family>.json (docs/flows.md); data/<family>.json names the
controls, and data/portals/<slug>.json overrides either for one portal. SCENARIOS holds the
default family's tasks, each with NAME, TITLE and run(scenario); a run on a given portal uses the
tasks of that portal's data (`portal_data(...)[0]["tasks"]`).
"""

from harness.flow import Task
from harness.scenario_data import DEFAULT_FAMILY, portal_data

SCENARIOS: dict[str, Task] = portal_data(DEFAULT_FAMILY, "")[0]["tasks"]
