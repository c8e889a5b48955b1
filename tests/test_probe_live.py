"""`pesp-a11y probe-live`: a read-only drift check before a full run. It must only ever send GET,
find on the iGate replica what the flow's first steps name, and say plainly what drifted on a
portal that changed its names or pages."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from hostile import serve

from harness.cli import main
from harness.flow import Known, load_task
from harness.loopback import LoopbackServer
from harness.probe_live import (
    DRIFT,
    FOUND,
    INFO,
    REVIEW,
    Expected,
    ProbeCannotRun,
    expected_controls,
    family_markers,
    family_observation,
    first_answer,
    which_family,
)
from harness.replica.server import ReplicaServer
from harness.scenario_data import DATA


def igate2_profile() -> dict:
    """The iGate 2.0 family data and its flow in one profile file."""
    profile = json.loads((DATA / "igate2.json").read_text(encoding="utf-8"))
    flows = json.loads((DATA / "flows" / "igate2.json").read_text(encoding="utf-8"))
    profile["tasks"] = flows["tasks"]
    return profile


def write_profile(tmp_path: Path, profile: dict) -> Path:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    return path


def probe_lines(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, list[str]]:
    code = main(["probe-live", *argv])
    return code, capsys.readouterr().out.splitlines()


# --- what the probe expects, from the flow -----------------------------------------------------


def test_the_first_steps_of_each_entry_page_name_the_controls_to_look_for():
    """Up to the first action that leaves the page: the home page's link, the lookup form."""
    profile = igate2_profile()
    known = Known(names=profile["names"], paths=profile["paths"], applicant=None,
                  files=frozenset({"declaration", "identity"}),
                  declaration=profile["declaration"])
    tasks = [load_task(Path("flow.json"), name, raw, known)
             for name, raw in profile["tasks"].items()]
    names = profile["names"]
    assert expected_controls(tasks, names) == [
        Expected("home", names["procedures_link"], "link", "procedures_link"),
        Expected("lookup", names["lookup_code"], "textbox|searchbox|combobox", "lookup_code"),
        Expected("lookup", names["lookup_captcha"], "textbox", "lookup_captcha"),
        Expected("lookup", names["lookup_submit"], "button", "lookup_submit"),
    ]


def test_the_family_is_the_one_with_most_markers_and_a_tie_needs_review():
    markers = family_markers()
    assert set(markers) >= {"igate2", "igate1", "liferay", "portaldvc", "national"}
    page = '<app-root ng-version="15.2.0"></app-root><script src="/pa/config.js"></script>'
    found = which_family([page, "https://example.vn/auth/realms/digo/protocol"])
    assert found == {"igate2": ["ng-version", "/pa/", "realms/digo"]}
    assert family_observation("igate2", found).status == FOUND
    drifted = family_observation("liferay", found)
    assert drifted.status == DRIFT and "not liferay" in drifted.en
    assert family_observation(None, found).status == INFO
    tie = which_family(['<input name="__VIEWSTATE">', "/web/guest/eform"])
    assert family_observation("liferay", tie).status == REVIEW
    assert family_observation("igate2", {}).status == REVIEW


# --- the first answer -------------------------------------------------------------------------


def test_the_first_answer_says_status_redirects_and_time():
    pages = {"/": (302, "text/plain", b"", {"Location": "/home"}), "/home": "<p>Trang chủ</p>"}
    with serve(pages) as server:
        found, texts = first_answer(server.base_url + "/")
    assert [o.status for o in found] == [FOUND, INFO]
    assert texts[-1] == "<p>Trang chủ</p>" and f"{server.base_url}/home" in texts
    assert found[0].en.startswith("the portal answered HTTP 200 in ")
    assert found[1].en == f"redirected (302) to {server.base_url}/home"
    assert found[1].line().startswith("thông tin: chuyển hướng 302 tới ")


def test_an_error_status_or_another_host_is_drift():
    with serve({}) as server:
        found, _texts = first_answer(server.base_url + "/")
    assert found[0].status == DRIFT and "HTTP 404" in found[0].en
    away = {"/": (302, "text/plain", b"", {"Location": "http://localhost:9/closed"})}
    with serve(away) as server, pytest.raises(ProbeCannotRun):
        first_answer(server.base_url + "/")  # the new host does not answer: cannot run


def test_no_answer_is_exit_2_in_one_line(tmp_path, capsys):
    with serve({}) as server:
        closed = server.base_url
    profile = write_profile(tmp_path, igate2_profile())
    assert main(["probe-live", "--base-url", closed, "--profile", str(profile)]) == 2
    err = capsys.readouterr().err
    assert "cannot reach" in err and err.count("\n") == 1


