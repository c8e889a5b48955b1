"""The links-and-buttons probe: failing and passing pages of its own, the word list, and the
replica (every catalogued link/button defect it covers is found; the accessible twin is clean)."""

from __future__ import annotations

import json

import pytest
from replica_states import MATCHES_DEFECT, OUTER_HTML_OF

from harness.replica.server import FAMILY_DIRS
from harness.snapshot import take_snapshot
from wcag import commons, links_buttons
from wcag.criteria import checks
from wcag.probe import run_checks

DEFECTS = {
    d["id"]: d
    for d in json.loads(
        (FAMILY_DIRS["igate2"] / "defects.json").read_text(encoding="utf-8"))["defects"]
}
APPLY = "/vi/padsvc/apply-online/5f9b3c2a8e4d1a0012c7b6e4"
# page state -> catalogued links-buttons defects rendered in it. P14 (accordion toggles without
# an expanded state) is a state defect, left to the custom-widget probe.
REPLICA_STATES = {
    "/": ["P01", "P03", "P04"],
    "/vi/procedure/search": ["P07"],
    "/vi/procedure/detail/5f9b3c2a8e4d1a0012c7b6e4": ["P11"],
    "/sso/login": ["P20"],
    "/vi/dossier/search": [],
    "apply-step1": ["A08", "A09"],
    "apply-step2": ["A12", "A13"],
    "apply-step4": ["A18"],
}


def test_every_check_is_declared_under_links_and_buttons():
    for check_id in links_buttons.CHECK_IDS:
        assert checks()[check_id].category == "links-buttons"
    assert checks()["link-context-only"].criteria == ()
    assert checks()["link-same-name-different-target"].passes == ()


@pytest.mark.parametrize(
    ("name", "glyph", "file_name"),
    [("×", True, False), ("\ue900", True, False), ("»", True, False), ("2", False, False),
     ("Mẫu số 03/2013/TT-LLTP.docx", False, True), ("abc.PDF", False, True),
     ("Tải về tờ khai yêu cầu cấp phiếu lý lịch tư pháp.docx", False, False)],
)
def test_symbols_and_file_names_are_recognised(name, glyph, file_name):
    assert commons.is_glyph_only(name) is glyph
    assert commons.looks_like_file_name(name) is file_name


def test_generic_names_match_whatever_the_case_diacritics_or_arrows():
    generic = {links_buttons.bare(w) for w in links_buttons.WORDS["generic_names"]}
    for name in ("Xem thêm »", "XEM CHI TIẾT", "[Chi tiết]", "Click here", "tại đây."):
        assert links_buttons.bare(name) in generic, name
    assert links_buttons.bare("Xem chi tiết thủ tục Đăng ký khai sinh") not in generic


def _outcomes(page) -> dict[str, links_buttons.Outcome]:
    return {o.check_id: o for o in run_checks(links_buttons.CHECKS, take_snapshot(page))}


@pytest.mark.browser
def test_failing_page_is_flagged_exactly_where_marked(context, page_url):
    page = context.new_page()
    page.goto(page_url("probes/links/bad_links.html"))
    outcomes = _outcomes(page)
    found: dict[str, set[str]] = {}
    for outcome in outcomes.values():
        for f in outcome.findings:
            found.setdefault(f.check, set()).add(page.evaluate(OUTER_HTML_OF, f.target[-1]))
    expected: dict[str, set[str]] = {}
    for html, wanted in page.eval_on_selector_all(
        "[data-expect]", "els => els.map(e => [e.outerHTML.slice(0, 60), e.dataset.expect])"
    ):
        for check_id in wanted.split():
            expected.setdefault(check_id, set()).add(html)
    assert found == expected


@pytest.mark.browser
def test_each_unnamed_finding_carries_the_criterion_of_its_element(context, page_url):
    page = context.new_page()
    page.goto(page_url("probes/links/bad_links.html"))
    criteria = {
        (page.evaluate("t => document.querySelector(t).tagName", f.target[-1]), tuple(f.criteria))
        for f in _outcomes(page)["link-button-unnamed"].findings
    }
    assert ("A", ("2.4.4", "4.1.2")) in criteria  # an empty link
    assert ("A", ("2.4.4",)) in criteria  # a link named by its file name
    assert ("BUTTON", ("1.1.1", "4.1.2")) in criteria
    assert ("BUTTON", ("1.1.1",)) in criteria  # a button named by a symbol


