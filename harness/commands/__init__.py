"""Sub-commands of `pesp-a11y`; each module has `register(subparsers)` setting `func`."""

from harness.commands import audit, bench, portals, run, serve, transcript, verify

COMMANDS = [run, audit, transcript, verify, portals, serve, bench]
