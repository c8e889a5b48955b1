"""Load what scenarios read: the portal family's control names and task flows, per-portal
overrides, the synthetic applicant. A malformed file is a one-line error naming the file."""

from __future__ import annotations

import json
from pathlib import Path

from harness.errors import HarnessError
from harness.flow import Known, Task, load_task

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
    flows = data_dir / "flows" / f"{family}.json"
    raw_tasks = _tasks_in(flows, _flow_file(flows)) if flows.is_file() else {}
    override = data_dir / "portals" / f"{slug}.json"
    if override.is_file():
        extra = _read(override)
        if "tasks" in extra:  # a task given here replaces the family's whole task
            raw_tasks.update(_tasks_in(override, extra.pop("tasks")))
        for key, value in extra.items():
            data[key] = {**data[key], **value} if isinstance(data.get(key), dict) else value
        notes.append(f"portal overrides from {override.name}")
    missing = [key for key in REQUIRED_KEYS if key not in data]
    if missing:
        raise HarnessError(f"malformed scenario data for {family}: missing {', '.join(missing)}")
    data["tasks"] = _load_tasks(raw_tasks, data, data_dir)
    return data, notes


def _flow_file(path: Path) -> object:
    """A family's flow file: {"about": ..., "tasks": {...}}."""
    raw = _read(path)
    unknown = [key for key in raw if key not in ("about", "tasks")]
    if unknown:
        raise HarnessError(f"malformed flow in {path}: unknown key '{unknown[0]}' (keys: about, "
                           "tasks)")
    return raw.get("tasks")


def _tasks_in(path: Path, tasks: object) -> dict[str, tuple[Path, object]]:
    """Each task of a "tasks" object with the file it came from, for the error messages."""
    if not isinstance(tasks, dict) or not tasks:
        raise HarnessError(f"malformed flow in {path}: 'tasks' must be an object of tasks "
                           "keyed by name")
    return {name: (path, task) for name, task in tasks.items()}


def _load_tasks(raw_tasks: dict[str, tuple[Path, object]], data: dict,
                data_dir: Path) -> dict[str, Task]:
    """Validate every task against the merged names and paths; a task set to null by a
    portal is dropped (that portal does not offer it)."""
    if not raw_tasks:
        return {}
    people = data_dir / "applicant.json"
    known = Known(names=data["names"], paths=data["paths"],
                  applicant=frozenset(_read(people)) if people.is_file() else None,
                  files=frozenset(upload_files(data_dir)), declaration=data["declaration"])
    tasks: dict[str, Task] = {}
    for name, (source, raw) in raw_tasks.items():
        if raw is not None:
            tasks[name] = load_task(source, name, raw, known)
    return tasks


def applicant(data_dir: Path = DATA) -> dict:
    return _read(data_dir / "applicant.json")


def upload_files(data_dir: Path = DATA) -> dict[str, Path]:
    return {"declaration": data_dir / "files" / "to-khai.txt",
            "identity": data_dir / "files" / "cccd.txt"}
