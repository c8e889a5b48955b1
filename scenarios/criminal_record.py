"""Apply online for a criminal record certificate ("Cấp Phiếu lý lịch tư pháp"), keyboard only.

The path every review followed: home -> search the procedure -> procedure page -> "Nộp
trực tuyến" -> VNeID login -> the four steps of the application -> result. Control names come
from the portal family's data file, so the script reads the same on every portal.
"""

from __future__ import annotations

from harness.scenario import Scenario

NAME = "criminal-record"
TITLE = "Cấp Phiếu lý lịch tư pháp"


def run(s: Scenario) -> None:
    names = s.ctx.names
    with s.step("Mở trang chủ cổng dịch vụ công"):
        s.open("home")
    with s.step("Tìm thủ tục cấp Phiếu lý lịch tư pháp"):
        s.activate(names["procedures_link"], "link")
        s.fill(names["search_field"], names["search_query"])
        s.press("Enter")
    with s.step("Mở trang chi tiết thủ tục"):
        s.activate(names["procedure_link"], "link", expect=names["procedure_page_text"])
    with s.step("Chọn Nộp trực tuyến"):
        s.activate(names["apply_online"], "link|button")
    with s.step("Đăng nhập bằng tài khoản định danh điện tử"):
        s.login(names["login_submit"], rehearse_error=True)
    with s.step("Bước 1: khai thông tin hồ sơ"):
        s.try_submit(names["next"])  # hear how the portal tells what is missing
        fill_fields(s, s.ctx.declaration)
        s.activate(names["next"], "button", expect=names["upload_declaration"])
    with s.step("Bước 2: đính kèm thành phần hồ sơ"):
        s.upload(names["upload_declaration"], s.ctx.files["declaration"])
        s.upload(names["upload_identity"], s.ctx.files["identity"])
        s.activate(names["next"], "button", expect=names["delivery"])
    with s.step("Bước 3: chọn hình thức nhận kết quả và nộp hồ sơ"):
        s.check(names["delivery"], "radio")
        s.visit_dialog(names["terms_link"], names["dialog_close"], then=names["commitment"],
                       then_role="checkbox")
        s.check(names["commitment"], "checkbox")
        s.captcha(names["submit_captcha"])
        s.final_submit(names["final_submit"], expect=names["success_text"])
    with s.step("Bước 4: nghe kết quả nộp hồ sơ"):
        if not s.expect_text(names["success_text"]):
            s.fail_step(f"'{names['success_text']}' never appeared")



def fill_fields(s: Scenario, fields: list[dict]) -> None:
    """Fill the declaration's fields in order, as the family's data file lists them."""
    for field in fields:
        value = s.ctx.applicant.get(field.get("value", ""), "")
        if field["kind"] == "text":
            s.fill(field["label"], value)
        elif field["kind"] == "date":
            s.type_date(field["label"], value)
        elif field["kind"] == "choice":
            s.choose(field["label"], value)
        else:
            s.check(field["label"])
