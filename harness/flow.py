"""A task's flow as data: ordered steps of actions, checked before a run and played on a Scenario.

Testers describe how a task goes on a platform family in scenarios/data/flows/<family>.json
(and may replace a task for one portal in scenarios/data/portals/<slug>.json), so a portal whose
flow differs needs a data file, not code (docs/flows.md). A malformed flow is refused before
anything runs, in one line naming the file, the task, the step and the reason. A valid flow is
played only through the Scenario API, so the keyboard rules and live safety hold whatever a flow
says: the family's final submit is reachable only through `final_submit`, which a live run never
presses.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.control_match import normal
from harness.errors import HarnessError

if TYPE_CHECKING:
    from harness.scenario import Scenario

FINAL_SUBMIT = "final_submit"  # the family's name for the control that sends a dossier
REQUIRED = object()
ROLES = frozenset({"link", "button", "textbox", "searchbox", "combobox", "listbox", "checkbox",
                   "radio", "spinbutton", "tab", "menuitem", "option", "switch"})
# a field typed into or a box ticked is never a button: typing a space into a focused button
# would press it, behind final_submit's back
FIELD_ROLES = frozenset({"textbox", "searchbox", "combobox", "spinbutton"})
TICK_ROLES = frozenset({"radio", "checkbox", "switch"})
KEYS = ("Enter", "Escape")
LOGIN_NAMES = ("login_id", "login_password", "login_captcha")
DECLARATION_KINDS = ("text", "date", "choice", "check")
TASK_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # a command-line choice and a folder name
COMMENT = "note"  # free text for the reader, allowed on a task, a step and an action


@dataclass(frozen=True)
class Verb:
    """One action a flow may ask for: the kind of its own argument, and its options as
    (kind, default) with REQUIRED where the option must be given."""

    main: str
    options: dict[str, tuple[str, Any]] = field(default_factory=dict)


# kinds: control (a name a screen reader hears: literal or {"name": key}), text (the same, for
# text that must appear), value (also {"applicant": key}), role ("a|b"), entry (a key of the
# family's paths), key (a key to press), file (an upload file key), flag (true/false), none.
# An option is never named like a verb: the verb is the one key of an action that is a verb.
VERBS: dict[str, Verb] = {
    "open": Verb("entry"),
    "activate": Verb("control", {"role": ("role", "link|button"), "expect": ("text", "")}),
    "fill": Verb("control", {"text": ("value", REQUIRED),
                             "role": ("field-role", "textbox|searchbox|combobox")}),
    "press": Verb("key"),
    "login": Verb("control", {"rehearse_error": ("flag", False)}),
    "declaration": Verb("none"),
    "choose": Verb("control", {"option": ("value", REQUIRED)}),
    "date": Verb("control", {"value": ("value", REQUIRED)}),
    "check": Verb("control", {"role": ("tick-role", "radio|checkbox")}),
    "upload": Verb("control", {"file": ("file", REQUIRED)}),
    "dialog": Verb("control", {"close": ("control", REQUIRED), "then": ("control", REQUIRED),
                               "then_role": ("role", "")}),
    "captcha": Verb("control"),
    "try_submit": Verb("control", {"role": ("role", "button")}),
    "final_submit": Verb("control", {"expect": ("text", REQUIRED)}),
    "listen": Verb("text"),
}


@dataclass(frozen=True)
class Action:
    verb: str
    args: dict[str, Any]  # "main" and every option, defaults filled in, references unresolved


@dataclass(frozen=True)
class Step:
    name: str  # the tester's protocol line
    actions: tuple[Action, ...]


@dataclass(frozen=True)
class Task:
    """A scenario built from data: NAME, TITLE and run(scenario), as the replay expects."""

    NAME: str
    TITLE: str
    steps: tuple[Step, ...]
    source: Path

    def run(self, s: Scenario) -> None:
        """Play each step as a named step of the scenario, its actions in order."""
        for step in self.steps:
            with s.step(step.name):
                for action in step.actions:
                    resolved = {key: _resolve(s, value) for key, value in action.args.items()}
                    PERFORM[action.verb](s, resolved)


@dataclass(frozen=True)
class Known:
    """What a flow may refer to: the merged family data and the synthetic applicant."""

    names: Mapping[str, str]
    paths: Mapping[str, str]
    applicant: frozenset[str] | None  # None: not checked
    files: frozenset[str]
    declaration: object  # the family's declaration fields, checked where a flow fills them


class FlowError(Exception):
    """A reason, raised inside validation and turned into one HarnessError line."""


def load_task(source: Path, name: str, raw: object, known: Known) -> Task:
    """Validate one task of `source`; every problem is one line naming file, task and step."""
    where = f"malformed flow in {source}: task '{_one_line(name)}'"
    if not TASK_NAME.fullmatch(name):
        raise HarnessError(f"{where}: a task's name is lowercase letters, digits and hyphens "
                           "(it names the task on the command line and in the results)")
    try:
        title, raw_steps = _task_parts(raw)
    except FlowError as error:
        raise HarnessError(f"{where}: {error}") from None
    steps: list[Step] = []
    sent = False  # an earlier step sent the dossier
    after_captcha = False
    for number, raw_step in enumerate(raw_steps, 1):
        label = raw_step.get("step") if isinstance(raw_step, dict) else None
        step_where = f"{where}, step {number}" + (
            f" '{_one_line(label)}'" if isinstance(label, str) else "")
        try:
            step, after_captcha = _step(raw_step, known, sent, after_captcha)
        except FlowError as error:
            raise HarnessError(f"{step_where}: {error}") from None
        sent = sent or any(action.verb == "final_submit" for action in step.actions)
        steps.append(step)
    return Task(name, title, tuple(steps), source)


def _task_parts(raw: object) -> tuple[str, list]:
    if not isinstance(raw, dict):
        raise FlowError("a task must be an object with 'title' and 'steps'")
    _no_unknown(raw, {"title", "steps", COMMENT}, "task")
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        raise FlowError("'title' must be a non-empty text")
    steps = raw.get("steps")
    if not isinstance(steps, list) or not steps:
        raise FlowError("'steps' must be a non-empty list")
    return title, steps


def _step(raw: object, known: Known, sent: bool, after_captcha: bool) -> tuple[Step, bool]:
    """One step; `sent`: an earlier step sent the dossier, so only listening may follow."""
    if not isinstance(raw, dict):
        raise FlowError("a step must be an object with 'step' and 'actions'")
    _no_unknown(raw, {"step", "actions", COMMENT}, "step")
    name = raw.get("step")
    if not isinstance(name, str) or not name.strip():
        raise FlowError("'step' must name the step in a non-empty text")
    raw_actions = raw.get("actions")
    if not isinstance(raw_actions, list) or not raw_actions:
        raise FlowError("empty step: 'actions' must list at least one action")
    actions: list[Action] = []
    for number, raw_action in enumerate(raw_actions, 1):
        try:
            action = _action(raw_action, known)
            previous = actions[-1].verb if actions else ""
            _order(action, previous, sent, after_captcha)
        except FlowError as error:
            raise FlowError(f"action {number}: {error}") from None
        after_captcha = after_captcha or action.verb == "captcha"
        if any(a.verb == "final_submit" for a in actions):
            raise FlowError(f"action {number}: final_submit must be the last action of its "
                            "step (nothing may be done after the dossier is sent)")
        actions.append(action)
    return Step(name, tuple(actions)), after_captcha


def _order(action: Action, previous: str, sent: bool, after_captcha: bool) -> None:
    """The rules that keep a flow from sending a form behind final_submit's back."""
    if sent and action.verb != "listen":
        raise FlowError(f"'{action.verb}' after the final_submit: once the dossier is sent, a "
                        "flow may only listen for the result ('listen')")
    if action.verb == "press" and action.args["main"] == "Enter":
        if previous != "fill":
            raise FlowError("'press Enter' must directly follow a 'fill' (sending a search "
                            "box); elsewhere use 'activate' on the control")
        if after_captcha:
            raise FlowError("'press Enter' after a 'captcha' could send the form past "
                            "final_submit; use 'activate' or 'final_submit'")


