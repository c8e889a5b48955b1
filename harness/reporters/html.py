"""report.html: the run for people who act on it, self-contained (styles inline, screenshots
as data), built as an lxml tree so every text taken from a portal page is escaped by design
(and made visible: control and bidi characters shown as marks, as in every other output).

Headings and labels are in the `--lang` language; the texts that exist in both languages (help
and fix texts, the transcript) show Vietnamese first with English beside, each marked with its
`lang`. It starts with the portal's row (six criteria, the blind testers' categories, how each
verdict was reached), then, for a replay, its blocked steps pictured and the Tab stops of each
page it went through (numbered on the page's picture, and listed as text for a reader who cannot
see it), then the findings grouped by criterion and step."""

from __future__ import annotations

import base64
import json
from collections import defaultdict
from pathlib import Path

from lxml import etree
from lxml.html import builder as E

from harness.reporters.run_folder import ReportFinding, ReportReview, RunResults
from harness.reporters.tab_stops import PageVisit, TabStop, jpeg_size, page_visits, picture_path
from harness.reporters.text import (
    header_lines,
    note_words,
    outcome_line,
    reviews_line,
    status_line,
)
from harness.reporters.words import LANGS, Lang, count_findings, say, verdict
from harness.results import write_atomically
from harness.safe_text import visible
from harness.utterance import role_word
from wcag.criteria import REVIEW_CRITERIA, categories, criteria

HTML_FILE = "report.html"
STYLE = """
body{font-family:system-ui,sans-serif;line-height:1.5;margin:0 auto;max-width:70rem;
padding:0 1rem;color:#1a1a1a;background:#fff}
a{color:#0645ad}a:focus,summary:focus{outline:3px solid #b45309;outline-offset:2px}
.skip{position:absolute;left:-999rem}.skip:focus{position:static}
table{border-collapse:collapse;margin:1rem 0;width:100%}
th,td{border:1px solid #555;padding:.4rem;text-align:left;vertical-align:top}
caption{text-align:left;padding:.3rem 0}
.fail{color:#a00000}.inconclusive{color:#7a4d00}.no-failure-found{color:#075e2b}
article{border-top:2px solid #888;margin:1.5rem 0;padding-top:.5rem}
dt{text-decoration:underline}dd{margin:0 0 .6rem 1.5rem}
pre{white-space:pre-wrap;word-break:break-all;background:#f3f3f3;padding:.5rem}
.shot{position:relative;display:inline-block;max-width:100%}.shot img{display:block;max-width:100%}
.mark{position:absolute;border:4px solid #d00000}
.tab-stops{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}
.tab-stops .shot{flex:3 1 28rem}.tab-stops ol{flex:1 1 14rem;margin:0}
.shot svg{position:absolute;left:0;top:0;width:100%;height:100%}
.stop{position:absolute;transform:translate(-50%,-50%);min-width:1.6rem;height:1.6rem;
border-radius:.8rem;background:#8b0000;color:#fff;border:2px solid #fff;font-weight:bold;
font-size:.9rem;line-height:1.6rem;text-align:center}
"""


def write_html(run: RunResults, lang: Lang) -> Path:
    document = E.HTML(
        E.HEAD(E.META(charset="utf-8"),
               E.META(name="viewport", content="width=device-width, initial-scale=1"),
               E.TITLE(_title(run, lang)), E.STYLE(STYLE)),
        E.BODY(
            E.A(say("html.skip", lang), {"class": "skip"}, href="#findings"),
            E.HEADER(E.H1(_title(run, lang)),
                     E.P(say("html.generated", lang, folder=safe(run.folder.name)))),
            E.MAIN(_about(run, lang), _portal_row(run, lang),
                   *([_blocked_steps(run, lang), _tab_stops(run, lang)]
                     if run.kind == "run" else []),
                   _findings(run, lang), _reviews(run, lang)),
        ),
        lang=lang,
    )
    text = etree.tostring(document, encoding="unicode", method="html", doctype="<!DOCTYPE html>")
    path = run.folder / HTML_FILE
    write_atomically(path, text + "\n")
    return path


