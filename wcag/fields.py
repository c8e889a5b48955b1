"""Combo boxes and custom edit boxes as a screen-reader user meets them: does every field have a
label of its own (not just a placeholder that vanishes on typing), do custom drop-downs expose a
role, a name and their open or closed state and take keyboard focus, can a date be typed and is
its format told, is a visible 'required' mark also conveyed, and do section toggles say whether
they are expanded.

axe accepts a placeholder as a name and cannot see a drop-down built from divs; these checks
judge the snapshot's accessibility tree against what the page shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from harness.snapshot import Node, Snapshot
from harness.words import field_words
from wcag.commons import (
    FIELD_ROLES,
    class_tokens,
    in_tab_order,
    in_table_cell,
    is_field,
    is_file_input,
    met,
    per_subject,
    reading_order,
    referenced,
    shown,
    toggle_evidence,
    visible,
)
from wcag.headings import normalise
from wcag.probe import Check, Outcome

TEXT_ROLES = frozenset({"textbox", "searchbox", "combobox", "spinbutton"})
PLACEHOLDER_SOURCES = frozenset({"attribute:placeholder", "attribute:aria-placeholder"})
NATIVE_PICKER_TYPES = frozenset({"date", "datetime-local", "month", "week", "time"})
CONTROL_TAGS = frozenset({"input", "select", "textarea", "button"})
INTERACTIVE_ROLES = FIELD_ROLES | {"button", "link", "menuitem", "option", "tab"}
GROUP_DEPTH = 3  # how far up a field's own group (label, star, icons) is looked for
MAX_CAPTION_CHARS = 60


@per_subject
def _fields(snapshot: Snapshot) -> list[Node]:
    """The page's form fields a screen-reader user meets, in reading order."""
    popups = _owned_popups(snapshot)
    return [n for n in reading_order(snapshot) if _is_field(n, popups)]


def _is_field(node: Node, popups: frozenset[int] = frozenset()) -> bool:
    """A form field a screen-reader user meets: not a drop-down's inner list or options, in the
    DOM or owned or controlled through ARIA (the user meets those through the combobox)."""
    if not met(node) or node.ax is None:
        return False
    if node.ax.role not in FIELD_ROLES and not is_file_input(node):
        return False
    return not any(
        id(a) in popups or (a is not node and a.ax and a.ax.role == "combobox")
        for a in node.lineage()
    )


def _owned_popups(snapshot: Snapshot) -> frozenset[int]:
    """The lists a combobox owns (aria-owns) or controls (aria-controls): its popup, whose
    options are the combobox's choices, not a field of its own."""
    popups: set[int] = set()
    for node in snapshot.nodes:
        is_box = node.ax is not None and node.ax.role == "combobox"
        if is_box or node.attrs.get("aria-haspopup") == "listbox":
            popups.update(id(t) for t in referenced(snapshot, node, "aria-owns", "aria-controls"))
    return frozenset(popups)


def _enabled(node: Node) -> bool:
    return node.ax is not None and "disabled" not in node.ax.states


def _role_word(node: Node) -> str:
    return "file input" if is_file_input(node) else (node.ax.role if node.ax else node.tag)


def _called(field: Node) -> str:
    """How a message names a field: its role, and its name when it has a real one."""
    name = field.ax.name if field.ax else ""
    if not name or (is_file_input(field) and _default_file_name(field)):
        return _role_word(field)
    return f'{_role_word(field)} "{name}"'


# ---- names and labels ---------------------------------------------------------------------


def placeholder_only(snapshot: Snapshot) -> Outcome:
    fields = _fields(snapshot)
    outcome = Outcome("field-placeholder-only")
    for field in fields:
        if field.ax is None or field.ax.role not in TEXT_ROLES:
            continue
        outcome.applicable = True
        name, sources = field.ax.name, set(field.ax.name_from)
        if name and sources and sources <= PLACEHOLDER_SOURCES:
            outcome.fail(
                field,
                f'The {field.ax.role} is named only by its placeholder "{name}": the text '
                "disappears as soon as something is typed, and there is no label.",
            )
        elif name and _only_visible_label_is_placeholder(snapshot, field):
            outcome.fail(
                field,
                f'The {field.ax.role} "{name}" has its label hidden from view: the only '
                "visible label is a placeholder that disappears as soon as something is typed.",
            )
    return outcome