def _action(raw: object, known: Known) -> Action:
    if not isinstance(raw, dict):
        raise FlowError(f"an action must be an object such as {{\"activate\": ...}}, not "
                        f"{_shown(raw)}")
    verbs = [key for key in raw if key in VERBS]
    if not verbs:
        raise FlowError(f"no action verb among {_keys(raw)} (one of: {', '.join(VERBS)})")
    if len(verbs) > 1:
        raise FlowError(f"two verbs '{verbs[0]}' and '{verbs[1]}' in one action; give each "
                        "its own")
    verb = verbs[0]
    spec = VERBS[verb]
    unknown = [key for key in raw if key not in (verb, COMMENT, *spec.options)]
    if unknown:
        allowed = ", ".join(spec.options) or "none"
        raise FlowError(f"'{verb}' takes no option '{_one_line(unknown[0])}' (options: "
                        f"{allowed})")
    args = {"main": _argument(verb, verb, spec.main, raw[verb], known)}
    for option, (kind, default) in spec.options.items():
        if option not in raw:
            if default is REQUIRED:
                raise FlowError(f"'{verb}' needs '{option}'")
            args[option] = default
            continue
        args[option] = _argument(verb, option, kind, raw[option], known)
    if verb == "login":
        missing = [key for key in LOGIN_NAMES if key not in known.names]
        if missing:
            raise FlowError(f"'login' needs the names {', '.join(missing)} in the family's "
                            "'names'")
    if verb == "declaration":
        _declaration(known.declaration)
    return Action(verb, args)


