"""What the replica families share: synthetic accounts, the demo dossier, the CAPTCHA and the
checks of the sign-in and dossier lookup forms.

The families imitate different platforms, but behind their pages they verify the same VNeID
accounts (``accounts.json``: fictitious people), draw the same kind of CAPTCHA and answer the
same lookup; only addresses, field names and wording differ, so those are parameters here. A
family whose behaviour differs on purpose (the iGate 2.0 wording, Liferay's one-line lookup
answer) keeps its own check and uses the pieces below.
"""

from __future__ import annotations

import json
import math
import random
import secrets
import shutil
import struct
import subprocess
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

from harness.replica.web import Request, Response, json_response

HERE = Path(__file__).parent
ACCOUNTS_FILE = HERE / "accounts.json"

DEMO_DOSSIER = {
    "code": "000.00.01.H57-241123-0001",
    "procedure": (
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam"
    ),
    "applicant": "Nguyễn Văn Thử",
    "status": "Đang xử lý",
    "received_at": "23/11/2024 09:15",
}


def fold(text: str) -> str:
    """Lower-case ``text`` and drop its diacritics (đ -> d), for accent-insensitive matching."""
    text = text.lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


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


def captcha_code(request: Request, captcha_id: str) -> str | None:
    """The code behind a CAPTCHA id, None once it is used or unknown."""
    with request.replica.state.lock:
        return request.replica.state.captchas.get(captcha_id)


def captcha_image(request: Request, captcha_id: str) -> Response:
    code = captcha_code(request, captcha_id)
    if code is None:
        return Response(b"captcha het han", status=404, content_type="text/plain; charset=utf-8")
    return Response(
        captcha_svg(code).encode(), content_type="image/svg+xml",
        headers={"Cache-Control": "no-store"},
    )


def captcha_audio(request: Request, captcha_id: str) -> Response:
    code = captcha_code(request, captcha_id)
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
    """A fresh CAPTCHA id, for the pages' "new code" buttons."""
    captcha_id, _ = request.replica.state.new_captcha()
    return json_response({"id": captcha_id})


def use_captcha(request: Request, captcha_id: str, answer: str) -> bool:
    """Check a CAPTCHA answer once: a used or wrong code is discarded, as on the portals."""
    state = request.replica.state
    ok = bool(answer.strip()) and state.check_captcha(captcha_id, answer)
    with state.lock:
        state.captchas.pop(captcha_id, None)
    return ok


def posted_captcha_ok(request: Request, form: dict[str, str] | None = None) -> bool:
    """Check (once) the CAPTCHA a form posts as ``captcha_id`` and ``captcha``."""
    form = request.form if form is None else form
    return use_captcha(request, form.get("captcha_id", ""), form.get("captcha", ""))


def captcha_error(request: Request, captcha_id: str, answer: str, noun: str) -> str | None:
    """The message for a missing or wrong CAPTCHA answer in a family's wording (``noun``: "mã
    xác thực", "mã bảo mật"...), None when it is right. A wrong answer discards the code."""
    if not answer.strip():
        return f"Chưa nhập {noun}."
    if not use_captcha(request, captcha_id, answer.strip()):
        return f"{noun[0].upper()}{noun[1:]} không đúng, vui lòng nhập mã mới."
    return None


# -- sign-in ----------------------------------------------------------------------------------


def safe_next(target: str, fallback: str) -> str:
    """Only local paths may follow a sign-in (no open redirect): ``fallback`` otherwise."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target


def check_sign_in(
    request: Request, username_field: str = "username", captcha_noun: str = "mã xác thực"
) -> tuple[dict[str, str], dict | None]:
    """Check a posted VNeID sign-in form: (errors by field, None) or ({}, the account)."""
    form = request.form
    username = form.get(username_field, "").strip()
    errors: dict[str, str] = {}
    if not username:
        errors[username_field] = "Chưa nhập số định danh cá nhân."
    if not form.get("password"):
        errors["password"] = "Chưa nhập mật khẩu."
    captcha = captcha_error(request, form.get("captcha_id", ""), form.get("captcha", ""),
                            captcha_noun)
    if captcha:
        errors["captcha"] = captcha
    if errors:
        return errors, None
    account = check_account(username, form.get("password", ""))
    if account is None:
        return {"password": "Số định danh cá nhân hoặc mật khẩu không đúng."}, None
    return {}, account


# -- dossier lookup ---------------------------------------------------------------------------


def received_dossiers(request: Request) -> dict[str, dict]:
    """The dossiers the replica has received, always with the demo dossier a lookup can find."""
    state = request.replica.state
    with state.lock:
        state.dossiers.setdefault(DEMO_DOSSIER["code"], dict(DEMO_DOSSIER))
        return state.dossiers


def check_lookup(
    request: Request, code_field: str = "code", captcha_noun: str = "mã xác thực"
) -> tuple[str, dict[str, str]]:
    """Check a posted dossier lookup form: (the dossier code asked for, errors by field)."""
    code = request.form.get(code_field, "").strip()
    errors: dict[str, str] = {}
    if not code:
        errors[code_field] = "Chưa nhập mã hồ sơ."
    captcha = captcha_error(request, request.form.get("captcha_id", ""),
                            request.form.get("captcha", ""), captcha_noun)
    if captcha:
        errors["captcha"] = captcha
    return code, errors


def lookup_answer(request: Request, code_field: str, captcha_noun: str) -> dict[str, object]:
    """What a server-rendered lookup page shows: the code asked for, the errors, the dossier
    found, whether a search was made, and a fresh CAPTCHA for the next try."""
    searched = request.method == "POST"
    dossiers = received_dossiers(request)
    code, errors = check_lookup(request, code_field, captcha_noun) if searched else ("", {})
    captcha_id, _ = request.replica.state.new_captcha()
    return {"code": code, "errors": errors, "captcha_id": captcha_id,
            "dossier": dossiers.get(code) if searched and not errors else None,
            "searched": searched and not errors}
