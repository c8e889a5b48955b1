"""Sub-commands of `pesp-a11y`; each module has `register(subparsers)` setting `func`."""

from harness.commands import audit, portals, run, serve, transcript

COMMANDS = [run, audit, transcript, portals, serve]
