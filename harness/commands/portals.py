"""`pesp-a11y portals`: list the portals the harness knows, and how sure it is of each address.

Each provincial unit also says where its citizens apply today (the national portal, choosing the
unit's police as receiving agency) and what is known of its own portal since June 2025, then the
sourced facts those lines refer to, Vietnamese first. Plain lines are the default whenever
output is not a terminal, and on request with --plain, so the list reads well in a screen reader
and pipes cleanly into grep; --json is for scripts.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from harness.errors import HarnessError
from harness.registry import NO_FAMILY, LegacyUnit, Portal, Registry, UnknownPortalError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "portals",
        help="list the provincial portals (or the 63 review-era units with --legacy)",
        description="List the 34 current provincial units and the national portal: each "
        "address and whether it was seen or only inferred, where a citizen applies for the "
        "criminal record certificate today (the national portal, with the unit's police as "
        "receiving agency) and what is known of the unit's own portal since June 2025, with "
        "sources and dates.",
    )
    parser.add_argument(
        "text", nargs="?", help="show only portals whose slug, name or alias contains this"
    )
    parser.add_argument(
        "--family", metavar="F", help=f"only this platform family (e.g. igate2; '{NO_FAMILY}')"
    )
    parser.add_argument(
        "--legacy",
        action="store_true",
        help="list the 63 units of the 2023/2024 reviews and the unit that absorbed each",
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument(
        "--plain", action="store_true", help="one line per portal, no borders or colour"
    )
    output.add_argument("--json", action="store_true", help="print a JSON array")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from harness.registry import load_registry

    registry = load_registry()
    out = sys.stdout
    table = not args.plain and not args.json and out.isatty()
    if args.legacy:
        if args.family:
            raise HarnessError("--family applies to current portals; drop it or drop --legacy")
        units = registry.filter_legacy(args.text)
        if not units:
            raise _no_match(registry, args.text)
        if args.json:
            _print_json([unit.to_dict() for unit in units], out)
        elif table:
            _legacy_table(units, out)
        else:
            for unit in units:
                print(_legacy_line(unit), file=out)
        if not args.json:
            print(_count(len(units), "review-era unit"), file=out)
        return 0

    if args.family and args.family not in (*registry.families, NO_FAMILY):
        known = ", ".join((*registry.families, NO_FAMILY))
        raise HarnessError(f"unknown family '{args.family}'; known families: {known}")
    portals = registry.filter(args.text, family=args.family)
    if not portals:
        raise _no_match(registry, args.text, args.family)
    if args.json:
        _print_json([portal.to_dict() for portal in portals], out)
        return 0
    if table:
        _portal_table(portals, out)
    else:
        for portal in portals:
            print(_portal_line(portal, registry), file=out)
    print(_portal_count(portals), file=out)
    for line in _fact_lines(portals, registry):
        print(line, file=out)
    return 0


def _no_match(registry: Registry, text: str | None, family: str | None = None) -> HarnessError:
    """No hits is an error (exit 2) with suggestions, rather than silence a user must interpret."""
    if family and text:
        return HarnessError(f"no portal of family '{family}' matches '{text}'")
    if family:
        return HarnessError(f"no portal of family '{family}'")
    return UnknownPortalError(text or "", registry.suggestions(text or ""), what="portal")


def _family(portal: Portal) -> str:
    return f"family {portal.family}" if portal.family else "family unknown"


def _portal_line(portal: Portal, registry: Registry) -> str:
    fields = [portal.slug, portal.name_vi, portal.base_url, portal.address, _family(portal)]
    if portal.kind == "national":
        fields.append("national portal")
    if portal.address_note:
        fields.append(f"note: {portal.address_note}")
    if portal.kind == "national":
        fields.append(f"nơi nộp hồ sơ cấp Phiếu lý lịch tư pháp từ 27/6/2025 (thủ tục "
                      f"{registry.procedure_code}) / where citizens apply since 27 June 2025")
        fields += [f"{name} {portal.url(name)}" for name in portal.paths]
    else:
        state = registry.portal_states[portal.portal_state or ""]
        fields += [f"nộp tại {registry.national.name_vi}, cơ quan tiếp nhận "
                   f"{portal.receiving_agency}",
                   f"cổng tỉnh từ 6/2025: {state['vi']} ({state['en']})"]
        if portal.facts:
            fields.append("dữ kiện " + " ".join(f"[{fact.id}]" for fact in portal.facts))
    return ", ".join(fields)


def _fact_lines(portals: list[Portal], registry: Registry) -> list[str]:
    """The sourced facts the listed units refer to, once each: Vietnamese, then English."""
    shown = {fact.id for portal in portals for fact in portal.facts}
    return [f"[{fact.id}] {fact.vi} English: {fact.en} Nguồn / source: {fact.source}, "
            f"{fact.date}." for fact in registry.facts if fact.id in shown]


def _legacy_line(unit: LegacyUnit) -> str:
    merger = f"now {unit.absorbed_by}"
    if unit.absorbed_by_mark == "pattern":
        merger += " (merger not confirmed)"
    fields = [str(unit.order), unit.slug, unit.name_vi, unit.base_url, unit.address, merger]
    if unit.address_note:
        fields.append(f"note: {unit.address_note}")
    return ", ".join(fields)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _portal_count(portals: list[Portal]) -> str:
    current = sum(1 for p in portals if p.kind == "current")
    parts = [_count(current, "current portal")] if current else []
    if any(p.kind == "national" for p in portals):
        parts.append("the national portal")
    return " and ".join(parts)


def _print_json(items: list[dict], out: TextIO) -> None:
    print(json.dumps(items, ensure_ascii=False, indent=2), file=out)


def _portal_table(portals: list[Portal], out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table()
    for header in ("Slug", "Name", "Base URL", "Address", "Family", "Cơ quan tiếp nhận"):
        table.add_column(header, overflow="fold")
    for portal in portals:
        address = portal.address + (" *" if portal.address_note else "")
        table.add_row(portal.slug, portal.name_vi, portal.base_url, address, portal.family or "",
                      portal.receiving_agency or "")
    Console(file=out).print(table)
    if any(p.address_note for p in portals):
        print("* see the note in `pesp-a11y portals --plain` or --json", file=out)


def _legacy_table(units: list[LegacyUnit], out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table()
    for header in ("No.", "Slug", "Name", "Base URL", "Address", "Now part of"):
        table.add_column(header, overflow="fold")
    for unit in units:
        merger = unit.absorbed_by + (" (unconfirmed)" if unit.absorbed_by_mark else "")
        table.add_row(str(unit.order), unit.slug, unit.name_vi, unit.base_url, unit.address, merger)
    Console(file=out).print(table)