def _only_visible_label_is_placeholder(snapshot: Snapshot, field: Node) -> bool:
    """The name comes from a visually hidden label and repeats the placeholder: sighted users
    (and screen-reader users who look) lose the label on typing. A field in a table cell is
    labelled visibly by its column header, and is left alone."""
    placeholder = field.attrs.get("placeholder", "")
    if not placeholder or normalise(placeholder) != normalise(field.ax.name if field.ax else ""):
        return False
    if in_table_cell(field):
        return False
    labels = _label_elements(snapshot, field)
    return bool(labels) and not any(shown(label) for label in labels)


def _label_elements(snapshot: Snapshot, field: Node) -> list[Node]:
    """Elements that label the field: aria-labelledby's, then <label>s in document order
    (those whose `for` names it and the one around it)."""
    found = referenced(snapshot, field, "aria-labelledby")
    field_id = field.attrs.get("id")
    by_for = _labels_by_for(snapshot).get((field.frames, field_id), []) if field_id else []
    around = [a for a in field.ancestors() if a.tag == "label" and a.frames == field.frames]
    order = _document_order(snapshot)
    found += sorted({id(label): label for label in [*by_for, *around]}.values(),
                    key=lambda label: order[id(label)])
    return found


@per_subject
def _labels_by_for(snapshot: Snapshot) -> dict[tuple[tuple[str, ...], str], list[Node]]:
    """<label for=...> elements by the id they name, in their document (read once a page)."""
    labels: dict[tuple[tuple[str, ...], str], list[Node]] = {}
    for label in snapshot.elements("label"):
        if label.attrs.get("for"):
            labels.setdefault((label.frames, label.attrs["for"]), []).append(label)
    return labels


@per_subject
def _document_order(snapshot: Snapshot) -> dict[int, int]:
    return {id(node): place for place, node in enumerate(snapshot.nodes)}


def unlabelled(snapshot: Snapshot) -> Outcome:
    fields = _fields(snapshot)
    outcome = Outcome("field-unlabelled", applicable=bool(fields))
    for field in fields:
        assert field.ax is not None
        caption = _nearby_caption(field)
        caption_note = (
            f' The visible text "{caption}" next to it is not its label.' if caption else ""
        )
        if not field.ax.name.strip():
            outcome.fail(
                field,
                f"The {_role_word(field)} has no accessible name: it is announced only as "
                f"'{_role_word(field)}'.{caption_note}",
            )
        elif is_file_input(field) and _default_file_name(field):
            outcome.fail(
                field,
                f'The file input is named only by the browser\'s button text "{field.ax.name}": '
                f"nothing says which document it asks for.{caption_note}",
            )
        elif _named_by_own_content(snapshot, field):
            outcome.fail(
                field,
                f'The {_role_word(field)} is announced only by what it shows, "{field.ax.name}" '
                f"(its current value or prompt): nothing says what it asks for.{caption_note}",
            )
        else:
            stray = _stray_label(field)
            if stray:
                outcome.fail(
                    field,
                    f'The {_role_word(field)} is announced as "{field.ax.name}", but its visible '
                    f'label "{stray}" is not associated with it (no matching for= or nesting).',
                )
    return outcome


def _named_by_own_content(snapshot: Snapshot, field: Node) -> bool:
    """A custom drop-down labelled by its own rendered text (select2's default, its
    aria-labelledby pointing inside itself): the name changes with the choice and never says
    what the field is for."""
    if not field.ax or field.ax.role not in ("combobox", "listbox"):
        return False
    if set(field.ax.name_from) != {"attribute:aria-labelledby"}:
        return False
    labels = referenced(snapshot, field, "aria-labelledby")
    return bool(labels) and all(
        label is field or any(a is field for a in label.ancestors()) for label in labels)


