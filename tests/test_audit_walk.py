"""`pesp-a11y audit` Tabs through every page it checks, as Accessibility Insights' Tab stops
does, so a keyboard trap is found on a single page too; an ordinary page or a modal dialog that
Escape closes is never called a trap."""

from __future__ import annotations

import json

import pytest
from hostile import serve
from test_transcript_events import PAGES

from harness.cli import main

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site():
    with serve(PAGES) as served:
        yield served.base_url


def audit(capsys, *urls: str, extra: tuple[str, ...] = ()) -> tuple[int, list[dict]]:
    code = main(["audit", *urls, "--json", *extra])
    return code, [json.loads(line) for line in capsys.readouterr().out.splitlines()]


@pytest.mark.parametrize("path, how", [("/bay", "Escape does not let go"),
                                       ("/giat", "a script takes focus back")])
def test_a_trap_on_a_single_page_fails_2_1_1_and_the_gate(capsys, site, path, how):
    code, [result] = audit(capsys, site + path, extra=("--gate",))
    assert code == 1
    traps = [f for f in result["findings"] if "keyboard-trap" in (f["check"], *f["also"])]
    assert len(traps) == 1 and how in traps[0]["message"]
    assert result["criteria"]["2.1.1"] == "fail"
    assert result["tab_walk"]["outcome"] in ("trapped", "thief")


@pytest.mark.parametrize("path", ["/bieu-mau", "/hop-modal"])
def test_a_page_whose_tab_order_comes_round_has_no_trap_and_no_keyboard_pass(capsys, site, path):
    code, [result] = audit(capsys, site + path, extra=("--gate",))
    assert not [f for f in result["findings"] if f["check"] == "keyboard-trap"]
    assert result["tab_walk"]["outcome"] == "complete" and result["tab_walk"]["stops"] >= 2
    assert result["criteria"]["2.1.1"] == "inconclusive"  # a walk operates nothing


def test_a_walk_cut_short_by_its_budget_leaves_the_keyboard_open(capsys, site):
    _, [result] = audit(capsys, site + "/bieu-mau", extra=("--budget", "2"))
    assert result["tab_walk"]["outcome"] == "budget"
    assert "keyboard-trap" in result["checks_review"]
    assert "stopped after 2 presses" in result["notes"]["2.1.1"]


def test_no_walk_when_asked(capsys, site):
    _, [result] = audit(capsys, site + "/bay", extra=("--budget", "0"))
    assert "tab_walk" not in result
    assert not [f for f in result["findings"] if f["check"] == "keyboard-trap"]
