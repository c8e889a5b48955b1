"""The replica portals: a loopback web server that imitates a portal of one platform family.

Live portals cannot be reached from the test machines, so the project ships its own imitations,
one per platform family (``FAMILIES``: VNPT iGate 2.0 and 1.0, the national portal, the
justice-sector eForm, Liferay and ASP.NET "portaldvc"). Each comes in two variants:
``defective`` carries the defects that reviews and blind testers report (listed in the family's
``defects.json``), ``accessible`` is the same flow fixed the way the WAI-ARIA Authoring
Practices fix it. Pages are Jinja2 templates; routes live in each family's page modules
(``FAMILY_ROUTES``), written against the HTTP types of ``web.py``; this module only serves them."""

from __future__ import annotations

import mimetypes
import re
import secrets
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape

from harness.loopback import LoopbackServer
from harness.replica.igate1 import pages as igate1_pages
from harness.replica.igate2 import application as igate2_application
from harness.replica.igate2 import pages as igate2_pages
from harness.replica.justice_eform import pages as justice_eform_pages
from harness.replica.liferay import pages as liferay_pages
from harness.replica.national import pages as national_pages
from harness.replica.portaldvc import pages as portaldvc_pages
from harness.replica.shared import load_accounts
from harness.replica.web import (
    Request,
    Response,
    RouteTable,
    UploadedFile,
    json_response,
    parse_body,
    redirect,
)

HERE = Path(__file__).parent
VARIANTS = ("defective", "accessible")
# the platform families the replica imitates: the package of their pages, templates, static
# files, flow file (path.json) and defect catalogue (defects.json)
FAMILY_DIRS = {"igate2": HERE / "igate2", "national": HERE / "national",
               "igate1": HERE / "igate1", "liferay": HERE / "liferay",
               "portaldvc": HERE / "portaldvc", "justice-eform": HERE / "justice_eform"}
# and the routes of their page modules
FAMILY_ROUTES: dict[str, RouteTable] = {
    "igate2": {**igate2_pages.ROUTES, **igate2_application.ROUTES},
    "national": national_pages.ROUTES,
    "igate1": igate1_pages.ROUTES,
    "justice-eform": justice_eform_pages.ROUTES,
    "liferay": liferay_pages.ROUTES,
    "portaldvc": portaldvc_pages.ROUTES,
}
FAMILIES = tuple(FAMILY_DIRS)
CAPTCHA_IMAGE = re.compile(r"/captcha/([0-9a-f]{16})\.")  # the replica's CAPTCHA image addresses
FAULTS = ("error", "hang")  # how a misbehaving portal fails a request: HTTP 500, or no answer
VENDOR_DIRS = {
    "formio": HERE / "node_modules" / "@formio" / "js" / "dist",
    "bootstrap": HERE / "node_modules" / "bootstrap" / "dist",
    "flatpickr": HERE / "node_modules" / "flatpickr" / "dist",
    "jquery": HERE / "node_modules" / "jquery" / "dist",
    "jquery-ui": HERE / "node_modules" / "jquery-ui" / "dist",
    "select2": HERE / "node_modules" / "select2" / "dist",
}


class ReplicaSetupError(RuntimeError):
    """The replica cannot start (its front-end libraries are not installed, bad variant)."""


@dataclass
class ReplicaState:
    """What the replica remembers between requests: sessions, CAPTCHAs and received dossiers.

    ``submissions`` records every final submission that reached the server, so a test can prove
    that a run in live mode never sent one.
    """

    sessions: dict[str, dict] = field(default_factory=dict)
    captchas: dict[str, str] = field(default_factory=dict)
    submissions: list[dict] = field(default_factory=list)
    dossiers: dict[str, dict] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def new_captcha(self) -> tuple[str, str]:
        """Return (captcha id, code): five digits, as the real portals use."""
        captcha_id = secrets.token_hex(8)
        code = "".join(secrets.choice("0123456789") for _ in range(5))
        with self.lock:
            self.captchas[captcha_id] = code
        return captcha_id, code

    def receive(self, dossier: dict, submission: dict) -> None:
        """Record a final submission and the dossier a lookup can then find by its code."""
        with self.lock:
            self.submissions.append(submission)
            self.dossiers[dossier["code"]] = dossier

    def check_captcha(self, captcha_id: str, answer: str) -> bool:
        with self.lock:
            expected = self.captchas.get(captcha_id)
        return expected is not None and answer.strip() == expected


