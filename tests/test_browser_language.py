"""Chromium speaks Vietnamese for its own controls on a Vietnamese portal."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.ax_snapshot import AxSnapshot

pytestmark = pytest.mark.browser
VIETNAMESE_PACK = Path("/usr/lib/chromium/locales/vi.pak")


@pytest.mark.skipif(not VIETNAMESE_PACK.is_file(),
                    reason="Debian's chromium-l10n is not installed (make setup installs it)")
def test_a_file_input_is_named_and_described_in_vietnamese(context):
    page = context.new_page()
    page.set_content('<label for="f">Tờ khai</label><input type="file" id="f">')
    page.focus("#f")
    heard = AxSnapshot.for_page(page).focused()
    spoken = f"{heard.name} {heard.value} {heard.description}"
    assert "Không có tệp nào được chọn" in spoken
    assert "No file chosen" not in spoken and "Choose File" not in spoken