def safe(text: object) -> str:
    """Page text as the report shows it: whole, with control and bidi characters as marks
    (lxml would refuse the first, and the second would reorder what the reader sees)."""
    return visible(text, limit=None)


def _title(run: RunResults, lang: Lang) -> str:
    return say("html.title", lang, portal=safe(run.meta.get("portal") or run.kind),
               run_id=run.meta.get("run_id", ""))


def _both(texts: dict[str, str], tag=E.P) -> list:
    """A text in both languages, Vietnamese first, each marked with its language."""
    return [tag(safe(texts[lang]), lang=lang) for lang in LANGS if texts.get(lang)]


def _about(run: RunResults, lang: Lang) -> etree._Element:
    lines = [*header_lines(run.meta, lang), status_line(run.meta, lang),
             *(outcome_line(outcome, lang) for outcome in run.scenarios)]
    return E.SECTION(E.H2(say("html.about", lang), id="about"),
                     E.UL(*(E.LI(safe(line)) for line in lines)),
                     {"aria-labelledby": "about"})


def _portal_row(run: RunResults, lang: Lang) -> etree._Element:
    summary = run.summary
    head = E.THEAD(E.TR(*(E.TH(say(f"html.col.{col}", lang), scope="col")
                          for col in ("criterion", "verdict", "findings", "pages", "how"))))
    rows = []
    for cid, row in summary["criteria"].items():
        criterion = criteria()[cid]
        name = criterion.name_vi if lang == "vi" else criterion.name_en
        how = note_words(row["note"], lang, criterion.confirm_vi) or _failed_by(
            run, lang, criterion=cid)
        rows.append(E.TR(
            E.TH(f"{cid} {name} ({criterion.level})", scope="row"),
            E.TD(verdict(row["verdict"], lang), {"class": row["verdict"]}),
            E.TD(str(row["findings"])),
            E.TD(f"{row['pages_failing']} / {row['pages_exercised']}"),
            E.TD(safe(how)),
        ))
    criteria_table = E.TABLE(E.CAPTION(say("html.criteria_caption", lang)), head, E.TBODY(*rows))
    cat_head = E.THEAD(E.TR(*(E.TH(say(f"html.col.{col}", lang), scope="col")
                              for col in ("category", "verdict", "findings", "how"))))
    cat_rows = []
    for cat_id, row in summary["categories"].items():
        category = categories()[cat_id]
        cat_rows.append(E.TR(
            E.TH(category.name_vi if lang == "vi" else category.name_en, scope="row"),
            E.TD(verdict(row["verdict"], lang), {"class": row["verdict"]}),
            E.TD(str(row["findings"])),
            E.TD(safe(note_words(row["note"], lang) or _failed_by(run, lang, category=cat_id))),
        ))
    categories_table = E.TABLE(E.CAPTION(say("html.categories_caption", lang)), cat_head,
                               E.TBODY(*cat_rows))
    return E.SECTION(E.H2(say("html.portal_row", lang), id="portal-row"), criteria_table,
                     categories_table, {"aria-labelledby": "portal-row"})


def _failed_by(run: RunResults, lang: Lang, criterion: str | None = None,
               category: str | None = None) -> str:
    """How a failure was reached, when the verdict has no note: the checks that failed it."""
    failing = sorted({f.check for f in run.findings
                      if (criterion and criterion in f.criteria)
                      or (category and f.category == category)})
    return say("note.failed_by", lang, checks=", ".join(failing)) if failing else ""


def _blocked_steps(run: RunResults, lang: Lang) -> etree._Element:
    section = E.SECTION(E.H2(say("html.blocked_steps", lang), id="blocked"),
                        {"aria-labelledby": "blocked"})
    blocked = [s for s in run.steps if s.get("status") == "blocked"
               or (s.get("scenario", ""), s["index"]) in run.screenshots]
    for step in blocked:
        where = (step.get("scenario", ""), step["index"])
        section.append(E.H3(say("html.step", lang, scenario=safe(where[0]), index=where[1],
                                name=safe(step["name"]))))
        section.append(E.P(safe(step.get("note", ""))))
        shot = run.screenshots.get(where)
        if shot is not None:
            section.append(_screenshot(shot, step, lang))
    if not blocked:
        section.append(E.P(say("html.no_blocked", lang)))
    elif not any(where in run.screenshots for where in
                 ((s.get("scenario", ""), s["index"]) for s in blocked)):
        section.append(E.P(say("html.no_screenshots", lang)))
    return section


