"""The Tab-stops picture: one full-page picture per page a task went through with focus moving
on it (never on a live portal), and report.html numbering the stops on it with the same stops
listed as text beside it."""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

import pytest
from lxml import html

from harness.cli import main
from harness.reporters.tab_stops import (
    PICTURE_SUFFIX,
    focus_rested_here,
    jpeg_size,
    page_changes,
    page_visits,
    picture_path,
)
from harness.results import SCREENSHOTS_DIR
from replays import run_replay


def _key(target: list[str], key: str = "Tab", rect=(10, 20, 100, 30), visible: bool = True,
         on_body: bool = False, name: str = "") -> dict:
    return {"event": "key", "key": key, "focus": {
        "target": target, "tag": "a", "on_body": on_body, "rect": list(rect) if rect else None,
        "visible": visible, "role": "link", "name": name or target[-1]}}


def _navigation(url: str) -> dict:
    return {"event": "navigation", "key": "Enter", "url_from": "x", "url_to": url}


def test_stops_are_grouped_by_page_visit_numbered_in_first_visit_order():
    steps = [
        {"scenario": "a", "index": 1, "events": [{"event": "open", "url": "http://p/1"}]},
        {"scenario": "a", "index": 2, "events": [
            _key(["#one"]), _key(["#two"]), _key(["body"], on_body=True), _key(["#one"]),
            _key(["#next"], key="Enter"), _navigation("http://p/2"),  # read on the new page
            _key(["iframe", "#inside"]), _key(["#hidden"], visible=False)]},
        {"scenario": "a", "index": 3, "events": [
            _key(["#later"]), {"event": "type", "text": "x", "focus": _key(["#later"])["focus"]}]},
        {"scenario": "b", "index": 1, "events": [{"event": "open", "url": "http://q/"},
                                                 _key(["#one"], key="Shift+Tab")]},
    ]
    visits = page_visits(steps)
    assert [(v.scenario, v.number, v.url, v.steps) for v in visits] == [
        ("a", 1, "http://p/1", [2]), ("a", 2, "http://p/2", [2, 3]), ("b", 1, "http://q/", [1])]
    first, second, other = visits
    assert [(s.number, s.name) for s in first.stops] == [(1, "#one"), (2, "#two")]
    assert [s.name for s in second.stops] == ["#inside", "#hidden", "#later"]
    inside, hidden, later = second.stops
    assert inside.in_frame and not inside.drawable  # its box is the frame's own
    assert not hidden.drawable and later.drawable and later.rect == (10, 20, 100, 30)
    assert other.stops[0].key == "Shift+Tab"


def test_the_replay_pictures_a_page_only_once_focus_has_rested_on_it():
    events = [_key(["#one"]), _key(["#next"], key="Enter"), _navigation("http://p/2")]
    assert page_changes(events) == 1
    assert not focus_rested_here(events)  # the new page: nothing rested there yet
    assert focus_rested_here([*events, _key(["#field"])])
    assert not focus_rested_here([_key(["body"], on_body=True)])


def test_the_size_of_a_jpeg_is_read_from_its_frame_header():
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00" + bytes(9)
    frame = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, 768, 1280, 1) + bytes(3)
    assert jpeg_size(b"\xff\xd8" + app0 + frame + b"\xff\xd9") == (1280, 768)
    assert jpeg_size(b"\x89PNG\r\n\x1a\n" + bytes(20)) is None


@pytest.fixture(scope="module")
def defective_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("tab-stops") / "run"
    assert main(["run", "--out", str(out), "--plain", "--no-audio"]) == 0
    return out


def _steps(folder: Path) -> list[dict]:
    return [json.loads(line) for line in
            (folder / "steps.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.browser
def test_every_page_focus_moved_on_is_pictured_once(defective_run):
    steps = _steps(defective_run)
    visits = page_visits(steps)
    assert len({v.scenario for v in visits}) > 1 and len(visits) > 2
    pictures = sorted((defective_run / SCREENSHOTS_DIR).glob(f"*{PICTURE_SUFFIX}"))
    assert pictures == sorted(picture_path(defective_run, v.scenario, v.number) for v in visits)
    page_loads = sum(page_changes(step["events"]) for step in steps)
    assert len(pictures) <= page_loads  # one per page, not one per key
    for picture in pictures:
        width, height = jpeg_size(picture.read_bytes())
        assert width >= 800 and height > 0  # the whole page, in CSS pixels


@pytest.mark.browser
def test_the_report_numbers_the_stops_on_the_picture_and_lists_the_same_stops(defective_run):
    visits = page_visits(_steps(defective_run))
    page = html.fromstring((defective_run / "report.html").read_text(encoding="utf-8"))
    (section,) = page.xpath("//section[h2[@id='tab-stops']]")
    blocks = section.xpath(".//div[@class='tab-stops']")
    assert len(blocks) == len(visits)
    for block, visit in zip(blocks, visits, strict=True):
        (image,) = block.xpath(".//img")
        assert image.get("src").startswith("data:image/jpeg;base64,") and image.get("alt")
        items = block.xpath(".//ol/li")
        assert [int(li.get("value")) for li in items] == list(range(1, len(visit.stops) + 1))
        for item, stop in zip(items, visit.stops, strict=True):
            assert stop.name in item.text_content()
        marks = block.xpath(".//span[@class='stop']")
        drawn = [s for s in visit.stops if s.drawable]
        assert [m.text for m in marks] == [str(s.number) for s in drawn] and marks
        for mark in marks:  # on the picture, and silent: the list says the same
            assert mark.get("aria-hidden") == "true"
            left, top = map(float, re.findall(r"([\d.]+)%", mark.get("style")))
            assert 0 <= left <= 100 and 0 <= top <= 100
        assert len(block.xpath(".//*[local-name()='rect']")) == len(drawn)
        assert block.xpath(".//*[local-name()='svg']")[0].get("aria-hidden") == "true"


@pytest.mark.browser
def test_a_live_portal_is_never_pictured(browser, tmp_path, monkeypatch):
    monkeypatch.delenv("PESP_VNEID_ID", raising=False)
    run_replay(browser, tmp_path, "defective", "criminal-record", treat_as_live=True)
    (folder,) = tmp_path.iterdir()
    assert page_visits(_steps(folder))  # focus moved on its pages
    assert not list(folder.glob(f"{SCREENSHOTS_DIR}/*{PICTURE_SUFFIX}"))