def _default_file_name(field: Node) -> bool:
    sources = set(field.ax.name_from) if field.ax else set()
    name = (field.ax.name if field.ax else "").casefold()
    defaults = field_words()["default_file_names"]
    return sources <= {"attribute:value", "contents", ""} or name in defaults


def _field_group(field: Node) -> Node | None:
    """The largest ancestor (a few levels up) that holds this field and no other control: where
    its label, required mark and icons are drawn."""
    group: Node | None = None
    own = _fields_within(field)  # the field and any inside it are not other controls
    wrapping = 0  # fields among the ancestors below this one (they hold this field)
    for depth, ancestor in enumerate(field.ancestors()):
        if depth >= GROUP_DEPTH or ancestor.tag in ("form", "body", "fieldset", "table", "tr"):
            break
        if _fields_within(ancestor) - _met_field(ancestor) - own - wrapping > 0:
            break  # another control, neither around this field nor inside it
        wrapping += _met_field(ancestor)
        group = ancestor
    return group


def _fields_within(node: Node) -> int:
    """How many fields the node and its descendants hold; counted once per node and kept on
    it, since every field of a long form asks of the same shared ancestors (counting them
    again for each field made a form of n fields cost n² steps)."""
    known = node.__dict__.get("_fields_within")
    if known is None:
        known = node.__dict__["_fields_within"] = sum(
            1 for d in (node, *node.descendants()) if _met_field(d))
    return known


def _met_field(node: Node) -> bool:
    """Any form field a screen-reader user meets (a drop-down's parts included)."""
    return met(node) and is_field(node)


def _nearby_caption(field: Node) -> str:
    """Short visible text in the field's own group that is not part of its name: a caption in a
    span or an unassociated label, as a sighted user would read it."""
    group = _field_group(field)
    if group is None or field.ax is None:
        return ""
    texts = [
        " ".join(t.value.split()) for t in group.descendants()
        if t.tag == "#text" and t.value.strip() and t.parent is not None and shown(t.parent)
        and not any(a is field for a in t.ancestors())
    ]
    text = " ".join(texts).strip(" *:")
    if not text or len(text) > MAX_CAPTION_CHARS or not any(c.isalpha() for c in text):
        return ""
    return "" if normalise(text) in normalise(field.ax.name) else text


def _stray_label(field: Node) -> str:
    """A visible <label> in the field's group that labels nothing (no for=, or for= naming
    another element) while the field takes its name from somewhere else. A label tied to the
    field in any way (for=, wrapping, aria-labelledby, aria-describedby) is not stray."""
    labelled = {"relatedElement", "attribute:aria-labelledby"}
    if field.ax is None or labelled & set(field.ax.name_from):
        return ""
    group = _field_group(field)
    if group is None:
        return ""
    field_id = field.attrs.get("id")
    refs = set(field.attrs.get("aria-labelledby", "").split()) | set(
        field.attrs.get("aria-describedby", "").split()
    )
    for label in group.descendants():
        if label.tag != "label" or not shown(label):
            continue
        if any(_met_field(d) for d in label.descendants()):
            continue  # it labels the control it wraps
        if (field_id and label.attrs.get("for") == field_id) or label.attrs.get("id") in refs:
            continue  # tied to the field, though another name wins
        text = label.visible_text().strip(" *:")
        if text and normalise(text) not in normalise(field.ax.name):
            return text
    return ""


# ---- custom drop-downs --------------------------------------------------------------------


def _aria_comboboxes(snapshot: Snapshot) -> Iterator[Node]:
    """Drop-downs built by script: an ARIA combobox or listbox-popup trigger that is not a native
    select or a text input with a datalist (the browser states those itself)."""
    for node in reading_order(snapshot):
        if not met(node) or node.ax is None or node.tag == "select":
            continue
        scripted = node.ax.role == "combobox" and not (node.tag == "input" and "list" in node.attrs)
        if scripted or node.attrs.get("aria-haspopup") == "listbox":
            yield node