def _screenshot(shot: Path, step: dict, lang: Lang) -> etree._Element:
    """The PNG inline, with the element the step wanted outlined where the replay found it
    (its box, in the screenshot's pixels, is saved beside it as JSON)."""
    data = base64.b64encode(shot.read_bytes()).decode("ascii")
    figure = E.DIV({"class": "shot"}, E.IMG(
        src=f"data:image/png;base64,{data}",
        alt=say("html.screenshot_alt", lang, index=step["index"], name=safe(step["name"]))))
    box_file = shot.with_suffix(".json")
    if box_file.is_file():
        box = json.loads(box_file.read_text(encoding="utf-8"))
        width, height = box["viewport"]
        figure.append(E.DIV({"class": "mark", "aria-hidden": "true", "style": (
            f"left:{100 * box['x'] / width:.2f}%;top:{100 * box['y'] / height:.2f}%;"
            f"width:{100 * box['width'] / width:.2f}%;height:{100 * box['height'] / height:.2f}%")
        }))
    return figure


def _tab_stops(run: RunResults, lang: Lang) -> etree._Element:
    """Per page the task went through with focus moving on it, the page pictured with its Tab
    stops numbered on it, and the same stops as a numbered list beside it for a reader who
    cannot see it."""
    section = E.SECTION(E.H2(say("html.tab_stops", lang), id="tab-stops"),
                        E.P(say("html.tab_stops_intro", lang)),
                        {"aria-labelledby": "tab-stops"})
    pictured = 0
    for visit in page_visits(run.steps):
        path = picture_path(run.folder, visit.scenario, visit.number)
        picture = path.read_bytes() if path.is_file() else b""
        size = jpeg_size(picture)
        if size is None:
            continue
        pictured += 1
        section.append(E.H3(say("html.tab_stops_page", lang, scenario=safe(visit.scenario),
                                steps=", ".join(map(str, visit.steps)), url=safe(visit.url))))
        section.append(E.DIV({"class": "tab-stops"},
                             _numbered_picture(picture, size, visit, lang),
                             _stop_list(visit, size[1], lang)))
    if not pictured:
        section.append(E.P(say("html.tab_stops_none", lang)))
    return section


def _numbered_picture(picture: bytes, size: tuple[int, int], visit: PageVisit,
                      lang: Lang) -> etree._Element:
    """The picture with each drawn stop's box outlined, a line from stop to stop, and its
    number at the box's top left corner (hidden from screen readers: the list says it all)."""
    width, height = size
    drawn = _drawn(visit.stops, height)
    overlay = E.E("svg", {"viewBox": f"0 0 {width} {height}", "aria-hidden": "true",
                        "focusable": "false", "preserveAspectRatio": "none"})
    centres = [(x + w / 2, y + h / 2) for x, y, w, h in (stop.rect for stop in drawn)]
    if len(centres) > 1:
        overlay.append(E.E("polyline", {
            "points": " ".join(f"{x:.0f},{y:.0f}" for x, y in centres), "fill": "none",
            "stroke": "#8b0000", "stroke-width": "2", "stroke-dasharray": "6 4",
            "vector-effect": "non-scaling-stroke"}))
    for stop in drawn:
        x, y, w, h = stop.rect
        overlay.append(E.E("rect", {"x": str(x), "y": str(y), "width": str(w), "height": str(h),
                                  "fill": "none", "stroke": "#8b0000", "stroke-width": "3",
                                  "vector-effect": "non-scaling-stroke"}))
    figure = E.DIV({"class": "shot"}, E.IMG(
        src=f"data:image/jpeg;base64,{base64.b64encode(picture).decode('ascii')}",
        alt=say("html.tab_stops_alt", lang, scenario=safe(visit.scenario),
                steps=", ".join(map(str, visit.steps)), count=len(visit.stops))), overlay)
    for stop in drawn:
        x, y = stop.rect[0], stop.rect[1]
        figure.append(E.SPAN(str(stop.number), {"class": "stop", "aria-hidden": "true", "style": (
            f"left:{100 * x / width:.2f}%;top:{100 * y / height:.2f}%")}))
    return figure


