"""What a run checks: the replica on loopback, where a province's citizens apply live, or any
address with a portal profile (`--base-url URL --profile FILE`).

Since 27 June 2025 a citizen of any province applies on the national portal and chooses that
province's police as receiving agency in the national form; so a live run of a province targets
the national portal with the province's receiving agency, and `legacy=True` (`--legacy`) checks
the province's own 2024-review portal instead, for comparison with the published reviews.

Live portals are real government services: before the browser starts, a plain HTTP request
tells whether the portal answers, so an unreachable one fails in one clear line. An address
given with `--base-url` is live unless it is loopback or its host is the one the user named with
`--staging HOST`: only there may a run send the final submit or answer a CAPTCHA with a fixed
code (`--captcha-code`).
"""

from __future__ import annotations

import ipaddress
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from harness import scenario_data
from harness.errors import HarnessError
from harness.registry import LegacyUnit, Portal, Registry, load_registry
from harness.replica.server import FAMILIES, ReplicaServer, ReplicaSetupError
from harness.reporters.words import Lang, say

DEMO = "demo"
DEMO_BRAND = "hue"
LOOPBACK, STAGING, LIVE = "loopback", "staging", "live"
NO_FLOW = ("no task to replay: this portal's family has no flow file "
           "(scenarios/data/flows/{family}.json)")


@dataclass
class Target:
    province: str
    kind: str  # "replica", "live", or for --base-url also "loopback" or "staging"
    portal: Portal
    base_url: str
    variant: str | None = None
    replica: ReplicaServer | None = None
    notes: list[str] = field(default_factory=list)
    profile: str | None = None  # the portal profile file of a --base-url run
    captcha_code: str | None = None  # a test deployment's fixed code (loopback or staging only)
    # reads the code from the addresses of the images a page shows, where someone can (replica)
    captcha_reader: Callable[[list[str]], str | None] | None = None
    # the province's police, chosen in the national form (the flow's name "receiving_agency")
    receiving_agency: str | None = None

    @property
    def family(self) -> str | None:
        return self.replica.family if self.replica is not None else self.portal.family


@contextmanager
def open_target(province: str, replica: bool, variant: str,
                family: str = "igate2", legacy: bool = False) -> Iterator[Target]:
    """Yield the target of a run; a replica (of `family`) is served for as long as the run
    lasts. Live, a province is checked where its citizens apply today, the national portal,
    unless `legacy` asks for its own 2024-review portal."""
    slug = province.strip().lower() or DEMO
    is_demo = slug == DEMO
    registry = load_registry()
    portal = registry.find(DEMO_BRAND if is_demo else slug)
    if legacy and (replica or is_demo):
        raise HarnessError("--legacy checks a province's own live portal; it does not go with "
                           "--replica or the demo")
    if legacy and portal.kind == "national":
        raise HarnessError("--legacy needs a province: the national portal has no 2024-review "
                           "portal of its own")
    agency = portal.receiving_agency
    if replica or is_demo:
        try:
            server = ReplicaServer(portal.name_vi, variant, province_slug=portal.slug,
                                   family=family)
        except ReplicaSetupError as error:
            raise HarnessError(str(error)) from None
        with server:
            yield Target(DEMO if is_demo else portal.slug, "replica", portal, server.base_url,
                         variant, server, captcha_reader=server.captcha_code_shown,
                         receiving_agency=agency)
        return
    live = portal if legacy or portal.kind == "national" else registry.national
    check_reachable(live)
    notes = _address_notes(live)
    if legacy:
        state = registry.portal_states[portal.portal_state or ""]["en"]
        notes.append(f"this is the 2024-review portal of {portal.name_vi}, checked for "
                     f"comparison: since 27 June 2025 its citizens apply on the national portal; "
                     f"its state since then is {state}")
    elif agency:
        notes.append(f"since 27 June 2025 citizens of {portal.name_vi} apply on the national "
                     f"portal; the flow chooses the receiving agency {agency}")
    yield Target(portal.slug, "live", live, live.base_url.rstrip("/"), notes=notes,
                 receiving_agency=agency)


def former_unit_line(name: str, lang: Lang) -> str | None:
    """One line when `name` is a province as it was before 1 July 2025 ("Hà Giang"): which
    unit it belongs to since then, whose data and police the run uses; None otherwise."""
    registry = load_registry()
    unit = registry.former_unit(name)
    if unit is None:
        return None
    key = "console.former_unit" + ("_unconfirmed" if unit.absorbed_by_mark == "pattern" else "")
    return say(key, lang, old=unit.name_vi, unit=registry.get(unit.absorbed_by).name_vi)


def legacy_family(unit: LegacyUnit, registry: Registry) -> str | None:
    """The platform family of a review-era unit's own portal: the registry's word for the unit
    when it has one, else that of the current unit at the very same address (the same portal);
    None when not known, never a guess from a neighbour."""
    own = getattr(unit, "family", None)
    if own:
        return str(own)
    address = unit.base_url.rstrip("/")
    return next((portal.family for portal in registry.current
                 if portal.base_url.rstrip("/") == address and portal.family), None)


