"""`pesp-a11y run`: the main job writes a readable run folder, even when interrupted."""

from __future__ import annotations

import dataclasses
import json
import socket

import pytest

from harness import targets
from harness.audit import Auditor
from harness.cli import main
from harness.registry import load_registry

pytestmark = pytest.mark.browser


def read_run(out) -> tuple[dict, list[dict], str]:
    meta = json.loads((out / "run.json").read_text(encoding="utf-8"))
    pages = [json.loads(line) for line in (out / "pages.jsonl").read_text().splitlines()]
    return meta, pages, (out / "summary.txt").read_text(encoding="utf-8")


def test_replica_run_writes_every_page_and_a_summary(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["run", "--out", str(out), "--plain"]) == 0
    meta, pages, summary = read_run(out)
    expected = json.loads(targets.REPLICA_PATH_FILE.read_text(encoding="utf-8"))["pages"]
    assert meta["status"] == "complete" and meta["target"] == "replica"
    assert meta["variant"] == "defective"
    assert len(pages) == len(expected)
    assert "WCAG criteria:" in summary and "1.1.1 Non-text Content" in summary
    console = capsys.readouterr().out
    assert "Page 1 of" in console
    assert not any(ch in console for ch in "─│┌┐└┘━┃")  # plain: no box drawing


def test_interrupted_run_keeps_what_it_gathered(tmp_path, monkeypatch, capsys):
    real_audit = Auditor.audit
    calls = {"n": 0}

    def audit_then_interrupt(self, url):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real_audit(self, url)

    monkeypatch.setattr(Auditor, "audit", audit_then_interrupt)
    out = tmp_path / "run"
    assert main(["run", "--out", str(out), "--plain"]) == 130
    meta, pages, summary = read_run(out)
    assert meta["status"] == "interrupted"
    assert len(pages) == 1
    assert "Run status: interrupted" in summary
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
