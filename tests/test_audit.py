"""The audit contract: `pesp-a11y audit URL ... --json`, one JSON object per line per URL."""

from __future__ import annotations

import json

import pytest

from harness.cli import main
from wcag.criteria import REVIEW_CRITERIA

pytestmark = pytest.mark.browser
VERDICTS = {"fail", "pass", "no-failure-found", "inconclusive", "not-applicable"}
FINDING_KEYS = {"check", "source", "criteria", "category", "target", "html", "message", "impact"}


def audit_json(capsys, *args: str) -> tuple[int, list[dict]]:
    code = main(["audit", *args, "--json"])
    lines = capsys.readouterr().out.strip().splitlines()
    return code, [json.loads(line) for line in lines]


def test_one_json_object_per_url_with_the_contract_fields(capsys, page_url):
    code, results = audit_json(capsys, page_url("defects.html"), page_url("clean.html"))
    assert code == 0
    assert [r["url"] for r in results] == [page_url("defects.html"), page_url("clean.html")]
    for result in results:
        assert result["status"] == "ok"
        assert set(result["criteria"]) == set(REVIEW_CRITERIA)
        assert set(result["criteria"].values()) <= VERDICTS
        for finding in result["findings"]:
            assert set(finding) >= FINDING_KEYS
            assert finding["source"] in ("axe", "probe")
            assert isinstance(finding["target"], list) and finding["target"]


def test_defective_page_fails_the_criteria_its_defects_break(capsys, page_url):
    _, [result] = audit_json(capsys, page_url("defects.html"))
    checks = {check for f in result["findings"] for check in (f["check"], *f["also"])}
    assert {"image-alt", "link-name", "label", "button-name"} <= checks  # axe
    assert {"link-button-unnamed", "field-unlabelled"} <= checks  # the probes
    # one problem, one finding: axe and the probes name the unlabelled field once
    field = [f for f in result["findings"] if f["target"] == ["#ma-ho-so"]]
    assert len(field) == 1 and {field[0]["check"], *field[0]["also"]} == {
        "label", "field-unlabelled"}
    assert result["criteria"]["1.1.1"] == "fail"
    assert result["criteria"]["2.4.4"] == "fail"
    assert result["criteria"]["3.3.2"] == "fail"


def test_findings_inside_frames_carry_the_frame_in_their_target(capsys, page_url):
    _, [result] = audit_json(capsys, page_url("defects.html"))
    in_frame = [f for f in result["findings"] if f["target"][0] == "#khung"]
    assert len(in_frame) == 1  # axe inside the frame and the probe on the snapshot agree
    assert {in_frame[0]["check"], *in_frame[0]["also"]} == {"button-name", "link-button-unnamed"}
    assert in_frame[0]["target"][-1].endswith("button")


def test_clean_page_finds_no_failure_says_what_to_confirm_and_inconclusive_for_the_rest(
    capsys, page_url
):
    _, [result] = audit_json(capsys, page_url("clean.html"))
    assert result["findings"] == []
    for criterion in ("1.1.1", "2.4.4", "3.3.2"):  # no check can judge wording: never "pass"
        assert result["criteria"][criterion] == "no-failure-found"
        assert "a person must still confirm" in result["notes"][criterion]
    # axe presses no key and judges no heading's wording: never a pass from axe alone
    assert result["criteria"]["2.1.1"] == "inconclusive"
    assert result["criteria"]["2.4.6"] == "inconclusive"
    assert "keyboard" in result["notes"]["2.1.1"]


def test_unreachable_page_is_inconclusive_never_pass(capsys, page_url):
    code, results = audit_json(capsys, "http://127.0.0.1:1/", page_url("clean.html"))
    assert code == 0
    unreachable = results[0]
    assert unreachable["status"] == "inconclusive"
    assert set(unreachable["criteria"].values()) == {"inconclusive"}
    assert unreachable["reason"]
    assert results[1]["status"] == "ok"