@pytest.mark.parametrize(("argv", "reason"), [
    ([], "needs --province P or --base-url URL --profile FILE"),
    (["--base-url", "http://127.0.0.1:9"], "--base-url needs --profile"),
    (["--profile", "p.json"], "--profile goes with --base-url"),
    (["--base-url", "ftp://x", "--profile", "p.json"], "http:// or https://"),
    (["--base-url", "http://127.0.0.1:9", "--profile", "p.json", "--province", "hue"],
     "--base-url replaces --province"),
    (["--province", "hue", "--legacy", "--replica"], "does not go with --replica"),
    (["--province", "atlantis"], "unknown province 'atlantis'"),
    (["--province", "hue", "--family", "igate2"], "--family chooses the replica's portal"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, argv, reason):
    assert main(["probe-live", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and reason in captured.err and captured.err.count("\n") == 1


# --- in Chromium ------------------------------------------------------------------------------


@pytest.mark.browser
def test_the_accessible_igate_replica_has_everything_the_flow_starts_with(tmp_path, capsys):
    profile = write_profile(tmp_path, igate2_profile())
    with ReplicaServer("Huế", "accessible") as server:
        code, out = probe_lines(capsys, ["--base-url", server.base_url, "--profile",
                                         str(profile)])
    assert code == 0, out
    assert out[0].startswith("Kiểm tra trước khi chạy, chỉ đọc (chỉ gửi GET): ")
    assert out[-1] == ("Kết quả: 0 thay đổi, 0 cần xem lại, 8 thấy / Result: 0 drifted, "
                       "0 need review, 8 found")
    facts = "\n".join(out)
    assert "found: looks like platform family igate2 (/pa/), the family of the data" in facts
    for entry in ("home", "lookup"):
        assert f"found: entry page {entry} loaded, HTTP 200" in facts
    assert ("found: on page home, control 'Thủ tục hành chính' (link) [procedures_link]: "
            "present, named 'Thủ tục hành chính'") in facts
    assert "control 'Tra cứu' (button) [lookup_submit]: present" in facts
    assert all(" / " in line for line in out)  # Vietnamese, then English


@pytest.mark.browser
def test_a_province_target_on_loopback_is_probed_with_its_family_data(capsys):
    code, out = probe_lines(capsys, ["--province", "demo", "--variant", "accessible"])
    assert code == 0, out
    assert out[0].endswith("family igate2")
    assert any("[lookup_captcha]: present" in line for line in out)


DRIFTED_HOME = """<!doctype html><html lang="vi"><head><title>Cổng mới</title></head><body>
<nav><a href="/dich-vu">Dịch vụ công trực tuyến</a></nav>
<p>Thủ tục hành chính nay nằm trên Cổng Dịch vụ công quốc gia.</p></body></html>"""


@pytest.mark.browser
def test_a_portal_with_other_names_and_a_missing_page_drifted(tmp_path, capsys):
    """The served home page renamed its link (the old words are left as plain text); the
    lookup page is gone; no family's markers remain."""
    profile = write_profile(tmp_path, igate2_profile())
    with serve({"/": DRIFTED_HOME}) as server:
        code, out = probe_lines(capsys, ["--base-url", server.base_url, "--profile",
                                         str(profile)])
    assert code == 1, out
    facts = "\n".join(out)
    assert "needs review: no platform family's markers were found" in facts
    assert "found: entry page home loaded, HTTP 200" in facts
    assert ("needs review: on page home, control 'Thủ tục hành chính' (link) [procedures_link]: "
            "no control has this name, but the text is on the page") in facts
    assert "drifted: entry page lookup (" in facts and "did not load: HTTP 404" in facts
    assert "needs review: control 'Mã hồ sơ'" not in facts
    assert facts.count("not checked") == 3  # the lookup page's three controls
    assert out[-1].startswith("Kết quả: 1 thay đổi, 5 cần xem lại, 2 thấy")


@pytest.mark.browser
def test_a_renamed_control_and_another_platform_are_drift(tmp_path, capsys):
    """The portal moved to an ASP.NET platform: the probe names it, and the missing link."""
    renamed = DRIFTED_HOME.replace("<p>Thủ tục hành chính nay", "<p>Mọi thủ tục nay").replace(
        "<nav>", '<form><input type="hidden" name="__VIEWSTATE" value="x"></form>'
        '<nav><a href="/portaldvc/tra-cuu">Tra cứu</a>')
    profile = igate2_profile()
    profile["paths"] = {"home": "/"}
    profile["tasks"].pop("dossier-lookup")
    with serve({"/": renamed}) as server:
        code, out = probe_lines(capsys, ["--base-url", server.base_url, "--profile",
                                         str(write_profile(tmp_path, profile))])
    assert code == 1
    facts = "\n".join(out)
    assert ("drifted: on page home, control 'Thủ tục hành chính' (link) [procedures_link]: "
            "not found") in facts
    assert ("drifted: looks like platform family portaldvc (__VIEWSTATE, /portaldvc/), "
            "not igate2") in facts


SENDING_PAGE = """<!doctype html><html lang="vi"><head><title>Gửi</title></head><body>
<a href="/">Thủ tục hành chính</a>
<form id="f" method="post" action="/nop"><input name="x" value="1"></form>
<script>
  fetch('/api/track', {method: 'POST', body: 'seen'});
  fetch('/api/item', {method: 'PUT', body: '1'});
  navigator.sendBeacon('/beacon', 'bye');
  fetch('/pa/config.js');
  setTimeout(() => document.getElementById('f').submit(), 50);
</script></body></html>"""


class RecordingServer(LoopbackServer):
    """Answers every method with the sending page and records the methods it received."""

    def __init__(self) -> None:
        self.methods: list[str] = []
        methods = self.methods

        class Handler(BaseHTTPRequestHandler):
            def answer(self) -> None:
                methods.append(self.command)
                body = SENDING_PAGE.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_HEAD = do_OPTIONS = do_DELETE = answer  # noqa: N815

            def log_message(self, *args: object) -> None:
                """Quiet."""

        super().__init__(Handler)


@pytest.mark.browser
def test_only_get_requests_ever_leave(tmp_path, capsys):
    """A page whose scripts POST, PUT, send a beacon and submit a form on their own: none of it
    reaches the server, and the probe says what it blocked."""
    profile = igate2_profile()
    profile["paths"] = {"home": "/", "lookup": "/tra-cuu"}
    with RecordingServer() as server:
        code, out = probe_lines(capsys, ["--base-url", server.base_url, "--profile",
                                         str(write_profile(tmp_path, profile))])
        methods = list(server.methods)
    assert methods and set(methods) == {"GET"}, methods
    facts = "\n".join(out)
    for sent in ("POST " + server.base_url + "/api/track", "PUT " + server.base_url + "/api/item",
                 "POST " + server.base_url + "/beacon", "POST " + server.base_url + "/nop"):
        assert f"tried to send {sent}: blocked, not sent" in facts, facts
    assert "control 'Thủ tục hành chính' (link) [procedures_link]: present" in facts
    assert code == 1  # the lookup page's form is not there


def national_profile() -> dict:
    profile = json.loads((DATA / "national.json").read_text(encoding="utf-8"))
    profile["tasks"] = json.loads(
        (DATA / "flows" / "national.json").read_text(encoding="utf-8"))["tasks"]
    return profile


@pytest.mark.browser
def test_the_accessible_national_replica_has_everything_its_flow_starts_with(capsys):
    names = national_profile()["names"]
    code, out = probe_lines(capsys, ["--province", "demo", "--family", "national",
                                     "--variant", "accessible"])
    assert code == 0, out
    facts = "\n".join(out)
    assert "found: looks like platform family national (select2), the family of the data" in facts
    assert "/ found: entry page home loaded, HTTP 200" in facts
    for key in ("search_field", "lookup_code", "lookup_captcha", "lookup_submit"):
        assert f"'{names[key]}'" in facts and f"[{key}]: present" in facts, key


@pytest.mark.browser
def test_the_national_flow_on_an_igate_portal_drifted(tmp_path, capsys):
    """Another family's portal at the address: the probe says so, and what it cannot find."""
    profile = write_profile(tmp_path, national_profile())
    with ReplicaServer("Huế", "accessible") as server:
        code, out = probe_lines(capsys, ["--base-url", server.base_url, "--profile",
                                         str(profile)])
    assert code == 1
    facts = "\n".join(out)
    # neither the iGate replica's root nor its 404 pages carry a marker: no family is guessed
    assert "needs review: no platform family's markers were found" in facts
    for entry in ("home", "lookup"):
        assert f"drifted: entry page {entry} (" in facts
    assert facts.count("did not load: HTTP 404") == 2
