"""The portal registry: which portals exist, where they live and how sure we are of each address.

Since 27 June 2025 a citizen of any province applies for the criminal record certificate on the
national portal, choosing that province's police as receiving agency; so each of the 34
provincial units in force from 1 July 2025 carries its receiving agency and what is known of its
own portal since then (sourced facts; "unknown until seen live" unless a source says more).
Results are compared with the 2023/2024 reviews, which covered the 63 units before the mergers.
Everything lives in ``data/portals.json`` with every address marked ``seen`` or ``pattern`` so
that a report can say when it ran against an unconfirmed address. Look-ups forgive what people
actually type: no diacritics, spaces or hyphens, a former province name, "hcm" or "Thừa Thiên Huế".
"""

from __future__ import annotations

import datetime
import difflib
import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Literal

from harness.errors import HarnessError

AddressMark = Literal["seen", "pattern"]
Kind = Literal["current", "national"]
ADDRESS_MARKS: tuple[str, ...] = ("seen", "pattern")
NO_FAMILY = "none"
"""``filter(family=NO_FAMILY)`` selects portals whose platform family is not known."""

# Words that may precede a unit's name ("Tỉnh Nghệ An", "TP Hồ Chí Minh"); tried only when the
# full text does not match, so a slug that happens to start with them is never cut.
_PREFIXES = ("thanhpho", "tinh", "tp")
# The police of a centrally run city or of a province, as the national form lists them.
AGENCY_PREFIXES = ("Công an thành phố ", "Công an tỉnh ")
FACT_KEYS = ("id", "vi", "en", "source", "date", "applies_to")


class UnknownPortalError(HarnessError):
    """A name that matches no portal; the message suggests close names so the user can retry."""

    def __init__(self, name: str, suggestions: Iterable[str] = (), what: str = "province") -> None:
        shown = " ".join(str(name).split())  # keep the message on one line
        self.name = name
        self.suggestions = list(suggestions)
        if self.suggestions:
            hint = f"did you mean: {', '.join(self.suggestions)}?"
        else:
            hint = "run `pesp-a11y portals` to list them"
        super().__init__(f"unknown {what} '{shown}'; {hint}")


def normalize(text: str) -> str:
    """Fold text to a lookup key: lower case, no diacritics (đ -> d), letters and digits only."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isalnum()).lower()


def _no_paths() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Fact:
    """One sourced fact about the portals since June 2025, as the reference gives it."""

    id: str
    vi: str
    en: str
    source: str
    date: str  # ISO date the reference gives with the fact
    applies_to: tuple[str, ...] | None  # current unit slugs; None: every unit

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "vi": self.vi, "en": self.en, "source": self.source,
                "date": self.date}


@dataclass(frozen=True)
class Portal:
    """A portal that can be tested: one of the 34 provincial units, or the national portal."""

    slug: str
    name_vi: str
    name_ascii: str = ""
    base_url: str = ""
    address: AddressMark = "pattern"
    family: str | None = None
    aliases: tuple[str, ...] = ()
    kind: Kind = "current"
    merged_from: tuple[str, ...] = ()
    address_note: str | None = None
    paths: Mapping[str, str] = field(default_factory=_no_paths, hash=False, compare=False)
    receiving_agency: str | None = None
    """The police chosen on the national form for this unit's citizens (current units only)."""
    portal_state: str | None = None
    """What is known of this unit's own portal since June 2025 (a key of portal_states)."""
    facts: tuple[Fact, ...] = field(default=(), hash=False, compare=False)

    @property
    def confirmed(self) -> bool:
        """True when the address was seen in a public source (reports flag the others)."""
        return self.address == "seen"

    def url(self, path: str = "") -> str:
        """Absolute URL of a path on this portal, or of a known path name such as "home"."""
        path = self.paths.get(path, path)
        return self.base_url + (path if not path or path.startswith("/") else "/" + path)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form, for `pesp-a11y portals --json` and reports."""
        return {
            "slug": self.slug,
            "name_vi": self.name_vi,
            "name_ascii": self.name_ascii,
            "kind": self.kind,
            "base_url": self.base_url,
            "address": self.address,
            "address_note": self.address_note,
            "family": self.family,
            "aliases": list(self.aliases),
            "merged_from": list(self.merged_from),
            "paths": dict(self.paths),
            "receiving_agency": self.receiving_agency,
            "portal_state": self.portal_state,
            "facts": [fact.to_dict() for fact in self.facts],
        }


@dataclass(frozen=True)
class LegacyUnit:
    """One of the 63 units of the 2023/2024 reviews, with the current unit that absorbed it."""

    order: int
    slug: str
    name_vi: str
    name_ascii: str
    base_url: str
    address: AddressMark
    absorbed_by: str
    absorbed_by_mark: AddressMark | None = None
    """``"pattern"`` where the merger itself is unconfirmed (Kon Tum, Phu Yen)."""
    address_note: str | None = None
    paths: Mapping[str, str] = field(default_factory=_no_paths, hash=False, compare=False)
    aliases: tuple[str, ...] = ()
    """What people also call the unit ("BRVT", "Vũng Tàu"), so its former name is found too."""

    @property
    def names(self) -> tuple[str, ...]:
        """Every text that designates this unit in a look-up."""
        return (self.slug, self.name_vi, self.name_ascii, *self.aliases)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form, for `pesp-a11y portals --legacy --json`."""
        return {
            "order": self.order,
            "slug": self.slug,
            "name_vi": self.name_vi,
            "name_ascii": self.name_ascii,
            "base_url": self.base_url,
            "address": self.address,
            "address_note": self.address_note,
            "absorbed_by": self.absorbed_by,
            "absorbed_by_mark": self.absorbed_by_mark,
            "paths": dict(self.paths),
            "aliases": list(self.aliases),
        }


