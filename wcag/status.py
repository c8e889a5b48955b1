"""Status step checks: was the user told what an action did?

Blind testers report "status of operations or of the site not announced" on every portal, and
axe never sees it: a toast, a search result count, a login error or a new step of a form appears
after an action. These checks judge one ``StepChange`` (before and after snapshots, what the
announcement recorder heard, where focus went); they never touch the browser.

A message counts as conveyed when a screen reader reliably spoke (roughly) its text, when focus
moved onto or into it, or when it is the description of the newly focused element. Live regions
inserted already holding text do not count: most screen readers stay silent about them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from harness.announcements import message_hints
from harness.snapshot import Node, Snapshot
from harness.step_change import StepChange
from wcag.commons import FIELD_TAGS, fold, is_field, per_subject, visible
from wcag.probe import Check, Outcome, finding_at, run_checks

HERE = Path(__file__).parent
Key = tuple[tuple[str, ...], str]
_RGB = re.compile(r"\d+(?:\.\d+)?")
_WORD = re.compile(r"\w+")


@cache
def data() -> dict:
    return json.loads((HERE / "status.json").read_text(encoding="utf-8"))


# -- what changed --------------------------------------------------------------------------


@dataclass
class _Message:
    """A visible message that appeared: from the after snapshot, or only from the recorder
    (a toast already gone when the snapshot was taken)."""

    text: str
    target: list[str]
    node: Node | None


class _View:
    """The step with its texts and indexes computed once."""

    def __init__(self, change: StepChange) -> None:
        self.change = change
        self.after_text = _visible_texts(change.after)
        self.before_text = _visible_texts(change.before) if change.before else {}
        self.before_by_key = _by_key(change.before) if change.before else {}
        self.after_by_key = _by_key(change.after)
        self.before_seen = {
            (node.tag, self.before_text[id(node)])
            for node in (change.before.nodes if change.before else [])
            if self.before_text.get(id(node))
        }
        self.spoken = [a for a in change.announcements if a.spoken]
        self.focus_node = self._focus_node()

    def text(self, node: Node) -> str:
        return self.after_text.get(id(node), "")

    def before_text_of(self, node: Node) -> str | None:
        """The same element's visible text before the action; None when it did not exist."""
        old = self.before_by_key.get(_key(node))
        return None if old is None else self.before_text.get(id(old), "")

    def is_new(self, node: Node) -> bool:
        """Visible now with text it did not show before (here or in an element like it)."""
        text = self.text(node)
        if self.change.before is None or not text:
            return False
        return self.before_text_of(node) != text and (node.tag, text) not in self.before_seen

    def _focus_node(self) -> Node | None:
        facts = self.change.focus_after
        if facts is None or facts.on_body:
            return None
        return self.after_by_key.get((tuple(facts.frames), facts.selector))

    @property
    def focus_moved(self) -> bool:
        before, after = self.change.focus_before, self.change.focus_after
        return after is not None and (before is None or before.target != after.target)


_view = per_subject(_View)


def _visible_texts(snapshot: Snapshot) -> dict[int, str]:
    """Each node's visible text (as Node.visible_text), computed once bottom-up."""
    texts: dict[int, str] = {}
    for node in reversed(snapshot.nodes):
        if node.tag == "#text":
            texts[id(node)] = " ".join(node.value.split()) if visible(node) else ""
        elif node.tag in ("script", "style", "template"):
            texts[id(node)] = ""
        else:
            parts = (texts.get(id(c), "") for c in node.children)
            texts[id(node)] = " ".join(" ".join(parts).split())
    return texts


def _key(node: Node) -> Key:
    return (node.frames, node.selector)


def _by_key(snapshot: Snapshot) -> dict[Key, Node]:
    found: dict[Key, Node] = {}
    for node in snapshot.nodes:
        if node.tag != "#text":
            found.setdefault(_key(node), node)
    return found


# -- what looks like a message, a field, an error ---------------------------------------------


def _classes(node: Node) -> list[str]:
    return node.attrs.get("class", "").lower().split()


def _class_hint(node: Node, hints: list[str], depth: int = 3) -> bool:
    for level, element in enumerate(node.lineage()):
        if level >= depth or element.tag.startswith("#"):
            break
        if any(hint in cls for cls in _classes(element) for hint in hints):
            return not _holds_control(element)  # a field's wrapper, not a message box
    return False


