"""The online application: the four-step iGate 2.0 stepper for the criminal-record certificate.

``/vi/padsvc/apply-online/<procedure id>`` is one page holding the whole client-side stepper, as
the real Angular SPA does: 1 "Thông tin hồ sơ" (a Form.io declaration, ``forms/declaration.json``),
2 "Thành phần hồ sơ" (uploads to ``/pa/file/--upload``), 3 "Phí, lệ phí / Hình thức nhận kết quả"
(fee, delivery, the CAPTCHA form ``#captchaForm`` and the submit button carrying
``form="captchaForm"``), 4 "Nộp hồ sơ" (the dossier code). The final submission goes to
``/pa/dossier/--apply``. The defective variant's seeded defects are listed in
``defects.json``; the Form.io definition is adjusted per variant here.
"""

from __future__ import annotations

import copy
import json
import secrets
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from harness.replica.web import Request, Response, RouteTable, json_response, redirect

HERE = Path(__file__).parent
DECLARATION = HERE / "forms" / "declaration.json"

CRIMINAL_RECORD_ID = "5f9b3c2a8e4d1a0012c7b6e4"
PROCEDURES = {
    CRIMINAL_RECORD_ID: {
        "id": CRIMINAL_RECORD_ID,
        "code": "1.001224",
        "title": (
            "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài "
            "đang cư trú tại Việt Nam"
        ),
        "agency": "Công an tỉnh, thành phố",
        "fee": 200_000,
        "student_fee": 100_000,
    },
}

# Two-level addresses (province, commune) since 1 July 2025: a few real units and communes.
PROVINCES: dict[str, dict[str, object]] = {
    "46": {
        "label": "Thành phố Huế",
        "communes": [
            ("19753", "Phường Thuận Hóa"), ("19754", "Phường Phú Xuân"),
            ("19755", "Phường Kim Long"), ("19756", "Phường Vỹ Dạ"), ("19757", "Xã Phú Vinh"),
        ],
    },
    "01": {
        "label": "Thành phố Hà Nội",
        "communes": [
            ("00004", "Phường Ba Đình"), ("00008", "Phường Ngọc Hà"),
            ("00070", "Phường Hoàn Kiếm"), ("00091", "Phường Cửa Nam"), ("10015", "Xã Sóc Sơn"),
        ],
    },
    "48": {
        "label": "Thành phố Đà Nẵng",
        "communes": [
            ("20194", "Phường Hải Châu"), ("20200", "Phường Thanh Khê"),
            ("20209", "Phường Sơn Trà"), ("20305", "Xã Hòa Vang"),
        ],
    },
    "79": {
        "label": "Thành phố Hồ Chí Minh",
        "communes": [
            ("26734", "Phường Sài Gòn"), ("26737", "Phường Bến Thành"),
            ("27004", "Phường Xuân Hòa"), ("27811", "Xã Củ Chi"),
        ],
    },
}

# The agency part of a dossier code ("000.00.01.H57-YYMMDD-NNNN"); H57 is Thua Thien Hue / Hue.
AGENCY_CODES = {"hue": "H57", "thuathienhue": "H57", "danang": "H17", "hanoi": "H26"}

DEFAULT_PROVINCE_CODE = {"hue": "46", "thuathienhue": "46", "danang": "48", "hanoi": "01"}

UPLOAD_SLOTS = {"toKhai", "cccd"}


def _apply_path(procedure_id: str) -> str:
    return f"/vi/padsvc/apply-online/{procedure_id}"


def _user(request: Request) -> dict | None:
    user = request.session.get("user")
    return user if isinstance(user, dict) else None


def declaration_definition(accessible: bool, user: dict, province_slug: str) -> dict:
    """The Form.io definition of step 1 for one variant, prefilled from the VNeID account."""
    definition = json.loads(DECLARATION.read_text(encoding="utf-8"))
    prefill = {
        "fullname": user.get("fullname", ""),
        "birthday": _iso_date(user.get("birthday", "")),
        "identityNumber": user.get("identityNumber", ""),
        "gender": _gender_value(user.get("gender", "")),
        "phoneNumber": user.get("phone", ""),
        "email": user.get("email", ""),
        "province": DEFAULT_PROVINCE_CODE.get(province_slug, ""),
    }
    today = datetime.now().strftime("%Y-%m-%dT00:00:00")
    for component in _walk(definition["components"]):
        key = component.get("key")
        if key in prefill and prefill[key]:
            component["defaultValue"] = prefill[key]
        if key == "requestDate":
            component["defaultValue"] = today
        if key == "province":
            component["data"] = {
                "values": [{"value": code, "label": p["label"]} for code, p in PROVINCES.items()]
            }
        if accessible:
            _make_accessible(component)
        else:
            _seed_defects(component)
    return definition


