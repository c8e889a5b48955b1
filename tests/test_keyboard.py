"""The keyboard driver: real key presses, every focus stop recorded, traps and dead ends told."""

from __future__ import annotations

import pytest

from harness.keyboard import WALK_BUDGET, KeyboardDriver

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



@pytest.fixture
def heard(context):
    """A driver that hears what a screen reader hears (the accessibility tree), on a page of
    the test's own markup: heard(html, private_values=False) -> (driver, events)."""
    from harness.ax_snapshot import AxSnapshot

    page = context.new_page()

    def make(html: str, private_values: bool = False) -> tuple[KeyboardDriver, list[dict]]:
        events: list[dict] = []
        page.set_content(html)
        return KeyboardDriver(page, describe=AxSnapshot.for_page(page).focused,
                              record=events.append, private_values=private_values), events

    yield make
    page.close()


def test_what_goes_into_a_password_field_or_a_secret_is_never_recorded(heard):
    driver, events = heard('<label for="id">Số định danh</label><input id="id">'
                           '<label for="pw">Mật khẩu</label><input id="pw" type="password">')
    driver.walk(by_id("id"))
    driver.type("001099012345", secret=True)
    driver.walk(by_id("pw"))
    driver.type("Thu@2024")  # a password field is secret by what the browser shows
    page = driver.page
    assert page.input_value("#id") == "001099012345" and page.input_value("#pw") == "Thu@2024"
    typed = [e for e in events if e["event"] == "type"]
    assert [e["text"] for e in typed] == ["(12 hidden characters)", "(8 hidden characters)"]
    recorded = str(events)
    assert "001099012345" not in recorded and "Thu@2024" not in recorded


def test_a_live_portal_s_field_values_stay_out_of_the_record(heard):
    from harness.keyboard import HIDDEN_VALUE

    driver, events = heard('<label for="ten">Họ và tên</label>'
                           '<input id="ten" value="Nguyễn Văn Thật" readonly>'
                           '<button>Tiếp tục</button>', private_values=True)
    stop = driver.walk(by_id("ten")).reached
    assert stop is not None and stop.spoken.value == "Nguyễn Văn Thật"  # the run still sees it
    assert "Nguyễn Văn Thật" not in str(events) and HIDDEN_VALUE in str(events)


def test_tab_that_never_leaves_one_element_is_a_trap_not_a_spent_budget(driver):
    driver.page.set_content(
        '<button id="dau">Đầu</button><input id="giu" aria-label="Giữ">'
        '<button id="sau">Sau</button><script>document.getElementById("giu")'
        '.addEventListener("keydown", e => { if (e.key === "Tab") e.preventDefault(); });'
        "</script>")
    walk = driver.walk(by_id("sau"))
    assert walk.outcome == "trapped"
    assert [s.facts.selector for s in walk.cycle] == ["#giu"]
    assert "Escape" in [s.key for s in walk.stops]
    assert len(walk.stops) < WALK_BUDGET // 5  # told after a few presses, not the whole budget
