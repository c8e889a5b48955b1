"""The choice-group probe: radio buttons and check boxes answering one question fail without a
group that carries the question (no fieldset legend, an unnamed fieldset or radiogroup, a
caption beside the options that is not tied to them); named groups, a question reached through
aria-labelledby or aria-describedby, single check boxes and options in a table pass; options
with no question shown before them are for a person to judge."""

from __future__ import annotations

import pytest
from replica_states import OUTER_HTML_OF

from harness.snapshot import take_snapshot
from wcag import groups
from wcag.criteria import checks
from wcag.probe import run_checks

pytestmark = pytest.mark.browser

EXPECTED = "els => els.map(e => e.outerHTML.slice(0, 60))"


def test_check_is_declared_under_fields():
    meta = checks()[groups.CHECK_ID]
    assert meta.category == "combobox-editbox"
    assert set(meta.criteria) == {"1.3.1", "3.3.2"}


def test_groups_without_their_question_fail_exactly_where_marked(context, page_url):
    page = context.new_page()
    page.goto(page_url("probes/groups/failing.html"))
    (outcome,) = run_checks(groups.CHECKS, take_snapshot(page))
    found = {page.evaluate(OUTER_HTML_OF, f.target[-1]) for f in outcome.findings}
    assert found == set(page.eval_on_selector_all("[data-expect]", EXPECTED))
    assert all(f.category == "combobox-editbox" for f in outcome.findings)


def test_groups_that_carry_their_question_pass(context, page_url):
    page = context.new_page()
    page.goto(page_url("probes/groups/passing.html"))
    (outcome,) = run_checks(groups.CHECKS, take_snapshot(page))
    assert [f.message for f in outcome.findings] == []
    assert outcome.applicable
    # options with no question shown anywhere near them lose nothing to the markup: a person
    # judges whether the page asks it elsewhere
    assert '"Đỏ"' in outcome.review
