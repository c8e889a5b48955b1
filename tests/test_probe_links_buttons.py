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


@pytest.mark.browser
def test_links_to_one_resource_by_different_addresses_share_a_name(context):
    """Reported false failure: relative and absolute addresses, a fragment, index.html and a
    trailing slash were 'different targets'. Resources are compared; links to really different
    places still fail, and different sections of one page need review."""
    outcome, found = _found_ids(context, "http://portal.test/dich-vu/index.html",
                                "link-same-name-different-target")
    assert found == ["d1", "d2"]
    assert '"Mục"' in outcome.review


@pytest.mark.browser
def test_a_file_name_with_describing_words_needs_review(context):
    """A link named "government-strategy.pdf" may say what the document is: a person judges.
    A form number ("Mẫu số 03/2013/TT-LLTP.docx") still fails."""
    outcome, found = _found_ids(context, "http://portal.test/dich-vu/", "link-button-unnamed")
    assert found == ["f2"]
    assert "government-strategy.pdf" in outcome.review
