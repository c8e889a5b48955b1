"""The run summary as plain sentences, for the console and for summary.txt."""

from __future__ import annotations

from wcag.criteria import categories, criteria

VERDICT_WORDS = {"no-failure-found": "no failure found", "not-applicable": "not applicable"}


def verdict_words(verdict: str) -> str:
    """A verdict as it reads in a sentence."""
    return VERDICT_WORDS.get(verdict, verdict)


def summary_lines(header: list[str], summary: dict) -> list[str]:
    lines = [*header, ""]
    lines.append(
        f"Checked {summary['pages']} page states, {summary['pages_inconclusive']} of them "
        "inconclusive."
    )
    lines.append("WCAG criteria:")
    for cid, row in summary["criteria"].items():
        name = criteria()[cid].name_en
        told = (f"  {cid} {name}: {verdict_words(row['verdict'])}, {findings(row['findings'])}, "
                f"failing on {row['pages_failing']} of {row['pages_exercised']} pages exercised")
        lines.append(told + (f" ({row['note']})." if row["note"] else "."))
    source = summary["by_source"]
    lines.append(
        f"Plain axe found {source['axe_findings']} findings; the harness's probes added "
        f"{source['probe_findings']}."
    )
    if source["criteria_failed_only_by_probes"]:
        lines.append("  Criteria only the probes showed failing: "
                     + ", ".join(source["criteria_failed_only_by_probes"]) + ".")
    if source["categories_found_only_by_probes"]:
        names = [categories()[c].name_en for c in source["categories_found_only_by_probes"]]
        lines.append("  Categories only the probes found: " + "; ".join(names) + ".")
    lines.append("Blind testers' categories:")
    for cat_id, row in summary["categories"].items():
        name = categories()[cat_id].name_en
        note = f" ({row['note']})" if row["note"] else ""
        lines.append(f"  {name}: {verdict_words(row['verdict'])}, "
                     f"{findings(row['findings'])}{note}.")
    return lines


def findings(count: int, kind: str = "") -> str:
    """"1 finding", "3 new findings": counts read as sentences."""
    return f"{count} {kind + ' ' if kind else ''}finding{'' if count == 1 else 's'}"


def outcome_lines(outcomes: list) -> list[str]:
    """One sentence per replayed scenario: how far it got and why it stopped."""
    lines = []
    for outcome in outcomes:
        line = f"Scenario {outcome.scenario}: {outcome.status} after {outcome.steps} steps"
        if outcome.stopped_at:
            line += f", at '{outcome.stopped_at}': {outcome.message}"
        if outcome.assisted:
            line += f"; assisted: {'; '.join(outcome.assisted)}"
        if outcome.blocked_requests:
            line += f"; the safety guard blocked: {'; '.join(outcome.blocked_requests)}"
        lines.append(line + ".")
    return lines
