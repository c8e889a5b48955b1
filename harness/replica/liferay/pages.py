"""Pages of the Liferay portal replica (Bắc Ninh's /web/guest/eform, Cần Thơ's portlets).

What sets this stack apart from the others: every page is a Liferay layout of portlets whose ids
and form names carry the portlet's namespace (``_org_bn_hoso_noptructuyen_``); the application
is ONE page whose four tabs are all in the DOM and only shown or hidden by script; fields sit
in layout tables; dates are jQuery UI date pickers; the "Tra cứu hồ sơ" portlet draws its result
in place through a resource request (``p_p_lifecycle=2``). Each template holds both variants;
the seeded defects are tagged ``{# defect Rnn #}`` and listed in ``defects.json``.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from urllib.parse import quote

from harness.registry import load_registry
from harness.replica.shared import (
    captcha_audio,
    captcha_image,
    captcha_new,
    check_sign_in,
    fold,
    posted_captcha_ok,
    received_dossiers,
    safe_next,
)
from harness.replica.web import Request, Response, RouteTable, json_response, redirect

PROCEDURE_CODE = "2.000488"
NAMESPACE = "_org_bn_hoso_noptructuyen_"  # the application portlet's namespace, as on Bắc Ninh
HOME = "/web/guest/trang-chu"
SEARCH = "/web/guest/thu-tuc-hanh-chinh"
DETAIL = "/web/guest/thu-tuc-hanh-chinh/-/thu-tuc/"
LOGIN = "/c/portal/login"
EFORM = "/web/guest/eform"
SEND_ACTION = "nopTrucTuyen"  # the portlet action that sends a dossier: a live run blocks it
LOOKUP = "/web/guest/tra-cuu-ho-so"
LOOKUP_NAMESPACE = "_dvc_tracuu_"
RESULT = "/web/guest/eform/-/ket-qua/"

PROCEDURES = [
    {"code": PROCEDURE_CODE,
     "name": "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú "
             "tại Việt Nam",
     "field": "Lý lịch tư pháp", "level": "Toàn trình"},
    {"code": "2.000505",
     "name": "Cấp Phiếu lý lịch tư pháp theo yêu cầu của cơ quan tiến hành tố tụng",
     "field": "Lý lịch tư pháp", "level": "Một phần"},
    {"code": "1.001193", "name": "Đăng ký kết hôn", "field": "Hộ tịch", "level": "Toàn trình"},
]

# the application's tabs: (title, fields); a field is (name, label, kind) with kinds text,
# radio, select, date; every field is required
TABS = [
    ("Thông tin người yêu cầu", [
        ("noiSinh", "Nơi sinh", "text"),
        ("hoTenCha", "Họ và tên cha", "text"),
        ("hoTenMe", "Họ và tên mẹ", "text"),
        ("loaiPhieu", "Loại phiếu", "radio"),
        ("mucDich", "Mục đích yêu cầu", "text"),
    ]),
    ("Thông tin cư trú", [
        ("tinh", "Tỉnh/Thành phố", "select"),
        ("xa", "Phường/Xã", "select"),
        ("soNha", "Số nhà, đường phố", "text"),
        ("noiCuTru", "Nơi cư trú", "text"),
        ("ngheNghiep", "Nghề nghiệp", "text"),
        ("tuNgay", "Cư trú từ ngày", "date"),
    ]),
    ("Thành phần hồ sơ", [("coQuan", "Cơ quan tiếp nhận", "select")]),
    ("Xác nhận và nộp", []),
]
CERTIFICATES = ("Phiếu số 1", "Phiếu số 2")
PROVINCES = ("Tỉnh Bắc Ninh", "Thành phố Cần Thơ", "Thành phố Hà Nội", "Thành phố Huế",
             "Tỉnh Thanh Hóa")
COMMUNES = ("Phường Thuận Hóa", "Phường Kinh Bắc", "Phường Ninh Kiều", "Phường Hạc Thành")
UPLOADS = {"toKhai": "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
           "canCuoc": "Bản chụp Căn cước"}


def _options() -> dict[str, list[str]]:
    """The drop-downs' choices: the receiving agency offers every province's police, so a run
    for any province finds its own."""
    return {"tinh": list(PROVINCES), "xa": list(COMMUNES),
            "coQuan": sorted({p.receiving_agency for p in load_registry().current})}


def _render(request: Request, template: str, **context: object) -> Response:
    return request.replica.render(request, template, home=HOME, search=SEARCH, detail=DETAIL,
                                  login=LOGIN, eform=EFORM, lookup=LOOKUP, ns=NAMESPACE,
                                  **context)


def _unprefixed(form: dict[str, str], namespace: str = NAMESPACE) -> dict[str, str]:
    """A portlet's form names without its namespace."""
    return {k.removeprefix(namespace): v for k, v in form.items()}


