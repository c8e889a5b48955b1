"""The widget gallery: forms built from the real component libraries portals use, at pinned
versions, replayed keyboard-only from a portal profile each. What counts is what the server
received, never what the harness says it chose (tests/gallery/README.md)."""

from __future__ import annotations

import io
import json
import re
import sys
from datetime import date
from pathlib import Path

import pytest

from harness.console import Reporter
from harness.pointer import Pointer
from harness.replay import ReplayOptions, replay
from harness.results import RunRecorder
from harness.scenario_data import profile_data
from harness.targets import open_address

GALLERY = Path(__file__).parent / "gallery"
sys.path.insert(0, str(GALLERY))
from server import GalleryServer, page_names  # noqa: E402

MANIFEST = {path.stem: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted((GALLERY / "pages").glob("*.json"))}
DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$|^(\d{4})-(\d{2})-(\d{2})")

pytestmark = pytest.mark.browser


def as_date(text: str) -> str:
    """A date as the server got it (dd/mm/yyyy, or ISO from a script's Date), as yyyy-mm-dd."""
    found = DATE.match(text.strip())
    if not found:
        return text
    day, month, year, iso_year, iso_month, iso_day = found.groups()
    if iso_year:
        return f"{iso_year}-{iso_month}-{iso_day}"
    return date(int(year), int(month), int(day)).isoformat()


@pytest.fixture(scope="module")
def gallery():
    with GalleryServer() as server:
        yield server


def replay_page(browser, gallery, name: str, tmp: Path, assist: bool = False):
    """Replay the page's profile against the gallery; the outcome, its steps and what the
    server received."""
    profile = GALLERY / "profiles" / f"{name}.json"
    data = profile_data(profile)
    gallery.received.pop(name, None)
    with open_address(gallery.url, str(profile)) as target:
        recorder = RunRecorder(tmp / f"{name}-{'assisted' if assist else 'keyboard'}", {})
        task = next(iter(data["tasks"].values()))
        outcome = replay(browser, target, task, data, ReplayOptions(assist=assist), recorder,
                         Reporter(plain=True, stream=io.StringIO()))
    steps = [json.loads(line) for line in
             (recorder.dir / "steps.jsonl").read_text(encoding="utf-8").splitlines()]
    return outcome, steps, gallery.received.get(name)


def test_every_page_has_its_keyboard_truth_and_profile():
    names = page_names()
    assert names
    for name in names:
        assert name in MANIFEST, name
        assert (GALLERY / "pages" / f"{name}.keys.md").is_file(), name
        assert (GALLERY / "profiles" / f"{name}.json").is_file(), name
        profile_data(GALLERY / "profiles" / f"{name}.json")  # valid, as a user's would be


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_keyboard_replay_gives_the_server_the_asked_values(browser, gallery, tmp_path, name):
    entry = MANIFEST[name]
    outcome, steps, received = replay_page(browser, gallery, name, tmp_path)
    if entry.get("blocked"):
        assert outcome.status == "blocked", outcome.message
        obstacles = [o for step in steps for o in step["obstacles"]]
        # an evaluator sees why: every way tried (its keys, what was heard) or every stop
        # Tab went to
        last = obstacles[-1] if obstacles else {}
        assert last.get("attempts") or last.get("stops"), obstacles
        assert all(attempt["keys"] for attempt in last.get("attempts", []))
        return
    assert outcome.status == "completed", outcome.message
    assert received is not None, "the form never reached the server"
    got = {key: as_date(value) for key, value in received.items()}
    assert {key: got.get(key) for key in entry["fields"]} == entry["fields"]


@pytest.mark.parametrize("name", sorted(n for n, entry in MANIFEST.items() if entry.get("blocked")))
def test_assisted_replay_reaches_the_end_where_the_keyboard_cannot(browser, gallery, tmp_path,
                                                                   name):
    """Where a keyboard user is stuck, an assisted run does that step by pointer and goes on
    (where the keyboard gets through, an assisted run is the same run)."""
    entry = MANIFEST[name]
    outcome, _, received = replay_page(browser, gallery, name, tmp_path, assist=True)
    assert outcome.status == "completed", outcome.message
    got = {key: as_date(value) for key, value in (received or {}).items()}
    assert {key: got.get(key) for key in entry["fields"]} == entry["fields"]


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_the_pointer_operates_every_widget_as_a_sighted_helper_would(browser, gallery, name):
    """What --assist does when a step is blocked, done on every widget: click the picker
    beside its label and the option, set the date, tick what must be ticked, click "Gửi"."""
    entry = MANIFEST[name]
    gallery.received.pop(name, None)
    context = browser.new_context(locale="vi-VN")
    try:
        page = context.new_page()
        page.set_default_timeout(8_000)
        page.goto(f"{gallery.url}/{name}")
        pointer = Pointer(page)
        pointer.choose("Tỉnh/Thành phố", "Thành phố Huế")
        pointer.set_date("Ngày sinh", "12/05/1999")
        if "agree" in entry["fields"]:
            pointer.check("Tôi đã đọc và đồng ý", "checkbox")
        pointer.find("Gửi", "button").click()
        page.wait_for_function("() => document.body.innerText.includes('Đã nhận')",
                               timeout=8_000)
    finally:
        context.close()
    got = {key: as_date(value) for key, value in (gallery.received.get(name) or {}).items()}
    assert {key: got.get(key) for key in entry["fields"]} == entry["fields"]
