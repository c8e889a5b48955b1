"""Verdicts: any finding fails its criterion on the page and in the run; checks that find nothing
give "no failure found" with what a person must confirm, never "pass"; what could not be
checked is inconclusive with the reason."""

from harness.findings import Evidence, Finding, PageResult, one_per_problem
from harness.verdicts import combine, criterion_verdicts, run_summary
from wcag.criteria import REVIEW_CRITERIA, categories, checks, checks_for, criteria, deciders_for


def finding(check: str, criteria_ids: list[str]) -> Finding:
    return Finding(check, "axe", criteria_ids, None, ["img"], "<img>", "message")


def evidence(passed: set[str], **kwargs) -> Evidence:
    return Evidence(ran=set(checks()), passed=passed, **kwargs)


def test_a_failure_fails_its_criteria_only_and_no_failure_is_never_a_pass():
    verdicts, notes = criterion_verdicts(
        [finding("image-alt", ["1.1.1"])], evidence({"label", "link-name"})
    )
    assert verdicts["1.1.1"] == "fail" and "image-alt" in notes["1.1.1"]
    assert verdicts["3.3.2"] == verdicts["2.4.4"] == "no-failure-found"
    assert "no failure found by label" in notes["3.3.2"]
    assert criteria()["3.3.2"].confirm_en in notes["3.3.2"]  # what a person must still confirm
    assert "pass" not in verdicts.values()


def test_criteria_axe_cannot_decide_are_inconclusive_even_when_rules_pass():
    verdicts, notes = criterion_verdicts(
        [], evidence({"scrollable-region-focusable", "empty-heading"})
    )
    assert verdicts["2.1.1"] == "inconclusive"
    assert verdicts["2.4.6"] == "inconclusive"
    assert notes["2.4.6"]


def test_a_decider_that_applies_to_every_page_shows_nothing_about_it():
    """aria-hidden-body passes on any page: it is no evidence that a page's structure was
    checked, so a page holding only a paragraph is never an automated 1.3.1 pass."""
    verdicts, notes = criterion_verdicts([], evidence({"aria-hidden-body"}))
    assert "aria-hidden-body" not in deciders_for("1.3.1")
    assert verdicts["1.3.1"] == "no-failure-found"  # 1.3.1 always applies to content
    assert criteria()["1.3.1"].confirm_en in notes["1.3.1"]
    assert verdicts["2.4.4"] == verdicts["3.3.2"] == "not-applicable"  # no link, no field


def test_an_unchecked_frame_keeps_every_unfailed_criterion_inconclusive():
    partial = evidence({"label"}, not_checked=["axe could not run in the frame x"])
    verdicts, notes = criterion_verdicts([finding("link-name", ["2.4.4"])], partial)
    assert verdicts["2.4.4"] == "fail"
    assert verdicts["3.3.2"] == "inconclusive" and "frame x" in notes["3.3.2"]


def test_needs_review_is_inconclusive_and_nothing_applicable_is_not_applicable():
    unsure = evidence({"label"}, needs_review={"image-alt": "cannot tell"})
    verdicts, notes = criterion_verdicts([], unsure)
    assert verdicts["1.1.1"] == "inconclusive" and "cannot tell" in notes["1.1.1"]
    assert verdicts["3.3.2"] == "no-failure-found"
    assert verdicts["2.4.4"] == "not-applicable"


def test_a_criterion_no_deciding_check_ran_for_is_inconclusive_not_not_applicable():
    verdicts, notes = criterion_verdicts([], Evidence(ran={"image-alt"}))
    assert verdicts["1.1.1"] == "not-applicable"
    assert verdicts["3.3.2"] == "inconclusive"
    assert notes["3.3.2"] == criteria()["3.3.2"].why_not


def test_combine_pages_into_a_run_verdict():
    assert combine(["pass", "fail", "inconclusive"]) == "fail"
    assert combine(["no-failure-found", "inconclusive"]) == "inconclusive"
    assert combine(["pass", "no-failure-found"]) == "no-failure-found"
    assert combine(["pass", "not-applicable"]) == "pass"
    assert combine(["not-applicable"]) == "not-applicable"
    assert combine([]) == "inconclusive"


