"""The run summary as plain sentences, for the console and for summary.txt."""

from __future__ import annotations

from harness.findings import PageResult
from wcag.criteria import categories, criteria


def page_line(index: int, total: int, page_name: str, result: PageResult) -> str:
    if result.status != "ok":
        return f"Page {index} of {total}, {page_name}: inconclusive, {result.reason}."
    failing = [cid for cid, verdict in result.criteria.items() if verdict == "fail"]
    count = len(result.findings)
    told = f"{count} finding{'s' if count != 1 else ''}"
    if failing:
        told += ", failing " + ", ".join(failing)
    return f"Page {index} of {total}, {page_name}: {told}."


def summary_lines(header: list[str], summary: dict) -> list[str]:
    lines = [*header, ""]
    lines.append(
        f"Checked {summary['pages']} pages, {summary['pages_inconclusive']} of them inconclusive."
    )
    lines.append("WCAG criteria:")
    for cid, row in summary["criteria"].items():
        name = criteria()[cid].name_en
        lines.append(
            f"  {cid} {name}: {row['verdict']}, {row['findings']} findings "
            f"on {row['pages_failing']} pages."
        )
    lines.append("Blind testers' categories:")
    for cat_id, row in summary["categories"].items():
        name = categories()[cat_id].name_en
        extra = f" ({row['note']})" if row["note"] else ""
        lines.append(f"  {name}: {row['verdict']}, {row['findings']} findings{extra}.")
    return lines
