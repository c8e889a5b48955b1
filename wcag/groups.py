"""Radio buttons and check boxes that answer one question, with the question left out of what a
screen reader says. Each option has its own label, so axe is satisfied; but a user who tabs
into the group hears "Có, nút radio, 1 trên 2" and never the question ("Anh/chị có cần bản
sao không?"), which a sighted user reads above the options. The question must be the group's
accessible name (a fieldset with a legend, role=radiogroup or role=group with a name) or reach
each option through aria-labelledby or aria-describedby (WCAG techniques H71, ARIA17).

A group is what the browser groups: native radios sharing a name in one form (arrow keys move
among them and Chromium says "1 of 2"), ARIA radios in one container, check boxes sharing a
name. A single check box ("Tôi đồng ý") is a question of its own and needs no group; options in
a table cell take their question from the column or row header, and are left alone.
"""

from __future__ import annotations

from collections import defaultdict

from harness.snapshot import Node, Snapshot
from wcag.commons import FIELD_ROLES, form_of, in_table_cell, met, reading_order, visible
from wcag.probe import Check, Outcome

CHECK_ID = "choice-group-unnamed"
GROUP_ROLES = frozenset({"radiogroup", "group"})
STOP_TAGS = frozenset({"form", "body", "#document"})
QUESTION_SEPARATORS = (":", " - ", " – ", "?")
CAPTION_LEVELS = 2  # how far above the options' common container their question is looked for
REGION_TAGS = frozenset({
    "form", "fieldset", "main", "body", "section", "article", "aside", "nav", "header",
    "footer", "dialog", "#document",
})
CONTROL_TAGS = frozenset({"input", "select", "textarea", "button"})
CONTROL_ROLES = FIELD_ROLES | {"button", "link"}


def choice_group_unnamed(snapshot: Snapshot) -> Outcome:
    outcome = Outcome(CHECK_ID)
    order = list(reading_order(snapshot))
    for kind, members in _groups(snapshot):
        outcome.applicable = True
        if _has_question(snapshot, members):
            continue
        if not _caption_before(order, members):
            outcome.review = outcome.review or (
                f"{len(members)} {kind} options ({_names(members)}) have no group name and no "
                "visible question before them: whether the page says what they answer needs a "
                "person"
            )
            continue
        outcome.fail(
            members[0],
            f"{len(members)} {kind} options ({_names(members)}) answer one question, but no group "
            "around them carries it (no fieldset with a legend, no named radiogroup or group, "
            f"no aria-labelledby or aria-describedby): a screen reader says {_heard(kind, members)}"
            " without the question.",
        )
    return outcome


def _names(members: list[Node]) -> str:
    names = ", ".join(f'"{m.ax.name}"' if m.ax.name else "(no name)" for m in members[:4])
    return names + (f" and {len(members) - 4} more" if len(members) > 4 else "")


def _heard(kind: str, members: list[Node]) -> str:
    """What a screen reader says on the first option, in English and Vietnamese."""
    name = members[0].ax.name
    english, vietnamese = ("radio button", "nút radio") if kind == "radio" else (
        "check box", "hộp kiểm")
    position = (f", 1 of {len(members)}", f", 1 trên {len(members)}") if kind == "radio" else (
        "", "")
    said = [", ".join(p for p in (name, word) if p) + pos
            for word, pos in ((english, position[0]), (vietnamese, position[1]))]
    return f'"{said[0]}" ("{said[1]}")'


def _caption_before(order: list[Node], members: list[Node]) -> bool:
    """Whether the page shows text just before the options, in their own block, that is not
    another control's label: the question a sighted user reads and a screen reader does not
    tie to them. Without one, no information is lost to the markup (options standing alone, or
    a question asked elsewhere), and nothing is failed."""
    region = _common_ancestor(members)
    for _ in range(CAPTION_LEVELS):
        if region.tag in REGION_TAGS or region.parent is None:
            break
        region = region.parent
    ids = {id(m) for m in members}
    start = next(i for i, n in enumerate(order) if id(n) in ids)
    for node in reversed(order[:start]):
        if region not in node.lineage():
            return False
        if node.tag == "#text":
            if not any(c.isalnum() for c in node.value) or not visible(node):
                continue
            owner = _labelled_control(node)
            if owner is None:
                return True
            if id(owner) not in ids:
                return False  # the text before is another field's label: no question here
        elif _is_control(node) and id(node) not in ids:
            return False
    return False


