"""Addresses that are not portal pages (a PDF, an image, a download, an HTTP 500 page) are said
to be so by `audit` and `transcript`, and never checked or transcribed as if they were pages."""

from __future__ import annotations

import json

import pytest
from hostile import serve

from harness.cli import main
from harness.responses import load_failure, not_a_page

PDF = (b"%PDF-1.1\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082")
PAGE = ("<!doctype html><html lang=vi><title>Tra cứu hồ sơ</title><main><h1>Tra cứu</h1>"
        "<label>Mã hồ sơ <input></label><button>Tra cứu</button></main>").encode()
# path: (status, content type, body, extra headers)
ANSWERS = {
    "/ho-so.pdf": (200, "application/pdf", PDF, {}),
    "/loi": (500, "text/html; charset=utf-8",
             b"<title>Internal Server Error</title><img src=x.png><a href=/>back</a>", {}),
    "/anh": (200, "image/png", PNG, {}),
    "/tai-ve": (200, "application/octet-stream", b"PK\x05\x06" + bytes(18),
                {"Content-Disposition": 'attachment; filename="mau-don.zip"'}),
    "/trang": (200, "text/html; charset=utf-8", PAGE, {}),
}


@pytest.fixture(scope="module")
def server():
    with serve(ANSWERS) as served:
        yield served


class FakeResponse:
    """The two things `not_a_page` reads of Playwright's Response."""

    def __init__(self, status: int, headers: dict[str, str]) -> None:
        self.status = status
        self.headers = headers


@pytest.mark.parametrize(("status", "headers", "expected", "words"), [
    (200, {"content-type": "text/html; charset=utf-8"}, None, ""),
    (200, {"content-type": "application/xhtml+xml"}, None, ""),
    (200, {}, None, ""),  # no type: the browser sniffed it, nothing here can be sure
    (500, {"content-type": "text/html"}, "error", "the server answered HTTP 500"),
    (404, {"content-type": "text/html"}, "error", "the server answered HTTP 404"),
    (200, {"content-type": "application/pdf"}, "not-a-page",
     "the address serves a PDF document (application/pdf), not a web page: open it in a PDF "
     "reader to check it"),
    (200, {"content-type": "image/jpeg"}, "not-a-page", "an image (image/jpeg)"),
    (200, {"content-type": "text/html", "content-disposition": "attachment; filename=a.html"},
     "not-a-page", "downloads a file (a.html)"),
    (200, {"content-type": "text/html", "content-disposition": "inline"}, None, ""),
])
def test_the_main_response_says_whether_the_address_is_a_page(status, headers, expected, words):
    refusal = not_a_page(FakeResponse(status, headers))
    if expected is None:
        assert refusal is None
    else:
        assert refusal is not None and refusal.status == expected
        assert words in refusal.reason


def test_a_download_that_playwright_reports_as_a_load_error_is_not_a_page():
    download = load_failure(Exception("Page.goto: Download is starting\nCall log: ..."))
    assert download.status == "not-a-page" and "download" in download.reason
    refused = load_failure(Exception("Page.goto: net::ERR_CONNECTION_REFUSED at http://x/"))
    assert refused.status == "error" and "ERR_CONNECTION_REFUSED" in refused.reason


def test_a_server_given_file_name_is_made_one_safe_line():
    refusal = not_a_page(FakeResponse(200, {
        "content-disposition": 'attachment; filename="a\x1b[2J\u202eb.zip"'}))
    assert refusal is not None
    assert "\x1b" not in refusal.reason and "\u202e" not in refusal.reason
    assert "<U+001B>" in refusal.reason


def _lines(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


@pytest.mark.browser
def test_transcript_says_what_is_not_a_page_and_still_reads_the_page_after(capsys, server):
    urls = [server.base_url + path for path in ("/ho-so.pdf", "/loi", "/anh", "/tai-ve", "/trang")]
    code = main(["transcript", *urls, "--json"])
    pdf, error, image, download, page = _lines(capsys)
    assert code == 1  # something was not read; 2 is kept for "nothing could be read"
    assert pdf["status"] == "not-a-page"
    assert "PDF document (application/pdf)" in pdf["reason"]
    assert error["status"] == "error" and error["reason"] == "the server answered HTTP 500"
    assert image["status"] == "not-a-page" and "image (image/png)" in image["reason"]
    assert download["status"] == "not-a-page" and "download" in download["reason"]
    for refused in (pdf, error, image, download):
        assert refused["utterances"] == [] and refused["events"] == []  # nothing transcribed
    assert page["status"] == "complete"
    said = [(u["role"], u["name"]) for u in page["utterances"]]
    assert ("textbox", "Mã hồ sơ") in said and ("button", "Tra cứu") in said


@pytest.mark.browser
def test_transcript_text_tells_why_in_one_line(capsys, server):
    code = main(["transcript", server.base_url + "/ho-so.pdf", server.base_url + "/trang",
                 "--lang", "en"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert lines[0] == (f"{server.base_url}/ho-so.pdf: the address serves a PDF document "
                        "(application/pdf), not a web page: open it in a PDF reader to check it")
    assert lines[1] == f"{server.base_url}/trang:"
    assert main(["transcript", server.base_url + "/ho-so.pdf",  # Vietnamese, the default
                 server.base_url + "/trang"]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        f"{server.base_url}/ho-so.pdf: địa chỉ này là một tài liệu PDF (application/pdf), không "
        "phải trang web: hãy mở bằng trình đọc PDF để kiểm tra")


@pytest.mark.browser
def test_transcript_of_nothing_but_files_exits_2_with_one_line(capsys, server):
    code = main(["transcript", server.base_url + "/ho-so.pdf", server.base_url + "/loi"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err == "pesp-a11y: error: no page could be read\n"
    assert "Traceback" not in captured.out + captured.err


@pytest.mark.browser
def test_audit_does_not_check_a_pdf_or_a_500_page(capsys, server):
    urls = [server.base_url + path for path in ("/ho-so.pdf", "/loi", "/tai-ve", "/trang")]
    code = main(["audit", *urls, "--json"])
    pdf, error, download, page = _lines(capsys)
    assert code == 0  # one page was checked
    assert pdf["status"] == "not-a-page" and "PDF document" in pdf["reason"]
    assert error["status"] == "error" and error["reason"] == "the server answered HTTP 500"
    assert download["status"] == "not-a-page"
    for refused in (pdf, error, download):
        assert refused["findings"] == []  # never the PDF viewer's 1.1.1, never the 500 page's
        assert set(refused["criteria"].values()) == {"inconclusive"}
        assert set(refused["notes"].values()) == {refused["reason"]}
    assert page["status"] == "ok"


@pytest.mark.browser
def test_audit_of_nothing_but_files_exits_2(capsys, server):
    code = main(["audit", server.base_url + "/ho-so.pdf", server.base_url + "/loi"])
    captured = capsys.readouterr()
    assert code == 2
    assert "no page could be checked" in captured.err
    # Vietnamese by default, the reason too; nothing of it left in English
    assert ("ho-so.pdf: không phải trang web, địa chỉ này là một tài liệu PDF (application/pdf)"
            in captured.out)
    assert "máy chủ trả lời HTTP 500" in captured.out and "the server" not in captured.out
