"""`pesp-a11y run`: the main job writes a readable run folder, even when interrupted."""

from __future__ import annotations

import dataclasses
import json
import socket

import pytest

from harness import checks, replay
from harness.cli import main
from harness.registry import load_registry

pytestmark = pytest.mark.browser


def read_run(out) -> tuple[dict, list[dict], list[dict], str]:
    meta = json.loads((out / "run.json").read_text(encoding="utf-8"))
    lines = {
        name: [json.loads(line) for line in (out / f"{name}.jsonl").read_text().splitlines()]
        for name in ("pages", "steps")
    }
    return meta, lines["pages"], lines["steps"], (out / "summary.txt").read_text(encoding="utf-8")


def test_default_run_replays_both_scenarios_on_the_defective_replica(tmp_path, capsys):
    out = tmp_path / "run"
    # criteria fail
    assert main(["run", "--out", str(out), "--plain", "--gate", "--lang", "en"]) == 1
    meta, pages, steps, summary = read_run(out)
    assert meta["status"] == "complete" and meta["target"] == "replica"
    assert meta["variant"] == "defective" and meta["mode"] == "keyboard-only"
    assert meta["family"] == "igate2"  # the replica's platform family, recorded
    assert {s["scenario"] for s in steps} == {"criminal-record", "dossier-lookup"}
    assert len(pages) == len(steps)  # the checks ran at every step
    blocked = [s for s in steps if s["status"] == "blocked"]
    assert [s["name"] for s in blocked] == ["Chọn Nộp trực tuyến"]
    assert "WCAG criteria:" in summary and "1.1.1 Non-text Content: fail" in summary
    # P25's heading "Thông tin" fails 2.4.6 on its pages, and so in the run
    assert "2.4.6 Headings and Labels: fail" in summary
    assert "Scenario criminal-record: blocked after 4 steps" in summary
    assert "Plain axe found" in summary and "the harness's probes added" in summary
    narrated = [json.loads(line) for line in (out / "transcript.jsonl").read_text().splitlines()]
    assert len(narrated) == len(steps)
    assert narrated[0]["utterances"][0]["text_en"].startswith("page, Trang chủ")
    home = narrated[0]["page_summary"]["text_en"][0]
    assert home.startswith("page has") and "button (1 with no name)" in home  # P01's icon
    transcript = (out / "transcript.txt").read_text(encoding="utf-8")
    assert home in transcript and "liên kết," not in transcript  # --lang en: English only
    assert "Kiểm chứng lời đọc" in (out / "verify.html").read_text(encoding="utf-8")
    assert (out / "audio" / "criminal-record.wav").stat().st_size > 10_000
    timing = json.loads((out / "audio" / "criminal-record.json").read_text(encoding="utf-8"))
    starts = [segment["start"] for segment in timing["steps"]]
    assert starts == sorted(starts) and len(starts) == 4  # one recording per step, in order
    assert [segment["step"] for segment in timing["steps"]] == [1, 2, 3, 4]
    assert timing["lang"] == "en"
    whole = json.loads((out / "audio" / "run.json").read_text(encoding="utf-8"))
    assert [t["scenario"] for t in whole["tasks"]] == ["criminal-record", "dossier-lookup"]
    assert (out / "audio" / "run.wav").stat().st_size > (out / "audio" /
                                                          "criminal-record.wav").stat().st_size
    console = capsys.readouterr().out
    assert "Step 1, Mở trang chủ cổng dịch vụ công: done" in console
    assert not any(ch in console for ch in "─│┌┐└┘━┃")  # plain: no box drawing


def test_interrupted_run_keeps_what_it_gathered(tmp_path, monkeypatch, capsys):
    real_check = checks.check_page
    calls = {"n": 0}

    def check_then_interrupt(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real_check(*args, **kwargs)

    monkeypatch.setattr(replay, "check_page", check_then_interrupt)
    out = tmp_path / "run"
    assert main(["run", "--out", str(out), "--plain", "--scenario", "criminal-record",
                 "--lang", "en"]) == 130
    meta, pages, steps, summary = read_run(out)
    assert meta["status"] == "interrupted"
    assert len(pages) == len(steps) == 3  # the step whose checks were cut off is kept, unjudged
    assert pages[2]["status"] == "inconclusive" and not pages[2]["findings"]
    assert "interrupted" in pages[2]["reason"]
    assert "Run status: interrupted" in summary and "WCAG criteria:" in summary
    capsys.readouterr()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_live_portal_fails_in_one_line_suggesting_the_replica(
    monkeypatch, capsys, tmp_path
):
    registry = load_registry()
    hue = dataclasses.replace(registry.find("hue"), base_url=f"http://127.0.0.1:{closed_port()}")
    monkeypatch.setattr(type(registry), "find", lambda self, name: hue)
    assert main(["run", "--province", "hue", "--out", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "cannot reach" in err and "--replica" in err
    assert not (tmp_path / "x").exists()


def test_unknown_province_suggests_close_names(capsys):
    assert main(["run", "--province", "hue2"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "hue" in err


def test_run_gate_and_audit_gate_agree_on_the_same_page(capsys):
    """The lookup page fails 2.4.6 in the run (P25); audit --gate on it fails too."""
    from harness.replica.server import ReplicaServer

    with ReplicaServer("Huế", "defective") as server:
        code = main(["audit", server.url("/vi/dossier/search"), "--json", "--gate",
                     "--budget", "0"])
    [result] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert result["criteria"]["2.4.6"] == "fail" and code == 1


def test_run_json_records_the_platform_family_of_every_kind_of_target():
    """Live, the registry's family of the portal checked; with --base-url, what the profile
    declares; None when nobody knows, never a guess."""
    from harness.commands.run import _meta
    from harness.registry import Portal
    from harness.replay import ReplayOptions
    from harness.targets import Target

    registry = load_registry()
    national = Target("hue", "live", registry.national, registry.national.base_url)
    assert _meta(national, "r", [], ReplayOptions(), {})["family"] == registry.national.family
    address = Portal(slug="staging", name_vi="Cổng thử", base_url="http://127.0.0.1:1/")
    staging = Target("staging", "loopback", address, address.base_url)
    assert _meta(staging, "r", [], ReplayOptions(), {"family": "igate2"})["family"] == "igate2"
    assert _meta(staging, "r", [], ReplayOptions(), {})["family"] is None