def _is_control(node: Node) -> bool:
    """A control the user meets (a hidden input or one out of layout is not)."""
    if node.tag in CONTROL_TAGS:
        return node.rendered and node.attrs.get("type", "").lower() != "hidden"
    return met(node) and node.ax.role in CONTROL_ROLES


def _common_ancestor(members: list[Node]) -> Node:
    lineages = [list(m.lineage()) for m in members]
    shared = set.intersection(*(set(map(id, line)) for line in lineages[1:]))
    return next(a for a in lineages[0] if id(a) in shared)


def _labelled_control(text: Node) -> Node | None:
    """The control a text belongs to: a label's control, or the control it sits in."""
    for ancestor in text.ancestors():
        if _is_control(ancestor):
            return ancestor
        if ancestor.tag == "label":
            inner = next((d for d in ancestor.descendants() if d.tag in CONTROL_TAGS), None)
            if inner is not None:
                return inner
            target = ancestor.attrs.get("for")
            if target:
                root = next(a for a in ancestor.lineage() if a.tag == "#document" or not a.parent)
                return next(
                    (d for d in root.descendants() if d.attrs.get("id") == target), None
                )
            return None
    return None


def _groups(snapshot: Snapshot) -> list[tuple[str, list[Node]]]:
    """The radio and check box groups of the page, in reading order, two or more options each."""
    groups: dict[tuple, list[Node]] = defaultdict(list)
    kinds: dict[tuple, str] = {}
    for node in reading_order(snapshot):
        if not met(node) or node.ax.role not in ("radio", "checkbox"):
            continue
        if in_table_cell(node):
            continue
        key = _group_key(node)
        if key is None:
            continue
        groups[key].append(node)
        kinds[key] = node.ax.role
    return [(kinds[k], members) for k, members in groups.items() if len(members) >= 2]


def _group_key(node: Node) -> tuple | None:
    """What ties an option to its siblings: a native input's name within its form, or, for an
    ARIA radio, its radiogroup or the nearest container holding another ARIA radio."""
    if node.tag == "input":
        name = node.attrs.get("name", "").strip()
        if not name:
            return None
        return (node.ax.role, node.frames, id(form_of(node)), name)
    if node.ax.role != "radio":
        return None  # ARIA check boxes share no name: each is its own question
    for ancestor in node.ancestors():
        if ancestor.ax is not None and ancestor.ax.role == "radiogroup":
            return ("radio", id(ancestor))
        if any(
            d is not node and d.tag != "input" and d.ax is not None and d.ax.role == "radio"
            for d in ancestor.descendants()
        ):
            return ("radio", id(ancestor))
    return None


def _has_question(snapshot: Snapshot, members: list[Node]) -> bool:
    """Every option is inside a named group, or all reach one shared question."""
    if all(_named_group(m) is not None for m in members):
        return True
    shared = set.intersection(*(_references(m) for m in members))
    if any(
        (target := snapshot.by_html_id(ref, members[0].frames)) is not None
        and target.text().strip()
        for ref in shared
    ):
        return True
    descriptions = {m.ax.description for m in members}
    if len(descriptions) == 1 and next(iter(descriptions)):
        return True
    return _shared_question_in_names([m.ax.name for m in members])


def _named_group(node: Node) -> Node | None:
    for ancestor in node.ancestors():
        if ancestor.tag in STOP_TAGS:
            return None
        if ancestor.ax is not None and not ancestor.ax.ignored and (
            ancestor.ax.role in GROUP_ROLES and ancestor.ax.name.strip()
        ):
            return ancestor
    return None


def _references(node: Node) -> set[str]:
    return set(
        node.attrs.get("aria-labelledby", "").split()
        + node.attrs.get("aria-describedby", "").split()
    )


def _shared_question_in_names(names: list[str]) -> bool:
    """Every name starts with the same question, set off by a separator ("Giới tính: Nam")."""
    for separator in QUESTION_SEPARATORS:
        heads = {n.split(separator, 1)[0].strip().casefold() for n in names if separator in n}
        if len(heads) == 1 and all(separator in n for n in names) and next(iter(heads)):
            return True
    return False


CHECKS: dict[str, Check] = {CHECK_ID: choice_group_unnamed}
