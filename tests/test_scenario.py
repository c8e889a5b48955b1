"""The scenario API on small pages: traps, dialogs that let go, dead ends, assisted steps."""

from __future__ import annotations

import pytest

from harness.ax_snapshot import AxSnapshot
from harness.scenario import Scenario
from harness.steps import ScenarioContext, ScenarioStop

pytestmark = pytest.mark.browser


def scenario(page, assist: bool = False) -> Scenario:
    context = ScenarioContext(live=False, assist=assist, names={}, applicant={}, urls={},
                              captcha_reader=lambda page: None)
    return Scenario(page, context, describe=AxSnapshot.for_page(page).focused)


@pytest.fixture
def page(context):
    page = context.new_page()
    yield page
    page.close()


def test_a_loop_escape_does_not_release_is_a_trap_that_stops_the_replay(page, page_url):
    page.goto(page_url("trap.html"))
    s = scenario(page)
    with pytest.raises(ScenarioStop) as stop, s.step("Đi qua hộp thoại"):
        s.tab_to("Sau hộp thoại", "link")
    assert stop.value.kind == "blocked"
    obstacle = s.steps[0].obstacles[0]
    assert obstacle.kind == "trapped" and obstacle.target in (["#dong-y"], ["#huy"])
    assert s.steps[0].status == "blocked"


def test_a_dialog_that_escape_closes_is_not_a_trap(page, page_url):
    page.goto(page_url("dialog.html"))
    s = scenario(page)
    with s.step("Đi qua hộp thoại"):
        reached = s.tab_to("Sau hộp thoại", "link")
    assert reached is not None and reached.facts.selector == "#sau"
    assert s.steps[0].obstacles == [] and s.steps[0].status == "done"


def test_an_unreachable_control_is_an_obstacle_and_assistance_clicks_it(page, page_url):
    page.goto(page_url("keyboard.html"))
    s = scenario(page, assist=True)
    with s.step("Nộp trực tuyến"):
        s.activate("Nộp trực tuyến", "link|button")
    step = s.steps[0]
    assert [o.kind for o in step.obstacles] == ["unreachable"]
    assert step.obstacles[0].target and step.obstacles[0].stops  # where, and what Tab visited
    assert step.status == "assisted" and step.assisted
    assert page.title() == "đã nộp"  # the pointer did what the keyboard could not


def test_typing_that_changes_nothing_is_reported_as_value_unchanged(page):
    page.set_content('<label for="d">Ngày sinh</label><input id="d" readonly value="">')
    s = scenario(page)
    with pytest.raises(ScenarioStop), s.step("Khai ngày sinh"):
        s.type_date("Ngày sinh", "05/09/1990")
    assert s.steps[0].obstacles[0].kind == "value-unchanged"


def test_an_unlabelled_field_where_focus_already_is_is_the_one_its_caption_names(page):
    """After a date field's Tab, focus sits on the next unlabelled field; the field after it
    hears the same caption in the text before it, and must not be filled instead."""
    page.set_content("""<table>
      <tr><td>Nơi cư trú</td><td><input id="noi"></td></tr>
      <tr><td>Nghề</td><td><input id="nghe"></td></tr></table>""")
    page.focus("#noi")
    s = scenario(page)
    with s.step("Khai nơi cư trú"):
        reached = s.tab_to("Nơi cư trú", "textbox")
    assert reached is not None and reached.facts.selector == "#noi"


def test_a_select_that_reloads_the_page_on_each_arrow_is_chosen_through_its_list(page):
    """AutoPostBack: the first arrow key reloads the page with the next province. The harness
    records that hindrance (3.2.2, not the keyboard's failure) and chooses as a screen-reader
    user who knows the trick does: Alt+Down, arrows in the open list, Enter."""
    from hostile import serve

    provinces = ["Chọn tỉnh", "Thành phố Hà Nội", "Thành phố Huế", "Tỉnh Lào Cai"]

    def form(chosen: int) -> str:
        options = "".join(f"<option{' selected' if i == chosen else ''}>{name}</option>"
                          for i, name in enumerate(provinces))
        return (f"<html lang='vi'><title>Tờ khai {chosen}</title><body><a href='#'>Đầu trang</a>"
                "<label for='tinh'>Tỉnh/Thành phố</label><select id='tinh' onchange=\""
                f"location.href='/chon-' + this.selectedIndex\">{options}</select></body></html>")

    with serve({f"/chon-{i}": form(i) for i in range(len(provinces))}) as served:
        page.goto(served.base_url + "/chon-0")
        s = scenario(page)
        with s.step("Chọn tỉnh"):
            s.choose("Tỉnh/Thành phố", "Thành phố Huế")
    assert page.title() == "Tờ khai 2"
    step = s.steps[0]
    assert [o.kind for o in step.obstacles] == ["changes-on-input"]
    assert step.status == "done"