class Registry:
    """All portals, with forgiving look-ups; built once from the data file (see load_registry)."""

    def __init__(
        self,
        current: Iterable[Portal],
        legacy: Iterable[LegacyUnit],
        national: Portal,
        portal_states: Mapping[str, Mapping[str, str]] | None = None,
        procedure_code: str = "",
        facts: Iterable[Fact] = (),
    ) -> None:
        self.current: tuple[Portal, ...] = tuple(current)
        self.legacy: tuple[LegacyUnit, ...] = tuple(legacy)
        self.national: Portal = national
        self.portal_states: Mapping[str, Mapping[str, str]] = MappingProxyType(
            dict(portal_states or {}))
        """State key -> what it means in "vi" and "en" (e.g. "unknown until seen live")."""
        self.procedure_code = procedure_code
        """The criminal record certificate's code in the national procedure database."""
        self.facts: tuple[Fact, ...] = tuple(facts)
        """The sourced facts since June 2025, in the data file's order."""
        self._portals = {p.slug: p for p in (*self.current, national)}
        self._legacy = {unit.slug: unit for unit in self.legacy}
        self._check()
        # lookup key -> (portal slug, slug to suggest for that key)
        self._keys: dict[str, tuple[str, str]] = {}
        for portal in self._portals.values():
            for text in (portal.slug, portal.name_vi, portal.name_ascii, *portal.aliases):
                self._add_key(text, portal.slug, portal.slug)
        for unit in self.legacy:
            for text in unit.names:
                self._add_key(text, unit.absorbed_by, unit.slug)
        self._legacy_keys: dict[str, str] = {}
        for unit in self.legacy:
            for text in unit.names:
                self._legacy_keys[normalize(text)] = unit.slug

    def _check(self) -> None:
        """Fail at load time, not mid-run, if the data file contradicts itself."""
        if len(self._portals) != len(self.current) + 1:
            raise ValueError("portal registry: duplicate slug")
        for unit in self.legacy:
            if unit.absorbed_by not in self._portals or unit.absorbed_by == self.national.slug:
                raise ValueError(f"portal registry: {unit.slug} absorbed by unknown unit")
        for portal in self.current:
            expected = [u.slug for u in self.legacy if u.absorbed_by == portal.slug]
            if sorted(portal.merged_from) != sorted(expected):
                raise ValueError(f"portal registry: merged_from of {portal.slug} disagrees")
        for item in (*self._portals.values(), *self.legacy):
            if item.address not in ADDRESS_MARKS:
                raise ValueError(f"portal registry: bad address mark for {item.slug}")
        for key, meaning in self.portal_states.items():
            if not isinstance(meaning, Mapping) or not all(
                    isinstance(meaning.get(lang), str) for lang in ("vi", "en")):
                raise ValueError(f"portal registry: portal state '{key}' needs 'vi' and 'en'")
        for portal in self.current:
            unit = normalize(portal.name_vi).removeprefix(normalize("Thành phố "))
            if normalize(portal.receiving_agency or "") not in (
                    normalize(prefix + unit) for prefix in AGENCY_PREFIXES):
                raise ValueError(f"portal registry: receiving_agency of {portal.slug} must be "
                                 f"'{AGENCY_PREFIXES[0]}<name>' or '{AGENCY_PREFIXES[1]}<name>'")
            if portal.portal_state not in self.portal_states:
                raise ValueError(f"portal registry: portal_state of {portal.slug} must be one of "
                                 f"{', '.join(self.portal_states) or 'portal_states'}")

    def _add_key(self, text: str, target: str, label: str) -> None:
        key = normalize(text)
        if not key:
            return
        known = self._keys.get(key)
        if known is not None and known[0] != target:
            raise ValueError(f"portal registry: '{text}' names both {known[0]} and {target}")
        if known is None or label == target:
            self._keys[key] = (target, label)

    def _hit(self, name: str) -> tuple[str, str] | None:
        """(portal slug, the slug of the unit the text names) for `name`, or None."""
        key = normalize(name)
        hit = self._keys.get(key)
        if hit is None:
            for prefix in _PREFIXES:
                if key.startswith(prefix) and key[len(prefix) :] in self._keys:
                    hit = self._keys[key[len(prefix) :]]
                    break
        return hit

    def _resolve(self, name: str) -> str | None:
        hit = self._hit(name)
        return hit[0] if hit else None

    def suggestions(self, name: str, limit: int = 5) -> list[str]:
        """Slugs whose names are close to `name`, best first, for "did you mean" hints."""
        close = difflib.get_close_matches(normalize(name), list(self._keys), n=limit * 3)
        labels: list[str] = []
        for key in close:
            label = self._keys[key][1]
            if label not in labels:
                labels.append(label)
        return labels[:limit]

    @property
    def families(self) -> list[str]:
        """Known platform family keys (the national portal's too), sorted."""
        return sorted({p.family for p in (*self.current, self.national) if p.family})

    def get(self, slug: str) -> Portal:
        """The portal with exactly this slug (current or national)."""
        try:
            return self._portals[slug]
        except KeyError:
            raise UnknownPortalError(slug, self.suggestions(slug)) from None

    def find(self, name: str) -> Portal:
        """The portal `name` designates: slug, alias or name, in any case or spelling of accents.

        A former province (e.g. "Hà Giang") resolves to the current unit that absorbed it.
        """
        slug = self._resolve(name)
        if slug is None:
            raise UnknownPortalError(name, self.suggestions(name))
        return self._portals[slug]

    def former_unit(self, name: str) -> LegacyUnit | None:
        """The review-era unit `name` designates when that unit is now part of another one
        (e.g. "Hà Giang", part of Tuyên Quang since 1 July 2025), so the user can be told whose
        portal is used; None for a current unit's own name or a name that designates nothing."""
        hit = self._hit(name)
        if hit is None or hit[1] == hit[0] or hit[1] not in self._legacy:
            return None
        return self._legacy[hit[1]]

    def legacy_unit(self, name: str) -> LegacyUnit:
        """The review-era unit `name` designates, for comparison with the published reviews.

        A current unit's name also works when it continues exactly one review unit under its own
        slug or alone (e.g. "hcm", "Huế").
        """
        slug = self._legacy_keys.get(normalize(name))
        if slug is not None:
            return self._legacy[slug]
        target = self._resolve(name)
        if target is not None and target in self._portals:
            portal = self._portals[target]
            if portal.slug in self._legacy:
                return self._legacy[portal.slug]
            if len(portal.merged_from) == 1:
                return self._legacy[portal.merged_from[0]]
        close = difflib.get_close_matches(normalize(name), list(self._legacy_keys), n=15)
        labels = list(dict.fromkeys(self._legacy_keys[key] for key in close))[:5]
        raise UnknownPortalError(name, labels, what="review unit")

    def _search_keys(self, portal: Portal) -> list[str]:
        texts = [portal.slug, portal.name_vi, portal.name_ascii, *portal.aliases]
        for slug in portal.merged_from:
            texts += self._legacy[slug].names
        return [normalize(t) for t in texts]

    def filter(
        self, text: str | None = None, family: str | None = None, kind: str | None = None
    ) -> list[Portal]:
        """Portals (current, then national) matching all the given criteria.

        `text` matches part of a slug, name, alias or absorbed former province, ignoring accents,
        case and spaces; `family` is a family key or NO_FAMILY; `kind` is "current"/"national".
        """
        portals: list[Portal] = [*self.current, self.national]
        if kind is not None:
            portals = [p for p in portals if p.kind == kind]
        if family is not None:
            wanted = None if family == NO_FAMILY else family
            portals = [p for p in portals if p.family == wanted]
        if text:
            needle = normalize(text)
            hits = [p for p in portals if any(needle in key for key in self._search_keys(p))]
            if not hits:  # e.g. "TP Hồ Chí Minh": not a substring, but an exact name
                slug = self._resolve(text)
                hits = [p for p in portals if p.slug == slug]
            portals = hits
        return portals

    def filter_legacy(self, text: str | None = None) -> list[LegacyUnit]:
        """Review-era units whose slug, name or absorbing unit's slug contains `text`."""
        if not text:
            return list(self.legacy)
        needle = normalize(text)
        hits = [
            unit
            for unit in self.legacy
            if any(needle in normalize(t) for t in (*unit.names, unit.absorbed_by))
        ]
        if not hits:
            target = self._resolve(text)
            hits = [unit for unit in self.legacy if unit.absorbed_by == target]
        return hits


