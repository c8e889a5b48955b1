"""The replica page states where catalogued defects appear, for each probe's own tests.

Steps 2 and 3 of the application are revealed by script here (test set-up only): the probe
tests check the probes on those states; the replay tests reach them by keyboard."""

from __future__ import annotations

from collections.abc import Iterator

from harness.snapshot import take_snapshot
from replays import CATALOGUE
from wcag.probe import run_checks

STEP_OF_PAGE = {"apply-step1": 1, "apply-step2": 2, "apply-step3": 3}
REVEAL_STEP = (
    "n => document.querySelectorAll('.apply-step')"
    ".forEach(s => { s.hidden = s.dataset.step !== String(n); })"
)
OUTER_HTML_OF = "t => { const e = document.querySelector(t); return e && e.outerHTML.slice(0,60); }"
MARKED = "els => els.map(e => [e.outerHTML.slice(0, 60), e.dataset.expect])"


def found_and_marked(page, checks: dict) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Which elements each check found on a probe test page, and which the page marks with
    `data-expect="check-id ..."`, each element as the start of its HTML."""
    found: dict[str, set[str]] = {}
    for outcome in run_checks(checks, take_snapshot(page)):
        for f in outcome.findings:
            found.setdefault(f.check, set()).add(page.evaluate(OUTER_HTML_OF, f.target[-1]))
    marked: dict[str, set[str]] = {}
    for html, wanted in page.eval_on_selector_all("[data-expect]", MARKED):
        for check_id in wanted.split():
            marked.setdefault(check_id, set()).add(html)
    return found, marked
# Is the finding's element the defect's element, inside it, or around it?
MATCHES_DEFECT = """([selector, target]) => {
  const found = document.querySelector(target);
  return !!found && [...document.querySelectorAll(selector)].some(
    d => d === found || d.contains(found) || found.contains(d));
}"""


def states_of(replica, context, defect_ids: set[str]) -> Iterator[tuple[object, list[dict]]]:
    """Each page state holding some of these defects, loaded and ready to snapshot."""
    page = context.new_page()
    page.goto(replica.url("/__replica__/sign-in"))
    by_page: dict[str, list[dict]] = {}
    for defect in CATALOGUE:
        if defect["id"] in defect_ids:
            by_page.setdefault(defect["page"], []).append(defect)
    for name, defects in by_page.items():
        page.goto(replica.url(defects[0]["path"]))
        if name in STEP_OF_PAGE:
            page.wait_for_selector("#apply-app[data-ready=true]")
            page.evaluate(REVEAL_STEP, STEP_OF_PAGE[name])
        yield page, defects
