"""Blind evaluators verify a run: a local page, usable with a screen reader and the keyboard
alone, that plays each step's audio with its text and records, per step, whether the narration
matches what their own screen reader says.

Answers are written to `verification.json` in the run folder the moment each is saved (a temp
file renamed over the old one), so a reload or a crash loses nothing.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape

from harness.errors import HarnessError

TEMPLATES = Path(__file__).parent / "templates"
ANSWERS = "verification.json"
VERDICTS = {
    "match": ("Khớp với trình đọc màn hình của tôi", "Matches my screen reader"),
    "differs": ("Khác với trình đọc màn hình của tôi", "Differs from my screen reader"),
    "blocked": ("Tôi bị kẹt ở bước này", "I was blocked here"),
}


def load_steps(run_dir: Path) -> list[dict]:
    """The run's steps with their utterances, audio and automated findings."""
    transcript = run_dir / "transcript.jsonl"
    if not run_dir.is_dir():
        raise HarnessError(f"{run_dir} is not a results folder")
    if not transcript.is_file():
        raise HarnessError(f"{run_dir} has no transcript.jsonl: is it a run folder?")
    try:
        steps = [json.loads(line) for line in transcript.read_text(encoding="utf-8").splitlines()]
        pages_file = run_dir / "pages.jsonl"
        pages = [json.loads(line) for line in pages_file.read_text(encoding="utf-8").splitlines()
                 ] if pages_file.is_file() else []
    except json.JSONDecodeError as error:
        raise HarnessError(f"malformed results in {run_dir}: {error}") from None
    findings = {(p.get("scenario"), p.get("step")): p.get("findings", []) for p in pages}
    for step in steps:
        step["key"] = f"{step['scenario']}-{step['step']}"
        step["findings"] = findings.get((step["scenario"], step["step"]), [])
    return steps


def load_answers(run_dir: Path) -> dict:
    path = run_dir / ANSWERS
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8")).get("answers", {})


def save_answer(run_dir: Path, key: str, verdict: str, heard: str, comment: str) -> None:
    if verdict not in VERDICTS and verdict != "":
        raise HarnessError(f"unknown answer {verdict!r}")
    with _LOCK:
        answers = load_answers(run_dir)
        answers[key] = {"verdict": verdict, "heard": heard.strip(), "comment": comment.strip(),
                        "saved_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        data = json.dumps({"answers": answers}, ensure_ascii=False, indent=2) + "\n"
        _write_atomically(run_dir / ANSWERS, data)
    # the answers in plain sentences beside summary.txt, for the run's report
    _write_atomically(run_dir / "verification.txt", "\n".join(verification_lines(run_dir)) + "\n")


def _write_atomically(path: Path, text: str) -> None:
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temp, path)


def verification_lines(run_dir: Path) -> list[str]:
    """The evaluators' answers in plain sentences, for the console and the report."""
    steps = {step["key"]: step for step in load_steps(run_dir)}
    answers = load_answers(run_dir)
    if not answers:
        return ["No step has been verified yet."]
    given = [answer["verdict"] for answer in answers.values()]
    counts = {verdict: given.count(verdict) for verdict in VERDICTS}
    lines = [f"Verified {len(answers)} of {len(steps)} steps: {counts['match']} match, "
             f"{counts['differs']} differ, {counts['blocked']} blocked."]
    for key, answer in answers.items():
        step = steps.get(key, {"scenario": key, "step": "?", "name": ""})
        told = f"  {step['scenario']} step {step['step']}, {step['name']}: "
        told += VERDICTS[answer["verdict"]][1].lower() if answer["verdict"] else "no answer"
        if answer["heard"]:
            told += f"; heard: {answer['heard']}"
        if answer["comment"]:
            told += f"; comment: {answer['comment']}"
        lines.append(told + ".")
    return lines


_LOCK = threading.Lock()


class VerifyServer:
    """Serves the verification page of one run folder on 127.0.0.1."""

    def __init__(self, run_dir: Path, port: int = 0) -> None:
        self.run_dir = run_dir
        self.steps = load_steps(run_dir)
        self.templates = Environment(loader=FileSystemLoader(TEMPLATES),
                                     autoescape=select_autoescape(["html"]))
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._httpd.daemon_threads = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/"

    def page(self, saved: str = "", error: str = "") -> bytes:
        meta_file = self.run_dir / "run.json"
        meta = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.is_file() else {}
        return self.templates.get_template("verify.html").render(
            steps=self.steps, answers=load_answers(self.run_dir), verdicts=VERDICTS, meta=meta,
            saved=saved, error=error, quote=quote,
        ).encode()

    def __enter__(self) -> VerifyServer:
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def serve_forever(self) -> None:
        try:
            self._httpd.serve_forever()
        finally:
            self._httpd.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                """Quiet: the console is read by a screen reader."""

            def do_GET(self) -> None:  # noqa: N802
                parts = urlsplit(self.path)
                if parts.path.startswith("/audio/"):
                    self._audio(parts.path.removeprefix("/audio/"))
                    return
                query = parse_qs(parts.query)
                self._send(200, "text/html; charset=utf-8",
                           server.page(saved=query.get("saved", [""])[0]))

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[-1] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                key = form.get("step", "")
                if key not in {step["key"] for step in server.steps}:
                    self._send(400, "text/html; charset=utf-8",
                               server.page(error="Không rõ bước cần lưu."))
                    return
                try:
                    save_answer(server.run_dir, key, form.get("verdict", ""),
                                form.get("heard", ""), form.get("comment", ""))
                except (HarnessError, OSError) as error:
                    self._send(500, "text/html; charset=utf-8", server.page(error=str(error)))
                    return
                self.send_response(303)
                self.send_header("Location", f"/?saved={quote(key)}#saved")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def _audio(self, name: str) -> None:
                audio_dir = (server.run_dir / "audio").resolve()
                target = (audio_dir / name).resolve()
                if target.parent != audio_dir or not target.is_file():
                    self._send(404, "text/plain; charset=utf-8", b"not found")
                    return
                self._send(200, "audio/wav", target.read_bytes())

            def _send(self, status: int, content_type: str, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler
