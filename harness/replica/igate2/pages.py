"""Public pages of the iGate 2.0 replica: home, procedure search and detail, VNeID login, lookup.

Each handler renders one ``public_*.html`` template; the template holds both variants (the
seeded defects are tagged ``{# defect Pnn #}`` and listed in ``defects.json``). Like the
Angular portals it imitates, the search and the dossier lookup update the page in place through
small JSON endpoints under ``/pa/``; the same handlers also answer a plain form submission.
"""

from __future__ import annotations

import io
import zipfile
from urllib.parse import quote

from harness.replica.shared import (
    captcha_audio,
    captcha_image,
    captcha_new,
    check_account,
    fold,
    received_dossiers,
    safe_next,
    use_captcha,
)
from harness.replica.web import Request, Response, RouteTable, json_response, redirect

CRIMINAL_RECORD_ID = "5f9b3c2a8e4d1a0012c7b6e4"
"""The criminal-record procedure: its detail page and its application route share this id."""

# -- procedures -------------------------------------------------------------------------------

LLTP_FORMS = [
    {
        "file": "Mẫu số 03/2013/TT-LLTP.docx",
        "title": "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (dùng cho cá nhân)",
        "slug": "mau-03-2013-tt-lltp",
    },
    {
        "file": "Mẫu số 04/2013/TT-LLTP.docx",
        "title": "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (trường hợp ủy quyền)",
        "slug": "mau-04-2013-tt-lltp",
    },
]

LLTP_DETAIL = {
    "steps": [
        "Bước 1: Người yêu cầu đăng nhập Cổng Dịch vụ công bằng tài khoản định danh điện tử "
        "(VNeID), chọn thủ tục và điền Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp.",
        "Bước 2: Đính kèm bản chụp các giấy tờ trong thành phần hồ sơ, chọn hình thức nhận kết "
        "quả và nộp phí.",
        "Bước 3: Cơ quan tiếp nhận kiểm tra hồ sơ; nếu hồ sơ chưa đầy đủ sẽ thông báo để bổ sung.",
        "Bước 4: Nhận Phiếu lý lịch tư pháp tại nơi nộp, qua dịch vụ bưu chính hoặc bản điện tử "
        "trên ứng dụng VNeID.",
    ],
    "methods": [
        ("Trực tiếp", "10 ngày làm việc",
         "Phí: 200.000 đồng/lần/người; 100.000 đồng đối với sinh viên, người có công với cách mạng",
         "Nộp tại bộ phận một cửa của cơ quan thực hiện."),
        ("Trực tuyến", "10 ngày làm việc",
         "Phí: 200.000 đồng/lần/người; 100.000 đồng đối với sinh viên, người có công với cách mạng",
         "Nộp qua Cổng Dịch vụ công, thanh toán trực tuyến."),
        ("Dịch vụ bưu chính", "10 ngày làm việc",
         "Phí: 200.000 đồng/lần/người; 100.000 đồng đối với sinh viên, người có công với cách mạng",
         "Gửi hồ sơ qua dịch vụ bưu chính công ích."),
    ],
    "documents": [
        {"name": "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "count": "Bản chính: 1",
         "form": LLTP_FORMS[0]},
        {"name": "Văn bản ủy quyền (trường hợp ủy quyền cho người khác làm thủ tục)",
         "count": "Bản chính: 1", "form": LLTP_FORMS[1]},
        {"name": "Bản chụp Căn cước công dân hoặc Hộ chiếu của người được cấp Phiếu",
         "count": "Bản sao: 1", "form": None},
        {"name": "Giấy tờ chứng minh thuộc đối tượng được giảm hoặc miễn phí (nếu có)",
         "count": "Bản sao: 1", "form": None},
    ],
    "conditions": [
        "Công dân Việt Nam, người nước ngoài đã hoặc đang cư trú tại Việt Nam.",
        "Cá nhân yêu cầu cấp Phiếu lý lịch tư pháp số 2 không được ủy quyền cho người khác.",
    ],
    "legal": [
        "Luật Lý lịch tư pháp số 28/2009/QH12",
        "Nghị định số 111/2010/NĐ-CP quy định chi tiết và hướng dẫn thi hành một số điều của "
        "Luật Lý lịch tư pháp",
        "Thông tư số 13/2011/TT-BTP ban hành và hướng dẫn sử dụng biểu mẫu, mẫu sổ lý lịch "
        "tư pháp",
        "Thông tư số 244/2016/TT-BTC quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí "
        "cung cấp thông tin lý lịch tư pháp",
    ],
}

