"""Where a run goes: since June 2025 a province's citizens apply on the national portal, choosing
the province's police as receiving agency; `--legacy` checks the province's own 2024-review
portal. Without internet, only the reachability probe is stubbed: the choice is the real one."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import pytest

from harness import scenario_data, targets
from harness.cli import build_parser, main
from harness.commands import run as run_command
from harness.errors import HarnessError
from harness.registry import Portal, load_registry
from harness.targets import open_target, target_data


@pytest.fixture
def probed(monkeypatch: pytest.MonkeyPatch) -> list[Portal]:
    """The portals the reachability probe was asked about; every one 'answers'."""
    asked: list[Portal] = []
    monkeypatch.setattr(targets, "check_reachable", lambda portal, **_: asked.append(portal))
    return asked


@pytest.mark.parametrize(("province", "slug", "agency"), [
    ("hue", "hue", "Công an thành phố Huế"),
    ("Nghệ An", "nghean", "Công an tỉnh Nghệ An"),
    ("Hà Giang", "tuyenquang", "Công an tỉnh Tuyên Quang"),  # a former province: its new unit
    ("hcm", "hochiminhcity", "Công an Thành phố Hồ Chí Minh"),
])
def test_a_live_province_run_goes_to_the_national_portal_with_its_police(
        probed, province, slug, agency):
    with open_target(province, False, "defective") as target:
        assert target.kind == "live" and target.province == slug
        assert target.base_url == "https://dichvucong.gov.vn"
        assert target.portal.kind == "national" and target.family == "national"
        assert target.receiving_agency == agency
        assert any(agency in note and "national portal" in note for note in target.notes)
    assert [portal.base_url for portal in probed] == ["https://dichvucong.gov.vn"]


def test_legacy_runs_the_provincial_portal_of_the_2024_review(probed):
    with open_target("hue", False, "defective", legacy=True) as target:
        assert target.kind == "live" and target.province == "hue"
        assert target.base_url == "https://dichvucong.thuathienhue.gov.vn"
        assert target.portal.slug == "hue" and target.family is None
        assert target.receiving_agency == "Công an thành phố Huế"
        assert any("2024-review portal" in note and "unknown until seen live" in note
                   for note in target.notes)
    with open_target("danang", False, "defective", legacy=True) as target:
        assert target.family == "igate2"
    with open_target("caobang", False, "defective", legacy=True) as target:
        assert any("follows the naming pattern and is not confirmed" in note
                   for note in target.notes)
    assert [portal.slug for portal in probed] == ["hue", "danang", "caobang"]


@pytest.mark.parametrize(("province", "replica", "reason"), [
    ("hue", True, "does not go with --replica"),
    ("demo", False, "does not go with --replica or the demo"),
    ("nesp", False, "--legacy needs a province"),
])
def test_legacy_is_refused_where_it_means_nothing(probed, province, replica, reason):
    with pytest.raises(HarnessError, match=reason), open_target(
            province, replica, "defective", legacy=True):
        pass
    assert probed == []


def test_an_unreachable_national_portal_is_one_line(monkeypatch):
    def refuse(portal: Portal, **_: object) -> None:
        raise HarnessError(f"cannot reach {portal.base_url} (no network)")

    monkeypatch.setattr(targets, "check_reachable", refuse)
    with pytest.raises(HarnessError, match="cannot reach https://dichvucong.gov.vn"), \
            open_target("hue", False, "defective"):
        pass


def test_a_replica_run_gets_the_province_receiving_agency():
    with open_target("nghean", True, "accessible") as target:
        assert target.kind == "replica" and target.base_url.startswith("http://127.0.0.1")
        assert target.receiving_agency == "Công an tỉnh Nghệ An"
    with open_target("demo", False, "defective") as target:
        assert target.receiving_agency == "Công an thành phố Huế"


def run_args(*argv: str) -> argparse.Namespace:
    """The options `pesp-a11y run` would get, from its own parser."""
    return build_parser().parse_args(["run", *argv])


def national_data(tmp_path: Path, with_flow: bool) -> Path:
    """A data folder with a national family file that names a default agency, as the family's
    data does, and (optionally) a flow that chooses {"name": "receiving_agency"}."""
    data = tmp_path / "data"
    shutil.copytree(scenario_data.DATA, data)
    shutil.rmtree(data / "portals")
    (data / "portals").mkdir()
    family = json.loads((data / "igate2.json").read_text(encoding="utf-8"))
    family["names"]["receiving_agency"] = "Công an thành phố Huế"
    (data / "national.json").write_text(json.dumps(family, ensure_ascii=False), "utf-8")
    (data / "flows" / "national.json").unlink(missing_ok=True)
    if with_flow:
        flow = {"tasks": {"criminal-record": {"title": "Cấp Phiếu lý lịch tư pháp", "steps": [
            {"step": "Mở trang chủ", "actions": [{"open": "home"}]},
            {"step": "Chọn cơ quan tiếp nhận", "actions": [
                {"choose": "Cơ quan tiếp nhận", "option": {"name": "receiving_agency"}}]},
        ]}}}
        (data / "flows" / "national.json").write_text(json.dumps(flow, ensure_ascii=False),
                                                      "utf-8")
    return data


def test_the_run_merges_the_province_police_into_the_national_names(
        probed, tmp_path, monkeypatch):
    monkeypatch.setattr(scenario_data, "DATA", national_data(tmp_path, with_flow=True))
    with open_target("Nghệ An", False, "defective") as target:
        data, _notes = target_data(target)
    assert data["names"]["receiving_agency"] == "Công an tỉnh Nghệ An"
    assert list(data["tasks"]) == ["criminal-record"]
    with run_command._open(run_args("--province", "caobang")) as (target, data):  # what `run` reads
        assert target.base_url == "https://dichvucong.gov.vn"
        assert data["names"]["receiving_agency"] == "Công an tỉnh Cao Bằng"


def test_without_a_national_flow_a_live_run_stops_and_never_guesses(
        probed, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(scenario_data, "DATA", national_data(tmp_path, with_flow=False))
    assert main(["run", "--province", "hue", "--out", str(tmp_path / "out"), "--plain"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err
    assert "no task to replay: this portal's family has no flow file " \
           "(scenarios/data/flows/national.json)" in err
    (tmp_path / "data" / "national.json").unlink()  # no family data either: still no guess
    assert main(["run", "--province", "hue", "--out", str(tmp_path / "out"), "--plain"]) == 2
    assert "flows/national.json" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_legacy_and_base_url_exclude_each_other(tmp_path, capsys):
    assert main(["run", "--legacy", "--base-url", "http://127.0.0.1:9", "--profile",
                 str(tmp_path / "p.json"), "--plain"]) == 2
    err = capsys.readouterr().err
    assert "--base-url replaces --province" in err and "--legacy" in err


def test_the_shipped_national_flow_chooses_the_province_police(probed):
    """With the national family's own data and flow, a live run chooses the province's police
    among the agencies the national replica offers."""
    with open_target("Quảng Ngãi", False, "defective") as target:
        data, _notes = target_data(target)
    assert data["names"]["receiving_agency"] == "Công an tỉnh Quảng Ngãi"
    assert "criminal-record" in data["tasks"]
    replica = Path(targets.__file__).parent / "replica" / "national" / "agencies.json"
    offered = {item["agency"] for item in json.loads(replica.read_text("utf-8"))["agencies"]}
    assert {portal.receiving_agency for portal in load_registry().current} == offered
