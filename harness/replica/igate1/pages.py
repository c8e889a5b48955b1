"""Pages of the VNPT iGate 1.0 legacy eForm replica (Lào Cai, Lai Châu before the national gateway).

What sets this stack apart from the other replicas: server-rendered pages in a table layout with
jQuery and a jQuery UI date picker; the application is a chain of pages told apart only by their
address (``/dich-vu-cong/tiep-nhan-online/nhap-thong-tin-ho-so``, then ``/nhap-le-phi-ho-so``),
each sent by the same ``id="btn-next"`` "Đồng ý và tiếp tục" button; fields named after the back
office's tables (``CongDan_tenCongDan``), the VNeID ones prefilled and read-only; and a two-level
address whose province select posts the whole form back (``_reload``) on every change to reload
the commune list. Before anything is sent a confirmation page asks for the "Mã xác nhận" and
"Nộp hồ sơ". Each template holds both variants; seeded defects are tagged ``{# defect Lnn #}``
and listed in ``defects.json``.
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
from harness.replica.web import Request, Response, RouteTable, json_response, redirect

HERE = Path(__file__).parent
PLACES = json.loads((HERE / "places.json").read_text(encoding="utf-8"))

PROCEDURE_CODE = "2.000488"
HOME = "/"
PROCEDURES_PAGE = "/thu-tuc-hanh-chinh"
DETAIL = "/thu-tuc-hanh-chinh/chi-tiet"
LOGIN = "/sso/dang-nhap"
ONLINE = "/dich-vu-cong/tiep-nhan-online"
STEP_INFO = f"{ONLINE}/nhap-thong-tin-ho-so"
STEP_FEE = f"{ONLINE}/nhap-le-phi-ho-so"
STEP_CONFIRM = f"{ONLINE}/xac-nhan-ho-so"
SEND = f"{ONLINE}/nop-ho-so"  # the final submit endpoint: a live run blocks it
DONE = f"{ONLINE}/hoan-thanh/"
LOOKUP = "/tra-cuu-ho-so"
COMMUNES_API = "/dich-vu-cong/danh-muc/phuong-xa"

PROCEDURES = [
    {"code": PROCEDURE_CODE,
     "name": "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú "
             "tại Việt Nam", "field": "Lý lịch tư pháp", "level": "Mức độ 4"},
    {"code": "2.000505", "name": "Cấp Phiếu lý lịch tư pháp theo yêu cầu của cơ quan tiến hành "
                                 "tố tụng", "field": "Lý lịch tư pháp", "level": "Mức độ 3"},
    {"code": "2.000635", "name": "Đăng ký khai sinh", "field": "Hộ tịch", "level": "Mức độ 4"},
]
# the editable declaration fields of step 1 (name: label), drawn in this order
TEXT_FIELDS = {
    "CongDan_noiSinh": "Nơi sinh",
    "CongDan_diaChi": "Số nhà, đường phố",
    "CongDan_hoTenCha": "Họ và tên cha",
    "CongDan_hoTenMe": "Họ và tên mẹ",
    "HoSo_mucDich": "Mục đích yêu cầu",
    "CuTru_noiCuTru": "Nơi cư trú",
    "CuTru_ngheNghiep": "Nghề nghiệp",
}
DATE_FIELD = ("CuTru_tuNgay", "Cư trú từ ngày")
CERTIFICATES = ("Phiếu số 1", "Phiếu số 2")
UPLOADS = {"TepDinhKem_toKhai": "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
           "TepDinhKem_canCuoc": "Bản chụp Căn cước"}
REQUIRED_UPLOAD = "TepDinhKem_toKhai"
DELIVERIES = ("Nhận trực tiếp tại cơ quan", "Nhận qua dịch vụ bưu chính")
FEE = "200.000 đồng"


def _render(request: Request, template: str, **context: object) -> Response:
    return request.replica.render(
        request, template, home=HOME, procedures_page=PROCEDURES_PAGE, detail=DETAIL,
        login=LOGIN, online=ONLINE, lookup=LOOKUP, procedure=PROCEDURES[0], **context)


# -- public pages -----------------------------------------------------------------------------

def home(request: Request) -> Response:
    return _render(request, "home.html", procedures=PROCEDURES)


def procedures(request: Request) -> Response:
    keyword = request.query.get("tu_khoa", "").strip()
    words = fold(keyword).split()
    found = [p for p in PROCEDURES if all(w in fold(f"{p['name']} {p['field']}") for w in words)]
    return _render(request, "procedures.html", keyword=keyword, found=found)


def detail(request: Request) -> Response:
    chosen = next((p for p in PROCEDURES if p["code"] == request.query.get("ma")), None)
    if chosen is None:
        return request.replica.not_found(request)
    return _render(request, "detail.html", shown=chosen, fee=FEE,
                   applies=chosen["code"] == PROCEDURE_CODE)


def login(request: Request) -> Response:
    next_url = safe_next(request.form.get("next") or request.query.get("next") or STEP_INFO, HOME)
    errors: dict[str, str] = {}
    username = request.form.get("username", "").strip()
    if request.method == "POST":
        errors, account = check_sign_in(request, captcha_noun="mã kiểm tra")
        if account is not None:
            request.session["user"] = account
            return redirect(next_url)
    captcha_id, _ = request.replica.state.new_captcha()
    return _render(request, "login.html", next_url=next_url, errors=errors, username=username,
                   captcha_id=captcha_id)


def communes(request: Request) -> Response:
    """The accessible twin's commune list for a province, fetched without reloading the page."""
    return json_response(PLACES["communes"].get(request.query.get("tinh", ""), []))


