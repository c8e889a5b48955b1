"""`pesp-a11y bench`: its figures say where time goes; no test here times anything."""

from __future__ import annotations

import json
import time

import pytest

from harness.cli import main
from harness.commands.bench import PARTS, SPLIT_ORDER, Split, big_page_html, broken_page_html


def test_a_call_inside_another_part_counts_once_in_the_inner_part():
    split = Split()
    inner = split.wrap(lambda: time.sleep(0.05), "axe")
    outer = split.wrap(lambda: (time.sleep(0.02), inner()), "key presses")
    outer()
    assert split.seconds["axe"] >= 0.05
    assert 0.02 <= split.seconds["key presses"] < 0.05  # the axe run is not counted twice
    shares = split.figures(total=1.0)
    assert list(shares) == list(SPLIT_ORDER)
    assert shares["other"] == pytest.approx(1.0 - sum(split.seconds.values()), abs=0.01)


def test_watching_puts_every_function_back():
    before = [getattr(owner, name) for owner, name, _ in PARTS]
    with Split().watching():
        assert [getattr(owner, name) for owner, name, _ in PARTS] != before
    assert [getattr(owner, name) for owner, name, _ in PARTS] == before


def test_the_big_page_has_the_links_and_fields_it_says():
    html = big_page_html(links=30, fields=7)
    assert html.count("<a href=") == 30 and html.count("<input ") == 7
    assert html.count("<label for=") == 7


def test_the_findings_heavy_page_has_a_finding_in_every_link_and_field():
    html = broken_page_html(links=30)
    assert html.count('<a href="/thu-tuc/') == 30 and html.count(">Xem thêm</a></li>") == 30
    assert len({f"/thu-tuc/{i}" for i in range(30)} & set(html.split('"'))) == 30  # each its own
    assert html.count("<input ") == 6 and "<label" not in html and "aria-label" not in html


@pytest.mark.browser
def test_bench_prints_the_split_and_both_ratios(capsys):
    assert main(["bench", "--rounds", "1", "--json", "--no-big-page"]) == 0
    figures = json.loads(capsys.readouterr().out)
    replay = figures["criminal-record"]
    split = figures["criminal-record split (seconds per round)"]
    assert list(split) == list(SPLIT_ORDER)
    assert sum(split.values()) == pytest.approx(replay["median_seconds"], abs=0.2)
    assert split["axe"] > 0 and split["key presses"] > 0 and split["probes"] > 0
    floor = figures["audit against the floor"]
    assert floor["ratio"] == pytest.approx(
        floor["audit_seconds"] / floor["bare_goto_and_axe_seconds"], abs=0.02)
    targets = figures["targets"]
    assert targets["audit_ratio_met"] == (targets["audit_ratio"] <= 1.3)
    assert targets["accessible_criminal-record_seconds"] == replay["median_seconds"]


def test_bench_writes_its_cprofile_with_cprofile_and_refuses_the_old_name(tmp_path, capsys,
                                                                         monkeypatch):
    """`run --profile` reads a portal profile; bench's cProfile has its own name, and a folder
    that does not exist is said before the bench, not when it ends."""
    from harness.commands import bench
    from harness.errors import HarnessError

    def no_bench(*args, **kwargs):
        raise HarnessError("the bench started")

    monkeypatch.setattr(bench, "open_target", no_bench)
    assert main(["bench", "--profile", str(tmp_path / "p.out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--cprofile" in err and "--profile là hồ sơ cổng" in err
    missing = tmp_path / "no" / "p.out"
    assert main(["bench", "--cprofile", str(missing)]) == 2
    assert f"không có thư mục {missing.parent} để ghi cProfile" in capsys.readouterr().err
    assert main(["bench", "--cprofile", str(tmp_path / "p.out")]) == 2  # a good path goes on
    assert "the bench started" in capsys.readouterr().err
