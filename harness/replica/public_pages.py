"""Public pages of the replica: home, procedure search and detail, VNeID login, dossier lookup.

Each handler renders one ``public_*.html`` template; the template holds both variants (the
seeded defects are tagged ``{# defect Pnn #}`` and listed in ``defects.json``). Like the
Angular portals it imitates, the search and the dossier lookup update the page in place through
small JSON endpoints under ``/pa/``; the same handlers also answer a plain form submission.
"""

from __future__ import annotations

import io
import json
import math
import random
import secrets
import shutil
import struct
import subprocess
import unicodedata
import zipfile
from pathlib import Path
from urllib.parse import quote, urlsplit

from harness.replica.web import Request, Response, RouteTable, json_response, redirect

HERE = Path(__file__).parent
ACCOUNTS_FILE = HERE / "accounts.json"

CRIMINAL_RECORD_ID = "5f9b3c2a8e4d1a0012c7b6e4"
"""The criminal-record procedure: its detail page and its application route share this id."""

DEMO_DOSSIER = {
    "code": "000.00.01.H57-241123-0001",
    "procedure": (
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam"
    ),
    "applicant": "Nguyễn Văn Thử",
    "status": "Đang xử lý",
    "received_at": "23/11/2024 09:15",
}

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


def fold(text: str) -> str:
    """Lower-case ``text`` and drop its diacritics (đ -> d), for accent-insensitive matching."""
    text = text.lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


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


# -- accounts ---------------------------------------------------------------------------------


def load_accounts() -> list[dict]:
    """The fictitious VNeID accounts of the replica (see accounts.json)."""
    return json.loads(ACCOUNTS_FILE.read_text(encoding="utf-8"))["accounts"]


def check_account(identity_number: str, password: str) -> dict | None:
    """The account (without its password) when the ID number and password match."""
    for account in load_accounts():
        if account["identityNumber"] == identity_number and account["password"] == password:
            return {k: v for k, v in account.items() if k != "password"}
    return None


# -- CAPTCHA: a noisy SVG drawn from strokes, and an espeak-ng audio alternative ---------------

# Each digit as strokes on a 10 x 16 grid (polylines); no glyph or text node reaches the SVG.
_DIGIT_STROKES: dict[str, list[list[tuple[float, float]]]] = {
    "0": [[(5, 0), (1.5, 2), (0, 8), (1.5, 14), (5, 16), (8.5, 14), (10, 8), (8.5, 2), (5, 0)]],
    "1": [[(2, 4), (6, 0), (6, 16)], [(2, 16), (10, 16)]],
    "2": [[(0.5, 3), (3, 0), (7, 0), (9.5, 3), (9, 6.5), (0, 16), (10, 16)]],
    "3": [[(0.5, 1), (9, 1), (4, 7), (8, 8), (10, 12), (7.5, 15.5), (3, 16), (0, 14)]],
    "4": [[(7, 16), (7, 0), (0, 11), (10, 11)]],
    "5": [[(9.5, 0), (1.5, 0), (0.5, 7), (5, 6), (9, 8), (9.5, 12.5), (6, 16), (0, 15)]],
    "6": [[(8.5, 0.5), (3, 2), (0.5, 8), (1, 13.5), (5, 16), (9, 14), (9.5, 10), (6, 7.5),
           (2, 8.5), (0.5, 11)]],
    "7": [[(0, 0.5), (10, 0.5), (4, 16)], [(2.5, 8), (8, 8)]],
    "8": [[(5, 7.5), (1.5, 5.5), (1.5, 2), (5, 0), (8.5, 2), (8.5, 5.5), (5, 7.5), (0.5, 11),
           (1.5, 15), (5, 16), (8.5, 15), (9.5, 11), (5, 7.5)]],
    "9": [[(9, 6), (6, 8.5), (2, 8), (0.5, 4), (3, 0.5), (7, 0), (9.5, 3), (9, 9), (7, 14),
           (1.5, 16)]],
}


