"""What a run checks: the replica on loopback, or a province's live portal.

Live portals are real government services: before the browser starts, a plain HTTP request
tells whether the portal answers, so an unreachable one fails in one clear line.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from harness.errors import HarnessError
from harness.registry import Portal, load_registry
from harness.replica.server import ReplicaServer, ReplicaSetupError

DEMO = "demo"
DEMO_BRAND = "hue"


@dataclass
class Target:
    province: str
    kind: str  # "replica" or "live"
    portal: Portal
    base_url: str
    variant: str | None = None
    replica: ReplicaServer | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def family(self) -> str | None:
        return "igate2" if self.replica is not None else self.portal.family


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
            yield Target(DEMO if is_demo else portal.slug, "replica", portal, server.base_url,
                         variant, server)
        return
    check_reachable(portal)
    notes = [] if portal.address == "seen" else [
        f"the address {portal.base_url} follows the naming pattern and is not confirmed"
    ]
    if portal.address_note:
        notes.append(f"about the address: {portal.address_note}")
    yield Target(portal.slug, "live", portal, portal.base_url.rstrip("/"), notes=notes)


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
