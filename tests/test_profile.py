"""A portal profile (`run --base-url URL --profile FILE`): one file with a portal's names, paths
and tasks, checked like the family data; an address is live unless it is loopback or the host
named with --staging, and only there do the final submit and a fixed CAPTCHA code go through."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness import targets
from harness.cli import main
from harness.errors import HarnessError
from harness.replay import ReplayOptions, _captcha_reader
from harness.replica.server import ReplicaServer, ReplicaState
from harness.scenario_data import DATA, profile_data
from harness.targets import address_kind, open_address

CODE = "24680"


def igate2_profile() -> dict:
    """The iGate 2.0 family data and its flow in one file, as a tester would start one."""
    profile = json.loads((DATA / "igate2.json").read_text(encoding="utf-8"))
    flows = json.loads((DATA / "flows" / "igate2.json").read_text(encoding="utf-8"))
    profile["tasks"] = flows["tasks"]
    return profile


def renamed_profile() -> dict:
    """Names other than igate2's, as heard on the replica (case and part of a name do), and a
    lookup task of the profile's own, written with literal names."""
    profile = igate2_profile()
    profile["about"] = "a staging copy of an iGate 2.0 portal"
    profile["portal"] = "Cổng thử nghiệm"
    profile["names"].update({
        "procedures_link": "thủ tục hành chính",
        "search_field": "Từ khóa",
        "procedure_link": "Phiếu lý lịch tư pháp cho công dân",
        "next": "TIẾP TỤC",
    })
    profile["tasks"].pop("dossier-lookup")
    profile["tasks"]["lookup"] = {"title": "Tra cứu", "steps": [
        {"step": "Mở trang tra cứu", "actions": [{"open": "lookup"}]},
        {"step": "Nhập mã", "actions": [
            {"fill": "Mã hồ sơ", "text": {"applicant": "dossier_code"}},
            {"captcha": "Mã bảo mật"}]},
        {"step": "Tra cứu", "actions": [
            {"activate": "Tra cứu", "role": "button", "expect": "Trạng thái"}]},
    ]}
    return profile


def write(tmp_path: Path, profile: object, name: str = "profile.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(("url", "staging", "kind"), [
    ("http://127.0.0.1:8000", None, "loopback"),
    ("http://127.8.9.10/", None, "loopback"),
    ("http://localhost:3000/app", None, "loopback"),
    ("http://[::1]:8080", None, "loopback"),
    ("https://dichvucong.hue.gov.vn", None, "live"),
    ("http://10.0.0.5:8080", None, "live"),
    ("https://test.example.vn", "test.example.vn", "staging"),
    ("https://TEST.example.vn:8443/x", "test.example.vn", "staging"),
    ("http://127.0.0.1:8000", "127.0.0.1", "loopback"),
])
def test_an_address_is_live_unless_loopback_or_the_named_staging_host(url, staging, kind):
    assert address_kind(url, staging) == kind


@pytest.mark.parametrize(("url", "staging", "reason"), [
    ("ftp://example.vn", None, "http:// or https://"),
    ("dichvucong.hue.gov.vn", None, "http:// or https://"),
    ("https://dichvucong.hue.gov.vn", "test.example.vn", "must be the same"),
])
def test_a_bad_address_or_another_staging_host_is_refused(url, staging, reason):
    with pytest.raises(HarnessError, match=reason):
        address_kind(url, staging)


def test_a_live_address_keeps_the_live_rules(tmp_path, monkeypatch):
    monkeypatch.setattr(targets, "check_reachable", lambda *args, **kwargs: None)
    with open_address("https://dichvucong.example.gov.vn/", "p.json") as target:
        assert target.kind == "live" and target.profile == "p.json"
        assert target.base_url == "https://dichvucong.example.gov.vn"
        assert _captcha_reader(target, ReplayOptions())(None) is None  # stops at the CAPTCHA
    refused = open_address("https://dichvucong.example.gov.vn", "p.json", captcha_code="1")
    with pytest.raises(HarnessError, match="--captcha-code is accepted only"), refused:
        pass
    with open_address("http://127.0.0.1:9", "p.json", captcha_code=CODE) as target:
        assert target.kind == "loopback"
        assert _captcha_reader(target, ReplayOptions())(None) == CODE