# -- the application: pages told apart only by their address ----------------------------------

def start(request: Request) -> Response:
    if request.session.get("user") is None:
        return redirect(f"{LOGIN}?next={quote(STEP_INFO)}")
    request.session["hoso"] = {"values": {}, "files": {}}
    return redirect(STEP_INFO)


def _dossier(request: Request) -> dict | None:
    """The dossier being declared, or None when not signed in or not started."""
    if request.session.get("user") is None:
        return None
    return request.session.setdefault("hoso", {"values": {}, "files": {}})


def _info_errors(request: Request) -> dict[str, str]:
    form, errors = request.form, {}
    province = form.get("CongDan_maTinhThanh", "")
    if province not in PLACES["provinces"]:
        errors["CongDan_maTinhThanh"] = "Chưa chọn tỉnh/thành phố."
    if form.get("CongDan_maPhuongXa") not in PLACES["communes"].get(province, []):
        errors["CongDan_maPhuongXa"] = "Chưa chọn phường/xã."
    for name, label in TEXT_FIELDS.items():
        if not form.get(name, "").strip():
            errors[name] = f"{label} không được để trống."
    if not _is_date(form.get(DATE_FIELD[0], "").strip()):
        errors[DATE_FIELD[0]] = f"{DATE_FIELD[1]} phải là một ngày theo dạng ngày/tháng/năm."
    if form.get("HoSo_loaiPhieu") not in CERTIFICATES:
        errors["HoSo_loaiPhieu"] = "Chưa chọn loại phiếu."
    upload = request.files.get(REQUIRED_UPLOAD)
    if upload is None or not upload.filename:
        errors[REQUIRED_UPLOAD] = "Chưa đính kèm tờ khai."
    return errors


def _is_date(text: str) -> bool:
    try:
        datetime.strptime(text, "%d/%m/%Y")
    except ValueError:
        return False
    return True


def step_info(request: Request) -> Response:
    """Step 1. A POST with ``_reload`` is the province select posting the form back to reload
    the commune list: the page comes back with what was typed, and no error."""
    dossier = _dossier(request)
    if dossier is None:
        return redirect(f"{LOGIN}?next={quote(STEP_INFO)}")
    errors: dict[str, str] = {}
    values = dossier["values"]
    if request.method == "POST":
        values = {k: v for k, v in request.form.items() if k != "_reload"}
        if request.form.get("_reload") != "1":
            errors = _info_errors(request)
            if not errors:
                dossier["values"] = values
                dossier["files"] = {slot: f.filename for slot, f in request.files.items()
                                    if f.filename}
                return redirect(STEP_FEE)
    province = values.get("CongDan_maTinhThanh", "")
    return _render(request, "step_info.html", user=request.session["user"], values=values,
                   errors=errors, provinces=PLACES["provinces"],
                   communes=PLACES["communes"].get(province, []), text_fields=TEXT_FIELDS,
                   date_field=DATE_FIELD, certificates=CERTIFICATES, uploads=UPLOADS,
                   required_upload=REQUIRED_UPLOAD, communes_api=COMMUNES_API, step=1)


