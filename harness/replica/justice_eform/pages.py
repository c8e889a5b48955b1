"""Pages of the Quảng Ninh / justice-sector eForm replica (dichvucongnganhtuphap.moj.gov.vn's kind).

What sets this stack apart from the other replicas: a single-page application form styled with
Bootstrap. ``/nop-ho-so/<n>`` serves ONE document whose numbered steps are sections shown one at
a time by script; "Tiếp tục" (``data-e2e="btn-next"``) checks the step in the browser, hides it,
shows the next and changes the address with ``history.pushState``, so nothing reloads. Step 3's
"Xem trước tờ khai" shows a preview built from the answers, with the "Mã xác thực" and the final
"Gửi hồ sơ", the only request that sends the form. "Tra cứu hồ sơ" answers in place through a JSON
API. Each template holds both variants; seeded defects are tagged ``{# defect Qnn #}`` and listed
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
    check_lookup,
    check_sign_in,
    fold,
    posted_captcha_ok,
    received_dossiers,
    safe_next,
)
from harness.replica.web import Request, Response, RouteTable, json_response, redirect

HERE = Path(__file__).parent
PLACES = json.loads((HERE / "places.json").read_text(encoding="utf-8"))

PROCEDURE_CODE = "2.000488"
HOME = "/"
SEARCH = "/tim-kiem"
DETAIL = "/thu-tuc/"
LOGIN = "/dang-nhap"
APPLY = "/nop-ho-so/"
SEND = "/nop-ho-so/gui"  # the final submit endpoint: a live run blocks it
DONE = "/ket-qua/"
LOOKUP = "/tra-cuu"
LOOKUP_API = "/api/tra-cuu"
STEPS = ("Thông tin người yêu cầu", "Nội dung yêu cầu", "Thành phần hồ sơ",
         "Xem trước tờ khai")

PROCEDURES = [
    {"code": PROCEDURE_CODE,
     "name": "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú "
             "tại Việt Nam", "field": "Lý lịch tư pháp"},
    {"code": "2.000505", "name": "Cấp Phiếu lý lịch tư pháp theo yêu cầu của cơ quan tiến hành "
                                 "tố tụng", "field": "Lý lịch tư pháp"},
    {"code": "1.001193", "name": "Chứng thực bản sao từ bản chính", "field": "Chứng thực"},
]
# every field the form sends (name: label), by step; all are required
FIELDS = {
    1: {"noiSinh": "Nơi sinh", "tinh": "Tỉnh/Thành phố", "xa": "Phường/Xã",
        "diaChi": "Số nhà, đường phố", "hoTenCha": "Họ và tên cha", "hoTenMe": "Họ và tên mẹ"},
    2: {"loaiPhieu": "Loại phiếu", "mucDich": "Mục đích yêu cầu", "tuNgay": "Cư trú từ ngày",
        "noiCuTru": "Nơi cư trú", "ngheNghiep": "Nghề nghiệp"},
    3: {"toKhai": "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "camDoan": "Lời cam đoan"},
}
CERTIFICATES = ("Phiếu số 1", "Phiếu số 2")


def _render(request: Request, template: str, **context: object) -> Response:
    return request.replica.render(request, template, home=HOME, search=SEARCH, detail=DETAIL,
                                  login=LOGIN, apply=APPLY, lookup=LOOKUP,
                                  procedure=PROCEDURES[0], **context)


# -- public pages -----------------------------------------------------------------------------

def home(request: Request) -> Response:
    return _render(request, "home.html", procedures=PROCEDURES[:2])


def search(request: Request) -> Response:
    keyword = request.query.get("q", "").strip()
    words = fold(keyword).split()
    found = [p for p in PROCEDURES if all(w in fold(f"{p['name']} {p['field']}") for w in words)]
    return _render(request, "search.html", keyword=keyword, found=found if keyword else [])


def detail(request: Request, code: str) -> Response:
    shown = next((p for p in PROCEDURES if p["code"] == code), None)
    if shown is None:
        return request.replica.not_found(request)
    return _render(request, "detail.html", shown=shown, applies=code == PROCEDURE_CODE)


def login(request: Request) -> Response:
    next_url = safe_next(request.form.get("next") or request.query.get("next") or f"{APPLY}1",
                         HOME)
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


# -- the application: one document, numbered steps shown by script -------------------------------

def application(request: Request, step: str, errors: dict[str, str] | None = None,
                values: dict[str, str] | None = None) -> Response:
    """Any step's address serves the same document, opened at that step."""
    user = request.session.get("user")
    if user is None:
        return redirect(f"{LOGIN}?next={quote(APPLY + step)}")
    captcha_id, _ = request.replica.state.new_captcha()
    return _render(request, "application.html", user=user, step=int(step), steps=STEPS,
                   fields=FIELDS, certificates=CERTIFICATES, places=PLACES,
                   captcha_id=captcha_id, errors=errors or {}, values=values or {})