def test_the_shipped_family_data_makes_a_valid_profile(tmp_path):
    data = profile_data(write(tmp_path, igate2_profile()))
    assert list(data["tasks"]) == ["criminal-record", "dossier-lookup"]
    assert list(profile_data(write(tmp_path, renamed_profile()))["tasks"]) == [
        "criminal-record", "lookup"]


def broken(key: str, value: object) -> dict:
    profile = igate2_profile()
    if value is None:
        profile.pop(key)
    else:
        profile[key] = value
    return profile


@pytest.mark.parametrize(("profile", "reason"), [
    (broken("names", None), "missing names"),
    (broken("tasks", None), "missing tasks"),
    (broken("colour", "blue"), "unknown key 'colour'"),
    (broken("final_submit_endpoints", []), "'final_submit_endpoints' must list"),
    (broken("names", {"next": "Tiếp tục"}), "must name 'final_submit'"),
    (broken("tasks", {"x": {"title": "X", "steps": [
        {"step": "s", "actions": [{"klick": "Tìm"}]}]}}), "task 'x'"),
    ([1, 2], "expected a JSON object"),
])
def test_a_malformed_profile_is_one_line_naming_the_file(tmp_path, profile, reason):
    path = write(tmp_path, profile)
    with pytest.raises(HarnessError) as error:
        profile_data(path)
    message = str(error.value)
    assert "\n" not in message and str(path) in message and reason in message


@pytest.mark.parametrize(("extra", "reason"), [
    (["--captcha-code", "1"], "--captcha-code is accepted only"),
    (["--staging", "other.example.vn"], "must be the same"),
    (["--province", "hue"], "--base-url replaces --province"),
])
def test_the_command_refuses_in_one_line_before_any_network(tmp_path, capsys, extra, reason):
    path = write(tmp_path, igate2_profile())
    argv = ["run", "--base-url", "https://dichvucong.example.gov.vn", "--profile", str(path),
            "--out", str(tmp_path / "out"), "--plain", *extra]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and reason in err


@pytest.mark.parametrize(("argv", "reason"), [
    (["--base-url", "ftp://x", "--profile", "{profile}"], "http:// or https://"),
    (["--base-url", "http://127.0.0.1:9", "--profile", "{missing}"], "is missing"),
    (["--base-url", "http://127.0.0.1:9"], "--base-url needs --profile"),
    (["--profile", "{profile}"], "--profile goes with --base-url"),
    (["--captcha-code", "1"], "--captcha-code goes with --base-url"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, argv, reason):
    path = write(tmp_path, igate2_profile())
    argv = [a.format(profile=path, missing=tmp_path / "nope.json") for a in argv]
    assert main(["run", *argv, "--out", str(tmp_path / "out"), "--plain"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and reason in err


@pytest.mark.browser
def test_a_profile_replays_a_loopback_deployment_to_the_end(tmp_path, monkeypatch):
    """A test deployment that fixes its CAPTCHA code: the replica's accessible twin, served on
    loopback and reached only by its address, with a profile whose names are not igate2's."""

    def fixed_captcha(state: ReplicaState) -> tuple[str, str]:
        with state.lock:
            state.captchas["fixed"] = CODE
        return "fixed", CODE

    monkeypatch.setattr(ReplicaState, "new_captcha", fixed_captcha)
    path = write(tmp_path, renamed_profile())
    out = tmp_path / "run"
    with ReplicaServer("Huế", "accessible") as server:
        code = main(["run", "--base-url", server.base_url, "--profile", str(path),
                     "--captcha-code", CODE, "--out", str(out), "--no-audio", "--plain"])
        submissions = len(server.state.submissions)
    assert code == 0
    meta = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert meta["target"] == "loopback" and meta["base_url"] == server.base_url.rstrip("/")
    assert meta["profile"] == str(path) and meta["live_safety"] is False
    assert meta["portal"] == "Cổng thử nghiệm" and meta["status"] == "complete"
    scenarios = [json.loads(line) for line in (out / "scenarios.jsonl").read_text().splitlines()]
    assert [(s["scenario"], s["status"]) for s in scenarios] == [
        ("criminal-record", "completed"), ("lookup", "completed")]
    assert submissions == 1  # on loopback the final submit goes through
