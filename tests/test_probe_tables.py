"""The table probes: data grids drawn with divs (CSS table display, a CSS grid, aligned flex
rows) with a header row fail, grid-shaped blocks of three columns without one need review,
two aligned columns (dates and titles, terms and values) are not judged, and cards, form
rows, menus, description lists and footers are left alone; in ARIA tables a column header
with no cell under it and a row header alone in its row fail, a complete ARIA table passes."""

from __future__ import annotations

import pytest
from replica_states import found_and_marked

from harness.snapshot import take_snapshot
from wcag import tables
from wcag.criteria import checks
from wcag.probe import run_checks

pytestmark = pytest.mark.browser


def test_checks_are_declared_under_1_3_1():
    assert checks()[tables.DIV_TABLE].category == "headings"
    assert all(checks()[c].criteria == ("1.3.1",) for c in tables.CHECK_IDS)


def test_tables_without_semantics_fail_exactly_where_marked(context, page_url):
    page = context.new_page()
    page.goto(page_url("probes/tables/failing.html"))
    found, expected = found_and_marked(page, tables.CHECKS)
    assert found == expected


def test_real_tables_and_layouts_pass(context, page_url):
    page = context.new_page()
    page.goto(page_url("probes/tables/passing.html"))
    outcomes = {o.check_id: o for o in run_checks(tables.CHECKS, take_snapshot(page))}
    assert [f"{f.check} {f.target}" for o in outcomes.values() for f in o.findings] == []
    assert outcomes[tables.HEADS_NOTHING].applicable
    # three aligned columns with no header row: perhaps a table, a person judges; two aligned
    # columns (dates and titles, terms and values) read well and are not even a question
    assert "Phòng Tư pháp" in outcomes[tables.DIV_TABLE].review