def page(verdicts: dict[str, str], findings=(), untested=(), status="ok", **checks_seen):
    full = dict.fromkeys(REVIEW_CRITERIA, "not-applicable") | verdicts
    return PageResult(url="http://x/", status=status, findings=list(findings), criteria=full,
                      notes=dict.fromkeys(REVIEW_CRITERIA, "why"), untested=list(untested),
                      **checks_seen)


def test_a_run_fails_a_criterion_any_page_failed_whatever_was_exercised():
    """The summary once said "2.4.6: inconclusive, failing on 3 of 0 pages exercised"."""
    failing = [page({"2.4.6": "fail"}, [finding("heading-not-descriptive", ["2.4.6"])],
                    untested=["2.4.6"]) for _ in range(3)]
    row = run_summary([*failing, page({}, untested=["2.4.6"])])["criteria"]["2.4.6"]
    assert row["verdict"] == "fail"
    assert row["pages_failing"] == 3 <= row["pages_exercised"]


def test_a_run_where_no_page_exercised_a_criterion_says_why():
    row = run_summary([page({}, untested=["2.1.1"])])["criteria"]["2.1.1"]
    assert row["verdict"] == "inconclusive" and row["note"] == criteria()["2.1.1"].why_not


def test_categories_follow_the_same_rules():
    link = "link-generic-name"
    found = page({"2.4.4": "fail"}, [Finding(link, "probe", ["2.4.4"], "links-buttons", ["a"],
                                             "<a>", "generic")], checks_ran=[link])
    clean = page({}, checks_ran=[link, "captcha-purpose"], checks_passed=[link])
    unsure = page({}, checks_ran=[link], checks_review=[link])
    unread = page({}, status="inconclusive")
    rows = lambda pages: run_summary(pages)["categories"]  # noqa: E731
    assert rows([found, clean])["links-buttons"]["verdict"] == "fail"
    assert rows([clean])["links-buttons"]["verdict"] == "no-failure-found"
    assert rows([clean])["captcha"]["verdict"] == "not-applicable"  # no CAPTCHA was met
    assert rows([clean, unsure])["links-buttons"]["verdict"] == "inconclusive"
    assert rows([clean, unread])["links-buttons"]["verdict"] == "inconclusive"
    assert rows([clean])["status"]["verdict"] == "inconclusive"  # no status check ran
    assert "pass" not in {row["verdict"] for row in rows([clean]).values()}


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


def test_one_problem_seen_by_several_checks_is_one_finding_naming_them_all():
    def seen(check, source, criteria_ids, category, target=("#logo",)):
        return Finding(check, source, criteria_ids, category, list(target), "<img>", check)

    merged = one_per_problem([
        seen("image-alt", "axe", ["1.1.1"], None),
        seen("image-control-unnamed", "probe", ["1.1.1"], "links-buttons"),
        seen("link-generic-name", "probe", ["2.4.4"], "links-buttons", ["#more"]),
        seen("link-same-name-different-target", "probe", ["2.4.4"], "links-buttons", ["#more"]),
        seen("link-context-only", "probe", [], "links-buttons", ["#more"]),
        seen("input-image-alt", "axe", ["1.1.1", "4.1.2"], "links-buttons", ["#code"]),
        seen("captcha-purpose", "probe", ["1.1.1"], "captcha", ["#code"]),  # another category
        seen("image-alt", "axe", ["1.1.1"], None, ["#other"]),
    ])
    assert [(f.check, f.also) for f in merged] == [
        ("image-alt", ["image-control-unnamed"]),
        ("link-generic-name", ["link-same-name-different-target", "link-context-only"]),
        ("input-image-alt", []), ("captcha-purpose", []), ("image-alt", []),
    ]
    assert merged[0].category == "links-buttons"  # the problem still counts in its category
    assert ("image-control-unnamed", "['#logo']") in merged[0].keys
