"""`pesp-a11y serve`: serve the replica portal for people to explore with their own browser."""

from __future__ import annotations

import argparse

from harness.errors import HarnessError
from harness.options import PORT
from harness.replica.server import FAMILIES, VARIANTS, ReplicaServer, ReplicaSetupError
from harness.reporters.words import LANGS, both, say
from harness.targets import former_unit_line


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("serve", help="serve the replica portal on 127.0.0.1")
    parser.add_argument("--province", default="hue", help="province whose name brands the replica")
    parser.add_argument("--variant", choices=VARIANTS, default="defective")
    parser.add_argument("--family", choices=FAMILIES, default="igate2",
                        help="which platform family to imitate: " + ", ".join(FAMILIES))
    parser.add_argument("--port", type=PORT, default=8765)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from harness.registry import load_registry

    portal = load_registry().find(args.province)
    former = former_unit_line(args.province, "vi")
    if former:
        print(f"{former} / {former_unit_line(args.province, 'en')}", flush=True)
    try:
        replica = ReplicaServer(portal.name_vi, args.variant, args.port, portal.slug,
                                family=args.family)
    except (ReplicaSetupError, OSError) as error:
        raise HarnessError(str(error)) from None
    for lang in LANGS:  # no --lang here: Vietnamese first, then English
        print(say("console.serving", lang, family=args.family, portal=portal.name_vi,
                  variant=say(f"variant.{args.variant}", lang), url=replica.base_url), flush=True)
    try:
        replica.serve_forever()
    except KeyboardInterrupt:
        print(" / ".join(both("console.served").values()))
    return 0