@pytest.mark.browser
def test_correct_markup_passes_every_check(context, page_url):
    page = context.new_page()
    page.goto(page_url("probes/links/good_links.html"))
    outcomes = _outcomes(page)
    assert [f"{f.check} {f.target}" for o in outcomes.values() for f in o.findings] == []
    assert outcomes["link-button-unnamed"].applicable
    assert outcomes["link-generic-name"].applicable  # "Xem thêm" links were looked at


def _load(page, replica, state: str) -> None:
    if not state.startswith("apply-step"):
        page.goto(replica.url(state))
        return
    page.goto(replica.url(f"/__replica__/sign-in?next={APPLY}"))
    page.wait_for_selector("#formio-declaration input")
    step = int(state[-1])
    if step == 1:  # a second residence row shows the rows' remove buttons (A09)
        page.get_by_text("Thêm dòng").first.click()
        page.wait_for_selector(".formio-button-remove-row")
    else:
        page.evaluate(f"window.applyStepper.showStep({step})")  # test set-up only


@pytest.mark.browser
def test_replica_defects_are_found_and_the_accessible_twin_is_clean(replica, context):
    page = context.new_page()
    for state, defect_ids in REPLICA_STATES.items():
        _load(page, replica, state)
        findings = [f for o in _outcomes(page).values() for f in o.findings]
        if replica.variant == "accessible":
            assert [f"{f.check} {f.target}" for f in findings] == [], state
            continue
        for defect_id in defect_ids:
            selector = DEFECTS[defect_id]["selector"]
            assert any(
                page.evaluate(MATCHES_DEFECT, [selector, f.target[-1]]) for f in findings
            ), f"{defect_id} not found on {state}"


SAME_RESOURCE = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Liên kết</title></head><body><main><h1>Dịch vụ công</h1>
<p><a id="r1" href="/thu-tuc/">Thủ tục</a>
<a id="r2" href="http://PORTAL.test:80/thu-tuc">Thủ tục</a>
<a id="r3" href="../thu-tuc/index.html">Thủ tục</a> <a id="r4" href="/thu-tuc#top">Thủ tục</a></p>
<p><a id="q1" href="/tra-cuu?a=1&amp;b=2">Tra cứu</a>
<a id="q2" href="/tra%2Dcuu?b=2&amp;a=1">Tra cứu</a></p>
<p><a id="s1" href="#phi">Mục</a> <a id="s2" href="#le-phi">Mục</a></p>
<p><a id="d1" href="/thu-tuc/1">Hồ sơ</a> <a id="d2" href="/thu-tuc/2">Hồ sơ</a></p>
<p><a id="f1" href="/files/strategy.pdf">government-strategy.pdf</a>
<a id="f2" href="/files/03.docx">Mẫu số 03/2013/TT-LLTP.docx</a></p>
</main></body></html>"""


def _found_ids(context, url: str, check_id: str) -> tuple[links_buttons.Outcome, list[str]]:
    """One check's outcome on SAME_RESOURCE served at `url`, and the ids of what it found."""
    page = context.new_page()
    page.route("http://portal.test/**", lambda route: route.fulfill(
        body=SAME_RESOURCE, content_type="text/html; charset=utf-8"))
    page.goto(url)
    outcome = _outcomes(page)[check_id]
    return outcome, [page.evaluate("s => document.querySelector(s).id", f.target[-1])
                     for f in outcome.findings]


def _ids(page, items) -> list[str]:
    return [page.evaluate("s => document.querySelector(s).id", item.target[-1]) for item in items]


@pytest.mark.browser
def test_links_to_one_resource_by_different_addresses_share_a_name(context):
    """Reported false failure: relative and absolute addresses, a fragment, index.html and a
    trailing slash were 'different targets'. Resources are compared. Links in one paragraph to
    really different addresses, or to two sections of one page, may still serve one purpose:
    a question on each of them and a review, never a failure (their content is not fetched)."""
    page = context.new_page()
    page.route("http://portal.test/**", lambda route: route.fulfill(
        body=SAME_RESOURCE, content_type="text/html; charset=utf-8"))
    page.goto("http://portal.test/dich-vu/index.html")
    outcome = _outcomes(page)["link-same-name-different-target"]
    assert outcome.findings == []
    assert _ids(page, outcome.reviews) == ["s1", "s2", "d1", "d2"]
    assert all(r.criteria == ["2.4.4"] for r in outcome.reviews)
    assert '"Hồ sơ"' in outcome.reviews[-1].question_en
    assert "/thu-tuc/1, /thu-tuc/2" in outcome.reviews[-1].question_vi
    assert "2 links" in outcome.review


