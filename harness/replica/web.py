"""The small HTTP layer every replica family's pages are written against.

Page modules import their request and response types from here, never from ``server.py``, so
the server can import every family at module level without an import circle.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

if TYPE_CHECKING:  # for annotations only: the server imports this module
    from harness.replica.server import ReplicaServer


@dataclass
class UploadedFile:
    filename: str
    content_type: str
    size: int


@dataclass
class Request:
    """One HTTP request as a page handler sees it."""

    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    files: dict[str, UploadedFile]
    session: dict
    replica: ReplicaServer

    @property
    def variant(self) -> str:
        return self.replica.variant

    @property
    def accessible(self) -> bool:
        return self.replica.variant == "accessible"


@dataclass
class Response:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


def redirect(location: str) -> Response:
    return Response(status=303, headers={"Location": location})


def json_response(data: object, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False).encode()
    return Response(body=body, status=status, content_type="application/json; charset=utf-8")


Handler = Callable[..., Response]
RouteTable = dict[tuple[str, str], Handler]


def parse_body(
    content_type: str, body: bytes
) -> tuple[dict[str, str], dict[str, UploadedFile]]:
    """Form fields and uploaded files of a POST body (multipart, JSON or url-encoded)."""
    if content_type.startswith("multipart/form-data"):
        return _parse_multipart(content_type, body)
    if content_type.startswith("application/json"):
        data = json.loads(body or b"{}")
        return {k: v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}, {}
    parsed = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    return {k: v[-1] for k, v in parsed.items()}, {}


def _parse_multipart(
    content_type: str, body: bytes
) -> tuple[dict[str, str], dict[str, UploadedFile]]:
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    form: dict[str, str] = {}
    files: dict[str, UploadedFile] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        payload = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        if filename is not None:
            files[name] = UploadedFile(filename, part.get_content_type(), len(payload))
        else:
            form[name] = payload.decode("utf-8", "replace")
    return form, files
