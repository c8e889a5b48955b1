"""Pages of the ASP.NET WebForms "portaldvc" replica (Thanh Hóa's /portaldvc/...).

What sets this stack apart: every page is ONE server form (``aspnetForm``) that posts back to
itself with ``__VIEWSTATE``, ``__EVENTTARGET`` and ``__EVENTARGUMENT``; controls carry the
naming container's ids (``ctl00_MainContent_txtNoiSinh``, names ``ctl00$MainContent$...``);
the search results are a GridView whose LinkButtons call ``__doPostBack``; the application is a
three-step wizard where every step, and every change of the AutoPostBack province list, is a
postback that reloads the page; validators answer from the server with red text and a
ValidationSummary far from the fields; the CAPTCHA is an image with a refresh glyph. The final
"Nộp hồ sơ" posts across pages (PostBackUrl) to ``gui-ho-so``. Each template holds both
variants; the seeded defects are tagged ``{# defect Wnn #}`` and listed in ``defects.json``.
"""

from __future__ import annotations

import base64
import json
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
    received_dossiers,
    safe_next,
    use_captcha,
)
from harness.replica.web import Request, Response, RouteTable, redirect

PROCEDURE_CODE = "2.000488"
PREFIX = "ctl00$MainContent$"  # the naming container of every control in the content page
HOME = "/portaldvc/trang-chu"
LIST = "/portaldvc/dvc-truc-tuyen"
DETAIL = "/portaldvc/chi-tiet-thu-tuc"
APPLY = "/portaldvc/nop-ho-so"
SEND = "/portaldvc/gui-ho-so"  # the final submit (PostBackUrl): a live run blocks it
RESULT = "/portaldvc/ket-qua-nop-ho-so"
LOOKUP = "/portaldvc/tra-cuu"
LOGIN = "/vneidsso/authorize"
FORMS = "/portaldvc/BieuMau/"

PROCEDURES = [
    {"code": PROCEDURE_CODE,
     "name": "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú "
             "tại Việt Nam",
     "field": "Lý lịch tư pháp", "level": "Toàn trình"},
    {"code": "2.000505",
     "name": "Cấp Phiếu lý lịch tư pháp theo yêu cầu của cơ quan tiến hành tố tụng",
     "field": "Lý lịch tư pháp", "level": "Một phần"},
    {"code": "1.000656", "name": "Đăng ký thường trú", "field": "Cư trú", "level": "Toàn trình"},
]

