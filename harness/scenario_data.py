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


PROFILE_KEYS = ("about", "family", "portal", *REQUIRED_KEYS, "tasks")


def profile_data(path: Path, data_dir: Path = DATA) -> dict:
    """A portal profile: one file with the family data's keys (paths, names, declaration,
    final_submit_endpoints) and its tasks, validated as the family files are (docs/flows.md);
    the synthetic applicant and upload files stay the shipped ones."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise HarnessError(f"portal profile {path} is missing") from None
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or error
        raise HarnessError(f"cannot read portal profile {path}: {reason}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise HarnessError(f"malformed portal profile {path}: {error}") from None
    if not isinstance(data, dict):
        raise HarnessError(f"malformed portal profile {path}: expected a JSON object")
    unknown = [key for key in data if key not in PROFILE_KEYS]
    if unknown:
        raise HarnessError(f"malformed portal profile {path}: unknown key '{unknown[0]}' "
                           f"(keys: {', '.join(PROFILE_KEYS)})")
    missing = [key for key in (*REQUIRED_KEYS, "tasks") if key not in data]
    if missing:
        raise HarnessError(f"malformed portal profile {path}: missing {', '.join(missing)}")
    for key, kind in (("paths", dict), ("names", dict), ("declaration", list),
                      ("final_submit_endpoints", list)):
        if not isinstance(data[key], kind):
            raise HarnessError(f"malformed portal profile {path}: '{key}' must be a JSON "
                               f"{'object' if kind is dict else 'list'}")
    endpoints = data["final_submit_endpoints"]
    if not endpoints or not all(isinstance(e, str) and e for e in endpoints):
        raise HarnessError(f"malformed portal profile {path}: 'final_submit_endpoints' must "
                           "list the addresses (or parts) that send a dossier or pay")
    final = data["names"].get("final_submit")
    if not isinstance(final, str) or not final.strip():  # the live safety rules rest on it
        raise HarnessError(f"malformed portal profile {path}: 'names' must name 'final_submit', "
                           "the control that sends the dossier")
    raw_tasks = {name: task for name, task in _tasks_in(path, data.pop("tasks")).items()
                 if task[1] is not None}
    data["tasks"] = _load_tasks(raw_tasks, data, data_dir)
    if not data["tasks"]:
        raise HarnessError(f"malformed portal profile {path}: 'tasks' has no task to replay")
    return data