def _custom_dropdowns(snapshot: Snapshot) -> Iterator[tuple[Node, Node]]:
    """(trigger, widget) pairs of drop-downs made of plain boxes: a clickable box with no role
    that shows a prompt or sits in a select-like widget, next to a list of choices."""
    words = field_words()
    prompts = [re.compile(p, re.IGNORECASE) for p in words["prompt_patterns"]]
    select_tokens = set(words["select_tokens"])
    for trigger in snapshot.elements():
        if not visible(trigger) or trigger.style.get("cursor") != "pointer":
            continue
        if trigger.ax is None or trigger.ax.ignored or trigger.ax.role in INTERACTIVE_ROLES:
            continue
        if "role" in trigger.attrs or trigger.tag in CONTROL_TAGS | {"a", "label"}:
            continue
        widget = trigger.parent
        if widget is None or widget.style.get("cursor") == "pointer":
            continue  # only the outermost clickable box
        text = trigger.visible_text()
        if not text or len(text) > MAX_CAPTION_CHARS:
            continue
        looks_select = bool((class_tokens(trigger) | class_tokens(widget)) & select_tokens)
        if not (looks_select or any(p.search(text) for p in prompts)):
            continue
        if any(_is_choice_list(sibling) for sibling in widget.children if sibling is not trigger):
            yield trigger, widget


def _is_choice_list(node: Node) -> bool:
    items = [c for c in node.children if c.tag != "#text" and c.text()]
    return node.tag != "#text" and len(items) >= 2 and all(
        len(i.text()) <= MAX_CAPTION_CHARS * 2 for i in items
    )


def combobox_missing_state(snapshot: Snapshot) -> Outcome:
    outcome = Outcome("combobox-missing-state")
    for box in _aria_comboboxes(snapshot):
        assert box.ax is not None
        outcome.applicable = True
        missing = []
        if not box.ax.name:
            missing.append("no name")
        if not {"expanded", "collapsed"} & set(box.ax.states):
            missing.append("no expanded or collapsed state")
        stray = _roleless_focus_target(box)
        if stray is not None:
            missing.append("keyboard focus lands on an inner element with no role")
        bare = _options_without_role(box)
        if bare:
            missing.append(f"its choices ({bare}) are not exposed as options")
        if missing:
            outcome.fail(
                box,
                f"The drop-down ({box.ax.role}) has {', '.join(missing)}: a screen-reader user "
                "does not learn what it is for, or whether its list is open.",
            )
    for trigger, _widget in _custom_dropdowns(snapshot):
        outcome.applicable = True
        outcome.fail(
            trigger,
            f'"{trigger.visible_text()}" works as a drop-down but has no combobox role, no name '
            "and no expanded or collapsed state; its choices are not options: a screen-reader "
            "user hears plain text.",
        )
    return outcome


def _roleless_focus_target(box: Node) -> Node | None:
    if in_tab_order(box):
        return None
    for inner in box.descendants():
        roleless = inner.ax is not None and inner.ax.role in ("generic", "none", "")
        if roleless and in_tab_order(inner):
            return inner
    return None


def _options_without_role(box: Node) -> str:
    for listbox in box.descendants():
        if listbox.ax is None or listbox.ax.role != "listbox" or listbox.ax.ignored:
            continue
        items = [c for c in listbox.children if c.tag != "#text" and c.visible_text()]
        bare = [i for i in items if i.ax is not None and i.ax.role != "option"]
        if bare:
            return ", ".join(i.visible_text() for i in bare[:3])
    return ""


def combobox_not_focusable(snapshot: Snapshot) -> Outcome:
    outcome = Outcome("combobox-not-focusable")
    for box in _aria_comboboxes(snapshot):
        outcome.applicable = True
        if not visible(box) or in_tab_order(box) or any(in_tab_order(d) for d in box.descendants()):
            continue
        outcome.fail(
            box,
            "The drop-down cannot be reached with Tab: neither it nor anything inside it takes "
            "keyboard focus.",
        )
    for trigger, widget in _custom_dropdowns(snapshot):
        outcome.applicable = True
        if any(in_tab_order(d) for d in widget.descendants()):
            continue
        outcome.fail(
            trigger,
            f'The drop-down "{trigger.visible_text()}" takes no keyboard focus: it opens and a '
            "choice is made with the mouse only.",
        )
    return outcome


