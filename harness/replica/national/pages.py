"""Pages of the national portal replica (dichvucong.gov.vn), the single gateway since June 2025.

The path a citizen meets: the home page's search box, the results list, the procedure page of
2.000488, the VNeID login, ONE long application form (receiving agency, declaration, uploads)
sent as an ordinary multipart POST, a "Xem trước" preview with the "Mã xác nhận" CAPTCHA and the
final "Gửi hồ sơ", the result page with the dossier code, and "Tra cứu hồ sơ". Unlike the iGate
replica (an Angular-like stepper updated in place), every step here is a full page load of
server-rendered HTML with jQuery and select2 drop-downs, as the national portal's JSP pages are.
Each template holds both variants; the seeded defects are tagged ``{# defect Nnn #}`` and listed
in ``defects.json``.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from harness.replica.shared import (
    captcha_audio,
    captcha_image,
    captcha_new,
    check_sign_in,
    fold,
    lookup_answer,
    posted_captcha_ok,
    safe_next,
)
from harness.replica.web import Request, Response, RouteTable, redirect

HERE = Path(__file__).parent
AGENCIES = json.loads((HERE / "agencies.json").read_text(encoding="utf-8"))

PROCEDURE_CODE = "2.000488"
HOME = "/p/home/dvc-trang-chu.html"
SEARCH = "/p/home/dvc-tim-kiem-thu-tuc.html"
DETAIL = "/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html"
LOOKUP = "/p/home/dvc-tra-cuu-ho-so.html"
LOGIN = "/vneid/dang-nhap"
APPLY = f"/dvc/nop-ho-so/{PROCEDURE_CODE}"
PREVIEW = f"{APPLY}/xem-truoc"
SEND = "/dvc/gui-ho-so"  # the final submit endpoint: a live run blocks it
RESULT = "/dvc/ket-qua-nop-ho-so/"

PROCEDURES = [
    {"code": PROCEDURE_CODE,
     "name": "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú "
             "tại Việt Nam",
     "field": "Lý lịch tư pháp", "agency": "Công an cấp tỉnh", "level": "Toàn trình"},
    {"code": "2.000505",
     "name": "Cấp Phiếu lý lịch tư pháp theo yêu cầu của cơ quan tiến hành tố tụng",
     "field": "Lý lịch tư pháp", "agency": "Công an cấp tỉnh", "level": "Một phần"},
    {"code": "2.000635", "name": "Đăng ký khai sinh", "field": "Hộ tịch",
     "agency": "Ủy ban nhân dân cấp xã", "level": "Toàn trình"},
    {"code": "1.001612", "name": "Cấp giấy phép lái xe", "field": "Đường bộ",
     "agency": "Sở Xây dựng", "level": "Toàn trình"},
]

# the declaration's fields: (form name, label, required); the template draws them in this order
TEXT_FIELDS = {
    "noiSinh": "Nơi sinh",
    "soNha": "Số nhà, đường phố",
    "hoTenCha": "Họ và tên cha",
    "hoTenMe": "Họ và tên mẹ",
    "mucDich": "Mục đích yêu cầu",
    "tuNgay": "Cư trú từ ngày",
    "noiCuTru": "Nơi cư trú",
    "ngheNghiep": "Nghề nghiệp",
}
CHOICE_FIELDS = {"coQuan": "Cơ quan tiếp nhận", "tinh": "Tỉnh/Thành phố", "xa": "Phường/Xã"}
CERTIFICATES = ("Phiếu số 1", "Phiếu số 2")
UPLOADS = {"toKhai": "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
           "canCuoc": "Bản chụp Căn cước"}
REQUIRED_UPLOADS = ("toKhai",)


def _render(request: Request, template: str, **context: object) -> Response:
    return request.replica.render(request, template, home=HOME, search=SEARCH, detail=DETAIL,
                                  lookup=LOOKUP, login=LOGIN, apply=APPLY, **context)


# -- public pages -----------------------------------------------------------------------------

def home(request: Request) -> Response:
    return _render(request, "home.html", procedures=PROCEDURES[:3])


def search(request: Request) -> Response:
    keyword = request.query.get("keyword", "").strip()
    words = fold(keyword).split()
    found = [p for p in PROCEDURES if all(w in fold(f"{p['name']} {p['field']}") for w in words)]
    return _render(request, "search.html", keyword=keyword, found=found if keyword else [])


def detail(request: Request) -> Response:
    procedure = next((p for p in PROCEDURES if p["code"] == request.query.get("ma_thu_tuc")),
                     None)
    if procedure is None:
        return request.replica.not_found(request)
    return _render(request, "procedure.html", procedure=procedure,
                    applies=procedure["code"] == PROCEDURE_CODE)


def login(request: Request) -> Response:
    next_url = safe_next(request.form.get("next") or request.query.get("next") or APPLY, HOME)
    errors: dict[str, str] = {}
    username = request.form.get("username", "").strip()
    if request.method == "POST":
        errors, account = check_sign_in(request)
        if account is not None:
            request.session["user"] = account
            return redirect(next_url)
    captcha_id, _ = request.replica.state.new_captcha()
    return _render(request, "login.html", next_url=next_url, errors=errors, username=username,
                   captcha_id=captcha_id)


def logout(request: Request) -> Response:
    request.session.clear()
    return redirect(HOME)


# -- the application: one long form, a preview, the result --------------------------------------

def _signed_in(request: Request) -> dict | None:
    return request.session.get("user")


def _form_errors(request: Request) -> dict[str, str]:
    form, errors = request.form, {}
    agencies = {a["agency"] for a in AGENCIES["agencies"]}
    if form.get("coQuan") not in agencies:
        errors["coQuan"] = "Chưa chọn cơ quan tiếp nhận."
    if form.get("tinh") not in {a["province"] for a in AGENCIES["agencies"]}:
        errors["tinh"] = "Chưa chọn tỉnh/thành phố."
    if form.get("xa") not in AGENCIES["communes"]:
        errors["xa"] = "Chưa chọn phường/xã."
    for name, label in TEXT_FIELDS.items():
        if not form.get(name, "").strip():
            errors[name] = f"Chưa nhập {label[0].lower()}{label[1:]}."
    date = form.get("tuNgay", "").strip()
    if date and not _is_date(date):
        errors["tuNgay"] = "Ngày không hợp lệ, nhập theo dạng ngày/tháng/năm, ví dụ 01/09/2004."
    if form.get("loaiPhieu") not in CERTIFICATES:
        errors["loaiPhieu"] = "Chưa chọn loại phiếu."
    for slot in REQUIRED_UPLOADS:
        if slot not in request.files or not request.files[slot].filename:
            errors[slot] = f"Chưa đính kèm {UPLOADS[slot][0].lower()}{UPLOADS[slot][1:]}."
    if form.get("camDoan") != "1":
        errors["camDoan"] = "Chưa đánh dấu lời cam đoan."
    return errors


def _is_date(text: str) -> bool:
    try:
        datetime.strptime(text, "%d/%m/%Y")
    except ValueError:
        return False
    return True


def apply_form(request: Request) -> Response:
    user = _signed_in(request)
    if user is None:
        return redirect(f"{LOGIN}?next={quote(APPLY)}")
    errors: dict[str, str] = {}
    values = dict(request.session.get("draft", {}).get("values", {}))
    if request.method == "POST":
        values = {k: v for k, v in request.form.items() if k != "captcha_id"}
        errors = _form_errors(request)
        if not errors:
            files = {slot: f.filename for slot, f in request.files.items() if f.filename}
            request.session["draft"] = {"values": values, "files": files}
            return redirect(PREVIEW)
    return _render(request, "apply.html", user=user, values=values, errors=errors,
                   agencies=AGENCIES["agencies"], communes=AGENCIES["communes"],
                   text_fields=TEXT_FIELDS, choice_fields=CHOICE_FIELDS, uploads=UPLOADS,
                   certificates=CERTIFICATES, procedure=PROCEDURES[0])


def preview(request: Request) -> Response:
    user, draft = _signed_in(request), request.session.get("draft")
    if user is None or draft is None:
        return redirect(APPLY)
    return _preview_page(request, user, draft, error="")


def _preview_page(request: Request, user: dict, draft: dict, error: str) -> Response:
    captcha_id, _ = request.replica.state.new_captcha()
    labels = {**CHOICE_FIELDS, **TEXT_FIELDS, "loaiPhieu": "Loại phiếu"}
    rows = [(label, draft["values"].get(name, "")) for name, label in labels.items()]
    files = [(UPLOADS[slot], name) for slot, name in draft["files"].items()]
    return _render(request, "preview.html", user=user, rows=rows, files=files,
                   captcha_id=captcha_id, error=error, send=SEND, procedure=PROCEDURES[0])


def send(request: Request) -> Response:
    """The final submit: the dossier is received and gets its code."""
    user, draft = _signed_in(request), request.session.get("draft")
    if user is None or draft is None:
        return redirect(APPLY)
    if not posted_captcha_ok(request):
        return _preview_page(request, user, draft,
                             error="Mã xác nhận không đúng, vui lòng nhập mã mới.")
    code = f"G22.99-{datetime.now():%y%m%d}-{secrets.randbelow(10_000):04d}"
    dossier = {"code": code, "procedure": PROCEDURES[0]["name"], "applicant": user["fullname"],
               "agency": draft["values"].get("coQuan", ""), "status": "Đã tiếp nhận",
               "received_at": f"{datetime.now():%d/%m/%Y %H:%M}"}
    request.replica.state.receive(dossier, {"code": code, "values": draft["values"],
                                            "files": draft["files"], "family": "national"})
    request.session.pop("draft", None)
    return redirect(RESULT + code)


def result(request: Request, code: str) -> Response:
    dossier = request.replica.state.dossiers.get(code)
    if dossier is None:
        return request.replica.not_found(request)
    return _render(request, "result.html", dossier=dossier)


# -- dossier lookup ---------------------------------------------------------------------------

def lookup(request: Request) -> Response:
    return _render(request, "lookup.html", **lookup_answer(request, "code", "mã xác nhận"))


ROUTES: RouteTable = {
    ("GET", r"/"): home,
    ("GET", HOME.replace(".", r"\.")): home,
    ("GET", SEARCH.replace(".", r"\.")): search,
    ("GET", DETAIL.replace(".", r"\.")): detail,
    ("GET", LOOKUP.replace(".", r"\.")): lookup,
    ("POST", LOOKUP.replace(".", r"\.")): lookup,
    ("GET", LOGIN): login,
    ("POST", LOGIN): login,
    ("GET", r"/vneid/dang-xuat"): logout,
    ("GET", APPLY.replace(".", r"\.")): apply_form,
    ("POST", APPLY.replace(".", r"\.")): apply_form,
    ("GET", PREVIEW.replace(".", r"\.")): preview,
    ("POST", SEND): send,
    ("GET", RESULT + r"(?P<code>[A-Z0-9.\-]+)"): result,
    ("GET", r"/captcha/new"): captcha_new,
    ("GET", r"/captcha/(?P<captcha_id>[0-9a-f]{16})\.svg"): captcha_image,
    ("GET", r"/captcha/(?P<captcha_id>[0-9a-f]{16})\.wav"): captcha_audio,
}
