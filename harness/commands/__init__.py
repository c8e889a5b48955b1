"""Sub-commands of `pesp-a11y`; each module has `register(subparsers)` setting `func`."""

from harness.commands import (
    audit,
    baseline,
    bench,
    compare,
    portals,
    probe_live,
    report,
    run,
    serve,
    speak,
    table,
    transcript,
    verify,
)

COMMANDS = [run, audit, report, transcript, verify, portals, serve, bench, baseline, compare, table,
            probe_live, speak]