def _reddish(node: Node) -> bool:
    values = [float(v) for v in _RGB.findall(node.style.get("color", ""))]
    return len(values) >= 3 and values[0] >= 150 and values[1] <= 90 and values[2] <= 90


def _own_text(node: Node) -> bool:
    return any(c.tag == "#text" and c.value.strip() for c in node.children)


def _is_field(node: Node) -> bool:
    return visible(node) and is_field(node)


def _holds_control(node: Node) -> bool:
    controls = FIELD_TAGS | {"button"}
    return any(n.tag in controls for n in (node, *node.descendants()))


def _looks_like_message(view: _View, node: Node) -> bool:
    """A short visible text styled or marked as a message (the recorder's rule, in Python)."""
    if node.tag.startswith("#") or node.tag in ("html", "body") or not visible(node):
        return False
    text = view.text(node)
    if not text or len(text) > message_hints()["max_message_chars"] or _holds_control(node):
        return False
    if any(n.tag == "label" for n in node.lineage()):
        return False  # a field's label turned red with its field: the field's own state
    return (
        _class_hint(node, message_hints()["message_classes"])
        or node.attrs.get("role", "").strip().lower() in data()["message_roles"]
        or node.style.get("position") == "fixed"
        or (_own_text(node) and _reddish(node))
    )


def _looks_like_error(node: Node) -> bool:
    return (
        _class_hint(node, message_hints()["error_classes"])
        or node.attrs.get("role", "").strip().lower() == "alert"
        or any(_reddish(n) and _own_text(n) for n in (node, *node.descendants()))
    )


def _new_messages(view: _View) -> list[_Message]:
    """Messages that appeared: new in the after snapshot (outermost only), then the recorder's
    "appeared" records of messages no longer there (a toast gone in three seconds)."""
    found: list[_Message] = []
    if view.change.before is not None and view.change.same_page:
        nodes = [
            n for n in view.change.after.nodes if _looks_like_message(view, n) and view.is_new(n)
        ]
        outermost = [n for n in nodes if not any(a in nodes for a in n.ancestors())]
        found = [_Message(view.text(n), n.target, n) for n in outermost]
    targets = {tuple(m.target) for m in found}
    for record in view.change.announcements:
        if record.kind != "appeared" or tuple(record.target) in targets:
            continue
        node = view.after_by_key.get((tuple(record.target[:-1]), record.target[-1]))
        if node is not None and any(m.node is not None and m.node in node.lineage() for m in found):
            continue  # part of a message already listed
        targets.add(tuple(record.target))
        found.append(_Message(record.text, record.target, node))
    return found


def _same_words(said: str, shown: str) -> bool:
    """Roughly the same text: one inside the other, or most of the shown words were said."""
    a, b = fold(said, keep_tones=True), fold(shown, keep_tones=True)
    if a and b and (a in b or b in a):
        return True
    shown_words = set(_WORD.findall(b))
    said_words = set(_WORD.findall(a))
    return bool(shown_words) and len(shown_words & said_words) >= data()["match_ratio"] * len(
        shown_words
    )


def _referenced_ids(node: Node) -> set[str]:
    ids = f"{node.attrs.get('aria-describedby', '')} {node.attrs.get('aria-errormessage', '')}"
    return set(ids.split())


def _describes(field: Node, message: Node, text: str, view: _View) -> bool:
    """The field points at the message (aria-describedby, aria-errormessage) or its computed
    description carries the message's text."""
    if field.ax and field.ax.description and _same_words(field.ax.description, text):
        return True
    ids = _referenced_ids(field)
    related = [*message.lineage(), *message.descendants()]
    return any(n.attrs.get("id") in ids for n in related if n.attrs.get("id")) and bool(
        view.text(message)
    )


def _invalid(field: Node) -> bool:
    return bool(field.ax and "invalid" in field.ax.states)


def _field_group(node: Node) -> list[Node]:
    """The fields a message sits next to: those of the nearest ancestor (up to a few levels,
    never past its form) that holds any."""
    for level, ancestor in enumerate(node.ancestors()):
        if level >= data()["group_levels"] or ancestor.tag.startswith("#"):
            break
        fields = [n for n in ancestor.descendants() if _is_field(n)]
        if fields or ancestor.tag == "form":
            return fields
    return []