@contextmanager
def open_legacy_replica(name: str, variant: str) -> Iterator[Target]:
    """A review-era unit's own 2024 portal, on the replica of its platform family and branded
    with its name (`run --province UNIT --legacy --replica`); a unit whose family is unknown or
    has no replica is refused in one line, never run with another family's names."""
    registry = load_registry()
    unit = registry.legacy_unit(name)
    family = legacy_family(unit, registry)
    if family is None:
        raise HarnessError(f"the platform family of {unit.name_vi}'s 2024 portal is not known: "
                           "there is no replica to run it on")
    if family not in FAMILIES:
        raise HarnessError(f"{unit.name_vi}'s 2024 portal is of the {family} family, which has "
                           f"no replica yet (replicas: {', '.join(FAMILIES)})")
    portal = Portal(slug=unit.slug, name_vi=unit.name_vi, name_ascii=unit.name_ascii,
                    base_url=unit.base_url, address=unit.address, family=family,
                    paths=unit.paths)
    try:
        server = ReplicaServer(unit.name_vi, variant, province_slug=unit.slug, family=family)
    except ReplicaSetupError as error:
        raise HarnessError(str(error)) from None
    notes = [f"the replica of {unit.name_vi}'s 2024-review portal ({family} family), for "
             "comparison with the published reviews"]
    with server:
        yield Target(unit.slug, "replica", portal, server.base_url, variant, server, notes,
                     captcha_reader=server.captcha_code_shown)


def target_data(target: Target) -> tuple[dict, list[str]]:
    """The family data a run of this target plays, with the province's police as the names'
    "receiving_agency", and notes for the report. The national portal's form is unlike any
    provincial family's: without its own data and flow files this stops (NO_FLOW), never
    guessing with another family's names."""
    family = target.family
    data_dir = scenario_data.DATA
    if family == load_registry().national.family and not all(
            path.is_file() for path in (data_dir / f"{family}.json",
                                        data_dir / "flows" / f"{family}.json")):
        raise HarnessError(NO_FLOW.format(family=family))
    data, notes = scenario_data.portal_data(family, target.portal.slug, data_dir)
    if target.receiving_agency:
        data["names"]["receiving_agency"] = target.receiving_agency
    return data, notes


def _address_notes(portal: Portal) -> list[str]:
    """What a report must say about how sure the address is."""
    notes = [] if portal.address == "seen" else [
        f"the address {portal.base_url} follows the naming pattern and is not confirmed"
    ]
    if portal.address_note:
        notes.append(f"about the address: {portal.address_note}")
    return notes


def address_kind(base_url: str, staging: str | None = None) -> str:
    """What an address is, for the safety rules: "loopback" (127.0.0.0/8, localhost, ::1),
    "staging" (its host is exactly the one named with --staging), otherwise "live". A bad
    address, or a --staging host that is not the address's, is a one-line error."""
    parsed = urllib.parse.urlsplit(base_url.strip())
    host = (parsed.hostname or "").lower()
    if parsed.scheme not in ("http", "https") or not host:
        raise HarnessError(f"--base-url must be an http:// or https:// address, not "
                           f"'{' '.join(base_url.split())}'")
    if staging is not None:
        named = staging.strip().lower().strip("[]")
        if named != host:
            raise HarnessError(f"--staging names the host '{' '.join(staging.split())}' but "
                               f"the address's host is '{host}'; they must be the same")
    if host == "localhost" or host.endswith(".localhost"):
        return LOOPBACK
    try:
        if ipaddress.ip_address(host).is_loopback:
            return LOOPBACK
    except ValueError:
        pass
    return STAGING if staging is not None else LIVE


@contextmanager
def open_address(base_url: str, profile: str, staging: str | None = None,
                 captcha_code: str | None = None, portal_name: str = "") -> Iterator[Target]:
    """The target of a --base-url run: live unless loopback or the named staging host."""
    kind = address_kind(base_url, staging)
    if captcha_code is not None and kind == LIVE:
        raise HarnessError("--captcha-code is accepted only on a loopback address or on the host "
                           "named with --staging; a live portal's CAPTCHA is typed by an "
                           "operator (--operator)")
    base = base_url.strip().rstrip("/")
    host = urllib.parse.urlsplit(base).netloc.lower()
    slug = re.sub(r"[^a-z0-9]+", "-", host).strip("-") or "address"
    portal = Portal(slug=slug, name_vi=portal_name or host, base_url=base + "/",
                    address="seen")
    check_reachable(portal, hint="check the address and that the portal is running")
    notes = [f"portal profile {profile}"]
    if kind == STAGING:
        notes.append(f"{host} was named a staging host: the run may send the final submit")
    yield Target(slug, kind, portal, base, notes=notes, profile=profile,
                 captcha_code=captcha_code)


def check_reachable(portal: Portal, timeout_s: float = 15.0, hint: str = (
        "to check the replica portal instead, use REPLICA=1 with make or --replica")) -> None:
    request = urllib.request.Request(portal.base_url, headers={"User-Agent": "pesp-a11y"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s):
            return
    except urllib.error.HTTPError:
        return  # it answered; the page check will report the status
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise HarnessError(
            f"cannot reach {portal.base_url} ({reason}); {hint}"
        ) from None