# -- public pages -----------------------------------------------------------------------------

def home(request: Request) -> Response:
    return _render(request, "home.html", procedures=PROCEDURES[:2])


def search(request: Request) -> Response:
    keyword = request.query.get("_dvc_keyword", "").strip()
    words = fold(keyword).split()
    found = [p for p in PROCEDURES if all(w in fold(f"{p['name']} {p['field']}") for w in words)]
    return _render(request, "search.html", keyword=keyword, found=found if keyword else [])


def detail(request: Request, code: str) -> Response:
    procedure = next((p for p in PROCEDURES if p["code"] == code), None)
    if procedure is None:
        return request.replica.not_found(request)
    return _render(request, "procedure.html", procedure=procedure,
                   applies=code == PROCEDURE_CODE)


def login(request: Request) -> Response:
    next_url = safe_next(request.form.get("redirect") or request.query.get("redirect") or HOME,
                         HOME)
    errors: dict[str, str] = {}
    username = request.form.get("login", "").strip()
    if request.method == "POST":
        errors, account = check_sign_in(request, username_field="login")
        if account is not None:
            request.session["user"] = account
            return redirect(next_url)
    captcha_id, _ = request.replica.state.new_captcha()
    return _render(request, "login.html", next_url=next_url, errors=errors, username=username,
                   captcha_id=captcha_id)


def logout(request: Request) -> Response:
    request.session.clear()
    return redirect(HOME)


# -- the application: one page, four tabs, one portlet action ----------------------------------

def _form_errors(request: Request, form: dict[str, str]) -> dict[str, str]:
    options = _options()
    errors = {}
    for _, fields in TABS:
        for name, label, kind in fields:
            value = form.get(name, "").strip()
            if kind == "select" and value not in options[name]:
                errors[name] = f"Chưa chọn {label[0].lower()}{label[1:]}."
            elif kind == "radio" and value not in CERTIFICATES:
                errors[name] = "Chưa chọn loại phiếu."
            elif not value:
                errors[name] = f"Chưa nhập {label[0].lower()}{label[1:]}."
    if form.get("tuNgay") and not _is_date(form["tuNgay"]):
        errors["tuNgay"] = "Ngày không hợp lệ, nhập theo dạng ngày/tháng/năm."
    upload = request.files.get(NAMESPACE + "toKhai")
    if upload is None or not upload.filename:
        errors["toKhai"] = "Chưa đính kèm tờ khai."
    if form.get("camDoan") != "true":
        errors["camDoan"] = "Chưa đánh dấu lời cam đoan."
    if not posted_captcha_ok(request, form):
        errors["captcha"] = "Mã xác nhận không đúng, vui lòng nhập mã mới."
    return errors


def _is_date(text: str) -> bool:
    try:
        datetime.strptime(text.strip(), "%d/%m/%Y")
    except ValueError:
        return False
    return True


