"""What a run checks: the replica on loopback, or a province's live portal.

Live portals are real government services: before the browser starts, a plain HTTP request
tells whether the portal answers, so an unreachable one fails in one clear line.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from harness.errors import HarnessError
from harness.registry import Portal, load_registry
from harness.replica.server import ReplicaServer, ReplicaSetupError

REPLICA_PATH_FILE = Path(__file__).parent / "replica" / "path.json"
DEMO = "demo"
DEMO_BRAND = "hue"


@dataclass
class Page:
    name: str
    url: str
    signed_in: bool = False


@dataclass
class Target:
    province: str
    kind: str  # "replica" or "live"
    portal: Portal
    variant: str | None
    pages: list[Page]
    sign_in_url: str | None = None
    notes: list[str] = field(default_factory=list)


@contextmanager
def open_target(province: str, replica: bool, variant: str) -> Iterator[Target]:
    """Yield the target of a run; a replica is served for as long as the run lasts."""
    slug = province.strip().lower() or DEMO
    is_demo = slug == DEMO
    portal = load_registry().find(DEMO_BRAND if is_demo else slug)
    if replica or is_demo:
        try:
            server = ReplicaServer(portal.name_vi, variant, province_slug=portal.slug)
        except ReplicaSetupError as error:
            raise HarnessError(str(error)) from None
        with server:
            yield Target(
                province=DEMO if is_demo else portal.slug,
                kind="replica",
                portal=portal,
                variant=variant,
                pages=replica_pages(server),
                sign_in_url=server.url("/__replica__/sign-in"),
            )
        return
    check_reachable(portal)
    notes = [] if portal.address == "seen" else [
        f"the address {portal.base_url} follows the naming pattern and is not confirmed"
    ]
    if portal.address_note:
        notes.append(f"about the address: {portal.address_note}")
    notes.append("live runs check the home page only until the keyboard replay covers the path")
    home = Page("Trang chủ", portal.base_url)
    yield Target(portal.slug, "live", portal, None, [home], notes=notes)


def replica_pages(server: ReplicaServer) -> list[Page]:
    data = json.loads(REPLICA_PATH_FILE.read_text(encoding="utf-8"))
    return [
        Page(p["name"], server.url(p["path"]), bool(p.get("signed_in"))) for p in data["pages"]
    ]


def check_reachable(portal: Portal, timeout_s: float = 15.0) -> None:
    request = urllib.request.Request(portal.base_url, headers={"User-Agent": "pesp-a11y"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s):
            return
    except urllib.error.HTTPError:
        return  # it answered; the page check will report the status
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise HarnessError(
            f"cannot reach {portal.base_url} ({reason}); to check the replica portal "
            f"instead, use REPLICA=1 with make or --replica"
        ) from None
