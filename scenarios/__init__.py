"""Scenario scripts: each replays one citizen task with the keyboard alone.

A scenario module has NAME, TITLE and run(scenario). The portal family's data file
(data/<family>.json) names the controls; data/portals/<slug>.json overrides it for one portal.
"""

from scenarios import criminal_record, dossier_lookup

SCENARIOS = {module.NAME: module for module in (criminal_record, dossier_lookup)}
