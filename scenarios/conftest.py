"""`pytest scenarios --province P`: the scenario suite as a pytest gate, so CI can use pytest's
own reports (--junitxml, --html). Options mirror `pesp-a11y run`. With pytest-html, each
scenario's row shows the criteria it was judged on, linked to the run's report.html, and a
failed criterion reads as one line per criterion instead of a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.browser import open_browser
from harness.errors import HarnessError
from harness.replica.server import FAMILIES, VARIANTS
from harness.reporters.html import HTML_FILE, criteria_fragment
from harness.reporters.run_folder import load_run
from harness.reporters.words import LANGS, count_findings, verdict
from harness.targets import open_target

RESULTS_PROPERTY = "results"  # the user property naming a scenario's results folder


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("pesp-a11y", "portal under test")
    group.addoption("--province", default="demo", help="province slug; 'demo' is the replica")
    group.addoption("--replica", action="store_true", help="the replica branded as the province")
    group.addoption("--variant", default="defective", choices=VARIANTS, help="replica variant")
    group.addoption("--family", default="igate2", choices=FAMILIES,
                    help="which portal the replica imitates: igate2 or national")
    group.addoption("--assist", action="store_true", help="do blocked steps by pointer")
    group.addoption("--lang", default="vi", choices=LANGS, help="language of the reports")


@pytest.fixture(scope="session")
def target(request: pytest.FixtureRequest):
    option = request.config.getoption
    with open_target(option("--province"), option("--replica"), option("--variant"),
                     family=option("--family")) as target:
        yield target


@pytest.fixture(scope="session")
def browser():
    with open_browser() as browser:
        yield browser


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    folder = dict(item.user_properties).get(RESULTS_PROPERTY)
    if report.when != "call" or not folder:
        return
    try:
        run = load_run(Path(folder))
    except HarnessError:
        return
    lang = item.config.getoption("--lang")
    page = (Path(folder) / HTML_FILE).resolve().as_uri()
    html_plugin = item.config.pluginmanager.getplugin("html")
    if html_plugin is not None:
        report.extras = [*getattr(report, "extras", []),
                         html_plugin.extras.html(criteria_fragment(run, lang, page)),
                         html_plugin.extras.url(page, name=HTML_FILE)]
    if report.failed and call.excinfo is not None and call.excinfo.errisinstance(AssertionError):
        lines = [f"{cid}: {verdict(row['verdict'], lang)}, {count_findings(row['findings'], lang)}"
                 for cid, row in run.summary["criteria"].items() if row["verdict"] == "fail"]
        report.longrepr = "\n".join([str(call.excinfo.value).splitlines()[0], *lines, page])