PROCEDURES = [
    {"id": CRIMINAL_RECORD_ID, "code": "MP.LLTP.01",
     "name": "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú "
             "tại Việt Nam",
     "field": "Lý lịch tư pháp", "agency": "Công an {province}", "level": "Toàn trình",
     "apply_id": CRIMINAL_RECORD_ID, "popular": True, **LLTP_DETAIL},
    {"id": "5f9b3c2a8e4d1a0012c7b6e5", "code": "MP.LLTP.02",
     "name": "Cấp Phiếu lý lịch tư pháp theo yêu cầu của cơ quan tiến hành tố tụng",
     "field": "Lý lịch tư pháp", "agency": "Công an {province}", "level": "Một phần"},
    {"id": "5f9b3c2a8e4d1a0012c7b6e6", "code": "MP.LLTP.03",
     "name": "Cấp Phiếu lý lịch tư pháp theo yêu cầu của cơ quan nhà nước, tổ chức chính trị, "
             "tổ chức chính trị - xã hội",
     "field": "Lý lịch tư pháp", "agency": "Công an {province}", "level": "Một phần"},
    {"id": "5f9b3c2a8e4d1a0012c7b6f1", "code": "MP.HT.01", "name": "Đăng ký khai sinh",
     "field": "Hộ tịch", "agency": "Ủy ban nhân dân cấp xã", "level": "Toàn trình",
     "popular": True},
    {"id": "5f9b3c2a8e4d1a0012c7b6f2", "code": "MP.HT.02", "name": "Đăng ký kết hôn",
     "field": "Hộ tịch", "agency": "Ủy ban nhân dân cấp xã", "level": "Một phần"},
    {"id": "5f9b3c2a8e4d1a0012c7b6f3", "code": "MP.HT.03",
     "name": "Cấp bản sao trích lục hộ tịch",
     "field": "Hộ tịch", "agency": "Ủy ban nhân dân cấp xã", "level": "Toàn trình",
     "popular": True},
    {"id": "5f9b3c2a8e4d1a0012c7b6f4", "code": "MP.KD.01",
     "name": "Đăng ký thành lập hộ kinh doanh",
     "field": "Thành lập và hoạt động của hộ kinh doanh", "agency": "Ủy ban nhân dân cấp xã",
     "level": "Toàn trình", "popular": True},
    {"id": "5f9b3c2a8e4d1a0012c7b6f5", "code": "MP.XD.01",
     "name": "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
     "field": "Hoạt động xây dựng", "agency": "Ủy ban nhân dân cấp xã", "level": "Một phần"},
    {"id": "5f9b3c2a8e4d1a0012c7b6f6", "code": "MP.CT.01",
     "name": "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
     "field": "Chứng thực", "agency": "Ủy ban nhân dân cấp xã", "level": "Một phần"},
]