def _make_accessible(component: dict) -> None:
    """The fix of the accessible twin for the Choices.js drop-downs of the real portals.

    Form.io's Choices.js markup puts ``role=combobox`` (unnamed) on an outer div while focus goes
    to an inner div with no role, so the accessible twin renders each select with Form.io's own
    ``html5`` widget: a native ``<select>`` labelled by the field label (``aria-labelledby``),
    exposed as a named combobox with its collapsed/expanded state, operated with the arrow keys.
    """
    if component.get("type") == "select":
        component["widget"] = "html5"
        component["removeItemButton"] = False
        component["placeholder"] = "-- Chọn " + component.get("label", "").lower() + " --"


def _seed_defects(component: dict) -> None:
    """Turn one component of the accessible definition into its real-portal form."""
    key = component.get("key")
    kind = component.get("type")
    # defect A01: labels hidden, a placeholder is the only label, "required" shown by colour only
    if key in {"otherName", "placeOfBirth", "phoneNumber", "email", "address",
               "fatherName", "motherName", "purpose"}:
        component["placeholder"] = component.get("label", "")
        component["hideLabel"] = True
        component.pop("description", None)
    # defect A02: the province Choices.js drop-down has no visible or programmatic label
    if key == "province":
        component["hideLabel"] = True
        component["placeholder"] = "-- Chọn Tỉnh/Thành phố --"
    # defect A03: the commune is a mouse-only custom list (the Form.io field is hidden, the
    # visible widget is drawn by apply.js)
    if key == "district":
        component["customClass"] = "commune-hidden-field"
    # defect A04: date pickers that refuse typing (allowInput false, read-only input)
    if kind == "datetime" and key not in {"birthday"}:
        component["allowInput"] = False
        component["widget"] = dict(component.get("widget", {}), allowInput=False)
        component.pop("description", None)
        component["placeholder"] = ""
    if key == "residenceHistory":
        for column in component.get("components", []):
            if column.get("type") == "datetime":
                column["allowInput"] = False
                column["widget"] = dict(column.get("widget", {}), allowInput=False)
        component.pop("description", None)


def _walk(components: list[dict]):
    for component in components:
        yield component
        yield from _walk(component.get("components", []))
        for column in component.get("columns", []):
            yield from _walk(column.get("components", []))


def _iso_date(ddmmyyyy: str) -> str:
    try:
        return datetime.strptime(ddmmyyyy, "%d/%m/%Y").strftime("%Y-%m-%dT00:00:00")
    except ValueError:
        return ""


def _gender_value(gender: str) -> str:
    lowered = gender.strip().lower()
    if lowered in {"nam", "male", "m", "1"}:
        return "nam"
    if lowered in {"nữ", "nu", "female", "f", "2"}:
        return "nu"
    return ""


def apply_online(request: Request, procedure_id: str) -> Response:
    procedure = PROCEDURES.get(procedure_id)
    if procedure is None:
        return request.replica.not_found(request)
    user = _user(request)
    if user is None:
        return redirect("/sso/login?next=" + quote(_apply_path(procedure_id), safe="/"))
    accessible = request.accessible
    captcha_id, _ = request.replica.state.new_captcha()
    definition = declaration_definition(accessible, user, request.replica.province_slug)
    communes = {
        code: [{"value": v, "label": label} for v, label in p["communes"]]  # type: ignore[union-attr]
        for code, p in PROVINCES.items()
    }
    config = {
        "accessible": accessible,
        "procedureId": procedure_id,
        "definition": definition,
        "communes": communes,
        "captchaId": captcha_id,
        "fee": procedure["fee"],
        "studentFee": procedure["student_fee"],
        "uploadUrl": "/pa/file/--upload",
        "applyUrl": "/pa/dossier/--apply",
        "captchaUrl": "/pa/captcha/--new",
    }
    return request.replica.render(
        request,
        "apply.html",
        procedure=procedure,
        user=user,
        captcha_id=captcha_id,
        config_json=json.dumps(config, ensure_ascii=False).replace("</", "<\\/"),
    )