def _drawn(stops: list[TabStop], height: int) -> list[TabStop]:
    """The stops that can be drawn on a picture this tall (the page may have grown after)."""
    return [stop for stop in stops if stop.drawable and stop.rect[1] < height]


def _stop_list(visit: PageVisit, height: int, lang: Lang) -> etree._Element:
    """The stops in words, numbered as on the picture, saying which are not drawn and why."""
    drawn = _drawn(visit.stops, height)
    items = []
    for stop in visit.stops:
        element = ", ".join(part for part in (role_word(stop.role, lang) or stop.tag,
                                               stop.name or say("html.unnamed", lang)) if part)
        pressed = say("html.tab_stop_typing", lang) if stop.key == "type" else stop.key
        text = say("html.tab_stop", lang, element=safe(element), pressed=safe(pressed))
        if stop.in_frame:
            text += f"; {say('html.tab_stop_in_frame', lang)}"
        elif not stop.drawable:
            text += f"; {say('html.tab_stop_hidden', lang)}"
        elif stop not in drawn:
            text += f"; {say('html.tab_stop_outside', lang)}"
        items.append(E.LI(text, value=str(stop.number)))
    return E.OL(*items, {"aria-label": say("html.tab_stops_list", lang,
                                           scenario=safe(visit.scenario),
                                           steps=", ".join(map(str, visit.steps)))})


def _findings(run: RunResults, lang: Lang) -> etree._Element:
    section = E.SECTION(E.H2(say("html.findings", lang), id="findings"),
                        {"aria-labelledby": "findings"})
    for cid in REVIEW_CRITERIA:
        criterion = criteria()[cid]
        row = run.summary["criteria"][cid]
        here = [f for f in run.findings if cid in f.criteria]
        section.append(E.H3(f"{cid} {criterion.name_vi if lang == 'vi' else criterion.name_en}"
                             f": {verdict(row['verdict'], lang)}, "
                             f"{count_findings(len(here), lang)}", id=f"sc-{cid}"))
        if not here:
            section.append(E.P(say("html.no_findings", lang)))
        section.extend(_by_step(here, lang, home=cid))
    others = [f for f in run.findings if not f.review_criteria]
    if others:
        section.append(E.H3(say("html.other_findings", lang), id="sc-other"))
        section.extend(_by_step(others, lang, home=None))
    return section


def _by_step(findings: list[ReportFinding], lang: Lang, home: str | None) -> list:
    """Findings under one criterion, a heading per step; each finding in full under its first
    criterion, and a link to it under the others."""
    steps: dict[tuple[str, int, str], list[ReportFinding]] = defaultdict(list)
    for finding in findings:
        steps[(finding.scenario, finding.step, finding.step_name)].append(finding)
    parts: list = []
    for (scenario, index, name), here in steps.items():
        parts.append(E.H4(say("html.step", lang, scenario=safe(scenario), index=index,
                              name=safe(name))))
        linked = [f for f in here if home is not None and f.review_criteria[0] != home]
        parts.extend(_finding(f, lang) for f in here if f not in linked)
        if linked:
            parts.append(E.UL(*(E.LI(E.A(say("html.see_under", lang, id=f.id, check=f.check,
                                             criterion=f.review_criteria[0]),
                                         href=f"#{f.id}")) for f in linked)))
    return parts


