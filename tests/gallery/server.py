"""The widget gallery's server: small forms built from real component libraries, served on
loopback, and a submit endpoint that records what each form really sent.

Tests assert the value the server received, never what the harness says it chose. A page is
`pages/<name>.html`; `{{PROVINCE_OPTIONS}}` in it becomes the 34 units as `<option>` elements
(server-rendered, as real portals send them) and `{{PROVINCES_JSON}}` the same list as a JSON
array (for pages whose script builds the list). Libraries come from `node_modules/` under
`/vendor/`, a bundle built here (Angular Material) from `built/` under `/built/`.
"""

from __future__ import annotations

import html
import json
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

GALLERY = Path(__file__).parent
PAGES = GALLERY / "pages"
PROVINCES: list[str] = json.loads(
    (GALLERY / "provinces.json").read_text(encoding="utf-8"))["provinces"]
CAPTIONS = {"province": "Tỉnh/Thành phố", "birthday": "Ngày sinh"}
EMPTY = "(trống)"
ROOTS = {"vendor": GALLERY / "node_modules", "built": GALLERY / "built"}


def page_names() -> list[str]:
    return sorted(path.stem for path in PAGES.glob("*.html"))


def echo(fields: dict[str, str]) -> str:
    """What the page tells after a submit: each field by its caption, "(trống)" when empty."""
    parts = [f"{CAPTIONS.get(key, key)} = {value.strip() or EMPTY}"
             for key, value in fields.items()]
    return "Đã nhận: " + "; ".join(parts)


def render(name: str) -> str:
    options = "\n".join(f'<option value="{html.escape(p)}">{html.escape(p)}</option>'
                        for p in PROVINCES)
    text = (PAGES / f"{name}.html").read_text(encoding="utf-8")
    return (text.replace("{{PROVINCE_OPTIONS}}", options)
            .replace("{{PROVINCES_JSON}}", json.dumps(PROVINCES, ensure_ascii=False)))


RESULT_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Đã nhận hồ sơ</title></head>
<body><main><h1>Đã nhận hồ sơ</h1><p role="status">{message}</p>
<p><a href="/{name}">Quay lại biểu mẫu</a></p></main></body></html>"""


class GalleryServer:
    """One gallery on 127.0.0.1 at a free port; `received[page]` is the last submit's fields."""

    def __init__(self) -> None:
        self.received: dict[str, dict[str, str]] = {}
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> GalleryServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        gallery = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                path = unquote(urlsplit(self.path).path).strip("/")
                if not path:
                    links = "".join(f'<li><a href="/{n}">{n}</a></li>' for n in page_names())
                    self._send(200, "text/html", f"<!doctype html><html lang='vi'><head>"
                               f"<meta charset='utf-8'><title>Thư viện</title></head><body>"
                               f"<main><h1>Thư viện thành phần</h1><ul>{links}</ul></main>"
                               f"</body></html>")
                    return
                root, _, rest = path.partition("/")
                if root in ROOTS:
                    self._file(ROOTS[root], rest)
                elif not rest and (PAGES / f"{root}.html").is_file():
                    self._send(200, "text/html", render(root))
                else:
                    self._send(404, "text/plain", "not found")

            def do_POST(self) -> None:  # noqa: N802
                path = unquote(urlsplit(self.path).path).strip("/")
                root, _, name = path.partition("/")
                if root != "submit" or not name:
                    self._send(404, "text/plain", "not found")
                    return
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                text = body.decode("utf-8")
                if "json" in (self.headers.get("Content-Type") or ""):
                    fields = {k: str(v) for k, v in json.loads(text or "{}").items()}
                else:
                    fields = dict(parse_qsl(text, keep_blank_values=True))
                gallery.received[name] = fields
                message = echo(fields)
                if "json" in (self.headers.get("Accept") or ""):
                    self._send(200, "application/json",
                               json.dumps({"message": message}, ensure_ascii=False))
                else:
                    self._send(200, "text/html", RESULT_PAGE.format(
                        message=html.escape(message), name=html.escape(name)))

            def _file(self, root: Path, rest: str) -> None:
                target = (root / rest).resolve()
                if root.resolve() not in target.parents or not target.is_file():
                    self._send(404, "text/plain", "not found")
                    return
                kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                self._send(200, kind, target.read_bytes())

            def _send(self, status: int, kind: str, body: str | bytes) -> None:
                data = body.encode("utf-8") if isinstance(body, str) else body
                self.send_response(status)
                charset = "; charset=utf-8" if kind.startswith(("text/", "application/j")) else ""
                self.send_header("Content-Type", kind + charset)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        return Handler


@contextmanager
def serve() -> Iterator[GalleryServer]:
    with GalleryServer() as server:
        yield server


if __name__ == "__main__":  # explore by hand: python tests/gallery/server.py
    with serve() as running:
        print(f"{running.url}/  (Ctrl+C to stop)")
        threading.Event().wait()
