"""`pytest scenarios`: the scenario suite as a CI gate with pytest's own reports. The accessible
twin passes it and the defective replica fails it, in JUnit XML as in the exit code."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SCENARIOS_DIR = Path(__file__).resolve().parent.parent / "scenarios"


def run_suite(tmp_path: Path, variant: str) -> tuple[subprocess.CompletedProcess, ET.Element]:
    """The lookup scenario (the shorter task) as CI would run it, results under tmp_path."""
    report = tmp_path / f"{variant}.xml"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", str(SCENARIOS_DIR), "-k", "dossier-lookup",
         "-p", "no:cacheprovider", "--variant", variant, f"--junitxml={report}",
         f"--html={tmp_path / variant}.html"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )
    return done, ET.parse(report).getroot().find("testsuite")


def test_the_accessible_twin_passes_the_gate(tmp_path):
    done, suite = run_suite(tmp_path, "accessible")
    assert done.returncode == 0, done.stdout[-2000:]
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("1", "0", "0")
    assert list((tmp_path / "results" / "demo").glob("*-pytest/dossier-lookup/summary.json"))
    assert (tmp_path / "accessible.html").stat().st_size > 0


def test_the_defective_replica_fails_the_gate_naming_the_criteria(tmp_path):
    done, suite = run_suite(tmp_path, "defective")
    assert done.returncode == 1
    assert (suite.get("tests"), suite.get("failures")) == ("1", "1")
    message = suite.find("testcase/failure").get("message")
    assert "criteria failed" in message and "1.1.1" in message
