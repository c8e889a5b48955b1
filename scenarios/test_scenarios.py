"""Each scenario is one test: it fails when the keyboard could not finish the task or when a
WCAG criterion failed on the way. Results also go to results/<province>/<run-id>-pytest/."""

from __future__ import annotations

import io

import pytest

from harness.console import Reporter
from harness.replay import ReplayOptions, replay
from harness.reporters import write_reports
from harness.results import RESULTS_ROOT, RunRecorder, new_run_id
from harness.scenario_data import portal_data
from harness.verdicts import run_summary
from scenarios import SCENARIOS

RUN_ID = new_run_id()


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_scenario(name: str, target, browser, request: pytest.FixtureRequest) -> None:
    data, _ = portal_data(target.family, target.portal.slug)
    if name not in data["tasks"]:  # a portal's own flow data may leave a task out
        pytest.skip(f"{target.province} does not offer the task {name}")
    out = RESULTS_ROOT / target.province / f"{RUN_ID}-pytest" / name
    recorder = RunRecorder(out, {"scenario": name, "province": target.province,
                                 "target": target.kind, "variant": target.variant})
    log = io.StringIO()
    outcome = replay(browser, target, data["tasks"][name], data,
                     ReplayOptions(assist=request.config.getoption("--assist")),
                     recorder, Reporter(plain=True, stream=log))
    summary = run_summary(recorder.pages)
    recorder.finish("complete", summary)
    write_reports(out, request.config.getoption("--lang"))
    request.node.user_properties.append(("results", str(out)))
    failing = {cid: row["findings"] for cid, row in summary["criteria"].items()
               if row["verdict"] == "fail"}
    assert outcome.status in ("completed", "stopped"), (
        f"{outcome.status} at '{outcome.stopped_at}': {outcome.message}"
    )
    assert not failing, f"criteria failed (findings per criterion): {failing}; see {out}"
