"""Set-up errors are one clear line: another browser, portal overrides, malformed data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.browser import BROWSER_ENV, chromium_path
from harness.errors import HarnessError
from harness.scenario_data import portal_data


def test_another_browser_path_is_honoured_and_a_wrong_one_refused(monkeypatch, tmp_path):
    fake = tmp_path / "chrome"
    fake.write_text("#!/bin/sh\n")
    monkeypatch.setenv(BROWSER_ENV, str(fake))
    assert chromium_path() == str(fake)
    monkeypatch.setenv(BROWSER_ENV, str(tmp_path / "missing"))
    with pytest.raises(HarnessError, match=BROWSER_ENV):
        chromium_path()


def family_dir(tmp_path, override: str | None = None):
    data = tmp_path / "data"
    (data / "portals").mkdir(parents=True)
    family = {"paths": {"home": "/"}, "names": {"next": "Tiếp tục", "final_submit": "Nộp hồ sơ"},
              "declaration": [], "final_submit_endpoints": ["/apply"]}
    (data / "igate2.json").write_text(json.dumps(family), encoding="utf-8")
    if override is not None:
        (data / "portals" / "hue.json").write_text(override, encoding="utf-8")
    return data


def test_a_portal_override_changes_only_what_it_names(tmp_path):
    data = family_dir(tmp_path, json.dumps({"names": {"final_submit": "Gửi hồ sơ"}}))
    merged, notes = portal_data("igate2", "hue", data)
    assert merged["names"] == {"next": "Tiếp tục", "final_submit": "Gửi hồ sơ"}
    assert any("hue.json" in note for note in notes)


def test_an_unknown_family_falls_back_and_says_so(tmp_path):
    _, notes = portal_data(None, "laichau", family_dir(tmp_path))
    assert any("family unknown" in note for note in notes)


def test_malformed_scenario_data_is_a_one_line_error(tmp_path):
    data = family_dir(tmp_path, "{not json")
    with pytest.raises(HarnessError) as error:
        portal_data("igate2", "hue", data)
    assert "malformed scenario data file" in str(error.value) and "\n" not in str(error.value)


@pytest.mark.parametrize("argv", [
    ["serve", "--port", "70000"], ["serve", "--port", "http"], ["verify", ".", "--port", "-1"],
    ["bench", "--rounds", "0"], ["run", "--variant", "nope"], ["no-such-command"],
])
def test_a_bad_option_is_one_line_and_exit_2(argv, capsys):
    from harness.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "error: " in captured.err and not captured.out


def test_a_bug_in_the_harness_is_one_line_and_the_details_go_to_a_file(monkeypatch, capsys):
    from harness import cli
    from harness.commands import portals

    def broken(args):
        raise RuntimeError("something \x1b[2J broke\nsecond line")

    monkeypatch.setattr(portals, "run", broken)
    assert cli.main(["portals"]) == cli.INTERNAL_ERROR
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\x1b" not in err and "second line" not in err
    report = err.split("the details are in ")[1].split(",")[0]
    assert "RuntimeError: something" in Path(report).read_text(encoding="utf-8")


def test_version_prints_the_installed_package_version_and_exits_0(capsys):
    """A bug report can name the code that ran: the version pyproject.toml declares."""
    import tomllib

    from harness.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    pyproject = Path(__file__).parent.parent / "pyproject.toml"
    declared = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    assert capsys.readouterr().out == f"pesp-a11y {declared['project']['version']}\n"


@pytest.mark.parametrize("command", ["audit", "transcript"])
@pytest.mark.parametrize(("lang", "said"), [
    ("vi", "pesp-a11y: error: 'not-a-url' không phải địa chỉ trang web: hãy cho địa chỉ bắt đầu "
           "bằng http://, https:// hoặc file://\n"),
    ("en", "pesp-a11y: error: 'not-a-url' is not a web address: give one that starts with "
           "http://, https:// or file://\n"),
])
def test_a_wrong_address_is_one_line_before_any_browser_starts(command, lang, said, capsys,
                                                                monkeypatch):
    """Chromium would start only to print its own error once per criterion."""
    from harness.cli import main
    from harness.commands import audit, transcript

    def no_browser(*args, **kwargs):
        raise AssertionError("a browser was started for a wrong address")

    monkeypatch.setattr(audit, "open_browser", no_browser)
    monkeypatch.setattr(transcript, "open_browser", no_browser)
    assert main([command, "not-a-url", "--lang", lang]) == 2
    captured = capsys.readouterr()
    assert captured.err == said and not captured.out


def test_a_wrong_address_says_what_was_probably_meant(tmp_path, monkeypatch):
    from harness.options import check_addresses

    page = tmp_path / "trang.html"
    page.write_text("<title>x</title>", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    expected = {
        "dichvucong.gov.vn/vi": "did you mean https://dichvucong.gov.vn/vi?",
        "127.0.0.1:8765": "did you mean http://127.0.0.1:8765?",
        "trang.html": f"write it as {page.as_uri()}",
        "https://": "'https://' has no valid host name or port",
        "http://portal:99999/": "no valid host name or port",
        "file:///no/such/trang.html": "there is no file /no/such/trang.html",
        "ftp://dichvucong.gov.vn": "is not a web address",
    }
    for address, said in expected.items():
        with pytest.raises(HarnessError) as refused:
            check_addresses([address], "en")
        assert said in str(refused.value) and "\n" not in str(refused.value), address
    with pytest.raises(HarnessError, match=r"'nope' không .* \(sai 2 trên 3 địa chỉ\)$"):
        check_addresses(["https://dichvucong.gov.vn", "nope", "x y"], "vi")
    check_addresses(["https://dichvucong.gov.vn/vi/", page.as_uri(), "http://[::1]:8/",
                     "HTTP://LOCALHOST:8765/a b"], "vi")  # a browser opens each of these