def _all_routes(family: str) -> RouteTable:
    return {**FAMILY_ROUTES[family], **_REPLICA_ONLY_ROUTES}


def _captcha_answer(request: Request) -> Response:
    """Replica-only channel: the code a sighted assistant would read aloud from the image."""
    code = request.replica.state.captchas.get(request.query.get("id", ""))
    if code is None:
        return json_response({"error": "unknown captcha id"}, status=404)
    return json_response({"id": request.query["id"], "code": code})


def _submissions(request: Request) -> Response:
    return json_response(request.replica.state.submissions)


def _sign_in(request: Request) -> Response:
    """Replica-only: sign in as the first synthetic account, for page-by-page audits."""
    account = load_accounts()[0]
    request.session["user"] = {k: v for k, v in account.items() if k != "password"}
    return redirect(request.query.get("next", "/"))


_REPLICA_ONLY_ROUTES: RouteTable = {
    ("GET", r"/__replica__/sign-in"): _sign_in,
    ("GET", r"/__replica__/captcha-answer"): _captcha_answer,
    ("GET", r"/__replica__/submissions"): _submissions,
}


class ReplicaServer(LoopbackServer):
    """Serve the replica of one platform family for one province and one variant on 127.0.0.1
    (a free port by default).

    Use as a context manager:
    ``with ReplicaServer("Huế", "defective") as replica: replica.url("/")``.
    """

    def __init__(
        self,
        province_name: str = "Huế",
        variant: str = "defective",
        port: int = 0,
        province_slug: str = "hue",
        faults: dict[str, str] | None = None,
        family: str = "igate2",
    ) -> None:
        """`faults` maps path patterns to a fault, so tests can rehearse a portal that errors
        ("error": HTTP 500) or hangs ("hang": no answer until the server stops) mid-flow."""
        if family not in FAMILIES:
            raise ReplicaSetupError(
                f"no replica of the platform family {family!r}; replicas: {', '.join(FAMILIES)}"
            )
        if variant not in VARIANTS:
            raise ReplicaSetupError(
                f"unknown replica variant {variant!r}; choose one of: {', '.join(VARIANTS)}"
            )
        missing = [name for name, path in VENDOR_DIRS.items() if not path.is_dir()]
        if missing:
            raise ReplicaSetupError(
                "the replica's front-end libraries are not installed "
                f"({', '.join(missing)}); run `make setup` (npm install in harness/replica)"
            )
        self.province_name = province_name
        self.province_slug = province_slug
        self.variant = variant
        self.family = family
        self.files = FAMILY_DIRS[family]
        self.state = ReplicaState()
        self.templates = Environment(
            loader=FileSystemLoader(self.files / "templates"),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.routes = [
            (method, re.compile(pattern + r"/?\Z"), handler)
            for (method, pattern), handler in _all_routes(family).items()
        ]
        unknown = sorted(set((faults or {}).values()) - set(FAULTS))
        if unknown:
            raise ReplicaSetupError(
                f"unknown fault {unknown[0]!r}; choose one of: {', '.join(FAULTS)}"
            )
        self.faults = [(re.compile(pattern), fault) for pattern, fault in (faults or {}).items()]
        self.stopping = threading.Event()
        super().__init__(self._handler_class(), port)

    def url(self, path: str) -> str:
        return self.base_url + path

    def captcha_code_shown(self, image_addresses: list[str]) -> str | None:
        """The code a sighted assistant would read aloud from the last CAPTCHA image among
        those a page shows: the replica's stand-in for a person at the terminal."""
        ids = [m.group(1) for src in image_addresses if (m := CAPTCHA_IMAGE.search(src))]
        return self.state.captchas.get(ids[-1]) if ids else None

    def render(self, request: Request, template: str, **context: object) -> Response:
        """Render a page template with what every page needs (province, variant, session)."""
        page = self.templates.get_template(template).render(
            province_name=self.province_name,
            province_slug=self.province_slug,
            variant=self.variant,
            accessible=self.variant == "accessible",
            session=request.session,
            request=request,
            **context,
        )
        return Response(body=page.encode())

    # -- request handling -------------------------------------------------------------------

    def dispatch(self, request: Request) -> Response:
        for pattern, fault in self.faults:
            if pattern.search(request.path):
                if fault == "hang":
                    self.stopping.wait()
                return self.error_page(request, 500, "server_error.html")
        if request.method == "GET" and request.path.startswith("/vendor/"):
            return self._vendor_file(request.path)
        if request.method == "GET" and request.path.startswith("/static/"):
            return self._file(self.files / "static", request.path.removeprefix("/static/"))
        for method, pattern, handler in self.routes:
            match = pattern.match(request.path)
            if match and method == request.method:
                return handler(request, **match.groupdict())
        return self.not_found(request)

    def not_found(self, request: Request) -> Response:
        return self.error_page(request, 404, "not_found.html")

    def error_page(self, request: Request, status: int, template: str) -> Response:
        response = self.render(request, template)
        response.status = status
        return response

    def stop(self) -> None:
        self.stopping.set()  # release the requests a "hang" fault holds
        super().stop()

    def _vendor_file(self, path: str) -> Response:
        _, _, library, rest = path.split("/", 3) if path.count("/") >= 3 else ("", "", "", "")
        base = VENDOR_DIRS.get(library)
        if base is None:
            return Response(b"not found", status=404, content_type="text/plain")
        return self._file(base, rest)

    @staticmethod
    def _file(base: Path, relative: str) -> Response:
        target = (base / relative).resolve()
        if not target.is_file() or base.resolve() not in target.parents:
            return Response(b"not found", status=404, content_type="text/plain")
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith("javascript"):
            content_type += "; charset=utf-8"
        return Response(
            target.read_bytes(), content_type=content_type,
            headers={"Cache-Control": "max-age=3600"},
        )

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        replica = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                self._serve("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._serve("POST")

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                """Keep the console quiet: a screen-reader user should not hear access logs."""

            def _serve(self, method: str) -> None:
                parts = urlsplit(self.path)
                form, files = self._read_body() if method == "POST" else ({}, {})
                session_id, session = self._session()
                request = Request(
                    method=method,
                    path=parts.path,
                    query={k: v[-1] for k, v in parse_qs(parts.query).items()},
                    form=form,
                    files=files,
                    session=session,
                    replica=replica,
                )
                try:
                    response = replica.dispatch(request)
                except Exception as error:  # a replica bug must show as a 500, as on a portal
                    response = Response(
                        f"replica error: {error}".encode(), status=500, content_type="text/plain"
                    )
                self.send_response(response.status, HTTPStatus(response.status).phrase)
                self.send_header("Content-Type", response.content_type)
                self.send_header("Content-Length", str(len(response.body)))
                self.send_header("Set-Cookie", f"replica_session={session_id}; Path=/; HttpOnly")
                for name, value in response.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(response.body)

            def _session(self) -> tuple[str, dict]:
                cookie = SimpleCookie(self.headers.get("Cookie", ""))
                session_id = cookie["replica_session"].value if "replica_session" in cookie else ""
                with replica.state.lock:
                    if session_id not in replica.state.sessions:
                        session_id = secrets.token_hex(12)
                        replica.state.sessions[session_id] = {}
                    return session_id, replica.state.sessions[session_id]

            def _read_body(self) -> tuple[dict[str, str], dict[str, UploadedFile]]:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                return parse_body(self.headers.get("Content-Type", ""), body)

        return _Handler

