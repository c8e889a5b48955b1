"""`pesp-a11y verify RESULTS_DIR`: serve the page where blind evaluators verify a run."""

from __future__ import annotations

import argparse
from pathlib import Path

from harness.options import LISTEN_PORT
from harness.verify import ANSWERS, VerifyServer, verification_lines


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("verify", help="let evaluators verify a run's narration")
    parser.add_argument("results", metavar="RESULTS_DIR", help="a run folder under results/")
    parser.add_argument("--port", type=LISTEN_PORT, default=0,
                        help="port on 127.0.0.1 (default: free)")
    parser.add_argument("--summary", action="store_true",
                        help="print the answers and the verdicts they settle, and exit")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    run_dir = Path(args.results)
    if args.summary:
        for line in verification_lines(run_dir):
            print(line)
        return 0
    server = VerifyServer(run_dir, args.port)
    print(f"Open {server.url} in your browser to verify the run; Ctrl+C stops the server.",
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print(f"Stopped. Answers are in {run_dir / ANSWERS}.")
    return 0