GENERIC_DETAIL = {
    "steps": [
        "Bước 1: Tổ chức, cá nhân chuẩn bị hồ sơ theo quy định.",
        "Bước 2: Nộp hồ sơ trực tiếp, qua dịch vụ bưu chính hoặc trực tuyến.",
        "Bước 3: Cơ quan thực hiện tiếp nhận, giải quyết và trả kết quả.",
    ],
    "methods": [
        ("Trực tiếp", "Theo quy định của thủ tục", "Theo quy định hiện hành", ""),
        ("Trực tuyến", "Theo quy định của thủ tục", "Theo quy định hiện hành", ""),
    ],
    "documents": [
        {"name": "Tờ khai theo mẫu", "count": "Bản chính: 1", "form": None},
        {"name": "Giấy tờ tùy thân của người yêu cầu", "count": "Bản sao: 1", "form": None},
    ],
    "conditions": ["Không có."],
    "legal": ["Văn bản quy phạm pháp luật hiện hành về lĩnh vực này."],
}


def _procedure(item: dict, province: str) -> dict:
    return {**GENERIC_DETAIL, **item, "agency": item["agency"].format(province=province)}


def search_procedures(keyword: str, level: str = "", province: str = "") -> list[dict]:
    """Procedures whose name or field holds every word of ``keyword`` (accents ignored)."""
    words = fold(keyword).split()
    found = []
    for item in PROCEDURES:
        haystack = fold(item["name"] + " " + item["field"])
        if all(word in haystack for word in words) and (not level or item["level"] == level):
            found.append(_procedure(item, province))
    return found


def find_procedure(procedure_id: str, province: str) -> dict | None:
    for item in PROCEDURES:
        if item["id"] == procedure_id:
            return _procedure(item, province)
    return None


# -- pages ------------------------------------------------------------------------------------


def home(request: Request) -> Response:
    province = request.replica.province_name
    popular = [_procedure(p, province) for p in PROCEDURES if p.get("popular")]
    return request.replica.render(request, "public_home.html", popular=popular)


def _search_params(request: Request) -> tuple[str, str]:
    keyword = (request.query.get("keyword") or "").strip()
    level = request.query.get("level") or ""
    if level not in ("", "Toàn trình", "Một phần"):
        level = ""
    return keyword, level


def procedure_search(request: Request) -> Response:
    keyword, level = _search_params(request)
    results = search_procedures(keyword, level, request.replica.province_name)
    return request.replica.render(
        request, "public_search.html", keyword=keyword, level=level, results=results,
    )


def procedure_search_api(request: Request) -> Response:
    """What the page's script fetches to redraw the results in place (rows as HTML)."""
    keyword, level = _search_params(request)
    results = search_procedures(keyword, level, request.replica.province_name)
    rows = request.replica.render(
        request, "public_search_rows.html", keyword=keyword, results=results,
    )
    return json_response({"count": len(results), "keyword": keyword, "html": rows.body.decode()})


def procedure_detail(request: Request, procedure_id: str) -> Response:
    procedure = find_procedure(procedure_id, request.replica.province_name)
    if procedure is None:
        return request.replica.not_found(request)
    return request.replica.render(request, "public_procedure.html", procedure=procedure)


def procedure_form_file(request: Request, slug: str) -> Response:
    """A downloadable declaration form (a minimal Word document naming the form)."""
    form = next((f for f in LLTP_FORMS if f["slug"] == slug), None)
    if form is None:
        return request.replica.not_found(request)
    filename = form["file"].replace("/", "-")
    return Response(
        _docx(form["title"], form["file"].removesuffix(".docx")),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"},
    )