# -- the checks ------------------------------------------------------------------------------


def _conveyed(view: _View, message: _Message) -> bool:
    if any(_same_words(a.text, message.text) for a in view.spoken):
        return True
    change = view.change
    if change.new_document and _same_words(change.after.title, message.text):
        return True
    focus = view.focus_node
    if focus is None or message.node is None:
        return False
    if focus is message.node or message.node in focus.ancestors():
        return True
    if view.focus_moved and message.node in focus.descendants():
        return True
    return _describes(focus, message.node, message.text, view)


def _excused_field_error(view: _View, message: _Message) -> bool:
    """An error tied to an invalid field, on a step that told the user something (focus went
    to an invalid field or an error summary, or something was spoken): the user meets it on
    the field, as the error-summary and first-invalid-field patterns intend."""
    if message.node is None:
        return False
    fields = [f for f in _field_group(message.node) if _describes(f, message.node, message.text,
                                                                  view)]
    if not fields or not all(_invalid(f) for f in fields):
        return False
    told = bool(view.spoken) or (
        view.focus_moved and view.focus_node is not None
        and (_invalid(view.focus_node) or _looks_like_error(view.focus_node))
    )
    return told


def status_not_announced(change: StepChange) -> Outcome:
    view = _view(change)
    outcome = Outcome("status-not-announced")
    for message in _new_messages(view):
        outcome.applicable = True
        if _conveyed(view, message) or _excused_field_error(view, message):
            continue
        how = "was spoken, focus stayed" if view.focus_node is not None else "was spoken"
        text = f"After {view.change.action!r} the message {message.text[:120]!r} appeared, but " \
               f"nothing {how} where it was, and it is not in a live region that spoke it."
        if message.node is not None:
            outcome.fail(message.node, text)
        else:
            outcome.findings.append(finding_at(outcome.check_id, message.target, "", text))
    return outcome


def error_not_associated(change: StepChange) -> Outcome:
    view = _view(change)
    outcome = Outcome("error-not-associated")
    reported: set[int] = set()
    for message in _new_messages(view):
        node = message.node
        if node is None or not _looks_like_error(node):
            continue
        fields = _field_group(node)
        if not fields:
            continue  # not next to any field: a status message, judged by status-not-announced
        outcome.applicable = True
        tied = [f for f in fields if _describes(f, node, message.text, view)]
        reported.update(id(f) for f in fields)
        if len(fields) == 1:
            field = fields[0]
            if not tied or not _invalid(field):
                missing = "aria-invalid" if tied else "a reference to it (aria-describedby)"
                outcome.fail(node, f"The error {message.text[:120]!r} is shown next to a field "
                                   f"that lacks {missing}: the field does not say it is wrong.")
        elif not tied and not any(_invalid(f) for f in fields):
            outcome.fail(node, f"The error {message.text[:120]!r} is shown in the form, but no "
                               "field is marked invalid or refers to it.")
    for field in _newly_flagged_fields(view):
        outcome.applicable = True
        if id(field) in reported or _invalid(field):
            continue
        outcome.fail(field, "The field was marked as wrong by colour or border only: it is not "
                            "aria-invalid and no error text is tied to it.")
    return outcome


def _field_error_class(node: Node) -> bool:
    tokens = message_hints()["field_error_classes"]
    for level, element in enumerate(node.lineage()):
        if level >= 3 or element.tag.startswith("#"):
            break
        classes = set(_classes(element))
        if any(set(token.split(".")) <= classes for token in tokens):
            return True
    return False


def _newly_flagged_fields(view: _View) -> list[Node]:
    """Fields that gained an error class (red border) with this action."""
    if view.change.before is None:
        return []
    found = []
    for node in view.change.after.nodes:
        if not _is_field(node) or not _field_error_class(node):
            continue
        old = view.before_by_key.get(_key(node))
        if old is None or not _field_error_class(old):
            found.append(node)
    return found