CONTEXTS = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Tra cứu</title>
</head><body><header><nav><ul><li><a id="h1" href="/tra-cuu">Tra cứu hồ sơ</a></li></ul></nav>
</header><main><h1>Kết quả</h1>
<div><a id="b1" href="/tin/1">Đọc tiếp</a> về lịch nghỉ lễ Quốc khánh</div>
<div><a id="b2" href="/tin/2">Đọc tiếp</a> về hướng dẫn nộp hồ sơ trực tuyến</div>
<p>Hồ sơ G01.2025.000123 đang xử lý. <a id="h2" href="/tra-cuu?ma=G01.2025.000123">Tra cứu
hồ sơ</a></p>
<div><span style="display:flex; gap:2rem"><a id="c1" href="/lien-he?kenh=chat">Liên hệ</a>
<a id="c2" href="/lien-he?kenh=dien-thoai">Liên hệ</a></span></div>
<ul><li>Để tìm hiểu: <a id="l1" href="/gioi-thieu">Giới thiệu</a></li>
<li>Để liên hệ: <a id="l2" href="/lien-he">Giới thiệu</a></li></ul>
</main></body></html>"""


@pytest.mark.browser
def test_only_links_in_one_context_are_compared(context):
    """ACT rule fd3a94: same-named links in different contexts (a header and a result page's
    paragraph, two blocks, two list items) are told apart by their context and are not
    compared; two in one block (a flex row is no block of its own) are, and raise a question
    each, never a failure."""
    page = context.new_page()
    page.set_content(CONTEXTS)
    outcome = _outcomes(page)["link-same-name-different-target"]
    assert outcome.findings == []
    assert _ids(page, outcome.reviews) == ["c1", "c2"]


TABLES = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Bảng</title>
</head><body><main><h1>Thủ tục</h1>
<table><caption>Kết quả tìm kiếm</caption>
<tr><th>Tên thủ tục</th><th></th></tr>
<tr><td>Cấp Phiếu lý lịch tư pháp</td><td><a id="row" href="/p/1">Chi tiết</a></td></tr>
</table>
<table><caption>Biểu mẫu</caption>
<tr><th>Tờ khai</th><th>Tải</th></tr>
<tr><th scope="row">Mẫu số 03</th><td><a id="head" href="/f/3.docx">Tải về</a></td></tr>
</table>
</main></body></html>"""


@pytest.mark.browser
def test_a_link_in_a_table_cell_has_its_cell_and_header_cells_as_context(context):
    """WCAG's programmatically determined link context is the link's cell with the header
    cells assigned to it, not its whole row (ACT rule 5effbb, failed example 6): a generic
    link beside the procedure's name in another data cell fails; one whose row header says
    what it is only lacks a name of its own."""
    page = context.new_page()
    page.set_content(TABLES)
    outcomes = _outcomes(page)
    assert _ids(page, outcomes["link-generic-name"].findings) == ["row"]
    assert _ids(page, outcomes["link-context-only"].findings) == ["head"]


@pytest.mark.browser
def test_a_file_name_with_describing_words_needs_review(context):
    """A link named "government-strategy.pdf" may say what the document is: a person judges.
    A form number ("Mẫu số 03/2013/TT-LLTP.docx") still fails."""
    outcome, found = _found_ids(context, "http://portal.test/dich-vu/", "link-button-unnamed")
    assert found == ["f2"]
    assert "government-strategy.pdf" in outcome.review


FEW_WORDS = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Hỏi</title>
</head><body><nav><ul><li><a id="home" href="/">Trang chủ</a></li></ul></nav><main><h1>Tin</h1>
<p><a id="workshop" href="/ws.html">Workshop</a></p>
<p>Báo cáo của hội thảo về dịch vụ công trực tuyến năm 2025 đã có:
<a id="sentence" href="/bc.html">báo cáo</a>.</p>
<p><a id="long" href="/tra-cuu">Tra cứu hồ sơ trực tuyến của công dân</a></p>
<div><a id="generic" href="/x">Xem thêm</a></div>
</main></body></html>"""


@pytest.mark.browser
def test_a_link_whose_name_and_context_hold_few_words_is_a_question(context):
    """ACT rule 5effbb needs a person: the question is put where the words are few ("Trang
    chủ", "Workshop"), not to a link in a sentence or with a long name, nor to a generic name
    without context, which is already a failure."""
    page = context.new_page()
    page.set_content(FEW_WORDS)
    outcome = _outcomes(page)["link-in-context-descriptive"]
    assert outcome.findings == []
    assert _ids(page, outcome.reviews) == ["home", "workshop"]
    assert outcome.reviews[1].question_en.startswith('Does the link "Workshop"')
    assert outcome.reviews[1].question_vi.startswith('Liên kết "Workshop"')
