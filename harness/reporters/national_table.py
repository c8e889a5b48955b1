"""The national table: portals x the six criteria and x the five blind-tester categories, with
finding counts and verdicts, from any set of run folders, set beside the 2024 review's
published figures (harness/data/review_2024.json) as that review counted them.

The review says "met"; the harness never does. A criterion that fails here is not met; one with
no failure found may still be found not met by a person, so the table's counts of "no failure
found" are at most what a person would count as met, and inconclusive verdicts count as neither.
Everything taken from a run folder (portal names, notes) is page-derived text: the HTML is built
as an lxml tree, so it is escaped.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree
from lxml.html import builder as E

from harness.errors import HarnessError
from harness.reporters.words import say
from wcag.criteria import REVIEW_CRITERIA, categories, criteria

REVIEW_FILE = Path(__file__).parent.parent / "data" / "review_2024.json"
TESTER_CATEGORIES = ("captcha", "links-buttons", "headings", "combobox-editbox", "status")
HTML_NAME = "national-table.html"
CSV_NAME = "national-table.csv"
NO_FAILURE = "no-failure-found"
STYLE = """body{font-family:sans-serif;margin:1.5rem;line-height:1.5}
table{border-collapse:collapse;margin:1rem 0}caption{text-align:left;font-weight:bold}
th,td{border:1px solid #555;padding:.3rem .5rem;vertical-align:top}
td.fail{background:#fde2e2}td.no-failure-found{background:#e2f3e6}
td.inconclusive{background:#fff4cc}"""


@dataclass
class PortalRun:
    """One run folder's row: who was checked, how, and its run-level verdicts."""

    folder: Path
    portal: str
    province: str
    target: str
    variant: str
    run_id: str
    status: str
    criteria: dict[str, dict]
    categories: dict[str, dict]

    @property
    def kind(self) -> str:
        if self.target == "replica":
            return f"bản sao / replica ({self.variant})"
        return {"live": "cổng thật / live portal", "loopback": "loopback",
                "staging": "bản thử nghiệm / staging"}.get(self.target, self.target)

    def count(self, verdict: str) -> int:
        return sum(self.criteria[c]["verdict"] == verdict for c in REVIEW_CRITERIA)


@cache
def review_2024() -> dict:
    """The review's figures, checked when loaded (one line naming the file and the key)."""
    try:
        data = json.loads(REVIEW_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise HarnessError(f"{REVIEW_FILE}: cannot be read: {error}") from None
    required = {"source": dict, "portals": int, "portals_meeting": dict,
                "portals_meeting_criterion": dict, "portals_failing_category": dict,
                "portals_with_a_tester_error": int, "best_met_criterion": str}
    for key, kind in required.items():
        if not isinstance(data.get(key), kind):
            raise HarnessError(f"{REVIEW_FILE}: '{key}' is missing or not a {kind.__name__}")
    for key in ("portals_meeting_criterion", "portals_failing_category", "portals_meeting"):
        for name, count in data[key].items():
            if not isinstance(count, int) or not 0 <= count <= data["portals"]:
                raise HarnessError(f"{REVIEW_FILE}: '{key}' '{name}' must be a count of portals")
    unknown = set(data["portals_meeting_criterion"]) - set(REVIEW_CRITERIA)
    unknown |= set(data["portals_failing_category"]) - set(TESTER_CATEGORIES)
    if unknown:
        raise HarnessError(f"{REVIEW_FILE}: unknown criterion or category '{sorted(unknown)[0]}'")
    return data


def run_folders(paths: list[Path]) -> list[Path]:
    """Run folders given directly or found under the given folders (results/, a year's runs)."""
    found: list[Path] = []
    for path in paths:
        if (path / "run.json").is_file():
            found.append(path)
            continue
        inside = sorted(p.parent for p in path.rglob("run.json")) if path.is_dir() else []
        if not inside:
            raise HarnessError(f"{path} is not a run folder and holds none (no run.json)")
        found += inside
    return list(dict.fromkeys(found))


def read_run(folder: Path) -> PortalRun:
    """One run folder's row; one line naming the folder when it cannot be read."""
    try:
        meta = json.loads((folder / "run.json").read_text(encoding="utf-8"))
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise HarnessError(f"{folder}: {Path(str(error.filename)).name} is missing; "
                           "the run never finished writing its summary") from None
    except (OSError, ValueError) as error:
        raise HarnessError(f"{folder}: cannot be read: {error}") from None
    rows = summary.get("criteria"), summary.get("categories")
    if not all(isinstance(r, dict) for r in rows) or set(REVIEW_CRITERIA) - set(rows[0]):
        raise HarnessError(f"{folder}/summary.json: no verdict per criterion and category")
    missing = {"verdict": "inconclusive", "findings": 0, "note": "not recorded by this run"}
    return PortalRun(
        folder=folder, portal=str(meta.get("portal") or meta.get("province") or folder.name),
        province=str(meta.get("province", "")), target=str(meta.get("target", "")),
        variant=str(meta.get("variant") or ""), run_id=str(meta.get("run_id", folder.name)),
        status=str(meta.get("status", "")),
        criteria={c: rows[0][c] for c in REVIEW_CRITERIA},
        categories={c: rows[1].get(c, missing) for c in TESTER_CATEGORIES},
    )


def comparison(runs: list[PortalRun]) -> list[tuple[str, str, str]]:
    """(measure, these runs, the 2024 review as published), each in Vietnamese and English."""
    review = review_2024()
    total, of = len(runs), review["portals"]

    def share(count: int) -> str:
        return f"{count} / {total}"

    def nff_exactly(k: int) -> int:
        return sum(run.count(NO_FAILURE) == k for run in runs)

    meeting = review["portals_meeting"]
    rows = [
        ("Không thấy lỗi ở cả sáu tiêu chí / no failure found on all six criteria",
         share(nff_exactly(6)), f"đạt cả sáu / met all six: {meeting.get('6', '—')} / {of}"),
        ("Không thấy lỗi ở đúng năm tiêu chí / no failure found on exactly five",
         share(nff_exactly(5)), f"đạt năm / met five: {meeting.get('5', '—')} / {of}"),
        ("Không tiêu chí nào không thấy lỗi / no criterion without a failure found",
         share(nff_exactly(0)),
         f"không đạt tiêu chí nào / met none: {meeting.get('0', '—')} / {of}"
         + (f" (2023: {review['portals_meeting_2023']['0']})"
            if "0" in review.get("portals_meeting_2023", {}) else "")),
    ]
    for cid in REVIEW_CRITERIA:
        verdicts = [run.criteria[cid]["verdict"] for run in runs]
        published = review["portals_meeting_criterion"].get(cid)
        best = " (tiêu chí đạt nhiều nhất / best met)" if (
            cid == review["best_met_criterion"]) else ""
        rows.append((
            f"{cid}: không thấy lỗi / no failure found (có lỗi / failing; chưa kết luận / "
            f"inconclusive)",
            f"{share(verdicts.count(NO_FAILURE))} ({verdicts.count('fail')}; "
            f"{verdicts.count('inconclusive')})",
            (f"đạt / met: {published} / {of}" if published is not None
             else "không công bố theo tiêu chí / not published per criterion") + best,
        ))
    for category in TESTER_CATEGORIES:
        failing = sum(run.categories[category]["verdict"] == "fail" for run in runs)
        published = review["portals_failing_category"].get(category)
        rows.append((
            f"{categories()[category].name_vi} / {categories()[category].name_en}: có lỗi / "
            "failing",
            share(failing),
            f"có lỗi / failed: {published} / {of}" if published is not None
            else "không công bố / not published",
        ))
    any_error = sum(any(run.categories[c]["verdict"] == "fail" for c in TESTER_CATEGORIES)
                    for run in runs)
    rows.append(("Có ít nhất một lỗi người khiếm thị gặp / at least one blind-tester error",
                 share(any_error), f"{review['portals_with_a_tester_error']} / {of}"))
    return rows


HOW_COUNTED = (
    "Cách đếm: đánh giá 2024 nói 'đạt' sau khi chuyên gia và người khiếm thị kiểm tra. Công cụ "
    "không bao giờ nói 'đạt': 'có lỗi' là chắc chắn không đạt; 'không thấy lỗi' vẫn cần người "
    "xác nhận, nên số 'không thấy lỗi' chỉ là giới hạn trên của số cổng đạt; 'chưa kết luận' "
    "không được tính vào bên nào. How it is counted: the 2024 review says 'met' after experts "
    "and blind testers judged each portal. The harness never says 'met': a failure found is "
    "certainly not met; 'no failure found' still needs a person to confirm, so its counts are "
    "at most the number a person would count as met; 'inconclusive' counts as neither. Each "
    "run folder is one row; replica rows are the harness's replica, not a live portal.")


def _verdict(verdict: str, lang: str) -> str:
    return say(f"verdict.{verdict}", lang)  # type: ignore[arg-type]


def _cell(row: dict) -> etree._Element:
    verdict, count = row.get("verdict", "inconclusive"), int(row.get("findings", 0))
    text = f"{_verdict(verdict, 'vi')} / {_verdict(verdict, 'en')}"
    if count:
        text += f": {count} lỗi / {count} finding{'s' if count != 1 else ''}"
    return E.TD(text, E.CLASS(verdict))


def _runs_table(runs: list[PortalRun]) -> etree._Element:
    head = [E.TH("Cổng / Portal", scope="col")]
    head += [E.TH(f"{cid} {criteria()[cid].name_vi} / {criteria()[cid].name_en}", scope="col")
             for cid in REVIEW_CRITERIA]
    head += [E.TH(f"{categories()[c].name_vi} / {categories()[c].name_en}", scope="col")
             for c in TESTER_CATEGORIES]
    body = []
    for run in runs:
        label = E.TH(run.portal, E.BR(), f"{run.kind}; {run.run_id}; {run.status}",
                     scope="row")
        body.append(E.TR(label, *[_cell(run.criteria[c]) for c in REVIEW_CRITERIA],
                         *[_cell(run.categories[c]) for c in TESTER_CATEGORIES]))
    return E.TABLE(
        E.CAPTION("Kết quả theo cổng: sáu tiêu chí WCAG và năm nhóm lỗi người khiếm thị gặp "
                  "(số lỗi và kết luận) / Results per portal: six WCAG criteria and the five "
                  "blind-tester categories (finding counts and verdicts)"),
        E.THEAD(E.TR(*head)), E.TBODY(*body))


def _comparison_table(runs: list[PortalRun]) -> etree._Element:
    review = review_2024()
    body = [E.TR(E.TH(measure, scope="row"), E.TD(ours), E.TD(theirs))
            for measure, ours, theirs in comparison(runs)]
    return E.TABLE(
        E.CAPTION(f"Bên cạnh đánh giá 2024 ({review['portals']} cổng, theo cách đánh giá đếm) / "
                  f"Beside the 2024 review ({review['portals']} portals, as it counted them)"),
        E.THEAD(E.TR(E.TH("Chỉ số / Measure", scope="col"),
                     E.TH(f"Các lần chạy này ({len(runs)}) / These runs ({len(runs)})",
                          scope="col"),
                     E.TH("Đánh giá 2024 đã công bố / The 2024 review as published",
                          scope="col"))),
        E.TBODY(*body))


def write_national_table(folders: list[Path], out_dir: Path,
                         left_out: list[str] = ()) -> tuple[Path, Path]:
    """Write national-table.html and national-table.csv into `out_dir` from run folders;
    `left_out` says, a sentence each, the portals that were meant to be in it and are not (a
    run that never finished), so that a shorter table is never read as the whole country."""
    runs = [read_run(folder) for folder in run_folders(folders)]
    review = review_2024()
    source = review["source"]
    document = E.HTML(
        E.HEAD(E.META(charset="utf-8"),
               E.TITLE("Bảng quốc gia về khả năng tiếp cận / National accessibility table"),
               E.STYLE(STYLE)),
        E.BODY(E.MAIN(
            E.H1("Bảng quốc gia về khả năng tiếp cận cổng dịch vụ công / National table of "
                 "e-service portal accessibility"),
            E.P(HOW_COUNTED),
            *([E.H2("Không có trong bảng / Not in this table"),
               E.UL(*(E.LI(line) for line in left_out))] if left_out else []),
            _runs_table(runs),
            _comparison_table(runs),
            E.P(f"Nguồn / Source: {source.get('title', '')}, {source.get('publisher', '')}, "
                f"{source.get('published', '')}; {source.get('testing', '')}."),
        )),
        lang="vi",
    )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        html_path, csv_path = out_dir / HTML_NAME, out_dir / CSV_NAME
        html_path.write_bytes(etree.tostring(document, method="html", encoding="utf-8",
                                             doctype="<!DOCTYPE html>"))
        _write_csv(csv_path, runs)
    except OSError as error:
        raise HarnessError(f"cannot write the national table to {out_dir}: "
                           f"{error.strerror or error}") from None
    return html_path, csv_path


def _write_csv(path: Path, runs: list[PortalRun]) -> None:
    """One row per run (verdict and finding count per criterion and category), then the
    counts of these runs and the review's published figures in the same columns."""
    columns = [*REVIEW_CRITERIA, *TESTER_CATEGORIES]
    header = ["portal", "province", "target", "run_id", "status"]
    for column in columns:
        header += [column, f"{column} findings"]
    review = review_2024()
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for run in runs:
            cells = [run.portal, run.province, run.kind, run.run_id, run.status]
            for column in columns:
                row = run.criteria.get(column) or run.categories[column]
                cells += [row["verdict"], row["findings"]]
            writer.writerow(cells)
        for verdict in ("fail", NO_FAILURE, "inconclusive"):
            cells = [f"these runs: {verdict}", "", "", "", ""]
            for column in columns:
                rows = [run.criteria.get(column) or run.categories[column] for run in runs]
                cells += [f"{sum(r['verdict'] == verdict for r in rows)} of {len(runs)}", ""]
            writer.writerow(cells)
        cells = [f"2024 review as published ({review['portals']} portals)", "", "", "", ""]
        for column in columns:
            met = review["portals_meeting_criterion"].get(column)
            failed = review["portals_failing_category"].get(column)
            cells += [f"met by {met} of {review['portals']}" if met is not None else
                      f"failed on {failed} of {review['portals']}" if failed is not None
                      else "not published", ""]
        writer.writerow(cells)
