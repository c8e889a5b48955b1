"""The field probe: each check fails on its defect page and stays quiet on a page with correct
fields and look-alikes (a visually hidden label with a placeholder example, cells labelled by
column headers, native date and select controls, menus and toggle buttons with their state); on
the replica it finds every catalogued combo-box and edit-box defect the loaded page shows, and
nothing on the accessible twin."""

from __future__ import annotations

import pytest
from replica_states import states_of

from harness.snapshot import take_snapshot
from wcag import fields
from wcag.probe import run_checks

pytestmark = pytest.mark.browser

DEFECT_IDS = {"P05", "P09", "P14", "P19", "P21", "A01", "A02", "A03", "A04", "A11", "A14"}
RESOLVE = """([targets, selector]) => {
  const found = targets.map(t => document.querySelector(t));
  const wanted = [...document.querySelectorAll(selector)].filter(e => e.getClientRects().length);
  return wanted.map(w => found.some(f => f && (f === w || w.contains(f) || f.contains(w))));
}"""
EXPECTED_FAILURES = {
    "field-placeholder-only": ["ph", "hidden-label"],
    "field-unlabelled": ["sel", "stray", "file", "radio-a", "radio-b", "cb-aria"],
    "combobox-missing-state": ["cb-aria", "custom-trigger"],
    "combobox-not-focusable": ["cb-nofocus", "custom-trigger"],
    "date-picker-mouse-only": ["date-ro"],
    "date-format-not-conveyed": ["date-ro", "dob"],
    "required-not-conveyed": ["required"],
    "toggle-missing-state": ["toggle-link", "toggle-button"],
    "field-label-descriptive": [],  # a question for a person on each named field, never a failure
}


def _outcomes(page) -> dict:
    return {o.check_id: o for o in run_checks(fields.CHECKS, take_snapshot(page))}


def _ids(page, outcome) -> list[str]:
    return [page.evaluate("s => document.querySelector(s).id", f.target[-1])
            for f in outcome.findings]


@pytest.fixture
def fixture_page(context, page_url):
    page = context.new_page()

    def load(name: str):
        page.goto(page_url(f"probes/fields/{name}"))
        return page

    return load


def test_every_check_fails_on_its_defect(fixture_page):
    page = fixture_page("failing.html")
    outcomes = _outcomes(page)
    found = {check: sorted(_ids(page, o)) for check, o in outcomes.items()}
    assert found == {check: sorted(ids) for check, ids in EXPECTED_FAILURES.items()}


def test_every_labelled_field_is_a_question_and_an_unlabelled_one_is_not(fixture_page):
    """Whether a label says what to enter is for a person (ACT rule rnwp1i): asked of each
    labelled field, never of one whose label is missing or only a placeholder (those are
    failures already)."""
    page = fixture_page("failing.html")
    outcomes = _outcomes(page)
    asked = [page.evaluate("s => document.querySelector(s).id", r.target[-1])
             for r in outcomes["field-label-descriptive"].reviews]
    failing = {*_ids(page, outcomes["field-unlabelled"]),
               *_ids(page, outcomes["field-placeholder-only"])}
    assert asked and not set(asked) & failing
    assert {"required", "dob"} <= set(asked)
    assert all(r.criteria == ["2.4.6"] for r in outcomes["field-label-descriptive"].reviews)


def test_correct_fields_and_look_alikes_pass(fixture_page):
    page = fixture_page("passing.html")
    outcomes = _outcomes(page)
    assert {check: _ids(page, o) for check, o in outcomes.items() if o.findings} == {}
    assert all(o.applicable for o in outcomes.values())


def test_replica_defects_are_found_and_the_accessible_twin_is_clean(replica, context):
    for page, defects in states_of(replica, context, DEFECT_IDS):
        findings = [f for o in run_checks(fields.CHECKS, take_snapshot(page)) for f in o.findings]
        if replica.variant == "accessible":
            assert [(f.check, f.target) for f in findings] == [], page.url
            continue
        targets = [f.target[-1] for f in findings]
        for defect in defects:
            matched = page.evaluate(RESOLVE, [targets, defect["selector"]])
            assert matched and all(matched), (defect["id"], matched)


def test_fields_tied_through_aria_are_not_called_unlabelled(fixture_page):
    """Reported false failures: a combobox's list owned (aria-owns) or controlled
    (aria-controls) was an 'unlabelled listbox'; a label the field names in aria-describedby was
    'not associated'. Fields labelled by aria-labelledby or a wrapping label pass; a label tied to
    nothing still fails."""
    page = fixture_page("aria_tied.html")
    assert _ids(page, _outcomes(page)["field-unlabelled"]) == ["job"]


def test_date_parts_and_field_toggles_are_not_failed(fixture_page):
    """Day, month and year fields in a group say what goes where (a lone date field still owes
    its format); a Show password button controls its field, not a section (a button controlling
    a panel still owes its expanded state)."""
    page = fixture_page("aria_tied.html")
    outcomes = _outcomes(page)
    assert _ids(page, outcomes["date-format-not-conveyed"]) == ["issued"]
    assert _ids(page, outcomes["toggle-missing-state"]) == ["more"]


def test_a_drop_down_named_only_by_what_it_shows_is_unlabelled(context):
    """select2's default markup: the combobox's aria-labelledby points at its own rendered
    text, so it is announced by its current value; tied to its visible label as well, it is
    named."""
    page = context.new_page()
    drop_down = """<label id="{id}-label">Cơ quan tiếp nhận</label>
      <span id="{id}" role="combobox" tabindex="0" aria-expanded="false"
            aria-labelledby="{labelledby}"><span id="{id}-shown">Công an thành phố Huế</span>
      </span>"""
    page.set_content("<main>" + drop_down.format(id="own", labelledby="own-shown")
                     + drop_down.format(id="tied", labelledby="tied-label tied-shown") + "</main>")
    outcome = _outcomes(page)["field-unlabelled"]
    assert _ids(page, outcome) == ["own"]
    assert "Công an thành phố Huế" in outcome.findings[0].message
