"""`pesp-a11y transcript` says what went wrong on the way: a keyboard trap, a focus thief, a Tab
budget spent before the page came round, and every dialog a page opened, where it happened;
and it exits 1 for an incomplete walk. An ordinary page is never flagged."""

from __future__ import annotations

import json

import pytest
from hostile import serve

from harness.cli import main

pytestmark = pytest.mark.browser

LINKS = "".join(f'<a href="#m{i}">Mục {i}</a>' for i in range(4))
PAGES = {
    # a region whose keydown handler keeps Tab inside it; Escape does nothing
    "/bay": f"""<title>Bẫy</title>{LINKS}
<div id="vung"><button>Một</button><button>Hai</button><button>Ba</button></div>{LINKS}
<script>
const vung = document.getElementById("vung"), nut = [...vung.querySelectorAll("button")];
vung.addEventListener("keydown", (e) => {{
  if (e.key !== "Tab") return;
  e.preventDefault();
  nut[(nut.indexOf(document.activeElement) + 1) % nut.length].focus();
}});
</script>""",
    # a focus handler on the next control sends focus back: Tab can never get past "Gửi"
    "/giat": f"""<title>Giật</title>{LINKS}<button id="gui">Gửi</button>
<button id="huy">Hủy</button>{LINKS}
<script>document.getElementById("huy").addEventListener("focus",
  () => document.getElementById("gui").focus());</script>""",
    # a timer pulls focus back to the search box whatever the keyboard does
    "/hen-gio": f"""<title>Hẹn giờ</title>{LINKS}<input id="tim" aria-label="Tìm kiếm">{LINKS}
<script>setInterval(() => document.getElementById("tim").focus(), 30);</script>""",
    "/hop-thoai": """<title>Hộp thoại</title><script>alert("Chào mừng bạn")</script>
<a href="#a">Một</a><button onfocus="confirm('Bạn có chắc không?')">Hai</button>
<button onfocus="prompt('Họ và tên?', 'x')">Ba</button>""",
    "/bieu-mau": """<!doctype html><html lang="vi"><title>Biểu mẫu</title><form>
<label>Họ tên <input name="ten"></label><label>Thư điện tử <input type="email"></label>
<select aria-label="Tỉnh"><option>Huế</option></select><button>Gửi</button></form>""",
    # a modal dialog holds Tab, as the APG asks, and Escape closes it: not a trap
    "/hop-modal": f"""<title>Hộp modal</title>
<div id="hop" role="dialog" aria-modal="true" aria-label="Xác nhận">
<button>Đồng ý</button><button>Đóng</button></div>{LINKS}
<script>
const hop = document.getElementById("hop"), nut = [...hop.querySelectorAll("button")];
nut[0].focus();
hop.addEventListener("keydown", (e) => {{
  if (e.key === "Escape") {{ hop.remove(); return; }}
  if (e.key !== "Tab") return;
  e.preventDefault();
  nut[(nut.indexOf(document.activeElement) + 1) % nut.length].focus();
}});
</script>""",
}


@pytest.fixture(scope="module")
def site():
    with serve(PAGES) as served:
        yield lambda path: served.base_url + path