def _finding(finding: ReportFinding, lang: Lang) -> etree._Element:
    element = finding.element_name or say("html.unnamed", lang)
    named = {"accessibility-tree": say("html.name_from_tree", lang),
             "html-excerpt": say("html.name_from_excerpt", lang)}.get(finding.name_from, "")
    fields = [
        (say("html.meets", lang), [*_both(finding.help), *(  # a probe's own words on it
            [E.P(safe(finding.problem), lang="en")]
            if finding.source == "probe" and finding.problem not in finding.help.values()
            else [])]),
        (say("html.element", lang), [E.P(safe(f"{finding.element_role}, {element}"), " ",
                                         named)]),
        (say("html.excerpt", lang), [E.PRE(E.CODE(safe(finding.html)))]),
        (say("html.where", lang), [E.P(E.CODE(safe(" > ".join(map(str, finding.target))))),
                                   E.P(safe(finding.url))]),
    ]
    if finding.transcript:
        fields.append((say("html.transcript", lang), [E.UL(*(
            E.LI(E.SPAN(safe(line["vi"]), lang="vi"), " / ", E.SPAN(safe(line["en"]), lang="en"))
            for line in finding.transcript))]))
    fix = [*_both(finding.fix)] or [E.P(say("html.no_fix", lang))]
    fields.append((say("html.fix", lang), fix))
    extra = [c for c in finding.criteria if c not in finding.review_criteria[:1]]
    if extra:
        fields.append((say("html.also_fails", lang), [E.P(", ".join(extra))]))
    if finding.also:
        fields.append((say("html.also", lang), [E.P(", ".join(finding.also))]))
    fields.append((say("html.links", lang), [E.UL(*(E.LI(E.A(_link_name(key, lang), href=url))
                                                     for key, url in finding.links.items()))]))
    listing = E.DL()
    for term, details in fields:
        listing.extend([E.DT(term), E.DD(*details)])
    return E.ARTICLE(E.H5(say("html.finding", lang, id=finding.id, check=finding.check)),
                     listing, id=finding.id)


def _reviews(run: RunResults, lang: Lang) -> etree._Element:
    """The questions for a person, apart from the findings: counted, then one per element,
    under the step where the run met it, Vietnamese first."""
    section = E.SECTION(E.H2(say("html.reviews", lang, questions=len(run.reviews)),
                             id="reviews"), {"aria-labelledby": "reviews"},
                        E.P(say("html.reviews_about", lang)),
                        E.P(safe(reviews_line(run.summary["reviews"], lang))))
    if not run.reviews:
        section.append(E.P(say("html.no_reviews", lang)))
    steps: dict[tuple[str, int, str], list[ReportReview]] = defaultdict(list)
    for review in run.reviews:
        steps[(review.scenario, review.step, review.step_name)].append(review)
    for (scenario, index, name), here in steps.items():
        section.append(E.H3(say("html.step", lang, scenario=safe(scenario), index=index,
                                name=safe(name))))
        section.append(E.UL(*(_review(review, lang) for review in here)))
    return section


def _review(review: ReportReview, lang: Lang) -> etree._Element:
    element = review.element_name or say("html.unnamed", lang)
    return E.LI(
        E.P(E.STRONG(say("html.review", lang, id=review.id, check=review.check,
                         criteria=", ".join(review.criteria)))),
        *_both(review.question),
        E.P(safe(", ".join(part for part in (review.element_role, element) if part)), ": ",
            E.CODE(safe(" > ".join(map(str, review.target))))),
        id=review.id)


def _link_name(key: str, lang: Lang) -> str:
    kind, _, name = key.partition(":")
    return say("html.understanding", lang, id=name) if kind == "wcag" else say(
        "html.axe_rule", lang, rule=name)


def criteria_fragment(run: RunResults, lang: Lang, report: str) -> str:
    """The run's six criteria as a small table linking each to its findings in report.html
    (for other HTML pages that show a run, such as pytest-html's report of the scenarios)."""
    rows = [E.TR(*(E.TH(say(f"html.col.{col}", lang), scope="col")
                   for col in ("criterion", "verdict", "findings")))]
    for cid, row in run.summary["criteria"].items():
        criterion = criteria()[cid]
        name = criterion.name_vi if lang == "vi" else criterion.name_en
        rows.append(E.TR(E.TH(E.A(f"{cid} {name}", href=f"{report}#sc-{cid}"), scope="row"),
                         E.TD(verdict(row["verdict"], lang), {"class": row["verdict"]}),
                         E.TD(str(row["findings"]))))
    return etree.tostring(E.TABLE(E.CAPTION(say("html.criteria_caption", lang)), *rows),
                          encoding="unicode", method="html")