# the wizard's steps: (title, fields); a field is (name, label, kind), kinds text, date,
# select, radio, file; the optional ones are listed in OPTIONAL
STEPS = [
    ("Thông tin người yêu cầu", [
        ("NoiSinh", "Nơi sinh", "text"),
        ("Tinh", "Tỉnh/Thành phố", "select"),
        ("Xa", "Phường/Xã", "select"),
        ("SoNha", "Số nhà, đường phố", "text"),
        ("HoTenCha", "Họ và tên cha", "text"),
        ("HoTenMe", "Họ và tên mẹ", "text"),
        ("LoaiPhieu", "Loại phiếu", "radio"),
        ("MucDich", "Mục đích yêu cầu", "text"),
        ("NoiCuTru", "Nơi cư trú", "text"),
        ("NgheNghiep", "Nghề nghiệp", "text"),
        ("TuNgay", "Cư trú từ ngày", "date"),
    ]),
    ("Cơ quan tiếp nhận và thành phần hồ sơ", [
        ("CoQuan", "Cơ quan tiếp nhận", "select"),
        ("ToKhai", "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "file"),
        ("CanCuoc", "Bản chụp Căn cước", "file"),
    ]),
    ("Xác nhận và nộp hồ sơ", []),
]
OPTIONAL = {"CanCuoc"}
CERTIFICATES = ("Phiếu số 1", "Phiếu số 2")
PROVINCES = ("Tỉnh Thanh Hóa", "Thành phố Cần Thơ", "Thành phố Hà Nội", "Thành phố Huế",
             "Tỉnh Bắc Ninh")
COMMUNES = ("Phường Hạc Thành", "Phường Thuận Hóa", "Phường Kinh Bắc", "Phường Ninh Kiều")


def _options(values: dict[str, str], accessible: bool) -> dict[str, list[str]]:
    """The drop-downs' items. The defective commune list is filled by the province's
    AutoPostBack, as a cascading DropDownList is; the accessible one lists every commune."""
    communes = list(COMMUNES) if accessible or values.get("Tinh") in PROVINCES else []
    return {"Tinh": list(PROVINCES), "Xa": communes,
            "CoQuan": sorted({p.receiving_agency for p in load_registry().current})}


def _viewstate(state: dict) -> str:
    """An opaque __VIEWSTATE, as WebForms renders it (here the state is kept in the session)."""
    return base64.b64encode(json.dumps(state).encode()).decode()


def _render(request: Request, template: str, **context: object) -> Response:
    return request.replica.render(
        request, template, home=HOME, listing=LIST, detail=DETAIL, apply=APPLY, lookup=LOOKUP,
        login=LOGIN, forms=FORMS, prefix=PREFIX,
        viewstate=_viewstate({"page": template, "t": secrets.token_hex(4)}), **context)


def _posted(request: Request) -> dict[str, str]:
    """The posted controls by their own name, without the naming container."""
    return {k.removeprefix(PREFIX): v for k, v in request.form.items() if k.startswith(PREFIX)}


# -- public pages -----------------------------------------------------------------------------

def home(request: Request) -> Response:
    """GET: the home page; POST: its search button's postback, answered by a redirect."""
    if request.method == "POST":
        return redirect(f"{LIST}?tukhoa={quote(_posted(request).get('txtTuKhoa', '').strip())}")
    return _render(request, "home.html", procedures=PROCEDURES[:2])


def listing(request: Request) -> Response:
    """The GridView of procedures; a LinkButton's postback (Select$i) opens one."""
    keyword = request.query.get("tukhoa", "").strip()
    words = fold(keyword).split()
    found = [p for p in PROCEDURES if all(w in fold(f"{p['name']} {p['field']}") for w in words)]
    if request.method == "POST":
        argument = request.form.get("__EVENTARGUMENT", "")
        if argument.startswith("Select$") and argument[7:].isdigit():
            index = int(argument[7:])
            if index < len(found):
                return redirect(f"{DETAIL}?ma={found[index]['code']}")
    return _render(request, "listing.html", keyword=keyword, found=found)


def procedure_form(request: Request, code: str) -> Response:
    """A procedure's form template (mẫu tờ khai), as the GridView's "Tải về" links serve."""
    text = f"Mẫu tờ khai của thủ tục {code} (bản mô phỏng)\n"
    return Response(text.encode(), content_type="application/octet-stream",
                    headers={"Content-Disposition": f"attachment; filename=mau-{code}.docx"})


def detail(request: Request) -> Response:
    procedure = next((p for p in PROCEDURES if p["code"] == request.query.get("ma")), None)
    if procedure is None:
        return request.replica.not_found(request)
    return _render(request, "procedure.html", procedure=procedure,
                   applies=procedure["code"] == PROCEDURE_CODE)


def login(request: Request) -> Response:
    """The VNeID single sign-on page the portal hands over to."""
    next_url = safe_next(
        request.form.get("redirect_uri") or request.query.get("redirect_uri") or HOME, HOME)
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


# -- the application: a three-step wizard of postbacks ------------------------------------------

def _step_errors(request: Request, step: int, values: dict[str, str],
                 files: dict[str, str]) -> dict[str, str]:
    options = _options(values, request.accessible)
    errors = {}
    for name, label, kind in STEPS[step][1]:
        value = values.get(name, "").strip()
        lower = f"{label[0].lower()}{label[1:]}"
        if name in OPTIONAL:
            continue
        if kind == "file" and name not in files:
            errors[name] = f"Chưa đính kèm {lower}."
        elif kind == "select" and value not in options[name]:
            errors[name] = f"Chưa chọn {lower}."
        elif kind == "radio" and value not in CERTIFICATES:
            errors[name] = "Chưa chọn loại phiếu."
        elif kind in ("text", "date") and not value:
            errors[name] = f"Chưa nhập {lower}."
    date = values.get("TuNgay", "").strip()
    if step == 0 and date and not _is_date(date):
        errors["TuNgay"] = "Ngày không hợp lệ, nhập theo dạng ngày/tháng/năm."
    return errors


def _is_date(text: str) -> bool:
    try:
        datetime.strptime(text, "%d/%m/%Y")
    except ValueError:
        return False
    return True


def apply_form(request: Request) -> Response:
    """GET starts the wizard; every POST is a postback: the province list's AutoPostBack,
    "Tiếp tục" (validate, then the next step) or "Quay lại"."""
    user = request.session.get("user")
    if user is None:
        return redirect(f"{LOGIN}?client_id=portaldvc&redirect_uri="
                        f"{quote(APPLY + '?ma=' + PROCEDURE_CODE)}")
    draft = request.session.setdefault("wizard", {"step": 0, "values": {}, "files": {}})
    errors: dict[str, str] = {}
    if request.method == "GET":
        draft.update(step=0, values={}, files={})
    else:
        posted = _posted(request)
        draft["values"].update({k: v for k, v in posted.items() if not k.startswith("btn")})
        for slot, upload in request.files.items():
            if upload.filename:
                draft["files"][slot.removeprefix(PREFIX)] = upload.filename
        if "btnQuayLai" in posted:
            draft["step"] = max(0, draft["step"] - 1)
        elif "btnTiepTuc" in posted:
            errors = _step_errors(request, draft["step"], draft["values"], draft["files"])
            if not errors:
                draft["step"] = min(len(STEPS) - 1, draft["step"] + 1)
    return _wizard_page(request, user, draft, errors)


def _wizard_page(request: Request, user: dict, draft: dict, errors: dict[str, str]) -> Response:
    captcha_id, _ = request.replica.state.new_captcha()
    return _render(request, "apply.html", user=user, step=draft["step"], steps=STEPS,
                   values=draft["values"], files=draft["files"], errors=errors,
                   options=_options(draft["values"], request.accessible),
                   certificates=CERTIFICATES, optional=OPTIONAL, captcha_id=captcha_id,
                   send=SEND, procedure=PROCEDURES[0])


def send(request: Request) -> Response:
    """The final submit: the dossier is received and gets its code."""
    user, draft = request.session.get("user"), request.session.get("wizard")
    if user is None or draft is None or draft["step"] != len(STEPS) - 1:
        return redirect(f"{APPLY}?ma={PROCEDURE_CODE}")
    posted = _posted(request)
    errors = {}
    if posted.get("chkCamDoan") != "on":
        errors["chkCamDoan"] = "Chưa đánh dấu lời cam đoan."
    if not use_captcha(request, posted.get("hidCaptcha", ""), posted.get("txtMaBaoVe", "")):
        errors["txtMaBaoVe"] = "Mã bảo vệ không đúng, vui lòng nhập mã mới."
    if errors:
        return _wizard_page(request, user, draft, errors)
    code = f"H56.99-{datetime.now():%y%m%d}-{secrets.randbelow(10_000):04d}"
    values = dict(draft["values"])
    dossier = {"code": code, "procedure": PROCEDURES[0]["name"], "applicant": user["fullname"],
               "agency": values.get("CoQuan", ""), "status": "Đã tiếp nhận",
               "received_at": f"{datetime.now():%d/%m/%Y %H:%M}"}
    request.replica.state.receive(dossier, {"code": code, "values": values,
                                            "files": dict(draft["files"]), "family": "portaldvc"})
    request.session.pop("wizard", None)
    return redirect(f"{RESULT}?ma={code}")


def result(request: Request) -> Response:
    dossier = request.replica.state.dossiers.get(request.query.get("ma", ""))
    if dossier is None:
        return request.replica.not_found(request)
    return _render(request, "result.html", dossier=dossier)


# -- dossier lookup: a postback whose answer fills a DetailsView ---------------------------------

def lookup(request: Request) -> Response:
    dossiers = received_dossiers(request)
    posted = _posted(request)
    code = posted.get("txtMaHoSo", "").strip()
    errors: dict[str, str] = {}
    dossier = None
    searched = request.method == "POST"
    if searched:
        if not code:
            errors["txtMaHoSo"] = "Chưa nhập mã hồ sơ."
        if not use_captcha(request, posted.get("hidCaptcha", ""), posted.get("txtMaBaoVe", "")):
            errors["txtMaBaoVe"] = "Mã bảo vệ không đúng, vui lòng nhập mã mới."
        if not errors:
            dossier = dossiers.get(code)
    captcha_id, _ = request.replica.state.new_captcha()
    return _render(request, "lookup.html", code=code, errors=errors, dossier=dossier,
                   searched=searched and not errors, captcha_id=captcha_id)


ROUTES: RouteTable = {
    ("GET", r"/"): home,
    ("GET", r"/portaldvc"): home,
    ("GET", HOME): home,
    ("POST", HOME): home,
    ("GET", LIST): listing,
    ("POST", LIST): listing,
    ("GET", FORMS + r"(?P<code>[0-9.]+)\.docx"): procedure_form,
    ("GET", DETAIL): detail,
    ("GET", LOGIN): login,
    ("POST", LOGIN): login,
    ("GET", r"/vneidsso/logout"): logout,
    ("GET", APPLY): apply_form,
    ("POST", APPLY): apply_form,
    ("POST", SEND): send,
    ("GET", RESULT): result,
    ("GET", LOOKUP): lookup,
    ("POST", LOOKUP): lookup,
    ("GET", r"/portaldvc/CaptchaImage\.axd/new"): captcha_new,
    ("GET", r"/portaldvc/CaptchaImage\.axd/captcha/(?P<captcha_id>[0-9a-f]{16})\.svg"):
        captcha_image,
    ("GET", r"/portaldvc/CaptchaImage\.axd/captcha/(?P<captcha_id>[0-9a-f]{16})\.wav"):
        captcha_audio,
}
