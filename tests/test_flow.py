"""A task's flow as data (harness/flow.py): a malformed flow is one line naming the file, the
task, the step and the reason; a flow in another order needs only a data file; the final submit
is reachable only through final_submit. The replay tests prove the iGate 2.0 flow replays as the
Python scripts did."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest

from harness.errors import HarnessError
from harness.scenario_data import DATA, portal_data
from scenarios import SCENARIOS

FAMILY_FLOW = json.loads((DATA / "flows" / "igate2.json").read_text(encoding="utf-8"))
CRIMINAL = FAMILY_FLOW["tasks"]["criminal-record"]


def data_dir(tmp_path: Path, tasks: dict | None = None, override: dict | None = None) -> Path:
    """A copy of the shipped data with the family's tasks (or a portal's override) replaced."""
    data = tmp_path / f"data{sum(1 for _ in tmp_path.glob('data*'))}"
    shutil.copytree(DATA, data)
    if tasks is not None:
        (data / "flows" / "igate2.json").write_text(
            json.dumps({"about": "test", "tasks": tasks}, ensure_ascii=False), encoding="utf-8")
    if override is not None:
        (data / "portals").mkdir(exist_ok=True)
        (data / "portals" / "hue.json").write_text(json.dumps(override, ensure_ascii=False),
                                                   encoding="utf-8")
    return data


def refused(tmp_path: Path, task: dict, name: str = "criminal-record") -> str:
    with pytest.raises(HarnessError) as error:
        portal_data("igate2", "hue", data_dir(tmp_path, {name: task}))
    message = str(error.value)
    assert "\n" not in message
    assert "flows/igate2.json" in message and f"task '{name}'" in message
    return message


def with_action(step: int, index: int, action: object, replace: bool = False) -> dict:
    """The criminal-record task with one action inserted (or replaced) in one step."""
    task = copy.deepcopy(CRIMINAL)
    actions = task["steps"][step]["actions"]
    actions[index:index + 1 if replace else index] = [action]
    return task


def test_the_igate2_flow_has_the_steps_of_the_former_scripts():
    assert {name: task.TITLE for name, task in SCENARIOS.items()} == {
        "criminal-record": "Cấp Phiếu lý lịch tư pháp", "dossier-lookup": "Tra cứu hồ sơ"}
    assert [step.name for step in SCENARIOS["criminal-record"].steps] == [
        "Mở trang chủ cổng dịch vụ công", "Tìm thủ tục cấp Phiếu lý lịch tư pháp",
        "Mở trang chi tiết thủ tục", "Chọn Nộp trực tuyến",
        "Đăng nhập bằng tài khoản định danh điện tử", "Bước 1: khai thông tin hồ sơ",
        "Bước 2: đính kèm thành phần hồ sơ", "Bước 3: chọn hình thức nhận kết quả và nộp hồ sơ",
        "Bước 4: nghe kết quả nộp hồ sơ"]
    assert [step.name for step in SCENARIOS["dossier-lookup"].steps] == [
        "Mở trang tra cứu hồ sơ", "Nhập mã hồ sơ và mã bảo mật", "Tra cứu và nghe kết quả"]


@pytest.mark.parametrize(("task", "reason"), [
    (with_action(1, 0, {"klick": "Tìm kiếm"}), "no action verb among 'klick'"),
    (with_action(1, 0, {"activate": {"name": "nope"}}), "unknown name 'nope'"),
    (with_action(1, 0, {"activate": {"label": "next"}}), 'a reference is {"name": KEY}'),
    (with_action(1, 0, {"activate": "Tìm", "role": "knob"}), "unknown role 'knob'"),
    (with_action(1, 0, {"fill": "Từ khóa"}), "'fill' needs 'text'"),
    (with_action(1, 0, {"fill": "Tiếp tục", "role": "button", "text": "a b"}),
     "unknown role 'button' (roles: combobox|searchbox|spinbutton|textbox)"),
    (with_action(1, 0, {"fill": "Từ khóa", "text": "x", "value": "y"}),
     "'fill' takes no option 'value'"),
    (with_action(1, 0, {"activate": "Tìm", "fill": "Từ khóa"}), "two verbs"),
    (with_action(1, 0, {"open": "nowhere"}), "unknown entry 'nowhere'"),
    (with_action(1, 0, {"upload": "Tờ khai", "file": "passport"}), "unknown file 'passport'"),
    (with_action(1, 0, {"fill": "Mã", "text": {"applicant": "salary"}}),
     "unknown applicant field 'salary'"),
    (with_action(4, 0, {"login": "Đăng nhập", "rehearse_error": "yes"}), "true or false"),
    (with_action(1, 0, {"declaration": "all"}), "takes no argument"),
    (with_action(1, 0, "activate"), "an action must be an object"),
])
def test_a_malformed_action_is_one_line_naming_file_task_step_and_reason(tmp_path, task, reason):
    message = refused(tmp_path, task)
    assert "step 2 'Tìm thủ tục cấp Phiếu lý lịch tư pháp'" in message or (
        "step 5" in message), message
    assert "action 1" in message and reason in message, message


def test_an_empty_step_and_a_task_without_steps_or_title_are_refused(tmp_path):
    task = copy.deepcopy(CRIMINAL)
    task["steps"][2]["actions"] = []
    assert "step 3 'Mở trang chi tiết thủ tục': empty step" in refused(tmp_path, task)
    assert "'steps' must be a non-empty list" in refused(tmp_path, {"title": "x", "steps": []})
    assert "'title'" in refused(tmp_path, {"steps": CRIMINAL["steps"]})
    assert "unknown key 'stpes'" in refused(tmp_path, {"title": "x", "stpes": []})
    assert "lowercase letters" in refused(tmp_path, CRIMINAL, name="../x")


def test_the_final_submit_ends_its_step_and_only_listening_follows(tmp_path):
    not_last = with_action(7, 5, {"check": {"name": "commitment"}})
    assert "final_submit must be the last action" in refused(tmp_path, not_last)
    after = with_action(8, 0, {"activate": {"name": "next"}})
    message = refused(tmp_path, after)
    assert "step 9 'Bước 4: nghe kết quả nộp hồ sơ'" in message
    assert "only listen for the result" in message
    twice = with_action(8, 0, {"final_submit": "Gửi", "expect": "xong"}, replace=True)
    assert "'final_submit' after the final_submit" in refused(tmp_path, twice)


@pytest.mark.parametrize("action", [
    {"activate": {"name": "final_submit"}, "role": "button"},
    {"try_submit": {"name": "final_submit"}},
    {"activate": "Nộp hồ sơ"},
    {"activate": "nộp|Hủy"},  # "nộp" would stop on "Nộp hồ sơ" too
    {"dialog": "Nộp hồ sơ", "close": "Đóng", "then": "cam đoan"},
])
def test_the_final_submit_control_is_reached_only_through_final_submit(tmp_path, action):
    message = refused(tmp_path, with_action(7, 4, action))
    assert "step 8" in message and "final submit" in message, message


def test_enter_only_sends_a_field_just_filled_and_never_after_a_captcha(tmp_path):
    alone = with_action(3, 0, {"press": "Enter"}, replace=True)
    assert "must directly follow a 'fill'" in refused(tmp_path, alone)
    after_captcha = with_action(7, 4, {"fill": "Ghi chú", "text": "x"})
    after_captcha["steps"][7]["actions"].insert(5, {"press": "Enter"})
    assert "after a 'captcha'" in refused(tmp_path, after_captcha)
    assert "unknown key 'Space'" in refused(tmp_path, with_action(1, 3, {"press": "Space"}))


def test_a_malformed_flow_file_is_one_line(tmp_path):
    data = data_dir(tmp_path)
    (data / "flows" / "igate2.json").write_text("{\"tasks\": [", encoding="utf-8")
    with pytest.raises(HarnessError, match="malformed scenario data file .*igate2.json"):
        portal_data("igate2", "hue", data)
    (data / "flows" / "igate2.json").write_text('{"tasks": []}', encoding="utf-8")
    with pytest.raises(HarnessError, match="'tasks' must be an object"):
        portal_data("igate2", "hue", data)


def preview_flow() -> dict:
    """A justice-sector eForm: one long page, a preview page, then "Gửi hồ sơ"."""
    return {"title": "Cấp Phiếu lý lịch tư pháp", "steps": [
        {"step": "Mở trang chủ", "actions": [{"open": "home"}]},
        {"step": "Tìm thủ tục ngay trên trang chủ", "actions": [
            {"fill": "Tìm kiếm dịch vụ công", "text": {"name": "search_query"}},
            {"press": "Enter"},
            {"activate": {"name": "procedure_link"}, "role": "link"}]},
        {"step": "Đăng nhập trước khi khai", "actions": [
            {"activate": {"name": "apply_online"}},
            {"login": {"name": "login_submit"}}]},
        {"step": "Khai tờ khai trên một trang", "actions": [
            {"declaration": True},
            {"upload": "Đính kèm tờ khai", "file": "declaration"},
            {"date": "Ngày cấp", "value": {"applicant": "residence_from"}},
            {"choose": "Loại phiếu", "option": {"applicant": "certificate"}},
            {"activate": "Xem trước tờ khai", "role": "button", "expect": "Xem trước"}]},
        {"step": "Gửi hồ sơ", "actions": [
            {"captcha": "Mã xác nhận"},
            {"final_submit": {"name": "final_submit"}, "expect": "thành công"}]},
        {"step": "Nghe kết quả", "actions": [{"listen": "thành công"}]},
    ]}


def test_a_portal_replaces_a_task_with_its_own_order_in_a_data_file(tmp_path):
    override = {"names": {"final_submit": "Gửi hồ sơ"},
                "tasks": {"criminal-record": preview_flow(), "dossier-lookup": None}}
    data, notes = portal_data("igate2", "hue", data_dir(tmp_path, override=override))
    assert list(data["tasks"]) == ["criminal-record"]  # null: this portal has no lookup task
    task = data["tasks"]["criminal-record"]
    assert task.source.name == "hue.json" and any("hue.json" in note for note in notes)
    assert [step.name for step in task.steps][-2:] == ["Gửi hồ sơ", "Nghe kết quả"]
    # the portal's own final submit name is what only final_submit may reach
    sneaky = preview_flow()
    sneaky["steps"][3]["actions"].append({"activate": "Gửi hồ sơ"})
    override["tasks"] = {"criminal-record": sneaky}
    with pytest.raises(HarnessError) as error:
        portal_data("igate2", "hue", data_dir(tmp_path / "again", override=override))
    assert "portals/hue.json: task 'criminal-record', step 4" in str(error.value)
    assert "'Gửi hồ sơ' could reach the final submit" in str(error.value)


def test_run_refuses_a_malformed_flow_in_one_line_with_exit_2(tmp_path, monkeypatch, capsys):
    from harness import scenario_data
    from harness.cli import main

    broken = data_dir(tmp_path / "in", {"criminal-record": with_action(1, 0, {"klick": "x"})})
    monkeypatch.setattr(scenario_data, "portal_data",
                        lambda family, slug, _data_dir: portal_data(family, slug, broken))
    assert main(["run", "--out", str(tmp_path / "out"), "--plain", "--no-audio"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "task 'criminal-record', step 2" in err and "no action verb" in err
    monkeypatch.undo()
    assert main(["run", "--scenario", "nope", "--out", str(tmp_path / "o2"), "--plain"]) == 2
    assert "unknown scenario 'nope'" in capsys.readouterr().err


LOGIN_FIRST = {"title": "Đăng nhập trước, rồi tìm thủ tục", "steps": [
    {"step": "Mở trang chủ cổng dịch vụ công", "actions": [{"open": "home"}]},
    {"step": "Đăng nhập trước", "actions": [
        {"activate": "Đăng nhập", "role": "link"},
        {"login": {"name": "login_submit"}}]},
    {"step": "Tìm thủ tục cấp Phiếu lý lịch tư pháp", "actions": [
        {"activate": {"name": "procedures_link"}, "role": "link"},
        {"fill": {"name": "search_field"}, "text": {"name": "search_query"}},
        {"press": "Enter"},
        {"activate": {"name": "procedure_link"}, "role": "link",
         "expect": {"name": "procedure_page_text"}}]},
    {"step": "Nộp trực tuyến: thẳng vào tờ khai", "actions": [
        {"activate": {"name": "apply_online"}, "expect": "Thông tin hồ sơ"},
        {"listen": {"name": "next"}}]},
]}


@pytest.mark.browser
def test_a_flow_that_logs_in_before_the_search_runs_on_the_replica(browser, tmp_path):
    from replays import run_replay

    data, _ = portal_data("igate2", "hue", data_dir(
        tmp_path / "data", override={"tasks": {"login-first": LOGIN_FIRST}}))
    run = run_replay(browser, tmp_path, "accessible", data["tasks"]["login-first"])
    assert run.outcome.status == "completed", run.outcome.message
    assert [s.status for s in run.steps] == ["done"] * 4
    # signed in first: "Nộp trực tuyến" went straight to the form, no login page on the way
    assert "/sso/login" not in run.steps[-1].url_end and "apply-online" in run.steps[-1].url_end
