"""The CAPTCHA probe: failing and passing pages of its own, vendor frames, pages without a
CAPTCHA, and the replica (every catalogued CAPTCHA defect found; the accessible twin clean)."""

from __future__ import annotations

import json

import pytest
from replica_states import MATCHES_DEFECT, OUTER_HTML_OF

from captcha_probes import captcha
from harness.replica.server import FAMILY_DIRS
from harness.snapshot import take_snapshot
from wcag.criteria import checks
from wcag.probe import run_checks

DEFECTS = {
    d["id"]: d
    for d in json.loads(
        (FAMILY_DIRS["igate2"] / "defects.json").read_text(encoding="utf-8"))["defects"]
}
APPLY = "/vi/padsvc/apply-online/5f9b3c2a8e4d1a0012c7b6e4"
REPLICA_STATES = {  # page state -> the catalogued CAPTCHA defects rendered in it
    "/sso/login": ["P15", "P16", "P17"],
    "/vi/dossier/search": ["P22", "P24"],
    "apply-step3": ["A15", "A16"],
}


def test_every_check_is_declared_under_the_captcha_category():
    for check_id in captcha.CHECK_IDS:
        assert checks()[check_id].category == "captcha"
        assert checks()[check_id].source == "probe"


def test_matching_folds_diacritics_but_keeps_them_for_audio_words():
    assert captcha.has_phrase("NHAP MA XAC NHAN", captcha.WORDS["captcha_words"])
    assert captcha.has_phrase("Mã Bảo Mật", captcha.WORDS["captcha_words"])
    assert captcha.has_phrase("Nghe mã", ["nghe"], keep_accents=True)
    assert not captcha.has_phrase("Nghề nghiệp", ["nghe"], keep_accents=True)


def _outcomes(page) -> dict[str, captcha.Outcome]:
    return {o.check_id: o for o in run_checks(captcha.CHECKS, take_snapshot(page))}


def _expected(page) -> dict[str, set[str]]:
    """data-expect attributes of a fixture: check id -> the elements it must flag."""
    pairs = page.eval_on_selector_all(
        "[data-expect]", "els => els.map(e => [e.outerHTML.slice(0, 60), e.dataset.expect])"
    )
    expected: dict[str, set[str]] = {}
    for html, checks_wanted in pairs:
        for check_id in checks_wanted.split():
            expected.setdefault(check_id, set()).add(html)
    return expected


def _found(page, outcomes) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for outcome in outcomes.values():
        for f in outcome.findings:
            found.setdefault(f.check, set()).add(page.evaluate(OUTER_HTML_OF, f.target[-1]))
    return found


@pytest.mark.browser
@pytest.mark.parametrize("fixture", ["bad_image.html", "canvas_route.html", "vendor.html"])
def test_failing_pages_are_flagged_exactly_where_marked(context, page_url, fixture):
    page = context.new_page()
    page.goto(page_url(f"probes/captcha/{fixture}"))
    outcomes = _outcomes(page)
    assert _found(page, outcomes) == _expected(page)
    assert outcomes["captcha-purpose"].applicable


@pytest.mark.browser
def test_a_labelled_captcha_with_audio_and_named_refresh_passes(context, page_url):
    page = context.new_page()
    page.goto(page_url("probes/captcha/good_image.html"))
    outcomes = _outcomes(page)
    assert all(o.applicable and not o.findings and not o.review for o in outcomes.values())


@pytest.mark.browser
def test_a_non_visual_route_with_a_phone_number_counts_as_the_alternative(context, page_url):
    page = context.new_page()
    page.goto(page_url("probes/captcha/canvas_route.html"))
    outcome = _outcomes(page)["captcha-alternative"]
    assert outcome.applicable and not outcome.findings and not outcome.review


@pytest.mark.browser
def test_a_vendor_frame_cannot_be_looked_into_so_its_alternative_needs_review(context, page_url):
    page = context.new_page()
    page.goto(page_url("probes/captcha/vendor.html"))
    outcome = _outcomes(page)["captcha-alternative"]
    assert outcome.applicable and "reCAPTCHA" in outcome.review and not outcome.findings


@pytest.mark.browser
def test_a_page_without_captcha_is_not_applicable(context, page_url):
    page = context.new_page()
    page.goto(page_url("probes/captcha/no_captcha.html"))
    outcomes = _outcomes(page)
    assert all(not o.applicable and not o.findings for o in outcomes.values())


def _load(page, replica, state: str) -> None:
    if state.startswith("apply-step"):
        page.goto(replica.url(f"/__replica__/sign-in?next={APPLY}"))
        page.wait_for_selector("#formio-declaration input")
        page.evaluate(f"window.applyStepper.showStep({int(state[-1])})")  # test set-up only
    else:
        page.goto(replica.url(state))


@pytest.mark.browser
def test_replica_defects_are_found_and_the_accessible_twin_is_clean(replica, context):
    page = context.new_page()
    for state, defect_ids in REPLICA_STATES.items():
        _load(page, replica, state)
        outcomes = _outcomes(page)
        findings = [f for o in outcomes.values() for f in o.findings]
        assert outcomes["captcha-purpose"].applicable, state
        if replica.variant == "accessible":
            assert [f"{f.check} {f.target}" for f in findings] == [], state
            continue
        for defect_id in defect_ids:
            selector = DEFECTS[defect_id]["selector"]
            assert any(
                page.evaluate(MATCHES_DEFECT, [selector, f.target[-1]]) for f in findings
            ), f"{defect_id} not found on {state}"
