"""The CI gate and its baseline of accepted known issues (docs/ci.md).

A portal team cannot fix everything before the next release, so it accepts known issues in a
baseline file, each by its fingerprint (harness/fingerprints.py) with a reason and an optional
expiry. The gate then fails on every finding that is not accepted, one by one: a page-wide
count would let one fix hide one regression. An expired entry stops counting, and the gate says
so. A gate that could not see enough to decide says it is inconclusive instead of passing.

The baseline file (JSON):

    {"about": "...", "version": 1, "created": "2026-12-02", "from_run": "results/demo/...",
     "accepted": [{"fingerprint": "847a2fb36a8d0208",
                   "description": "1.1.1 image-alt: image without a name (img ...), at ...",
                   "reason": "logo replaced in the March release",
                   "expires": "2027-03-31"}]}

`fingerprint`, `description` and `reason` are required in each entry; `expires` (YYYY-MM-DD,
the last day it counts) is optional.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from harness.errors import HarnessError
from harness.fingerprints import describe, run_findings
from harness.results import write_atomically

BASELINE_VERSION = 1
FINGERPRINT = re.compile(r"^[0-9a-f]{16}$")
ENTRY_KEYS = {"fingerprint", "description", "reason", "expires", "criteria", "check", "where"}
REQUIRED_KEYS = ("fingerprint", "description", "reason")
TOP_KEYS = {"about", "version", "created", "from_run", "accepted"}
ABOUT = ("pesp-a11y baseline: known accessibility issues a portal team has accepted for now; "
         "`pesp-a11y run --gate --baseline FILE` fails only on findings not listed here "
         "(docs/ci.md)")
GATE_LIST = "gate.txt"


@dataclass
class Accepted:
    fingerprint: str
    description: str
    reason: str
    expires: datetime.date | None = None


@dataclass
class Baseline:
    path: Path
    accepted: list[Accepted] = field(default_factory=list)

    def active(self, today: datetime.date) -> dict[str, Accepted]:
        return {a.fingerprint: a for a in self.accepted
                if a.expires is None or a.expires >= today}

    def expired(self, today: datetime.date) -> list[Accepted]:
        return [a for a in self.accepted if a.expires is not None and a.expires < today]


def parse_date(text: str) -> datetime.date:
    """A YYYY-MM-DD date; ValueError otherwise."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"'{text}' is not a date written YYYY-MM-DD")
    return datetime.date.fromisoformat(text)