def _portal(raw: Mapping[str, Any], kind: Kind, facts: Iterable[Fact] = ()) -> Portal:
    slug = raw["slug"]
    return Portal(
        slug=slug,
        name_vi=raw["name_vi"],
        name_ascii=raw["name_ascii"],
        base_url=raw["base_url"],
        address=raw["address"],
        family=raw.get("family"),
        aliases=_aliases(raw),
        kind=kind,
        merged_from=tuple(raw.get("merged_from", ())),
        address_note=raw.get("address_note"),
        paths=MappingProxyType(dict(raw.get("paths", {}))),
        receiving_agency=raw.get("receiving_agency"),
        portal_state=raw.get("portal_state"),
        facts=tuple(f for f in facts if f.applies_to is None or slug in f.applies_to),
    )


def _legacy(raw: Mapping[str, Any]) -> LegacyUnit:
    return LegacyUnit(
        order=raw["order"],
        slug=raw["slug"],
        name_vi=raw["name_vi"],
        name_ascii=raw["name_ascii"],
        base_url=raw["base_url"],
        address=raw["address"],
        absorbed_by=raw["absorbed_by"],
        absorbed_by_mark=raw.get("absorbed_by_mark"),
        address_note=raw.get("address_note"),
        paths=MappingProxyType(dict(raw.get("paths", {}))),
        aliases=_aliases(raw),
    )


