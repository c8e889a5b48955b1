"""The replica server itself: variants, vendor libraries, replica-only channels, errors."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from harness.cli import main
from harness.replica import server as replica_server
from harness.replica.server import ReplicaServer, ReplicaSetupError


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def test_serves_on_loopback_with_a_free_port(replica):
    assert replica.base_url.startswith("http://127.0.0.1:")
    status, content_type, body = fetch(replica.url("/"))
    assert status == 200 and content_type.startswith("text/html")
    assert "Huế".encode() in body


def test_unknown_path_is_a_404_page(replica):
    status, _, body = fetch(replica.url("/khong-co-trang-nay"))
    assert status == 404 and "Không tìm thấy trang".encode() in body


def test_vendor_libraries_are_the_real_ones_served_locally(replica):
    status, content_type, body = fetch(replica.url("/vendor/formio/formio.form.min.js"))
    assert status == 200 and "javascript" in content_type and len(body) > 500_000
    status, _, _ = fetch(replica.url("/vendor/flatpickr/flatpickr.min.js"))
    assert status == 200
    assert fetch(replica.url("/vendor/formio/../../../../package.json"))[0] == 404


def test_captcha_answer_channel_tells_only_known_codes(replica):
    captcha_id, code = replica.state.new_captcha()
    status, _, body = fetch(replica.url(f"/__replica__/captcha-answer?id={captcha_id}"))
    assert status == 200 and json.loads(body)["code"] == code
    assert fetch(replica.url("/__replica__/captcha-answer?id=nope"))[0] == 404
    assert replica.state.check_captcha(captcha_id, code)
    assert not replica.state.check_captcha(captcha_id, "x" + code)


def test_unknown_variant_and_missing_libraries_are_clear_errors(monkeypatch, tmp_path):
    with pytest.raises(ReplicaSetupError, match="unknown replica variant"):
        ReplicaServer("Huế", "broken")
    monkeypatch.setitem(replica_server.VENDOR_DIRS, "formio", tmp_path / "missing")
    with pytest.raises(ReplicaSetupError, match="make setup"):
        ReplicaServer("Huế", "defective")


def test_serve_with_unknown_province_is_one_line_error(capsys):
    assert main(["serve", "--province", "atlantis"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "atlantis" in err