def captcha_svg(code: str) -> str:
    """Draw ``code`` as distorted stroked paths over noise, 160 x 50, as the portals' images."""
    rng = random.Random(secrets.randbits(64))
    width, height = 160, 50
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">',
        '<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">'
        f'<stop offset="0" stop-color="#{rng.randint(0xD8, 0xF0):02x}e9dc"/>'
        f'<stop offset="1" stop-color="#dfe{rng.randint(0xA, 0xF):x}f0"/></linearGradient></defs>',
        f'<rect width="{width}" height="{height}" fill="url(#g)"/>',
    ]
    for _ in range(45):  # speckles
        parts.append(
            f'<circle cx="{rng.uniform(0, width):.1f}" cy="{rng.uniform(0, height):.1f}" '
            f'r="{rng.uniform(0.5, 1.8):.1f}" fill="#{rng.randint(0x404040, 0xA0A0A0):06x}"/>'
        )
    colours = ["#1a237e", "#b71c1c", "#1b5e20", "#4a148c", "#3e2723", "#0d47a1"]
    for index, digit in enumerate(code):
        angle = math.radians(rng.uniform(-28, 28))
        shear = rng.uniform(-0.35, 0.35)
        scale = rng.uniform(1.7, 2.1)
        x0 = 14 + index * 28 + rng.uniform(-3, 3)
        y0 = 9 + rng.uniform(-4, 4)
        strokes = []
        for line in _DIGIT_STROKES[digit]:
            points = []
            for px, py in line:
                px, py = px - 5 + rng.uniform(-0.6, 0.6), py - 8 + rng.uniform(-0.6, 0.6)
                px += shear * py
                rx = px * math.cos(angle) - py * math.sin(angle)
                ry = px * math.sin(angle) + py * math.cos(angle)
                points.append((x0 + 5 * scale + rx * scale, y0 + 8 * scale * 0.9 + ry * scale))
            path = "M" + " L".join(f"{x:.1f} {y:.1f}" for x, y in points)
            strokes.append(path)
        parts.append(
            f'<path d="{" ".join(strokes)}" fill="none" stroke="{rng.choice(colours)}" '
            f'stroke-width="{rng.uniform(2.2, 3.2):.1f}" stroke-linecap="round" '
            'stroke-linejoin="round"/>'
        )
    for _ in range(5):  # crossing lines over the digits
        y1, y2 = rng.uniform(5, height - 5), rng.uniform(5, height - 5)
        parts.append(
            f'<path d="M0 {y1:.1f} C{rng.uniform(30, 70):.1f} {rng.uniform(0, height):.1f} '
            f'{rng.uniform(90, 130):.1f} {rng.uniform(0, height):.1f} {width} {y2:.1f}" '
            f'fill="none" stroke="#{rng.randint(0x303030, 0x909090):06x}" '
            f'stroke-width="{rng.uniform(0.8, 1.6):.1f}"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


DIGIT_WORDS = {
    "0": "không", "1": "một", "2": "hai", "3": "ba", "4": "bốn",
    "5": "năm", "6": "sáu", "7": "bảy", "8": "tám", "9": "chín",
}


def captcha_speech(code: str) -> str:
    """SSML for espeak-ng: the purpose, then the digits one by one with pauses, twice."""
    digits = ' <break time="700ms"/> '.join(DIGIT_WORDS[d] for d in code)
    return (
        f'<speak>Mã xác thực gồm {len(code)} chữ số. <break time="500ms"/> {digits}. '
        f'<break time="1200ms"/> Nhắc lại. <break time="500ms"/> {digits}.</speak>'
    )


def _fix_wav_sizes(wav: bytes) -> bytes:
    """espeak-ng --stdout streams, so its RIFF and data sizes are placeholders: set them."""
    if len(wav) < 44 or wav[:4] != b"RIFF":
        return wav
    data_at = wav.find(b"data", 12)
    if data_at < 0:
        return wav
    fixed = bytearray(wav)
    fixed[4:8] = struct.pack("<I", len(wav) - 8)
    fixed[data_at + 4:data_at + 8] = struct.pack("<I", len(wav) - data_at - 8)
    return bytes(fixed)


def captcha_wav(code: str) -> bytes | None:
    """The code read aloud in Vietnamese by espeak-ng, or None when espeak-ng is missing."""
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        return None
    result = subprocess.run(
        [espeak, "-v", "vi", "-s", "130", "-m", "--stdout", captcha_speech(code)],
        capture_output=True, timeout=30, check=True,
    )
    return _fix_wav_sizes(result.stdout)


def _captcha_code(request: Request, captcha_id: str) -> str | None:
    with request.replica.state.lock:
        return request.replica.state.captchas.get(captcha_id)


def captcha_image(request: Request, captcha_id: str) -> Response:
    code = _captcha_code(request, captcha_id)
    if code is None:
        return Response(b"captcha het han", status=404, content_type="text/plain; charset=utf-8")
    return Response(
        captcha_svg(code).encode(), content_type="image/svg+xml",
        headers={"Cache-Control": "no-store"},
    )


def captcha_audio(request: Request, captcha_id: str) -> Response:
    code = _captcha_code(request, captcha_id)
    if code is None:
        return Response(
            "Mã xác thực đã hết hạn.".encode(), status=404,
            content_type="text/plain; charset=utf-8",
        )
    try:
        wav = captcha_wav(code)
    except (subprocess.SubprocessError, OSError) as error:
        wav, detail = None, f" ({error})"
    else:
        detail = ""
    if wav is None:
        message = (
            "Không tạo được âm thanh mã xác thực: máy chủ mô phỏng cần espeak-ng "
            f"(apt-get install espeak-ng){detail}."
        )
        return Response(message.encode(), status=503, content_type="text/plain; charset=utf-8")
    return Response(wav, content_type="audio/wav", headers={"Cache-Control": "no-store"})


def captcha_new(request: Request) -> Response:
    captcha_id, _ = request.replica.state.new_captcha()
    return json_response({"id": captcha_id})


def _use_captcha(request: Request, captcha_id: str, answer: str) -> bool:
    """Check a CAPTCHA answer once: a used or wrong code is discarded, as on the portals."""
    state = request.replica.state
    ok = bool(answer) and state.check_captcha(captcha_id, answer)
    with state.lock:
        state.captchas.pop(captcha_id, None)
    return ok


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


def _safe_next(target: str) -> str:
    """Only local paths may follow a login (no open redirect)."""
    parts = urlsplit(target or "/")
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def login(request: Request) -> Response:
    next_url = _safe_next(request.form.get("next") or request.query.get("next") or "/")
    errors: dict[str, str] = {}
    values = {"username": "", "password": ""}
    if request.method == "POST":
        username = request.form.get("username", "").strip()
        password = request.form.get("password", "")
        answer = request.form.get("captcha", "").strip()
        captcha_ok = _use_captcha(request, request.form.get("captcha_id", ""), answer)
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


def _dossiers(request: Request) -> dict[str, dict]:
    state = request.replica.state
    with state.lock:
        state.dossiers.setdefault(DEMO_DOSSIER["code"], dict(DEMO_DOSSIER))
        return state.dossiers


def _lookup(request: Request, params: dict[str, str]) -> dict:
    """Check the form of a dossier lookup: errors, or the dossier (None when not found)."""
    code = params.get("code", "").strip()
    answer = params.get("captcha", "").strip()
    errors: dict[str, str] = {}
    if not code:
        errors["code"] = "Vui lòng nhập mã hồ sơ."
    if not answer:
        errors["captcha"] = "Vui lòng nhập mã bảo mật."
    captcha_ok = _use_captcha(request, params.get("captcha_id", ""), answer)
    if answer and not captcha_ok:
        errors["captcha"] = "Mã bảo mật không đúng. Hình ảnh đã được đổi, vui lòng nhập mã mới."
    dossier = None if errors else _dossiers(request).get(code)
    return {"code": code, "errors": errors, "dossier": dossier, "searched": not errors}


def dossier_search(request: Request) -> Response:
    params = request.form if request.method == "POST" else request.query
    outcome = {"code": params.get("code", ""), "errors": {}, "dossier": None, "searched": False}
    if request.method == "POST" or "captcha" in params:
        outcome = _lookup(request, params)
    _dossiers(request)
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
