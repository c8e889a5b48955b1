"""Look up a dossier under "Tra cứu hồ sơ" with its code and the image security code."""

from __future__ import annotations

from harness.scenario import Scenario

NAME = "dossier-lookup"
TITLE = "Tra cứu hồ sơ"


def run(s: Scenario) -> None:
    names = s.ctx.names
    with s.step("Mở trang tra cứu hồ sơ"):
        s.open("lookup")
    with s.step("Nhập mã hồ sơ và mã bảo mật"):
        s.fill(names["lookup_code"], s.ctx.applicant["dossier_code"])
        s.captcha(names["lookup_captcha"])
    with s.step("Tra cứu và nghe kết quả"):
        s.activate(names["lookup_submit"], "button", expect=names["lookup_result_text"])