def eform(request: Request) -> Response:
    """GET: the four tabs; POST with the portlet action: the dossier is sent (or the form comes
    back with what is wrong)."""
    user = request.session.get("user")
    if user is None:
        return redirect(f"{LOGIN}?redirect={quote(EFORM + '?maThuTuc=' + PROCEDURE_CODE)}")
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = _unprefixed(request.form)
        errors = _form_errors(request, values)
        if not errors:
            return _send(request, user, values)
    captcha_id, _ = request.replica.state.new_captcha()
    action = (f"{EFORM}?p_p_id=org_bn_hoso_noptructuyen&p_p_lifecycle=1"
              f"&{NAMESPACE}javax.portlet.action={SEND_ACTION}")
    return _render(request, "eform.html", user=user, values=values, errors=errors, tabs=TABS,
                   open_tab=_tab_of_first_error(errors),
                   options=_options(), certificates=CERTIFICATES, uploads=UPLOADS,
                   captcha_id=captcha_id, action=action, procedure=PROCEDURES[0])


def _tab_of_first_error(errors: dict[str, str]) -> int:
    """The tab a returned form opens on: the one holding the first error (the first tab when
    there is none), so the error summary never points into a hidden tab."""
    tab_of = {name: number for number, (_, fields) in enumerate(TABS, 1) for name, *_ in fields}
    tab_of |= {"toKhai": 3, "camDoan": 4, "captcha": 4}
    return min((tab_of[name] for name in errors if name in tab_of), default=1)


def _send(request: Request, user: dict, values: dict[str, str]) -> Response:
    code = f"H06.99-{datetime.now():%y%m%d}-{secrets.randbelow(10_000):04d}"
    dossier = {"code": code, "procedure": PROCEDURES[0]["name"], "applicant": user["fullname"],
               "agency": values.get("coQuan", ""), "status": "Đã tiếp nhận",
               "received_at": f"{datetime.now():%d/%m/%Y %H:%M}"}
    files = {k.removeprefix(NAMESPACE): f.filename for k, f in request.files.items()
             if f.filename}
    request.replica.state.receive(
        dossier, {"code": code, "values": values, "files": files, "family": "liferay"})
    return redirect(RESULT + code)


def result(request: Request, code: str) -> Response:
    dossier = request.replica.state.dossiers.get(code)
    if dossier is None:
        return request.replica.not_found(request)
    return _render(request, "result.html", dossier=dossier)


# -- dossier lookup: the portlet's resource request draws the result in place -------------------

def lookup(request: Request) -> Response:
    captcha_id, _ = request.replica.state.new_captcha()
    return _render(request, "lookup.html", captcha_id=captcha_id)


def lookup_resource(request: Request) -> Response:
    dossiers = received_dossiers(request)
    form = _unprefixed(request.form, LOOKUP_NAMESPACE)
    code = form.get("code", "").strip()
    if not code:
        return json_response({"error": "Chưa nhập mã hồ sơ."})
    if not posted_captcha_ok(request, form):
        return json_response({"error": "Mã xác nhận không đúng, vui lòng nhập mã mới."})
    dossier = dossiers.get(code)
    if dossier is None:
        return json_response({"error": f"Không tìm thấy hồ sơ có mã {code}."})
    return json_response({"dossier": dossier})


ROUTES: RouteTable = {
    ("GET", r"/"): home,
    ("GET", r"/web/guest"): home,
    ("GET", HOME): home,
    ("GET", SEARCH): search,
    ("GET", DETAIL + r"(?P<code>[0-9.]+)"): detail,
    ("GET", LOGIN): login,
    ("POST", LOGIN): login,
    ("GET", r"/c/portal/logout"): logout,
    ("GET", EFORM): eform,
    ("POST", EFORM): eform,
    ("GET", RESULT + r"(?P<code>[A-Z0-9.\-]+)"): result,
    ("GET", LOOKUP): lookup,
    ("POST", LOOKUP): lookup_resource,
    ("GET", r"/c/portal/captcha/new"): captcha_new,
    ("GET", r"/c/portal/captcha/(?P<captcha_id>[0-9a-f]{16})\.svg"): captcha_image,
    ("GET", r"/c/portal/captcha/(?P<captcha_id>[0-9a-f]{16})\.wav"): captcha_audio,
}
