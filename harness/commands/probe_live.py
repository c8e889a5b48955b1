"""`pesp-a11y probe-live`: before a full run, a read-only look at whether a portal has drifted
from what its flow expects. GET requests only; it never types, submits or signs in.

Exit 0 when everything was found, 1 when something drifted or needs review, 2 when it could
not run (no answer, bad input)."""

from __future__ import annotations

import argparse
from pathlib import Path

from harness import scenario_data
from harness.browser import open_browser
from harness.errors import HarnessError
from harness.probe_live import ProbePlan, exit_code, plan_from_data, probe, result_line
from harness.replica.server import FAMILIES, VARIANTS
from harness.scenario_data import portal_data, profile_data
from harness.targets import Target, address_kind, former_unit_line, open_target


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "probe-live",
        help="read-only check that a portal still looks as its flow expects (GET only)",
        description="Before a full run: does the portal answer (status, redirects, time), "
        "which platform family does it look like, and are the flow's entry pages and the "
        "controls their first steps name still there? Only GET requests; never types, "
        "submits or signs in. Exit 0: everything found; 1: something drifted or needs review; "
        "2: could not run.",
    )
    parser.add_argument("--province", metavar="P",
                        help="a province: where its citizens apply today, the national portal "
                             "(with --legacy its own 2024-review portal; 'demo' or --replica: "
                             "the replica)")
    parser.add_argument("--legacy", action="store_true",
                        help="with --province: the province's own 2024-review portal")
    parser.add_argument("--replica", action="store_true",
                        help="with --province: probe the replica on loopback (to see the probe)")
    parser.add_argument("--variant", choices=VARIANTS, default="defective",
                        help="replica variant")
    parser.add_argument("--family", choices=FAMILIES,
                        help=f"which portal the replica imitates (with --replica or the demo; "
                             f"default {FAMILIES[0]})")
    parser.add_argument("--base-url", metavar="URL", help="probe this address with --profile")
    parser.add_argument("--profile", metavar="FILE",
                        help="the portal profile of --base-url: its paths, names and tasks")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.base_url is not None:
        if args.province or args.replica or args.legacy or args.family:
            raise HarnessError("--base-url replaces --province, --replica, --family and "
                               "--legacy; give one or the other")
        if not args.profile:
            raise HarnessError("--base-url needs --profile FILE: the portal's paths, names "
                               "and tasks (docs/portal-profile.md)")
        address_kind(args.base_url)  # a bad address is one line before anything is sent
        data = profile_data(Path(args.profile))
        family = data.get("family")
        plan = plan_from_data(args.base_url.strip(), family if isinstance(family, str) else None,
                              data, {})
        return _report(plan)
    if args.profile:
        raise HarnessError("--profile goes with --base-url URL")
    if not args.province:
        raise HarnessError("probe-live needs --province P or --base-url URL --profile FILE")
    if args.family and not (args.replica or args.province.strip().lower() == "demo"):
        raise HarnessError("--family chooses the replica's portal: it goes with --replica or "
                           "the demo")
    former = former_unit_line(args.province, "vi")
    if former:
        print(f"{former} / {former_unit_line(args.province, 'en')}", flush=True)
    with open_target(args.province, args.replica, args.variant,
                     family=args.family or FAMILIES[0], legacy=args.legacy) as target:
        return _report(_target_plan(target))


def _target_plan(target: Target) -> ProbePlan:
    """The target's family data when the family has its own (never another family's names)."""
    family = target.family
    data = None
    if family and (scenario_data.DATA / f"{family}.json").is_file():
        data, _notes = portal_data(family, target.portal.slug, scenario_data.DATA)
        if target.receiving_agency:
            data["names"]["receiving_agency"] = target.receiving_agency
    return plan_from_data(target.base_url, family, data, target.portal.paths)


def _report(plan: ProbePlan) -> int:
    print(f"Kiểm tra trước khi chạy, chỉ đọc (chỉ gửi GET): {plan.base_url}, họ "
          f"{plan.family or 'chưa rõ'} / Read-only drift check (GET only): {plan.base_url}, "
          f"family {plan.family or 'unknown'}", flush=True)
    with open_browser() as browser:
        found = probe(plan, browser)
    for observation in found:
        print(observation.line())
    print(result_line(found))
    return exit_code(found)