# ---- dates --------------------------------------------------------------------------------


def _tokens(node: Node) -> set[str]:
    spaced = " ".join(
        re.sub(r"([a-z])([A-Z])", r"\1 \2", node.attrs.get(k, "")) for k in ("id", "name")
    )
    return class_tokens(node) | {t for t in re.split(r"[^a-z0-9]+", spaced.lower()) if t}


def _group_tokens(field: Node) -> set[str]:
    """Tokens of the field and of its own group: a picker's icon or wrapper names it."""
    group = _field_group(field) or field
    return {t for n in [group, *group.descendants()] for t in _tokens(n)}


def _date_field(field: Node) -> bool:
    if field.ax is None or field.ax.role not in ("textbox", "combobox") or not _enabled(field):
        return False
    if field.attrs.get("type", "text").lower() in NATIVE_PICKER_TYPES:
        return False  # the browser's own date control speaks its parts
    words = field_words()
    tokens = _group_tokens(field)
    return bool(tokens & (set(words["date_tokens"]) | set(words["picker_tokens"])))


def _has_picker(field: Node) -> bool:
    return bool(_group_tokens(field) & set(field_words()["picker_tokens"]))


def date_picker_mouse_only(snapshot: Snapshot) -> Outcome:
    fields = _fields(snapshot)
    outcome = Outcome("date-picker-mouse-only")
    for field in fields:
        if not _date_field(field) or not _has_picker(field):
            continue
        outcome.applicable = True
        assert field.ax is not None
        if "read only" in field.ax.states:
            outcome.fail(
                field,
                f'The date field "{field.ax.name}" is read-only: a date can only be chosen in '
                "the calendar pop-up, which a keyboard or screen-reader user cannot count on.",
            )
    return outcome


def date_format_not_conveyed(snapshot: Snapshot) -> Outcome:
    fields = _fields(snapshot)
    outcome = Outcome("date-format-not-conveyed")
    patterns = [re.compile(p, re.IGNORECASE) for p in field_words()["date_format_patterns"]]
    for field in fields:
        if not _date_field(field):
            continue
        outcome.applicable = True
        assert field.ax is not None
        told = " ".join((
            field.ax.name, field.ax.description, field.ax.value,
            field.attrs.get("placeholder", ""), field.attrs.get("aria-placeholder", ""),
            *_group_told(field),
        ))
        if not any(p.search(told) for p in patterns) and not _date_part(field, fields):
            outcome.fail(
                field,
                f'The date field "{field.ax.name}" does not say which format to use (such as '
                "dd/mm/yyyy) in its label, description or placeholder.",
            )
    return outcome


def _groups(field: Node) -> list[Node]:
    """The groups around a field (fieldset, role=group or radiogroup): a screen reader speaks
    their name and description on entering them."""
    return [
        a for a in field.ancestors()
        if a.ax is not None and not a.ax.ignored and a.ax.role in ("group", "radiogroup")
    ]


def _group_told(field: Node) -> list[str]:
    return [t for g in _groups(field) for t in (g.ax.name, g.ax.description) if g.ax]


def _date_part(field: Node, fields: list[Node]) -> bool:
    """A field of a date split into parts: it and another field of its group are each named
    by one part (Day, Month, Year): the names say what to type where, so no format is owed."""
    parts = {normalise(w) for w in field_words()["date_part_names"]}
    if field.ax is None or normalise(field.ax.name) not in parts:
        return False
    groups = _groups(field)
    if not groups:
        return False
    named = {
        normalise(f.ax.name) for f in fields
        if f.ax is not None and groups[0] in f.ancestors() and normalise(f.ax.name) in parts
    }
    return len(named) >= 2


# ---- required fields ----------------------------------------------------------------------


