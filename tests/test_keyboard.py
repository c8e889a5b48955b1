"""The keyboard driver: real key presses, every focus stop recorded, traps and dead ends told."""

from __future__ import annotations

import pytest

from harness.keyboard import KeyboardDriver

pytestmark = pytest.mark.browser


def by_id(element_id: str):
    return lambda stop: stop.facts.selector == f"#{element_id}"


@pytest.fixture
def driver(context):
    events: list[dict] = []
    page = context.new_page()
    driver = KeyboardDriver(page, record=events.append)
    driver.events = events
    yield driver
    page.close()


def test_walk_reaches_a_control_and_records_every_stop(driver, page_url):
    driver.page.goto(page_url("keyboard.html"))
    walk = driver.walk(by_id("cuoi"))
    assert walk.outcome == "reached"
    assert [s.facts.selector for s in walk.stops] == ["#dau", "#tiep-tuc", "#cuoi"]
    assert [e["key"] for e in driver.events if e["event"] == "key"] == ["Tab"] * 3
    assert all(e["t"] >= 0 for e in driver.events)


def test_a_clickable_div_is_never_reached_and_the_walk_says_it_went_round(driver, page_url):
    driver.page.goto(page_url("keyboard.html"))
    walk = driver.walk(by_id("nop"))
    assert walk.outcome == "cycled"
    assert walk.reached is None
    assert any(stop.facts.on_body for stop in walk.stops)
    assert {"#dau", "#tiep-tuc", "#cuoi"} <= {s.facts.selector for s in walk.stops}


def test_focus_lost_to_body_after_the_focused_control_is_removed(driver, page_url):
    driver.page.goto(page_url("keyboard.html"))
    driver.walk(by_id("tiep-tuc"))
    stop = driver.press("Enter")
    assert stop.facts.on_body


def test_keyboard_trap_is_told_apart_from_a_full_cycle(driver, page_url):
    driver.page.goto(page_url("trap.html"))
    walk = driver.walk(by_id("sau"))
    assert walk.outcome == "trapped"
    assert {s.facts.selector for s in walk.cycle} == {"#dong-y", "#huy"}
    back = driver.walk(by_id("sau"), key="Shift+Tab")
    assert back.outcome == "trapped"


def test_typing_goes_into_the_focused_field(driver):
    driver.page.set_content('<label for="q">Tìm</label><input id="q">')
    driver.walk(by_id("q"))
    driver.type("lý lịch tư pháp")
    assert driver.page.input_value("#q") == "lý lịch tư pháp"
    assert driver.events[-1]["event"] == "type"
