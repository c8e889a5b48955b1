"""The image-name probe: alternative texts that name nothing (a generic word in Vietnamese or
English, a file or camera name, punctuation) fail, alone and where they name a link or button;
meaningful, decorative and captioned images pass; and the replica's accessible twin is clean."""

from __future__ import annotations

import pytest
from replica_states import found_and_marked

from harness.snapshot import take_snapshot
from wcag import images
from wcag.criteria import checks
from wcag.probe import run_checks


def test_checks_are_declared_with_their_categories():
    assert checks()[images.IMAGE].category is None
    assert checks()[images.CONTROL].category == "links-buttons"
    assert all(checks()[c].criteria == ("1.1.1",) for c in images.CHECK_IDS)


@pytest.mark.parametrize(
    ("name", "problem"),
    [("ảnh", "generic"), ("Hình ảnh", "generic"), ("HINH ANH", "generic"),
     ("ảnh minh họa", "generic"), ("Ảnh 3", "generic"), ("image", "generic"),
     ("Picture", "generic"), ("logo", "generic"),
     ("banner", "generic"), ("spacer", "generic"), ("IMG_2034", "generic"), ("DSC01234", "camera"),
     ("IMG_2034.JPG", "file"), ("banner_01.jpg", "file"), ("logo.png", "file"),
     ("...", "punctuation"), ("-", "punctuation"),
     ("( )", "punctuation"), ("*", ""), ("?", ""), ("so-do-quy-trinh.png", "review:file"),
     ("Logo Bộ Tư pháp", ""), ("Ảnh chân dung ông Nguyễn Văn A", ""), ("Trang chủ", ""),
     ("Banner Ngày Chuyển đổi số quốc gia", ""), ("", "")],
)
def test_names_that_name_nothing_are_told_from_names_that_may(name, problem):
    assert images.meaningless(name) == problem


def _found_and_expected(page) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    return found_and_marked(page, images.CHECKS)


@pytest.mark.browser
def test_meaningless_names_fail_exactly_where_marked(context, page_url):
    page = context.new_page()
    page.goto(page_url("probes/images/failing.html"))
    found, expected = _found_and_expected(page)
    assert found == expected


@pytest.mark.browser
def test_meaningful_decorative_and_captioned_images_pass(context, page_url):
    page = context.new_page()
    page.goto(page_url("probes/images/passing.html"))
    outcomes = {o.check_id: o for o in run_checks(images.CHECKS, take_snapshot(page))}
    assert [f"{f.check} {f.target}" for o in outcomes.values() for f in o.findings] == []
    assert all(o.applicable for o in outcomes.values())
    # a generic alt beside a caption, and a file name with words, are for a person to judge
    assert "ảnh minh họa" in outcomes[images.IMAGE].review


@pytest.mark.browser
def test_the_accessible_twin_has_no_meaningless_image_name(browser):
    from harness.replica.server import ReplicaServer

    with ReplicaServer("Huế", "accessible") as replica:
        context = browser.new_context(locale="vi-VN")
        page = context.new_page()
        for path in ("/", "/vi/procedure/search", "/sso/login", "/vi/dossier/search"):
            page.goto(replica.url(path))
            outcomes = run_checks(images.CHECKS, take_snapshot(page))
            findings = [f for o in outcomes for f in o.findings]
            assert [(f.check, f.target) for f in findings] == [], path
        context.close()
