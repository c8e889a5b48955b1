"""`pesp-a11y verify RESULTS_DIR`: serve the page where blind evaluators verify a run; write
the offline page (verify.html) that works from the folder itself; merge the answers file that
page exports."""

from __future__ import annotations

import argparse
from pathlib import Path

from harness.options import LISTEN_PORT
from harness.verify import (
    ANSWERS,
    VerifyServer,
    import_answers,
    verification_lines,
    write_offline_page,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("verify", help="let evaluators verify a run's narration")
    parser.add_argument("results", metavar="RESULTS_DIR", help="a run folder under results/")
    parser.add_argument("--port", type=LISTEN_PORT, default=0,
                        help="port on 127.0.0.1 (default: free)")
    parser.add_argument("--summary", action="store_true",
                        help="print the answers and the verdicts they settle, and exit")
    parser.add_argument("--offline", action="store_true",
                        help="write verify.html into the folder: it opens from disk in any "
                             "browser, keeps answers in the browser and exports them to a file")
    parser.add_argument("--import", dest="import_file", metavar="FILE",
                        help="merge the answers file the offline page exported, and exit")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    run_dir = Path(args.results)
    if args.import_file:
        steps, asked = import_answers(run_dir, Path(args.import_file))
        print(f"Đã nhập {steps} câu trả lời cho các bước và {asked} câu trả lời cho các tiêu chí "
              f"vào {run_dir / ANSWERS}. / Imported {steps} step answers and {asked} criterion "
              "answers.")
        for line in verification_lines(run_dir):
            print(line)
        return 0
    if args.offline:
        page = write_offline_page(run_dir)
        print(f"Mở tệp này trong trình duyệt, không cần mạng: {page} / Open this file in a "
              "browser; it works offline.")
        return 0
    if args.summary:
        for line in verification_lines(run_dir):
            print(line)
        return 0
    server = VerifyServer(run_dir, args.port)
    print(f"Mở {server.url} trong trình duyệt để kiểm chứng lượt chạy; Ctrl+C để dừng. / Open "
          f"{server.url} in your browser to verify the run; Ctrl+C stops the server.",
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print(f"Đã dừng. Câu trả lời nằm trong {run_dir / ANSWERS}. / Stopped. Answers are in "
              f"{run_dir / ANSWERS}.")
    return 0
