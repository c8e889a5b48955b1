"""Load what scenarios read: the portal family's control names, per-portal overrides, the
synthetic applicant. A malformed file is a one-line error naming the file."""

from __future__ import annotations

import json
from pathlib import Path

from harness.errors import HarnessError

DATA = Path(__file__).resolve().parent.parent / "scenarios" / "data"
DEFAULT_FAMILY = "igate2"
REQUIRED_KEYS = ("paths", "names", "declaration", "final_submit_endpoints")


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise HarnessError(f"scenario data file {path} is missing") from None
    except json.JSONDecodeError as error:
        raise HarnessError(f"malformed scenario data file {path}: {error}") from None
    if not isinstance(data, dict):
        raise HarnessError(f"malformed scenario data file {path}: expected a JSON object")
    return data


def portal_data(family: str | None, slug: str, data_dir: Path = DATA) -> tuple[dict, list[str]]:
    """The family's data with the portal's overrides merged in, and notes for the report."""
    notes = []
    if not family or not (data_dir / f"{family}.json").is_file():
        notes.append(f"platform family {family or 'unknown'}: using the {DEFAULT_FAMILY} "
                     "control names, which may not match this portal")
        family = DEFAULT_FAMILY
    data = _read(data_dir / f"{family}.json")
    override = data_dir / "portals" / f"{slug}.json"
    if override.is_file():
        extra = _read(override)
        for key, value in extra.items():
            data[key] = {**data[key], **value} if isinstance(data.get(key), dict) else value
        notes.append(f"portal overrides from {override.name}")
    missing = [key for key in REQUIRED_KEYS if key not in data]
    if missing:
        raise HarnessError(f"malformed scenario data for {family}: missing {', '.join(missing)}")
    return data, notes


def applicant(data_dir: Path = DATA) -> dict:
    return _read(data_dir / "applicant.json")


def upload_files(data_dir: Path = DATA) -> dict[str, Path]:
    return {"declaration": data_dir / "files" / "to-khai.txt",
            "identity": data_dir / "files" / "cccd.txt"}