def test_no_page_checked_exits_2_with_one_line(capsys):
    code = main(["audit", "http://127.0.0.1:1/", "--json"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.strip().count("\n") == 0 and "no page could be checked" in captured.err


def test_gate_exits_1_when_a_criterion_fails(capsys, page_url):
    assert main(["audit", page_url("defects.html"), "--gate"]) == 1
    assert main(["audit", page_url("clean.html"), "--gate"]) == 0
    capsys.readouterr()


def test_a_page_of_one_paragraph_gets_no_automated_pass(capsys, tmp_path):
    hello = tmp_path / "hello.html"
    hello.write_text("<!doctype html><html lang='vi'><title>Chào</title><p>Xin chào.</p>",
                     encoding="utf-8")
    _, [result] = audit_json(capsys, hello.as_uri())
    assert "pass" not in result["criteria"].values()
    assert result["criteria"]["1.3.1"] == "no-failure-found"  # a person confirms the structure
    assert result["criteria"]["2.4.4"] == result["criteria"]["3.3.2"] == "not-applicable"


def test_a_frame_the_probes_could_not_read_keeps_every_unfailed_criterion_open(
    context, monkeypatch
):
    """A cross-site frame in another process is not in the probes' snapshot: what is inside
    it was never seen, so nothing on the page can be said to have no failure."""
    from harness import checks

    real = checks.take_snapshot

    def cross_site_frame_unread(page, focus=None):
        snapshot = real(page, focus)
        snapshot.unread_frames.append("frame https://other.example/form")
        return snapshot

    monkeypatch.setattr(checks, "take_snapshot", cross_site_frame_unread)
    page = context.new_page()
    page.set_content("<!doctype html><html lang='vi'><title>Trang</title><main><h1>Hồ sơ</h1>"
                     "<a href='/a'>Tra cứu hồ sơ</a><label>Mã <input></label></main>")
    result = checks.check_page(page)
    assert not result.findings
    assert set(result.criteria.values()) == {"inconclusive"}
    assert "other.example" in result.reason and "other.example" in result.notes["3.3.2"]


def test_plain_audit_is_vietnamese_by_default_and_english_with_lang_en(capsys, page_url):
    """No English fragment in a Vietnamese line: the status, the verdicts' notes, each
    finding (by its check's Vietnamese help) and the Tab walk's sentence."""
    assert main(["audit", page_url("defects.html")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].endswith("defects.html: đã kiểm")
    assert "  1.1.1: không đạt (có lỗi) (lỗi do: " in out
    assert "image-alt tại html > body > main > img: Hình ảnh không có văn bản thay thế" in out
    assert "  Đi Tab: đi hết một vòng trang sau " in out
    for english in (" at ", "Tab walk", "failed:", "no check", ": ok"):
        assert english not in out, english
    assert main(["audit", page_url("defects.html"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].endswith("defects.html: ok") and "  Tab walk: complete after " in out


def test_a_big_page_that_runs_out_of_time_says_it_needs_a_larger_timeout(capsys, tmp_path):
    """A big page inconclusive for its size says how big it is and which --timeout fits it,
    in English and in the Vietnamese console; a small page that runs out (stuck) does not."""
    from harness.audit import more_time
    from harness.commands.bench import broken_page_html

    big = tmp_path / "big.html"
    big.write_text(broken_page_html(links=5_000), encoding="utf-8")  # 12,009 elements
    _, [result] = audit_json(capsys, big.as_uri(), "--timeout", "6", "--budget", "0")
    assert result["status"] == "inconclusive"
    assert result["reason"].startswith("axe and the probes did not finish within 6 s; ")
    assert result["reason"].endswith(
        "; a page of 12,009 elements needs more time: run it again with a larger --timeout, "
        "e.g. --timeout 90")
    assert main(["audit", big.as_uri(), "--timeout", "6", "--budget", "0"]) == 2
    assert "trang có 12,009 phần tử cần thêm thời gian: hãy chạy lại với --timeout lớn hơn, " \
           "ví dụ --timeout 90" in capsys.readouterr().out
    assert more_time(4_999, 30) == ""
    assert more_time(200_000, 30).endswith("--timeout 600")  # the most --timeout takes