def _argument(verb: str, option: str, kind: str, value: object, known: Known) -> Any:
    """Check one argument against its kind; references stay unresolved until the run."""
    what = f"'{verb}'" if option == verb else f"'{option}' of '{verb}'"
    if kind == "none":
        if value is not True:
            raise FlowError(f"{what} takes no argument: write true")
        return True
    if kind == "flag":
        if not isinstance(value, bool):
            raise FlowError(f"{what} must be true or false, not {_shown(value)}")
        return value
    if kind in ("entry", "key", "file", "role", "field-role", "tick-role"):
        if not isinstance(value, str):
            raise FlowError(f"{what} must be a text, not {_shown(value)}")
        allowed = {"entry": known.paths, "key": KEYS, "file": known.files}.get(kind)
        if kind.endswith("role"):
            roles = {"field-role": FIELD_ROLES, "tick-role": TICK_ROLES}.get(kind, ROLES)
            bad = [role for role in value.split("|") if role not in roles]
            if bad or not value:
                raise FlowError(f"{what}: unknown role '{_one_line(value)}' (roles: "
                                f"{'|'.join(sorted(roles))})")
        elif value not in (allowed or ()):
            raise FlowError(f"{what}: unknown {kind} '{_one_line(value)}' (one of: "
                            f"{', '.join(allowed or ())})")
        return value
    references = {"name"} | ({"applicant"} if kind == "value" else set())
    if isinstance(value, dict):
        if len(value) != 1 or next(iter(value)) not in references:
            raise FlowError(f"{what}: a reference is {{\"name\": KEY}}"
                            + (" or {\"applicant\": KEY}" if kind == "value" else "")
                            + f", not {_shown(value)}")
        (source, key), = value.items()
        if not isinstance(key, str):
            raise FlowError(f"{what}: the key of {{\"{source}\": ...}} must be a text")
        if source == "name" and key not in known.names:
            raise FlowError(f"{what}: unknown name '{_one_line(key)}' (not in the family's "
                            "'names')")
        if source == "applicant" and known.applicant is not None and key not in known.applicant:
            raise FlowError(f"{what}: unknown applicant field '{_one_line(key)}'")
        if kind == "control" and source == "name" and key == FINAL_SUBMIT and (
                verb != "final_submit"):
            raise FlowError(f"{what}: the final submit control may only be used by "
                            "'final_submit', which a live run never presses")
        return {source: key}
    if not isinstance(value, str) or not value.strip():
        raise FlowError(f"{what} must be a non-empty text or a reference, not {_shown(value)}")
    if kind == "control" and verb != "final_submit" and _may_reach_final_submit(value, known):
        raise FlowError(f"{what}: '{_one_line(value)}' could reach the final submit control "
                        f"'{known.names[FINAL_SUBMIT]}', which only 'final_submit' may use")
    return value