def transcripts(capsys, *args: str) -> tuple[int, list[dict]]:
    code = main(["transcript", *args, "--json"])
    return code, [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def kinds(record: dict) -> list[str]:
    return [e["event"] for e in record["events"]]


def test_a_trap_is_flagged_and_the_next_page_is_still_read(capsys, site):
    code, (trap, form) = transcripts(capsys, site("/bay"), site("/bieu-mau"))
    assert code == 1
    assert trap["status"] == "incomplete" and trap["walk"] == "trapped"
    [event] = trap["events"]
    assert event["event"] == "trap"
    assert {s["name"] for s in event["stops"]} == {"Một", "Hai", "Ba"}
    assert event["at"] == len(trap["utterances"])  # said where the walk ended
    assert "keyboard trap" in event["text_en"] and "bẫy bàn phím" in event["text_vi"]
    assert "Escape does not let go" in event["text_en"]  # it was given its way out
    # the links after the region were never reached
    names = [u["name"] for u in trap["utterances"]]
    assert names.count("Mục 0") == 1
    assert form["status"] == "complete" and form["events"] == []
    assert ("textbox", "Họ tên") in [(u["role"], u["name"]) for u in form["utterances"]]


@pytest.mark.parametrize(("path", "name"), [("/giat", "Gửi"), ("/hen-gio", "Tìm kiếm")])
def test_a_focus_thief_is_flagged(capsys, site, path, name):
    code, [record] = transcripts(capsys, site(path))
    assert code == 1
    assert record["status"] == "incomplete" and record["walk"] == "thief"
    [event] = record["events"]
    assert event["event"] == "thief" and event["name"] == name
    assert "focus thief: a script moves focus back to" in event["text_en"]
    assert name in event["text_en"] and name in event["text_vi"]


def test_a_spent_budget_is_flagged(capsys, site):
    code, [record] = transcripts(capsys, site("/bieu-mau"), "--budget", "3")
    assert code == 1
    assert record["walk"] == "budget" and record["status"] == "incomplete"
    [event] = record["events"]
    assert event == {**event, "event": "budget", "presses": 3}
    assert event["text_en"] == ("(the walk stopped after 3 presses of Tab before the page's "
                                "Tab order came round)")


def test_every_dialog_is_said_where_it_opened(capsys, site):
    code, [record] = transcripts(capsys, site("/hop-thoai"))
    assert code == 0  # dialogs were answered and the walk came round
    assert record["status"] == "complete"
    dialogs = [(e["type"], e["message"], e["action"]) for e in record["events"]]
    assert dialogs == [("alert", "Chào mừng bạn", "accepted"),
                       ("confirm", "Bạn có chắc không?", "dismissed"),
                       ("prompt", "Họ và tên?", "dismissed")]
    said = [u["name"] for u in record["utterances"]]
    alert, confirm, prompt = record["events"]
    assert alert["at"] == 0  # before the page is read: it opened while the page loaded
    assert said[confirm["at"]] == "Hai"  # opened when focus came to "Hai"
    assert said[prompt["at"]] == "Ba"
    assert confirm["text_en"] == ("confirm dialog: Bạn có chắc không? "
                                  "(the harness dismissed it: Cancel)")
    assert confirm["text_vi"].startswith("hộp thoại xác nhận: Bạn có chắc không?")


def test_the_text_output_has_the_flag_and_dialog_lines_in_place(capsys, site):
    code = main(["transcript", site("/hop-thoai"), site("/bay"), "--lang", "en"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert lines[1] == "  alert dialog: Chào mừng bạn (the harness accepted it: OK)"
    assert lines[2] == "  page, Hộp thoại"
    confirm = lines.index("  confirm dialog: Bạn có chắc không? (the harness dismissed it: Cancel)")
    assert lines[confirm + 1] == "  button, Hai"
    assert lines[-1].startswith("  (keyboard trap: Tab goes round 3 stops that are not the whole")
    code = main(["transcript", site("/bay")])  # Vietnamese, the default
    assert capsys.readouterr().out.splitlines()[-1].startswith("  (bẫy bàn phím:")
    assert code == 1


@pytest.mark.parametrize("path", ["/bieu-mau", "/hop-modal"])
def test_an_ordinary_page_whose_tab_order_wraps_round_is_not_flagged(capsys, site, path):
    code, [record] = transcripts(capsys, site(path))
    assert code == 0
    assert record["status"] == "complete" and record["walk"] == "complete"
    assert record["events"] == []
    if path == "/hop-modal":  # Escape let go, and the page after the dialog was read
        assert "Mục 3" in [u["name"] for u in record["utterances"]]