def required_not_conveyed(snapshot: Snapshot) -> Outcome:
    fields = _fields(snapshot)
    outcome = Outcome("required-not-conveyed")
    for field in fields:
        if field.ax is None or not _enabled(field) or field.ax.role in ("radio",):
            continue
        if not _visibly_required(snapshot, field):
            continue
        outcome.applicable = True
        declared = field.attrs.get("aria-required") == "true" or "required" in field.attrs
        if "required" not in field.ax.states and not declared:
            outcome.fail(
                field,
                f"The {_called(field)} is marked required with a visible asterisk, but a screen "
                "reader does not say 'required'.",
            )
    return outcome


def _visibly_required(snapshot: Snapshot, field: Node) -> bool:
    """An asterisk in the field's label or drawn in its own group."""
    places = [*_label_elements(snapshot, field)]
    group = _field_group(field)
    if group is not None:
        places.append(group)
    for place in places:
        for text in [place, *place.descendants()]:
            star = text.tag == "#text" and text.value.strip() == "*"
            if star and visible(text):
                return True
        if shown(place) and place.tag == "label" and place.visible_text().endswith("*"):
            return True
    return False


# ---- disclosure toggles -------------------------------------------------------------------


def toggle_missing_state(snapshot: Snapshot) -> Outcome:
    outcome = Outcome("toggle-missing-state")
    for node in reading_order(snapshot):
        if not met(node) or node.ax is None or node.ax.role not in ("link", "button"):
            continue
        if not visible(node) or "aria-haspopup" in node.attrs or "aria-pressed" in node.attrs:
            continue
        if "aria-expanded" not in node.attrs and not _toggles_section(snapshot, node):
            continue
        outcome.applicable = True
        if not {"expanded", "collapsed"} & set(node.ax.states):
            outcome.fail(
                node,
                f'"{node.ax.name}" opens and closes a section but does not say whether it is '
                "expanded or collapsed.",
            )
    return outcome


def _toggles_section(snapshot: Snapshot, node: Node) -> bool:
    """Toggle evidence that points at a section. A button whose aria-controls names only form
    fields ("Show password" controls its input) says in ARIA what it changes: the field, not a
    section's visibility, whatever its class names suggest; it owes no expanded state."""
    controlled = referenced(snapshot, node, "aria-controls")
    if controlled and all(
        is_field(c) for c in controlled
    ):
        return False
    return toggle_evidence(node)


def label_descriptive(snapshot: Snapshot) -> Outcome:
    """ACT rule rnwp1i: whether a field's label says what to enter or choose is for a person
    (2.4.6): a question on each labelled field, its group's name before it. A field with no
    label of its own (unlabelled, or named by a placeholder) is a failure of its own checks
    and is not asked about."""
    fields = _fields(snapshot)
    outcome = Outcome("field-label-descriptive", applicable=bool(fields))
    failing = _without_label(snapshot)
    for field in fields:
        if field.ax is not None and field.ax.name.strip() and id(field) not in failing:
            groups = [g.ax.name for g in reversed(_groups(field)) if g.ax and g.ax.name]
            told = " › ".join([*groups, field.ax.name])
            outcome.ask(field, "descriptive", label=told)
    return outcome


@per_subject
def _without_label(snapshot: Snapshot) -> frozenset[int]:
    """The fields that field-unlabelled or field-placeholder-only fail."""
    targets = {repr(f.target) for check in (unlabelled, placeholder_only)
               for f in check(snapshot).findings}
    return frozenset(id(field) for field in _fields(snapshot) if repr(field.target) in targets)


CHECKS: dict[str, Check] = {
    "field-placeholder-only": placeholder_only,
    "field-unlabelled": unlabelled,
    "combobox-missing-state": combobox_missing_state,
    "combobox-not-focusable": combobox_not_focusable,
    "date-picker-mouse-only": date_picker_mouse_only,
    "date-format-not-conveyed": date_format_not_conveyed,
    "required-not-conveyed": required_not_conveyed,
    "toggle-missing-state": toggle_missing_state,
    "field-label-descriptive": label_descriptive,
}
