"""Fingerprints recognise the same problem across runs and portal releases (a new port, new CSS
classes and ids, a new wrapper), and tell two different problems apart."""

from __future__ import annotations

import json

import pytest
from hostile import serve

from harness.checks import check_page
from harness.fingerprints import element_hint, fingerprints, run_findings
from harness.replica.server import ReplicaServer
from harness.results import RunRecorder

STEP = {"scenario": "criminal-record", "step": 1, "step_name": "Mở trang chủ"}


def image(target: str, name: str = "", src: str = "/static/logo.svg", **more) -> dict:
    return {"check": "image-alt", "criteria": ["1.1.1"], "target": [target],
            "html": f'<img src="{src}?v=3" class="{target}">',
            "element": {"role": "image", "name": name}, **more}


def test_a_css_path_class_or_query_string_does_not_change_a_fingerprint():
    before = image("#header > a > img")
    after = {**image("html > body > div:nth-of-type(2) > img"),
             "html": '<img class="logo-new" id="brand" src="/static/logo.svg?v=9">'}
    assert fingerprints([before], "a / b") == fingerprints([after], "a / b")


@pytest.mark.parametrize("other", [
    image("x", name="Quốc huy"),  # another name
    image("x", src="/static/news.svg"),  # an unnamed image of another file
    {**image("x"), "check": "image-redundant-alt"},  # another check
    {**image("x"), "criteria": ["1.1.1", "4.1.2"]},  # other criteria
    {**image("x"), "element": {"role": "link", "name": ""}},  # another role
])
def test_different_problems_do_not_collide(other):
    assert fingerprints([image("x")], "a / b") != fingerprints([other], "a / b")


def test_the_same_problem_elsewhere_or_twice_on_a_page_is_another_finding():
    assert fingerprints([image("x")], "task / step 1") != fingerprints([image("x")],
                                                                        "task / step 2")
    twice = fingerprints([image("#a"), image("#b")], "task / step 1")
    assert len(set(twice)) == 2


def test_tones_tell_names_apart_and_case_and_spaces_do_not():
    assert fingerprints([image("x", name="Hồ sơ")], "w") != fingerprints(
        [image("x", name="Hộ sổ")], "w")
    assert fingerprints([image("x", name="Hồ  sơ")], "w") == fingerprints(
        [image("x", name="hồ sơ")], "w")


def test_an_unnamed_element_is_told_by_its_tag_stable_attributes_and_text():
    assert element_hint('<div class="title big" id="t3">Tra cứu hồ sơ</div>') == (
        "div text=tra cứu hồ sơ")
    assert element_hint("<input type=text name='code' class=x>") == (
        "input type=text name=code")


def test_a_run_s_fingerprints_are_computed_again_by_today_s_rule(tmp_path):
    page = {**STEP, "url": "http://127.0.0.1:1/", "findings": [image("x")]}
    [computed] = run_findings([page])
    [recorded] = run_findings([{**page, "findings": [{**image("x"),
                                                      "fingerprint": "0" * 16}]}])
    assert computed["fingerprint"] == recorded["fingerprint"] == fingerprints(
        [image("x")], "criminal-record / Mở trang chủ")[0]
    assert computed["where"] == "criminal-record / Mở trang chủ"


def recorded(folder, page) -> dict[str, str]:
    """Check the page as a run does and return {fingerprint: check} from pages.jsonl."""
    recorder = RunRecorder(folder, {})
    recorder.add_page(check_page(page), STEP)
    [line] = (folder / "pages.jsonl").read_text(encoding="utf-8").splitlines()
    return {f["fingerprint"]: f["check"] for f in json.loads(line)["findings"]}


@pytest.mark.browser
def test_the_replica_s_defects_keep_their_fingerprints_from_run_to_run(context, tmp_path):
    seen = []
    for number in (1, 2):  # a new server each time: another port, another session
        with ReplicaServer("Huế", "defective") as server:
            page = context.new_page()
            page.goto(server.base_url + "/")
            seen.append(recorded(tmp_path / str(number), page))
            page.close()
    assert seen[0] == seen[1]
    assert len(seen[0]) >= 10  # the home page's catalogued defects, each its own fingerprint


RELEASE_1 = """<!doctype html><html lang="vi"><head><title>Tra cứu hồ sơ</title></head><body>
<main><h1>Tra cứu hồ sơ</h1>
<div class="logo"><img src="/static/logo.png"></div>
<form><input type="text" name="code" class="form-control">
<button type="submit" class="btn btn-primary"><i class="fa fa-search"></i></button>
<a href="/help" class="more">Xem thêm</a></form></main></body></html>"""

RELEASE_2 = """<!doctype html><html lang="vi"><head><title>Tra cứu hồ sơ</title></head><body>
<div id="app" class="v2"><div class="wrapper"><main id="content"><h1 class="t">Tra cứu hồ sơ</h1>
<section class="brand"><div id="logo-box"><img id="logo" class="brand-img"
 src="/static/logo.png?v=2"></div></section>
<form id="f2"><div class="row"><input id="code" type="text" name="code" class="input-v2"></div>
<button id="go" type="submit" class="button"><span class="icon-search"></span></button>
<a id="help" href="/help" class="link-more">Xem thêm</a></div></form></main></div></div>
</body></html>"""


@pytest.mark.browser
def test_a_new_release_with_other_classes_ids_and_wrappers_keeps_the_fingerprints(
        context, tmp_path):
    with serve({"/r1": RELEASE_1, "/r2": RELEASE_2}) as server:
        prints = []
        for release in ("r1", "r2"):
            page = context.new_page()
            page.goto(f"{server.base_url}/{release}")
            prints.append(recorded(tmp_path / release, page))
            page.close()
    assert prints[0] == prints[1]
    assert {"image-alt", "button-name"} <= set(prints[0].values())
