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


HEADERS_ATTRIBUTE = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Bảng</title></head><body><main><h1>Lệ phí</h1>
<table><caption>Lệ phí theo đối tượng</caption>
<tr><th id="doi-tuong">Đối tượng</th><th id="le-phi">Lệ phí</th><th id="ghi-chu">Ghi chú</th></tr>
<tr><td headers="doi-tuong">Công dân</td><td headers="le-phi">200.000 đồng</td>
<td headers="doi-tuong">Miễn cho người có công</td></tr>
</table>
<table><caption>Thời hạn</caption>
<tr><th id="buoc">Bước</th><th id="ngay">Số ngày</th></tr>
<tr><td>Tiếp nhận</td><td headers="ngay">1</td></tr>
</table>
<table><caption>Khoản thu</caption>
<tr><th>Khoản</th><th id="so-tien">Số tiền</th></tr><tr><td>Lệ phí</td></tr>
</table></main></body></html>"""


def test_a_header_the_headers_attributes_take_every_cell_from_heads_nothing(context):
    """ACT rule d0f69e in a native table: a cell's headers attribute replaces the header its
    column would give it, so "Ghi chú", whose only cell names "Đối tượng" instead, heads
    nothing, as does "Số tiền" over a row too short to reach its column; "Bước" still heads
    "Tiếp nhận" by position, and a header a cell names heads it."""
    page = context.new_page()
    page.set_content(HEADERS_ATTRIBUTE)
    outcome = {o.check_id: o for o in run_checks(tables.CHECKS, take_snapshot(page))}[
        tables.HEADS_NOTHING]
    assert [page.evaluate("s => document.querySelector(s).id", f.target[-1])
            for f in outcome.findings] == ["ghi-chu", "so-tien"]