def focus_lost_after_action(change: StepChange) -> Outcome:
    view = _view(change)
    outcome = Outcome("focus-lost-after-action")
    before, after = change.focus_before, change.focus_after
    if change.new_document or change.before is None or before is None or after is None:
        return outcome
    if before.on_body or change.action in data()["moving_actions"]:
        return outcome
    outcome.applicable = True
    lost = after.on_body or not after.visible
    if not lost:
        return outcome
    old = view.before_by_key.get((tuple(before.frames), before.selector))
    now = view.after_by_key.get((tuple(before.frames), before.selector))
    gone = now is None or not visible(now)
    changed = any(view.before_text_of(n) != view.text(n) for n in _change_roots(view))
    if gone or changed:
        where = "the page body" if after.on_body else "an element that is no longer shown"
        outcome.fail(old, f"After {change.action!r} the page changed and focus fell to {where}: "
                          "a screen-reader user is not told what happened and must search for "
                          "the new content from the top.")
    return outcome


def _change_roots(view: _View) -> list[Node]:
    """The elements where the visible change of this step is concentrated: each newly shown
    element, or each element whose children changed together (a list or table redrawn)."""
    if view.change.before is None:
        return []
    roots: list[Node] = []

    def changed(node: Node) -> bool:
        """Shows text it did not show before; text that only moved (an element before it was
        removed, so its selector shifted) is not new to the user."""
        text = view.text(node)
        return text != view.before_text_of(node) and (node.tag, text) not in view.before_seen

    def visit(node: Node) -> None:
        if not changed(node):
            return
        if not view.before_text_of(node):
            roots.append(node)  # new, or shown where it was hidden or empty
            return
        kids = [c for c in node.children if c.tag != "#text" and changed(c) and view.text(c)]
        old = view.before_by_key.get(_key(node))
        direct_changed = old is None or _direct_text(node) != _direct_text(old)
        if len(kids) == 1 and not direct_changed:
            visit(kids[0])
        elif not kids or direct_changed or len({(c.tag, c.attrs.get("class")) for c in kids}) == 1:
            roots.append(node)
        else:
            for kid in kids:
                visit(kid)

    for top in view.change.after.nodes:
        if top.parent is None:
            visit(top)
    return roots


def _direct_text(node: Node) -> str:
    return " ".join(" ".join(c.value for c in node.children if c.tag == "#text").split())


def step_change_not_conveyed(change: StepChange) -> Outcome:
    view = _view(change)
    outcome = Outcome("step-change-not-conveyed")
    if change.new_document or change.before is None or _only_moving(change.action):
        return outcome
    regions = [
        n for n in _change_roots(view)
        if len(view.text(n)) >= message_hints()["min_region_chars"]
        and not _looks_like_message(view, n)
    ]
    focus = view.focus_node
    taken_to_new = view.focus_moved and focus is not None and any(
        root is focus or root in focus.ancestors() for root in _change_roots(view)
    )
    for region in regions:
        outcome.applicable = True
        if focus is not None and (focus is region or region in focus.ancestors()):
            continue
        if view.spoken or taken_to_new or _expanded_by_action(view):
            continue  # the user was told, or taken to the step's main new content
        outcome.fail(region, f"After {change.action!r} this content changed "
                             f"({view.text(region)[:80]!r}…), but focus did not move to it and "
                             "nothing was announced.")
    return outcome


def _only_moving(action: str) -> bool:
    return action in data()["moving_actions"] or action.startswith(data()["typing_action_prefix"])


def _expanded_by_action(view: _View) -> bool:
    """The focused control now says "expanded": the new content is conveyed by its state."""
    focus = view.focus_node
    if focus is None or focus.ax is None or "expanded" not in focus.ax.states:
        return False
    old = view.before_by_key.get(_key(focus))
    return old is None or old.ax is None or "expanded" not in old.ax.states


STEP_CHECKS: dict[str, Check] = {
    "status-not-announced": status_not_announced,
    "error-not-associated": error_not_associated,
    "focus-lost-after-action": focus_lost_after_action,
    "step-change-not-conveyed": step_change_not_conveyed,
}
CHECK_IDS = tuple(STEP_CHECKS)


def evaluate_step(change: StepChange) -> list[Outcome]:
    """One outcome per status check for what one action changed."""
    return run_checks(STEP_CHECKS, change)
