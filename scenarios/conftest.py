"""`pytest scenarios --province P`: the scenario suite as a pytest gate, so CI can use pytest's
own reports (--junitxml, --html). Options mirror `pesp-a11y run`."""

from __future__ import annotations

import pytest

from harness.browser import open_browser
from harness.replica.server import FAMILIES, VARIANTS
from harness.targets import open_target


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("pesp-a11y", "portal under test")
    group.addoption("--province", default="demo", help="province slug; 'demo' is the replica")
    group.addoption("--replica", action="store_true", help="the replica branded as the province")
    group.addoption("--variant", default="defective", choices=VARIANTS, help="replica variant")
    group.addoption("--family", default="igate2", choices=FAMILIES,
                    help="which portal the replica imitates: igate2 or national")
    group.addoption("--assist", action="store_true", help="do blocked steps by pointer")


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
