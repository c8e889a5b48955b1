"""summary.txt, and the same sentences for the console: plain lines a screen reader reads
well, in the language of `--lang` (words from report_words.json)."""

from __future__ import annotations

from pathlib import Path

from harness.reporters.run_folder import RunResults
from harness.reporters.words import Lang, count_findings, known, note_vi, say, verdict
from harness.results import write_atomically
from harness.safe_text import visible_lines
from wcag.criteria import categories, criteria

SUMMARY_FILE = "summary.txt"
CONFIRM_PREFIX = "a person must still confirm "
CONFIRM_JOIN = "; " + CONFIRM_PREFIX

Line = tuple[str, str | None]  # a sentence and the verdict it tells (for colour on a terminal)


def header_lines(meta: dict, lang: Lang) -> list[str]:
    """What was checked, how, and under which safety rules: from the run's recorded meta."""
    if meta.get("kind") == "audit":
        return [say("header.audit", lang, run_id=meta["run_id"], pages=len(meta["urls"]))]
    kind = meta.get("target") if known(f"header.{meta.get('target')}") else "other"
    variant = meta.get("variant")
    first = say(f"header.{kind}", lang, portal=meta.get("portal"),
                variant=say(f"variant.{variant}", lang) if known(f"variant.{variant}") else variant,
                url=meta.get("base_url"), run_id=meta.get("run_id"))
    mode = "assisted" if meta.get("mode") == "assisted" else "keyboard"
    lines = [first, say(f"header.mode.{mode}", lang)]
    if meta.get("live_safety"):
        lines.append(say("header.live_safety", lang))
    return lines + [say("header.note", lang, note=note_words(note, lang))
                    for note in meta.get("notes", [])]


def status_line(meta: dict, lang: Lang) -> str:
    status = meta.get("status")
    return say(f"run.status.{status if known(f'run.status.{status}') else 'running'}", lang,
               reason=said(meta.get("reason", ""), lang))


def outcome_line(outcome: dict, lang: Lang) -> str:
    """How far one replayed scenario got and why it stopped."""
    status = outcome["status"]
    line = say("outcome.line", lang, scenario=outcome["scenario"], steps=outcome["steps"],
               status=say(f"outcome.{status}", lang) if known(f"outcome.{status}") else status)
    if outcome.get("stopped_at"):
        line += say("outcome.stopped_at", lang, step=outcome["stopped_at"],
                    message=said(outcome["message"], lang))
    if outcome.get("assisted"):
        line += say("outcome.assisted", lang, list="; ".join(outcome["assisted"]))
    if outcome.get("blocked_requests"):
        line += say("outcome.guard", lang, list="; ".join(outcome["blocked_requests"]))
    return line + "."


def step_line(index: int, name: str, status: str, note: str, new_findings: int,
              failing: list[str], lang: Lang) -> str:
    """One step as it ends, for the console while the run goes on."""
    told = say("step.line", lang, index=index, name=name,
               status=say(f"step.{status}", lang) if known(f"step.{status}") else status)
    if note:
        told += f" ({said(note, lang)})"
    told += f"; {count_findings(new_findings, lang, new=True)}"
    if failing:
        told += say("step.failing", lang, list=", ".join(failing))
    return told + "."


def said(text: str, lang: Lang) -> str:
    """One of the harness's English reasons (a time limit, Ctrl+C, a page that did not load,
    Chromium's own error) in Vietnamese when the words file knows all of it; otherwise as it is,
    since a driver's message half translated reads worse than whole."""
    if not text or lang == "en":
        return text
    told, english = note_vi(text)
    return text if english else told


def note_words(note: str, lang: Lang, confirm_vi: str = "") -> str:
    """A verdict's note in the report's language. The harness writes its notes in English; in
    Vietnamese the known ones are said in Vietnamese (what a person must still confirm from
    the criterion's `confirm_vi`), and a note with English left in it says so."""
    if not note or lang == "en":
        return note
    if note.startswith(CONFIRM_PREFIX):
        head, confirm = "", note[len(CONFIRM_PREFIX):]
    else:
        head, _, confirm = note.partition(CONFIRM_JOIN)
    told, english = note_vi(head) if head else ("", False)
    if confirm:
        what, left = (confirm_vi, False) if confirm_vi else note_vi(confirm)
        english |= left
        told = "; ".join(part for part in (told, say("note.confirm", lang, what=what)) if part)
    return say("note.english", lang, note=told) if english else told


def summary_lines(run: RunResults, lang: Lang) -> list[Line]:
    """The run's status, each scenario's outcome, and the verdicts per criterion and category."""
    summary = run.summary
    lines: list[Line] = [(status_line(run.meta, lang), None)]
    lines += [(outcome_line(outcome, lang), None) for outcome in run.scenarios]
    lines += [("", None), (say("summary.pages", lang, pages=summary["pages"],
                               inconclusive=summary["pages_inconclusive"]), None),
              (say("summary.criteria", lang), None)]
    for cid, row in summary["criteria"].items():
        criterion = criteria()[cid]
        told = say("summary.criterion", lang, id=cid,
                   name=criterion.name_vi if lang == "vi" else criterion.name_en,
                   verdict=verdict(row["verdict"], lang),
                   findings=count_findings(row["findings"], lang),
                   failing=row["pages_failing"], exercised=row["pages_exercised"])
        note = note_words(row["note"], lang, criterion.confirm_vi)
        lines.append((told + (f" ({note})." if note else "."), row["verdict"]))
    source = summary["by_source"]
    lines.append((say("summary.sources", lang, axe=source["axe_findings"],
                      probes=source["probe_findings"]), None))
    if source["criteria_failed_only_by_probes"]:
        lines.append((say("summary.only_probes_criteria", lang,
                          list=", ".join(source["criteria_failed_only_by_probes"])), None))
    if source["categories_found_only_by_probes"]:
        names = [_category_name(c, lang) for c in source["categories_found_only_by_probes"]]
        lines.append((say("summary.only_probes_categories", lang, list="; ".join(names)), None))
    lines.append((reviews_line(summary["reviews"], lang), None))
    lines.append((say("summary.categories", lang), None))
    for cat_id, row in summary["categories"].items():
        told = say("summary.category", lang, name=_category_name(cat_id, lang),
                   verdict=verdict(row["verdict"], lang),
                   findings=count_findings(row["findings"], lang))
        note = note_words(row["note"], lang)
        lines.append((told + (f" ({note})." if note else "."), row["verdict"]))
    return lines


def reviews_line(count: dict, lang: Lang) -> str:
    """How many questions the run puts to a person, apart from failures, per criterion."""
    if not count["questions"]:
        return say("summary.no_reviews", lang)
    per = ", ".join(f"{cid}: {n}" for cid, n in count["criteria"].items() if n)
    return say("summary.reviews", lang, questions=count["questions"], list=per or "-")


def _category_name(category_id: str, lang: Lang) -> str:
    category = categories()[category_id]
    return category.name_vi if lang == "vi" else category.name_en


def write_text(run: RunResults, lang: Lang) -> Path:
    """summary.txt: the header, then the summary lines, all page text made safe to print."""
    lines = [*header_lines(run.meta, lang), "", *(text for text, _ in summary_lines(run, lang))]
    path = run.folder / SUMMARY_FILE
    write_atomically(path, visible_lines("\n".join(lines)) + "\n")
    return path
