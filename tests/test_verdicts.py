"""Verdicts: a criterion passes only when a deciding check ran; otherwise it says why not."""

from harness.findings import Evidence, Finding
from harness.verdicts import combine, criterion_verdicts
from wcag.criteria import REVIEW_CRITERIA, categories, checks, checks_for, criteria, deciders_for


def finding(check: str, criteria_ids: list[str]) -> Finding:
    return Finding(check, "axe", criteria_ids, None, ["img"], "<img>", "message")


def evidence(passed: set[str], **kwargs) -> Evidence:
    return Evidence(ran=set(checks()), passed=passed, **kwargs)


def test_a_failure_fails_its_criteria_only():
    verdicts, notes = criterion_verdicts(
        [finding("image-alt", ["1.1.1"])], evidence({"label", "link-name"})
    )
    assert verdicts["1.1.1"] == "fail" and "image-alt" in notes["1.1.1"]
    assert verdicts["3.3.2"] == "pass"
    assert verdicts["2.4.4"] == "pass"


def test_criteria_axe_cannot_decide_are_inconclusive_even_when_rules_pass():
    verdicts, notes = criterion_verdicts(
        [], evidence({"scrollable-region-focusable", "empty-heading"})
    )
    assert verdicts["2.1.1"] == "inconclusive"
    assert verdicts["2.4.6"] == "inconclusive"
    assert notes["2.4.6"]


def test_an_unchecked_frame_keeps_every_unfailed_criterion_from_passing():
    partial = evidence({"label"}, not_checked=["axe could not run in the frame x"])
    verdicts, notes = criterion_verdicts([finding("link-name", ["2.4.4"])], partial)
    assert verdicts["2.4.4"] == "fail"
    assert verdicts["3.3.2"] == "inconclusive" and "frame x" in notes["3.3.2"]


def test_needs_review_is_inconclusive_and_nothing_applicable_is_not_applicable():
    unsure = evidence({"label"}, needs_review={"image-alt": "cannot tell"})
    verdicts, _ = criterion_verdicts([], unsure)
    assert verdicts["1.1.1"] == "inconclusive"
    assert verdicts["3.3.2"] == "pass"
    assert verdicts["2.4.4"] == "not-applicable"


def test_a_criterion_no_deciding_check_ran_for_is_inconclusive_not_not_applicable():
    verdicts, notes = criterion_verdicts([], Evidence(ran={"image-alt"}))
    assert verdicts["1.1.1"] == "not-applicable"
    assert verdicts["3.3.2"] == "inconclusive"
    assert notes["3.3.2"] == criteria()["3.3.2"].why_not


def test_combine_pages_into_a_run_verdict():
    assert combine(["pass", "fail", "inconclusive"]) == "fail"
    assert combine(["pass", "inconclusive"]) == "inconclusive"
    assert combine(["pass", "not-applicable"]) == "pass"
    assert combine(["not-applicable"]) == "not-applicable"
    assert combine([]) == "inconclusive"


def test_rule_map_names_only_known_criteria_and_categories():
    known = set(REVIEW_CRITERIA) | {"4.1.2"}
    for rule in checks().values():
        assert set(rule.criteria) <= known, rule.id
        assert rule.category is None or rule.category in categories(), rule.id
    # the 4.1.2-only rules that decide names are mapped to the review criteria
    assert "label" in checks_for("3.3.2")
    assert "button-name" in checks_for("1.1.1")
    # axe alone never decides keyboard operation or whether wording describes a purpose
    assert not [c for c in deciders_for("2.1.1") if checks()[c].source == "axe"]
    assert not [c for c in deciders_for("2.4.6") if checks()[c].source == "axe"]
    assert set(criteria()) == set(REVIEW_CRITERIA)


def test_a_live_portal_s_field_values_are_dropped_from_finding_excerpts():
    from harness.findings import Finding

    finding = Finding("label", "axe", ["3.3.2"], "combobox-editbox", ["#ten"],
                      '<input id="ten" value="Nguyễn Văn Thật" data-x=\'1\'>'
                      "<input VALUE='001099012345'><input value=Thu@2024 readonly>", "no label")
    finding.hide_values()
    assert "Nguyễn" not in finding.html and "001099012345" not in finding.html
    assert "Thu@2024" not in finding.html
    assert finding.html.count('value="…"') == 2 and 'VALUE="…"' in finding.html
    assert "data-x='1'" in finding.html and "readonly" in finding.html
