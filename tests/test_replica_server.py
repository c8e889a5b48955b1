"""The replica server itself: variants, vendor libraries, replica-only channels, errors."""

from __future__ import annotations

import ast
import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from harness.cli import main
from harness.replica import server as replica_server
from harness.replica.server import ReplicaServer, ReplicaSetupError
from harness.replica.shared import load_accounts


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


def _runtime_imports(path: Path) -> set[str]:
    """The harness.replica modules a file imports when it runs (not those under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            node.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
            imported.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    return {name for name in imported if name.startswith("harness.replica.")}


def test_replica_modules_import_no_circle_and_no_page_imports_the_server():
    """Page modules are written against web.py; the server imports them, never the reverse."""
    root = Path(replica_server.__file__).parent
    modules = {
        ".".join(("harness", "replica", *path.relative_to(root).with_suffix("").parts)): path
        for path in root.rglob("*.py") if "node_modules" not in path.parts
    }
    graph = {name: _runtime_imports(path) & modules.keys() for name, path in modules.items()}
    assert not [name for name, deps in graph.items()
                if name != "harness.replica.server" and "harness.replica.server" in deps]
    assert {"harness.replica.web", "harness.replica.national.pages"} <= graph[
        "harness.replica.server"]

    def cycle_from(name: str, trail: tuple[str, ...]) -> tuple[str, ...] | None:
        if name in trail:
            return (*trail, name)
        return next((found for dep in graph[name] if (found := cycle_from(dep, (*trail, name)))),
                    None)

    assert [cycle for name in graph if (cycle := cycle_from(name, ()))] == []


def _post_form(url: str, form: dict[str, str]) -> tuple[int, str]:
    """POST a url-encoded form without following the redirect: (status, body or Location)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("POST", parts.path, urllib.parse.urlencode(form),
                           {"Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        body = response.read().decode("utf-8")
        return response.status, response.headers.get("Location") or body
    finally:
        connection.close()


@pytest.mark.parametrize(("family", "path", "username_field", "captcha_noun"), [
    ("national", "/vneid/dang-nhap", "username", "Mã xác thực"),
    ("igate1", "/sso/dang-nhap", "username", "Mã kiểm tra"),
    ("justice-eform", "/dang-nhap", "username", "Mã xác thực"),
    ("liferay", "/c/portal/login", "login", "Mã xác thực"),
    ("portaldvc", "/vneidsso/authorize", "username", "Mã xác thực"),
])
def test_each_family_checks_its_sign_in_in_its_own_words(family, path, username_field,
                                                          captcha_noun):
    """The shared sign-in check speaks each family's wording, spends a wrong CAPTCHA and lets
    a synthetic account in."""
    account = load_accounts()[0]
    with ReplicaServer("Huế", "accessible", family=family) as served:
        captcha_id, code = served.state.new_captcha()
        wrong = "1" * 5 if code != "1" * 5 else "2" * 5
        status, page = _post_form(served.url(path), {
            username_field: "", "password": account["password"],
            "captcha_id": captcha_id, "captcha": wrong,
        })
        assert status == 200
        assert "Chưa nhập số định danh cá nhân." in page
        assert f"{captcha_noun} không đúng, vui lòng nhập mã mới." in page
        assert captcha_id not in served.state.captchas
        captcha_id, code = served.state.new_captcha()
        status, location = _post_form(served.url(path), {
            username_field: account["identityNumber"], "password": account["password"],
            "captcha_id": captcha_id, "captcha": code, "next": "/", "redirect": "/",
            "redirect_uri": "/",
        })
        assert (status, location) == (303, "/")
