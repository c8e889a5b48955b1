"""The replica page states where catalogued defects appear, for each probe's own tests.

Steps 2 and 3 of the application are revealed by script here (test set-up only): the probe
tests check the probes on those states; the replay tests reach them by keyboard."""

from __future__ import annotations

from collections.abc import Iterator

from replays import CATALOGUE

STEP_OF_PAGE = {"apply-step1": 1, "apply-step2": 2, "apply-step3": 3}
REVEAL_STEP = (
    "n => document.querySelectorAll('.apply-step')"
    ".forEach(s => { s.hidden = s.dataset.step !== String(n); })"
)
OUTER_HTML_OF = "t => { const e = document.querySelector(t); return e && e.outerHTML.slice(0,60); }"
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
