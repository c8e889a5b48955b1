"""The frame probe: a frame taken out of the Tab order with a negative tabindex fails 2.1.1
when something inside it takes focus (ACT rule akn7bn), and only then."""

from __future__ import annotations

import pytest

from harness.snapshot import take_snapshot
from wcag import frames
from wcag.probe import run_checks

pytestmark = pytest.mark.browser

FRAMES = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Khung</title></head>
<body><main><h1>Biểu mẫu nhúng</h1>
<iframe id="out" title="Tra cứu" tabindex="-1" srcdoc="<a href='/'>Tra cứu hồ sơ</a>"></iframe>
<iframe id="in" title="Hướng dẫn" srcdoc="<a href='/'>Hướng dẫn</a>"></iframe>
<iframe id="text-only" title="Ghi chú" tabindex="-1" srcdoc="<p>Chỉ có chữ</p>"></iframe>
<iframe id="link-out" title="Liên kết" tabindex="-1"
  srcdoc="<a href='/' tabindex='-1'>Trang chủ</a>"></iframe>
<iframe id="tiny" title="Đo lường" tabindex="-1" width="1" height="1"
  srcdoc="<a href='/'>Đo</a>"></iframe>
<iframe id="inert" title="Tạm khóa" tabindex="-1" inert srcdoc="<a href='/'>Khóa</a>"></iframe>
</main></body></html>"""


def test_only_a_frame_whose_focusable_content_tab_skips_fails(context):
    page = context.new_page()
    page.set_content(FRAMES)
    page.wait_for_function("[...document.querySelectorAll('iframe')].every("
                           "f => f.contentDocument && f.contentDocument.readyState === 'complete')")
    [outcome] = run_checks(frames.CHECKS, take_snapshot(page))
    assert [f.target for f in outcome.findings] == [["#out"]]
    assert outcome.findings[0].criteria == ["2.1.1"]
    assert "Tra cứu hồ sơ" in outcome.findings[0].message
    assert outcome.review == ""