def _docx(*paragraphs: str) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
            'document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
            f'openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>'
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def login(request: Request) -> Response:
    next_url = safe_next(request.form.get("next") or request.query.get("next") or "/", "/")
    errors: dict[str, str] = {}
    values = {"username": "", "password": ""}
    if request.method == "POST":
        username = request.form.get("username", "").strip()
        password = request.form.get("password", "")
        answer = request.form.get("captcha", "").strip()
        captcha_ok = use_captcha(request, request.form.get("captcha_id", ""), answer)
        values["username"] = username
        if not username:
            errors["username"] = "Vui lòng nhập số định danh cá nhân/CCCD."
        elif not (username.isdigit() and len(username) == 12):
            errors["username"] = "Số định danh cá nhân/CCCD phải gồm đúng 12 chữ số."
        if not password:
            errors["password"] = "Vui lòng nhập mật khẩu."
        if not answer:
            errors["captcha"] = "Vui lòng nhập mã xác thực."
        elif not captcha_ok:
            errors["captcha"] = (
                "Mã xác thực không đúng. Hình ảnh đã được đổi, vui lòng nhập mã mới."
            )
        if not errors:
            account = check_account(username, password)
            if account is None:
                errors["password"] = "Số định danh cá nhân/CCCD hoặc mật khẩu không đúng."
            else:
                request.session["user"] = account
                return redirect(next_url)
    captcha_id, _ = request.replica.state.new_captcha()
    return request.replica.render(
        request, "public_login.html",
        next_url=next_url, errors=errors, values=values, captcha_id=captcha_id,
    )


def logout(request: Request) -> Response:
    request.session.pop("user", None)
    return redirect("/")


def _lookup(request: Request, params: dict[str, str]) -> dict:
    """Check the form of a dossier lookup: errors, or the dossier (None when not found)."""
    code = params.get("code", "").strip()
    answer = params.get("captcha", "").strip()
    errors: dict[str, str] = {}
    if not code:
        errors["code"] = "Vui lòng nhập mã hồ sơ."
    if not answer:
        errors["captcha"] = "Vui lòng nhập mã bảo mật."
    captcha_ok = use_captcha(request, params.get("captcha_id", ""), answer)
    if answer and not captcha_ok:
        errors["captcha"] = "Mã bảo mật không đúng. Hình ảnh đã được đổi, vui lòng nhập mã mới."
    dossier = None if errors else received_dossiers(request).get(code)
    return {"code": code, "errors": errors, "dossier": dossier, "searched": not errors}


def dossier_search(request: Request) -> Response:
    params = request.form if request.method == "POST" else request.query
    outcome = {"code": params.get("code", ""), "errors": {}, "dossier": None, "searched": False}
    if request.method == "POST" or "captcha" in params:
        outcome = _lookup(request, params)
    received_dossiers(request)
    captcha_id, _ = request.replica.state.new_captcha()
    return request.replica.render(
        request, "public_lookup.html", captcha_id=captcha_id, **outcome,
    )


def dossier_lookup_api(request: Request) -> Response:
    """What the lookup page's script posts; answers the result as HTML plus a fresh CAPTCHA."""
    outcome = _lookup(request, request.form)
    captcha_id, _ = request.replica.state.new_captcha()
    html = request.replica.render(
        request, "public_lookup_result.html", captcha_id=captcha_id, **outcome,
    ).body.decode()
    return json_response({
        "errors": outcome["errors"],
        "found": outcome["dossier"] is not None,
        "html": html,
        "captcha_id": captcha_id,
    })


ROUTES: RouteTable = {
    ("GET", r"/"): home,
    ("GET", r"/vi/procedure/search"): procedure_search,
    ("GET", r"/pa/procedure/search"): procedure_search_api,
    ("GET", r"/vi/procedure/detail/(?P<procedure_id>[0-9a-f]{24})"): procedure_detail,
    ("GET", r"/vi/procedure/form/(?P<slug>[a-z0-9-]+)\.docx"): procedure_form_file,
    ("GET", r"/sso/login"): login,
    ("POST", r"/sso/login"): login,
    ("GET", r"/sso/logout"): logout,
    ("GET", r"/sso/captcha/new"): captcha_new,
    ("GET", r"/sso/captcha/(?P<captcha_id>[0-9a-f]{16})\.svg"): captcha_image,
    ("GET", r"/sso/captcha/(?P<captcha_id>[0-9a-f]{16})\.wav"): captcha_audio,
    ("GET", r"/vi/dossier/search"): dossier_search,
    ("POST", r"/vi/dossier/search"): dossier_search,
    ("POST", r"/pa/dossier/lookup"): dossier_lookup_api,
}