def _missing(request: Request) -> dict[str, str]:
    form, errors = request.form, {}
    for step_fields in FIELDS.values():
        for name, label in step_fields.items():
            given = (request.files[name].filename if name in request.files
                     else form.get(name, "").strip())
            if not given:
                errors[name] = f"Chưa có {label[0].lower()}{label[1:]}."
    if form.get("loaiPhieu") and form["loaiPhieu"] not in CERTIFICATES:
        errors["loaiPhieu"] = "Loại phiếu không hợp lệ."
    if form.get("xa") and form["xa"] not in PLACES["communes"].get(form.get("tinh", ""), []):
        errors["xa"] = "Phường/xã không thuộc tỉnh/thành phố đã chọn."
    return errors


def send(request: Request) -> Response:
    """The final submit: the whole form at once, the dossier is received and gets its code."""
    user = request.session.get("user")
    if user is None:
        return redirect(f"{LOGIN}?next={quote(APPLY + '1')}")
    values = {k: v for k, v in request.form.items() if k not in ("captcha", "captcha_id")}
    errors = _missing(request)
    if not posted_captcha_ok(request):
        errors["captcha"] = "Mã xác thực không đúng, vui lòng nhập mã mới."
    if errors:
        return application(request, "1", errors=errors, values=values)
    code = f"QN-LLTP-{datetime.now():%y%m%d}-{secrets.randbelow(10_000):04d}"
    files = {slot: f.filename for slot, f in request.files.items() if f.filename}
    request.replica.state.receive(
        {"code": code, "procedure": PROCEDURES[0]["name"], "applicant": user["fullname"],
         "status": "Đã tiếp nhận", "received_at": f"{datetime.now():%d/%m/%Y %H:%M}"},
        {"code": code, "values": values, "files": files, "family": "justice-eform"})
    return redirect(DONE + code)


def done(request: Request, code: str) -> Response:
    dossier = request.replica.state.dossiers.get(code)
    if dossier is None:
        return request.replica.not_found(request)
    return _render(request, "done.html", dossier=dossier)


# -- dossier lookup: answered in place ------------------------------------------------------------

def lookup(request: Request) -> Response:
    captcha_id, _ = request.replica.state.new_captcha()
    return _render(request, "lookup.html", captcha_id=captcha_id)


def lookup_api(request: Request) -> Response:
    dossiers = received_dossiers(request)
    code, errors = check_lookup(request)
    if errors:
        return json_response({"errors": errors}, status=400)
    return json_response({"dossier": dossiers.get(code)})


ROUTES: RouteTable = {
    ("GET", r"/"): home,
    ("GET", SEARCH): search,
    ("GET", DETAIL + r"(?P<code>[0-9.]+)"): detail,
    ("GET", LOGIN): login,
    ("POST", LOGIN): login,
    ("GET", APPLY + r"(?P<step>[1-4])"): application,
    ("POST", SEND): send,
    ("GET", DONE + r"(?P<code>[A-Z0-9.\-]+)"): done,
    ("GET", LOOKUP): lookup,
    ("POST", LOOKUP_API): lookup_api,
    ("GET", r"/captcha/new"): captcha_new,
    ("GET", r"/captcha/(?P<captcha_id>[0-9a-f]{16})\.svg"): captcha_image,
    ("GET", r"/captcha/(?P<captcha_id>[0-9a-f]{16})\.wav"): captcha_audio,
}