def _aliases(raw: Mapping[str, Any]) -> tuple[str, ...]:
    """A unit's aliases: a list of non-empty texts (a bare string would be split into letters,
    each naming the unit)."""
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(
            isinstance(alias, str) and normalize(alias) for alias in aliases):
        raise ValueError(f"portal registry: aliases of {raw.get('slug')} must be a list of "
                         "names")
    return tuple(aliases)


def _facts(raw: Any, slugs: set[str]) -> list[Fact]:
    """The dated, sourced facts since June 2025; each malformed one is a one-line error."""
    if not isinstance(raw, list):
        raise ValueError("portal registry: since_june_2025.facts must be a list")
    facts: list[Fact] = []
    for number, item in enumerate(raw, 1):
        where = f"portal registry: fact {number}"
        if not isinstance(item, dict) or any(
                not isinstance(item.get(key), str | list) for key in FACT_KEYS):
            raise ValueError(f"{where} needs {', '.join(FACT_KEYS)}")
        try:
            datetime.date.fromisoformat(item["date"])
        except (TypeError, ValueError):
            raise ValueError(f"{where}: date must be YYYY-MM-DD, not {item['date']!r}") from None
        applies_to = item["applies_to"]
        if applies_to != "all" and (not isinstance(applies_to, list) or not applies_to
                                    or not set(applies_to) <= slugs):
            raise ValueError(f"{where}: applies_to must be 'all' or a list of current slugs")
        if item["id"] in {fact.id for fact in facts}:
            raise ValueError(f"{where}: duplicate id {item['id']}")
        facts.append(Fact(item["id"], item["vi"], item["en"], item["source"], item["date"],
                          None if applies_to == "all" else tuple(applies_to)))
    return facts


def registry_from_data(data: Mapping[str, Any]) -> Registry:
    """Build a registry from the parsed data file (tests use this with altered data); a missing
    key is one line naming it."""
    try:
        since = data["since_june_2025"]
        facts = _facts(since["facts"], {raw["slug"] for raw in data["current"]})
        national = _portal(data["national"], "national")
        if since["applies_at"] != national.slug:
            raise ValueError("portal registry: since_june_2025.applies_at must name the "
                             "national portal")
        return Registry(
            current=[_portal(raw, "current", facts) for raw in data["current"]],
            legacy=sorted((_legacy(raw) for raw in data["legacy"]), key=lambda u: u.order),
            national=national,
            portal_states={key: value for key, value in data["portal_states"].items()
                           if key != "about"},
            procedure_code=since["procedure_code"],
            facts=facts,
        )
    except KeyError as error:
        raise ValueError(f"portal registry: missing key {error}") from None
    except TypeError as error:
        raise ValueError(f"portal registry: malformed data ({error})") from None


@lru_cache(maxsize=1)
def load_registry() -> Registry:
    """The registry from the packaged data file, read once per process."""
    text = resources.files("harness").joinpath("data/portals.json").read_text(encoding="utf-8")
    return registry_from_data(json.loads(text))
