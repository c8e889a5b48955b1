"""The "title that is not a heading" check at its size threshold: text 1.25 times the body size
(or bold and 1.09 times) is drawn as a section title; just below, it is body text."""

from __future__ import annotations

import pytest

from harness.checks import check_page

pytestmark = pytest.mark.browser
BODY = "<p>Công dân nộp hồ sơ trực tuyến và nhận kết quả tại nhà theo đường bưu chính.</p>" * 6


def titles_found(context, size_px: float, bold: bool) -> list[str]:
    page = context.new_page()
    weight = "700" if bold else "400"
    page.set_content(
        "<!doctype html><html lang='vi'><title>Thủ tục</title>"
        "<body style='font-size:16px'><main><h1>Thủ tục</h1>"
        f"<div style='font-size:{size_px}px;font-weight:{weight}'>Thành phần hồ sơ</div>"
        f"{BODY}</main></body></html>")
    result = check_page(page)
    page.close()
    return [f.target[-1] for f in result.findings
            if "heading-not-marked-up" in (f.check, *f.also)]


@pytest.mark.parametrize("size, bold, is_title", [
    (20.0, False, True),  # exactly 1.25 x 16 px
    (19.5, False, False),  # just below: large-ish body text
    (17.5, True, True),  # bold and 1.09 x 16 px (17.44) or more
    (17.3, True, False),  # bold, but no larger than body text to the eye
])
def test_the_size_threshold_at_its_boundary(context, size, bold, is_title):
    assert bool(titles_found(context, size, bold)) is is_title