def upload_file(request: Request) -> Response:
    if _user(request) is None:
        return json_response({"error": "Chưa đăng nhập"}, status=401)
    if not request.files:
        return json_response({"error": "Không có tệp"}, status=400)
    slot = request.form.get("slot", "")
    saved = []
    uploads = request.session.setdefault("uploads", {})
    for field_name, uploaded in request.files.items():
        file_id = secrets.token_hex(12)
        record = {
            "id": file_id,
            "slot": slot if slot in UPLOAD_SLOTS else field_name,
            "filename": uploaded.filename,
            "size": uploaded.size,
            "contentType": uploaded.content_type,
        }
        uploads[file_id] = record
        saved.append(record)
    return json_response({"status": "success", "message": "Tải lên thành công", "files": saved})


def new_captcha(request: Request) -> Response:
    captcha_id, _ = request.replica.state.new_captcha()
    return json_response({
        "id": captcha_id,
        "image": f"/sso/captcha/{captcha_id}.svg",
        "audio": f"/sso/captcha/{captcha_id}.wav",
    })


def timezones(request: Request) -> Response:
    """moment-timezone's data, which Form.io's date widget loads (from cdn.form.io by default)."""
    path = HERE / "node_modules" / "moment-timezone" / "data" / "packed" / "latest.json"
    if not path.is_file():
        return json_response({"error": "moment-timezone is not installed"}, status=404)
    return Response(
        path.read_bytes(), content_type="application/json; charset=utf-8",
        headers={"Cache-Control": "max-age=3600"},
    )


def _decoded(form: dict[str, str]) -> dict:
    """The server flattens JSON bodies to strings; undo that for nested values."""
    payload: dict = {}
    for key, value in form.items():
        if isinstance(value, str) and value[:1] in "[{":
            try:
                payload[key] = json.loads(value)
                continue
            except ValueError:
                pass
        payload[key] = value
    return payload


def apply_dossier(request: Request) -> Response:
    user = _user(request)
    if user is None:
        return json_response({"error": "Chưa đăng nhập"}, status=401)
    payload = _decoded(request.form)
    state = request.replica.state
    if not state.check_captcha(str(payload.get("captchaId", "")), str(payload.get("captcha", ""))):
        return json_response(
            {"status": "error", "field": "captcha", "message": "Mã xác nhận không đúng"}, status=400
        )
    with state.lock:
        state.captchas.pop(str(payload.get("captchaId", "")), None)
    procedure = PROCEDURES.get(str(payload.get("procedureId", "")), PROCEDURES[CRIMINAL_RECORD_ID])
    now = datetime.now()
    agency = AGENCY_CODES.get(request.replica.province_slug, "H57")
    with state.lock:
        serial = sum(1 for code in state.dossiers if code.startswith(f"000.00.01.{agency}-"))
        code = f"000.00.01.{agency}-{now:%y%m%d}-{serial + 1:04d}"
        record = {
            "code": code,
            "procedure": procedure["title"],
            "applicant": (payload.get("form") or {}).get("fullname") or user.get("fullname", ""),
            "status": "Chờ tiếp nhận",
            "received_at": now.strftime("%d/%m/%Y %H:%M:%S"),
        }
        state.dossiers[code] = record
        state.submissions.append(copy.deepcopy({**payload, "code": code}))
    return json_response({"status": "success", "code": code, "dossier": record})


ROUTES: RouteTable = {
    ("GET", r"/vi/padsvc/apply-online/(?P<procedure_id>[0-9a-f]{24})"): apply_online,
    ("POST", r"/pa/file/--upload"): upload_file,
    ("GET", r"/pa/captcha/--new"): new_captcha,
    ("GET", r"/pa/vendor/moment-timezone/data/packed/latest\.json"): timezones,
    ("POST", r"/pa/dossier/--apply"): apply_dossier,
}