def step_fee(request: Request) -> Response:
    dossier = _dossier(request)
    if dossier is None or not dossier["values"]:
        return redirect(STEP_INFO)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if request.form.get("HoSo_hinhThucNhan") not in DELIVERIES:
            errors["HoSo_hinhThucNhan"] = "Chưa chọn hình thức nhận kết quả."
        if request.form.get("HoSo_camKet") != "1":
            errors["HoSo_camKet"] = "Chưa đồng ý lời cam kết."
        if not errors:
            dossier["delivery"] = request.form["HoSo_hinhThucNhan"]
            return redirect(STEP_CONFIRM)
    return _render(request, "step_fee.html", errors=errors, deliveries=DELIVERIES, fee=FEE,
                   chosen=request.form.get("HoSo_hinhThucNhan", ""), step=2)


def step_confirm(request: Request, error: str = "") -> Response:
    dossier = _dossier(request)
    if dossier is None or "delivery" not in dossier:
        return redirect(STEP_INFO)
    labels = {"CongDan_maTinhThanh": "Tỉnh/Thành phố", "CongDan_maPhuongXa": "Phường/Xã",
              **TEXT_FIELDS, DATE_FIELD[0]: DATE_FIELD[1], "HoSo_loaiPhieu": "Loại phiếu"}
    rows = [(label, dossier["values"].get(name, "")) for name, label in labels.items()]
    rows.append(("Hình thức nhận kết quả", dossier["delivery"]))
    rows += [(UPLOADS[slot], name) for slot, name in dossier["files"].items()]
    captcha_id, _ = request.replica.state.new_captcha()
    return _render(request, "step_confirm.html", rows=rows, captcha_id=captcha_id, error=error,
                   send=SEND, step=3)


def send(request: Request) -> Response:
    """The final submit: the dossier is received and gets its code."""
    dossier = _dossier(request)
    if dossier is None or "delivery" not in dossier:
        return redirect(STEP_INFO)
    if not posted_captcha_ok(request):
        return step_confirm(request, error="Mã xác nhận không đúng, vui lòng nhập mã mới.")
    code = f"000.00.12.H33-{datetime.now():%y%m%d}-{secrets.randbelow(10_000):04d}"
    user = request.session["user"]
    request.replica.state.receive(
        {"code": code, "procedure": PROCEDURES[0]["name"], "applicant": user["fullname"],
         "status": "Mới tiếp nhận", "received_at": f"{datetime.now():%d/%m/%Y %H:%M}"},
        {"code": code, "values": dossier["values"], "files": dossier["files"],
         "delivery": dossier["delivery"], "family": "igate1"})
    request.session.pop("hoso", None)
    return redirect(DONE + code)


def done(request: Request, code: str) -> Response:
    dossier = request.replica.state.dossiers.get(code)
    if dossier is None:
        return request.replica.not_found(request)
    return _render(request, "done.html", dossier=dossier)


# -- dossier lookup ---------------------------------------------------------------------------

def lookup(request: Request) -> Response:
    return _render(request, "lookup.html", **lookup_answer(request, "maHoSo", "mã bảo mật"))


ROUTES: RouteTable = {
    ("GET", r"/"): home,
    ("GET", PROCEDURES_PAGE): procedures,
    ("GET", DETAIL): detail,
    ("GET", LOGIN): login,
    ("POST", LOGIN): login,
    ("GET", ONLINE): start,
    ("GET", STEP_INFO): step_info,
    ("POST", STEP_INFO): step_info,
    ("GET", STEP_FEE): step_fee,
    ("POST", STEP_FEE): step_fee,
    ("GET", STEP_CONFIRM): step_confirm,
    ("POST", SEND): send,
    ("GET", DONE + r"(?P<code>[A-Z0-9.\-]+)"): done,
    ("GET", LOOKUP): lookup,
    ("POST", LOOKUP): lookup,
    ("GET", COMMUNES_API): communes,
    ("GET", r"/captcha/new"): captcha_new,
    ("GET", r"/captcha/(?P<captcha_id>[0-9a-f]{16})\.svg"): captcha_image,
    ("GET", r"/captcha/(?P<captcha_id>[0-9a-f]{16})\.wav"): captcha_audio,
}
