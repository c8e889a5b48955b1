"""Pages the tests serve themselves on loopback: hostile, broken or not pages at all.

`serve({path: page})` answers each path with its page: an HTML string, or a tuple
(status, content type, body bytes, extra headers) for anything else; other paths are 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler

from harness.loopback import LoopbackServer

Answer = str | tuple[int, str, bytes, dict[str, str]]


def serve(pages: Mapping[str, Answer]) -> LoopbackServer:
    """A loopback server for these pages; use it as a context manager."""

    class Pages(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            answer = pages.get(self.path, (404, "text/plain", b"no such page", {}))
            if isinstance(answer, str):
                answer = (200, "text/html; charset=utf-8", answer.encode(), {})
            status, kind, body, headers = answer
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            """Quiet: the test output is the harness's."""

    return LoopbackServer(Pages)