def _may_reach_final_submit(control: str, known: Known) -> bool:
    """Would Tab stop on the final submit for this name? Names match as substrings of what a
    screen reader hears, so any alternative found within the final submit's name would."""
    final = known.names.get(FINAL_SUBMIT)
    if not isinstance(final, str):
        return False
    heard = [normal(name) for name in final.split("|") if name.strip()]
    return any(normal(alternative) in name
               for alternative in control.split("|") if alternative.strip() for name in heard)


def _declaration(fields: object) -> None:
    """The declaration comes from the family's data: check it where a flow asks for it."""
    if not isinstance(fields, list):
        raise FlowError("'declaration': the family's 'declaration' must be a list of fields")
    for number, item in enumerate(fields, 1):
        if not (isinstance(item, dict) and isinstance(item.get("label"), str)
                and item.get("kind") in DECLARATION_KINDS):
            raise FlowError(f"'declaration': field {number} of the family's 'declaration' "
                            f"needs a 'label' and a 'kind' ({', '.join(DECLARATION_KINDS)})")


def _no_unknown(raw: dict, allowed: set[str], what: str) -> None:
    unknown = [key for key in raw if key not in allowed]
    if unknown:
        raise FlowError(f"unknown key '{_one_line(unknown[0])}' in a {what} (keys: "
                        f"{', '.join(sorted(allowed))})")


# -- playing ---------------------------------------------------------------------------------


def _resolve(s: Scenario, value: Any) -> Any:
    if isinstance(value, dict):
        (source, key), = value.items()
        return s.ctx.names[key] if source == "name" else s.ctx.applicant[key]
    return value


def fill_declaration(s: Scenario) -> None:
    """Fill the declaration's fields in order, as the family's data file lists them."""
    for item in s.ctx.declaration:
        value = s.ctx.applicant.get(item.get("value", ""), "")
        if item["kind"] == "text":
            s.fill(item["label"], value)
        elif item["kind"] == "date":
            s.type_date(item["label"], value)
        elif item["kind"] == "choice":
            s.choose(item["label"], value)
        else:
            s.check(item["label"])


def listen(s: Scenario, text: str) -> None:
    """Listen for the result: the step fails when the text never appears."""
    if not s.expect_text(text):
        s.fail_step(f"'{text}' never appeared")


PERFORM: dict[str, Callable[[Scenario, dict[str, Any]], object]] = {
    "open": lambda s, a: s.open(a["main"]),
    "activate": lambda s, a: s.activate(a["main"], a["role"], expect=a["expect"]),
    "fill": lambda s, a: s.fill(a["main"], a["text"], a["role"]),
    "press": lambda s, a: s.press(a["main"]),
    "login": lambda s, a: s.login(a["main"], rehearse_error=a["rehearse_error"]),
    "declaration": lambda s, a: fill_declaration(s),
    "choose": lambda s, a: s.choose(a["main"], a["option"]),
    "date": lambda s, a: s.type_date(a["main"], a["value"]),
    "check": lambda s, a: s.check(a["main"], a["role"]),
    "upload": lambda s, a: s.upload(a["main"], s.ctx.files[a["file"]]),
    "dialog": lambda s, a: s.visit_dialog(a["main"], a["close"], then=a["then"],
                                          then_role=a["then_role"]),
    "captcha": lambda s, a: s.captcha(a["main"]),
    "try_submit": lambda s, a: s.try_submit(a["main"], a["role"]),
    "final_submit": lambda s, a: s.final_submit(a["main"], expect=a["expect"]),
    "listen": lambda s, a: listen(s, a["main"]),
}


def _one_line(text: object) -> str:
    """Text from a file, made safe for a one-line message."""
    return " ".join(str(text).split())[:80]


def _shown(value: object) -> str:
    return _one_line(json.dumps(value, ensure_ascii=False))


def _keys(raw: dict) -> str:
    return ", ".join(f"'{_one_line(key)}'" for key in raw) or "no keys"