def load_baseline(path: Path) -> Baseline:
    """Read and check a baseline file; a mistake is one line naming the file and the entry."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise HarnessError(f"baseline {path} is missing") from None
    except (OSError, UnicodeDecodeError) as error:
        raise HarnessError(f"baseline {path} cannot be read: {error}") from None
    except json.JSONDecodeError as error:
        raise HarnessError(f"baseline {path} is not JSON: {error.msg} at line {error.lineno}"
                           ) from None
    if not isinstance(data, dict):
        raise HarnessError(f"baseline {path}: expected a JSON object with 'accepted'")
    unknown = sorted(set(data) - TOP_KEYS)
    if unknown:
        raise HarnessError(f"baseline {path}: unknown key '{unknown[0]}'")
    entries = data.get("accepted")
    if not isinstance(entries, list):
        raise HarnessError(f"baseline {path}: 'accepted' must list the accepted findings")
    baseline = Baseline(path)
    for number, entry in enumerate(entries, start=1):
        baseline.accepted.append(_entry(path, number, entry))
    return baseline


def _entry(path: Path, number: int, entry: object) -> Accepted:
    where = f"baseline {path}: entry {number}"
    if not isinstance(entry, dict):
        raise HarnessError(f"{where}: expected a JSON object")
    if isinstance(entry.get("fingerprint"), str):
        where += f" ({entry['fingerprint']})"
    unknown = sorted(set(entry) - ENTRY_KEYS)
    if unknown:
        raise HarnessError(f"{where}: unknown key '{unknown[0]}'")
    for key in REQUIRED_KEYS:
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise HarnessError(f"{where}: '{key}' is missing or empty")
    if not FINGERPRINT.match(entry["fingerprint"]):
        raise HarnessError(f"{where}: 'fingerprint' must be 16 lower-case hex digits")
    expires = None
    if entry.get("expires") is not None:
        try:
            expires = parse_date(str(entry["expires"]))
        except ValueError as error:
            raise HarnessError(f"{where}: 'expires' {error}") from None
    return Accepted(entry["fingerprint"], entry["description"], entry["reason"], expires)


def read_pages(run_dir: Path) -> list[dict]:
    """A run folder's checked page states; one line naming the folder when it is not one."""
    pages_file = run_dir / "pages.jsonl"
    if not pages_file.is_file():
        raise HarnessError(f"{run_dir} is not a run folder: it has no pages.jsonl")
    pages = []
    for number, line in enumerate(pages_file.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            pages.append(json.loads(line))
        except json.JSONDecodeError:
            raise HarnessError(f"{pages_file}: line {number} is not JSON") from None
    return pages


def write_baseline(run_dir: Path, out: Path, reason: str, expires: datetime.date | None,
                   today: datetime.date) -> int:
    """Accept every finding of a run; returns how many entries were written."""
    entries = []
    for finding in run_findings(read_pages(run_dir)):
        entry = {"fingerprint": finding["fingerprint"],
                 "description": describe(finding, finding["where"]),
                 "criteria": finding.get("criteria", []), "check": finding.get("check", ""),
                 "where": finding["where"], "reason": reason}
        if expires is not None:
            entry["expires"] = expires.isoformat()
        entries.append(entry)
    data = {"about": ABOUT, "version": BASELINE_VERSION, "created": today.isoformat(),
            "from_run": str(run_dir), "accepted": entries}
    try:
        write_atomically(out, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    except OSError as error:
        raise HarnessError(f"cannot write the baseline {out}: {error.strerror or error}"
                           ) from None
    return len(entries)


@dataclass
class GateResult:
    exit_code: int  # 0 no new failure, 1 new failures, 2 inconclusive
    line: str  # what the gate says, in one line, Vietnamese then English
    new: list[dict] = field(default_factory=list)
    accepted: int = 0
    expired: list[Accepted] = field(default_factory=list)


def judge(run_dir: Path, baseline: Baseline | None, today: datetime.date) -> GateResult:
    """Gate a run folder: each finding not accepted by the baseline is a new failure. The
    list of new failures goes to gate.txt in the run folder."""
    pages = read_pages(run_dir)
    findings = run_findings(pages)
    active = baseline.active(today) if baseline else {}
    expired = baseline.expired(today) if baseline else []
    new = [f for f in findings if f["fingerprint"] not in active]
    accepted = len(findings) - len(new)
    unchecked = [p for p in pages if p.get("status") != "ok"]
    list_path = run_dir / GATE_LIST
    _write_list(list_path, new, accepted, expired)
    expiry_vi = expiry_en = ""
    if expired:
        expiry_vi = f" {len(expired)} mục baseline đã hết hạn nên không còn được chấp nhận."
        expiry_en = (f" {len(expired)} baseline entr{'y' if len(expired) == 1 else 'ies'} "
                     f"expired and no longer count{'s' if len(expired) == 1 else ''}.")
    if new:
        criteria = sorted({c for f in new for c in f.get("criteria", [])})
        said = ", ".join(criteria) or "không tiêu chí"
        line = (f"Cổng kiểm tra: {len(new)} lỗi mới không có trong baseline (tiêu chí {said}); "
                f"danh sách ở {list_path}.{expiry_vi} Gate: {len(new)} new failure"
                f"{'s' if len(new) != 1 else ''} not in the baseline (criteria "
                f"{', '.join(criteria) or 'none'}); the list is in {list_path}.{expiry_en}")
        return GateResult(1, line, new, accepted, expired)
    if not pages or len(unchecked) == len(pages):
        line = ("Cổng kiểm tra không kết luận được: không trang nào được kiểm tra. "
                "Gate inconclusive: no page state could be checked.")
        return GateResult(2, line, new, accepted, expired)
    if unchecked:
        why = unchecked[0].get("reason") or "no reason recorded"
        line = (f"Cổng kiểm tra không kết luận được: {len(unchecked)} trạng thái trang không "
                f"kiểm tra được. Gate inconclusive: {len(unchecked)} page state(s) could not "
                f"be checked ({why}); no new failure among the others.")
        return GateResult(2, line, new, accepted, expired)
    line = (f"Cổng kiểm tra: không có lỗi mới ({accepted} lỗi đã biết được chấp nhận).{expiry_vi}"
            f" Gate: no new failure ({accepted} known issue{'s' if accepted != 1 else ''} "
            f"accepted).{expiry_en}")
    return GateResult(0, line, new, accepted, expired)


def _write_list(path: Path, new: list[dict], accepted: int, expired: list[Accepted]) -> None:
    """The gate's findings in plain lines: new failures first, then expired entries."""
    lines = [f"Lỗi mới / new failures: {len(new)}; "
             f"đã chấp nhận / accepted known issues: {accepted}."]
    lines += [f"- [{f['fingerprint']}] {describe(f, f['where'])}: {f.get('message', '')}"
              for f in new]
    if expired:
        lines.append("Mục baseline hết hạn / expired baseline entries:")
        lines += [f"- [{a.fingerprint}] {a.description} (hết hạn / expired "
                  f"{a.expires.isoformat() if a.expires else ''})" for a in expired]
    write_atomically(path, "\n".join(lines) + "\n")
