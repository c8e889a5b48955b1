"""Heading logic as a screen-reader user meets it through the heading list (the H key, the
elements list): a level-1 heading to start from, levels that step down one at a time, headings
with names that say something, every visual section title marked up as a heading, regions that
start with a heading, and data tables whose header row is marked up as headers.

A title that only looks like a heading (a large or bold line of text) is invisible to heading
navigation, so the probe compares what the page shows (computed font size and weight of
standalone lines) with what assistive technology receives (roles, levels, names).
"""

from __future__ import annotations

import json
import re
import statistics
from functools import cache
from pathlib import Path

from harness.snapshot import Node, Snapshot
from wcag.commons import (
    BOLD_WEIGHT,
    CELL_ROLES,
    HEADER_CELL_ROLES,
    TABLE_ROLES,
    fold,
    font_weight,
    has_letters_or_digits,
    is_disclosure_toggle,
    is_field,
    met,
    own_descendants,
    per_subject,
    px,
    reading_order,
    role_of,
    shown,
    visible,
)
from wcag.probe import Check, Outcome

WORDS_FILE = Path(__file__).with_name("heading_words.json")

# A line "looks like a heading" when its text is clearly larger than the page's body text, or
# bold and somewhat larger (a 1.1rem bold title over 1rem text is a common section title).
LARGE_RATIO = 1.25
BOLD_LARGER_RATIO = 1.09
MAX_TITLE_CHARS = 150
MAX_TITLE_WORDS = 25
MAX_TITLE_LINES = 4  # a wrapped title is at most a few lines high
MAX_PLAIN_TITLE_WORDS = 10  # large text in normal weight is a title only when short

# Inside these, large text is something else than a section title: a control's name, a form
# label, a table header, a term or value of a description list, or site chrome.
NOT_TITLE_ROLES = frozenset({
    "link", "button", "menuitem", "menuitemcheckbox", "menuitemradio", "tab", "option",
    "checkbox", "radio", "switch", "combobox", "listbox", "textbox", "searchbox", "spinbutton",
    "slider", "LabelText", "Legend", "caption", "Caption", "columnheader", "rowheader", "term",
    "definition", "banner", "navigation", "contentinfo", "heading", "tooltip", "menu",
    "menubar", "tablist", "DisclosureTriangle", "Figcaption",
})
NOT_TITLE_TAGS = frozenset({
    "a", "button", "label", "legend", "th", "caption", "summary", "option", "select",
    "textarea", "figcaption", "dt", "dd", "nav", "h1", "h2", "h3", "h4", "h5", "h6",
})
CONTROL_ROLES = frozenset({"link", "button"})
LANDMARKS_NEEDING_HEADING = frozenset({"main", "region", "form"})
MAX_HEADER_CELL_CHARS = 60
# A heading drawn this much bigger than the heading whose subsection its level makes it has
# its place in the outline contradicted by the page (a 24px title under a 16px one).
CONTRADICTION_RATIO = 1.25
TRANSPARENT = "rgba(0, 0, 0, 0)"
CANVAS = "rgb(255, 255, 255)"  # what a page with no background of its own is drawn on
# Between a "Contents" heading and its list: wrappers that hold no text of their own.
CONTENTS_WRAPPER_ROLES = frozenset({"", "generic", "navigation", "region", "none", "group"})


# ---- what the heading list holds -----------------------------------------------------------


@per_subject
def page_headings(snapshot: Snapshot) -> list[Node]:
    return [
        n for n in reading_order(snapshot)
        if met(n) and n.ax is not None and n.ax.role == "heading"
    ]


def level(heading: Node) -> int:
    raw = heading.ax.properties.get("level") if heading.ax else None
    return int(raw) if raw else 2  # role=heading without aria-level is level 2


def _describe(heading: Node) -> str:
    name = heading.ax.name if heading.ax else ""
    return f'"{name}" (level {level(heading)})' if name else f"an empty level-{level(heading)}"


def none_level_one(snapshot: Snapshot) -> Outcome:
    headings = page_headings(snapshot)
    outcome = Outcome("heading-none-level-one", applicable=_has_visible_text(snapshot))
    if not outcome.applicable or any(level(h) == 1 for h in headings):
        return outcome
    if headings:
        outcome.fail(
            headings[0],
            "The page has no level-1 heading: pressing 1 finds nothing, and the heading list "
            f"starts at {_describe(headings[0])}.",
        )
    else:
        outcome.fail(
            None,
            "The page has no headings at all: heading navigation (H, 1) finds nothing, so a "
            "screen-reader user must read the whole page to find its main content.",
        )
    return outcome


def skipped_level(snapshot: Snapshot) -> Outcome:
    """A skipped level is a heading-logic finding for the blind testers' category. WCAG does
    not ask for levels in sequence (H42 is advice), so it fails no criterion by itself: whether
    the outline it gives still matches what the page shows (1.3.1) is a question for a person,
    and `heading-level-contradicts-look` fails the cases the page's own fonts settle."""
    headings = page_headings(snapshot)
    outcome = Outcome("heading-skipped-level", applicable=bool(headings))
    previous: Node | None = None
    for heading in headings:
        current = level(heading)
        if previous is None and current >= 3:
            outcome.fail(
                heading,
                f"The first heading of the page is {_describe(heading)}: levels 1 to "
                f"{current - 1} above it are missing.",
            )
            outcome.ask(heading, "first", heading=_name(heading), level=current)
        elif previous is not None and current > level(previous) + 1:
            outcome.fail(
                heading,
                f"Heading {_describe(heading)} follows a level-{level(previous)} heading: level "
                f"{level(previous) + 1} is skipped, so the outline suggests a missing section.",
            )
            outcome.ask(heading, "skipped", heading=_name(heading), level=current,
                        previous=_name(previous), previous_level=level(previous))
        previous = heading
    return outcome


def _name(heading: Node) -> str:
    return heading.ax.name if heading.ax else ""


def contradicts_look(snapshot: Snapshot) -> Outcome:
    """1.3.1 fails where the levels say the opposite of what the page shows: a heading drawn
    clearly smaller than a heading after it that its level makes one of its subsections (the
    outline nests the big title under the small one). Both must be drawn at a readable size;
    visually hidden headings show no hierarchy to contradict. A small heading that titles a
    box drawn round the big one (a banner's title bar, a bordered panel, a region it names)
    shows the nesting by the box, not by size: no contradiction."""
    headings = page_headings(snapshot)
    outcome = Outcome("heading-level-contradicts-look", applicable=len(headings) > 1)
    for index, heading in enumerate(headings):
        parent = _section_heading(headings[:index], heading)
        if parent is None or not shown(heading) or not shown(parent):
            continue
        small, big = drawn_font_size(parent), drawn_font_size(heading)
        if small and big >= CONTRADICTION_RATIO * small and not _titles_a_box_around(
                parent, heading, headings):
            outcome.fail(
                parent,
                f"Heading {_describe(parent)} is drawn at {small:g}px, but the heading "
                f"{_describe(heading)} after it, drawn at {big:g}px, is by its level one of "
                "its subsections: the outline a screen reader gives nests the bigger title "
                "under the smaller one.",
            )
    return outcome


def _titles_a_box_around(title: Node, inner: Node, headings: list[Node]) -> bool:
    """Whether `title` is the first heading of a box drawn round both headings (a border, a
    background of its own, or a region or group named by the title)."""
    inner_lineage = set(map(id, inner.ancestors()))
    for box in title.ancestors():
        if box.tag in ("body", "html", "#document"):
            return False
        if id(box) not in inner_lineage:
            continue
        first = next((h for h in headings if box in h.ancestors()), None)
        if first is not title:
            return False
        if _drawn_as_box(box) or title.attrs.get("id", "\0") in box.attrs.get(
                "aria-labelledby", "").split():
            return True
    return False


def _drawn_as_box(node: Node) -> bool:
    """A border, or a background colour of its own (not the one around it)."""
    if any(px(node.style.get(side, "0")) > 0 for side in ("border-top-width",
                                                          "border-left-width")):
        return True
    colour = node.style.get("background-color", TRANSPARENT)
    if colour == TRANSPARENT:
        return False
    around = next((a.style.get("background-color") for a in node.ancestors()
                   if a.style.get("background-color", TRANSPARENT) != TRANSPARENT), CANVAS)
    return colour != around


def _section_heading(before: list[Node], heading: Node) -> Node | None:
    """The heading whose section `heading` opens a subsection of: the nearest earlier one of
    a lower level, in the same document."""
    for earlier in reversed(before):
        if earlier.frames != heading.frames:
            return None
        if level(earlier) < level(heading):
            return earlier
    return None


def drawn_font_size(element: Node) -> float:
    """The largest font size of the element's visible text: how big it is drawn."""
    sizes = [px(run.parent.style.get("font-size", "0")) for run in element.descendants()
             if _visible_run(run) and run.parent is not None]
    return max(sizes, default=px(element.style.get("font-size", "0")))


def empty(snapshot: Snapshot) -> Outcome:
    headings = page_headings(snapshot)
    outcome = Outcome("heading-empty", applicable=bool(headings))
    for heading in headings:
        if not has_letters_or_digits(heading.ax.name if heading.ax else ""):
            outcome.fail(
                heading,
                f"A level-{level(heading)} heading has no text: the heading list reads "
                "'heading' with nothing after it.",
            )
    return outcome


def not_descriptive(snapshot: Snapshot) -> Outcome:
    """2.4.6 fails a heading whose words name no topic ("Tiêu đề", "Mục 2"), unless "Contents"
    heads a contents list, and a heading that repeats a sibling's; whether any other heading
    describes its section is a question for a person (ACT rule b49b2e)."""
    headings = page_headings(snapshot)
    order = list(reading_order(snapshot))
    outcome = Outcome("heading-not-descriptive", applicable=bool(headings))
    seen: dict[tuple[int, int, str], Node] = {}
    section_of: dict[int, int] = {}  # level -> index of the latest heading at that level
    for index, heading in enumerate(headings):
        name = heading.ax.name if heading.ax else ""
        current = level(heading)
        parents = [i for lv, i in section_of.items() if lv < current]
        parent = max(parents, default=-1)
        section_of = {lv: i for lv, i in section_of.items() if lv < current}
        section_of[current] = index
        key = normalise(name)
        if not has_letters_or_digits(name):
            continue  # heading-empty reports it
        if is_generic_heading(name) and not _names_contents_list(heading, name, order):
            outcome.fail(
                heading,
                f'The heading "{name}" does not say what its section is about.',
            )
            continue
        earlier = seen.setdefault((parent, current, key), heading)
        if earlier is not heading:
            outcome.fail(
                heading,
                f'Two level-{current} headings in the same section both read "{name}": '
                "in the heading list they cannot be told apart.",
            )
            continue
        outcome.ask(heading, "descriptive", heading=name)
    return outcome


def _names_contents_list(heading: Node, name: str, order: list[Node]) -> bool:
    """A "Contents" heading (shown or visually hidden) over a list of links: the word names
    what its section is, a table of contents (2.4.6 met)."""
    if normalise(name) not in _words()["contents_headings"]:
        return False
    start = next((i for i, n in enumerate(order) if n is heading), len(order))
    for node in order[start + 1:]:
        if node in heading.descendants() or node.tag == "#text" and not node.value.strip():
            continue
        if role_of(node) == "heading":
            return False
        if role_of(node) == "list":
            items = [i for i in node.children if role_of(i) == "listitem"]
            return bool(items) and all(
                any(role_of(d) == "link" for d in item.descendants()) for item in items)
        if node.tag == "#text" or role_of(node) not in CONTENTS_WRAPPER_ROLES:
            return False
    return False


@cache
def _words() -> dict:
    return json.loads(WORDS_FILE.read_text(encoding="utf-8"))


def normalise(text: str) -> str:
    """Folded with its tones kept (they tell Vietnamese words apart), stripped of punctuation
    around it: how two heading texts are compared."""
    return fold(text, keep_tones=True).strip(" .:;,!?-–—*#()[]\"'")


def is_generic_heading(name: str) -> bool:
    """A heading text that names no topic ('Tiêu đề', 'Mục 1', 'Untitled', '...')."""
    words = _words()
    if fold(name, keep_tones=True) in words["placeholder_text"]:
        return True
    text = normalise(name)
    without_number = re.sub(r"\s*(\d+|[ivxlc]+|[a-z])$", "", text).strip(" .:-–—")
    return text in words["generic_headings"] or without_number in words["generic_headings"]


# ---- titles that only look like headings ---------------------------------------------------


def not_marked_up(snapshot: Snapshot) -> Outcome:
    outcome = Outcome("heading-not-marked-up")
    order = list(reading_order(snapshot))
    runs = [n for n in order if _visible_run(n)]
    if not runs:
        return outcome
    place = {id(node): index for index, node in enumerate(order)}
    outcome.applicable = True
    body_size = _body_font_size(runs)
    groups: dict[int, list[Node]] = {}
    owners: dict[int, Node] = {}
    for run in runs:
        owner = _line_owner(run)
        groups.setdefault(id(owner), []).append(run)
        owners[id(owner)] = owner
    ordered = list(groups)
    for position, key in enumerate(ordered):
        owner, group = owners[key], groups[key]
        text = " ".join(" ".join(run.value.split()) for run in group)
        if not _looks_like_title(owner, group, text, body_size):
            continue
        toggle = _enclosing_toggle(group[0])
        if toggle is None and position == len(ordered) - 1:
            continue  # nothing follows it: it starts no section
        if toggle is None and _captions_a_field(order, place[id(group[-1])] + 1):
            continue  # a field's visual caption: the field checks judge how it is labelled
        outcome.fail(
            owner,
            f'"{text}" is shown as a section title (font {_font(group[0])}, body text '
            f"{body_size:g}px) but is not a heading: heading navigation skips it.",
        )
    return outcome


def _captions_a_field(order: list[Node], start: int) -> bool:
    """Is the next thing read after a title a form field, before any other text? Then the
    title is that field's caption (a section title is followed by its first field's label)."""
    for node in order[start:]:
        if _visible_run(node):
            return False
        if is_field(node) and visible(node):
            return True
    return False


def _visible_run(node: Node) -> bool:
    if node.tag != "#text" or not node.value.strip():
        return False
    parent = node.parent
    return parent is not None and visible(parent) and not (parent.ax and parent.ax.ignored)


def _font(run: Node) -> str:
    parent = run.parent
    assert parent is not None
    return f"{px(parent.style.get('font-size', '0')):g}px, weight {font_weight(parent)}"


def _body_font_size(runs: list[Node]) -> float:
    """The median font size over the characters of the page's text: what body text looks like."""
    sizes: list[float] = []
    for run in runs:
        size = px(run.parent.style.get("font-size", "0")) if run.parent else 0.0
        if size:
            sizes.extend([size] * len(run.value.strip()))
    return statistics.median(sizes) if sizes else 16.0


def _line_owner(run: Node) -> Node:
    """The nearest block-level box holding a text run: the 'line' it is drawn in."""
    for ancestor in run.ancestors():
        display = ancestor.style.get("display", "")
        if ancestor.tag.startswith("#") or not display:
            continue
        if not display.startswith("inline") and display != "contents":
            return ancestor
    assert run.parent is not None
    return run.parent


def _looks_like_title(owner: Node, group: list[Node], text: str, body_size: float) -> bool:
    words = text.split()
    if not (2 <= len(text) <= MAX_TITLE_CHARS and len(words) <= MAX_TITLE_WORDS):
        return False
    if not any(c.isalpha() for c in text) or text[-1] in ".:;,":
        return False
    sizes = [px(run.parent.style.get("font-size", "0")) for run in group if run.parent]
    if not all(_title_font(run.parent, body_size) for run in group if run.parent):
        return False
    bold = all(font_weight(run.parent) >= BOLD_WEIGHT for run in group if run.parent)
    if not bold and len(words) > MAX_PLAIN_TITLE_WORDS:
        return False  # a lead paragraph set in large type
    if owner.bounds and owner.bounds[3] > MAX_TITLE_LINES * 1.5 * max(sizes):
        return False  # a paragraph of large text, not a title line
    return all(_title_context(run) for run in group)


def _title_font(element: Node, body_size: float) -> bool:
    size = px(element.style.get("font-size", "0"))
    if size >= LARGE_RATIO * body_size:
        return True
    return font_weight(element) >= BOLD_WEIGHT and size >= BOLD_LARGER_RATIO * body_size


def _title_context(run: Node) -> bool:
    """False inside controls, labels, table headers, site chrome and existing headings, where
    large text is not a section title; a disclosure toggle is the exception (an accordion's
    section title must sit inside a heading)."""
    for ancestor in run.ancestors():
        role = ancestor.ax.role if ancestor.ax else ""
        if ancestor.tag in NOT_TITLE_TAGS or role in NOT_TITLE_ROLES:
            if (ancestor.tag == "a" or role in CONTROL_ROLES) and is_disclosure_toggle(ancestor):
                continue
            return False
    clickable = run.parent is not None and run.parent.style.get("cursor") == "pointer"
    return not clickable or _enclosing_toggle(run) is not None  # else a box styled as a button


def _enclosing_toggle(run: Node) -> Node | None:
    for ancestor in run.ancestors():
        role = ancestor.ax.role if ancestor.ax else ""
        if (ancestor.tag in ("a", "button") or role in CONTROL_ROLES) and is_disclosure_toggle(
            ancestor
        ):
            return ancestor
    return None


def _has_visible_text(snapshot: Snapshot) -> bool:
    return any(_visible_run(n) for n in snapshot.nodes)


# ---- regions without a heading -------------------------------------------------------------


def section_without_heading(snapshot: Snapshot) -> Outcome:
    headings = page_headings(snapshot)
    outcome = Outcome("section-without-heading")
    order = {id(n): i for i, n in enumerate(reading_order(snapshot))}
    mains = [m for m in snapshot.with_role("main") if met(m)]
    for landmark in snapshot.with_role(*LANDMARKS_NEEDING_HEADING):
        if not met(landmark) or landmark.ax is None:
            continue
        if landmark.ax.role != "main" and not landmark.ax.name:
            continue  # a form or region without a name is no landmark
        outcome.applicable = True
        if any(h is landmark or landmark in h.ancestors() for h in headings):
            continue
        if _labelled_by_heading(snapshot, landmark):
            continue
        before = [h for h in headings if order[id(h)] < order[id(landmark)]]
        if before and normalise(before[-1].ax.name) == normalise(landmark.ax.name):
            continue  # introduced by the heading just before it
        if landmark.ax.role != "main" and mains and not any(
            m in landmark.ancestors() for m in mains
        ):
            # Outside the main content a named region is page furniture (a cookie message, a
            # service name bar), reached by landmark navigation under its name; whether heading
            # navigation must reach it too is for a person to judge.
            outcome.review = outcome.review or (
                f'the {landmark.ax.role} "{landmark.ax.name}" outside the main content has no '
                "heading but is reached by landmark navigation under its name; whether heading "
                "navigation must reach it too needs a person"
            )
            continue
        what = "main content" if landmark.ax.role == "main" else (
            f'{landmark.ax.role} "{landmark.ax.name}"'
        )
        outcome.fail(
            landmark,
            f"The {what} has no heading: a user jumping by heading cannot reach its start.",
        )
    return outcome


def _labelled_by_heading(snapshot: Snapshot, landmark: Node) -> bool:
    for ref in landmark.attrs.get("aria-labelledby", "").split():
        label = snapshot.by_html_id(ref, landmark.frames)
        if label is not None and any(
            n.ax is not None and n.ax.role == "heading" for n in label.lineage()
        ):
            return True
    return False


# ---- data tables whose header row is plain cells ------------------------------------------


def table_header_not_marked_up(snapshot: Snapshot) -> Outcome:
    outcome = Outcome("table-header-not-marked-up")
    for table in snapshot.with_role(*TABLE_ROLES):
        if not visible(table):
            continue
        rows = [r for r in own_descendants(table, {"row"}) if visible(r)]
        cells_by_row = [[c for c in own_descendants(r, CELL_ROLES) if visible(c)] for r in rows]
        if len(rows) < 2 or len(cells_by_row[0]) < 2:
            continue
        outcome.applicable = True
        if any(c.ax.role in HEADER_CELL_ROLES for cells in cells_by_row for c in cells if c.ax):
            continue
        first, rest = cells_by_row[0], [c for cells in cells_by_row[1:] for c in cells]
        if _looks_like_header_row(rows[0], first, rest):
            names = ", ".join(c.visible_text() for c in first if c.visible_text())
            outcome.fail(
                rows[0],
                f"The first row ({names}) is shown as column headers but its cells are data "
                "cells: screen readers read every cell without its column name.",
            )
    return outcome


def _looks_like_header_row(row: Node, first: list[Node], rest: list[Node]) -> bool:
    texts = [c.visible_text() for c in first]
    filled = [c for c, t in zip(first, texts, strict=True) if t]
    if len(filled) < 2 or any(len(t) > MAX_HEADER_CELL_CHARS for t in texts):
        return False
    in_thead = any(a.tag == "thead" for a in row.ancestors())
    bold_head = all(font_weight(c) >= BOLD_WEIGHT for c in filled)
    body_filled = [c for c in rest if c.visible_text()]
    plain_body = sum(font_weight(c) < BOLD_WEIGHT for c in body_filled) > len(body_filled) / 2
    return in_thead or (bold_head and plain_body)


# ---- a table's title drawn as a cell spanning its first row ---------------------------------


def table_fake_caption(snapshot: Snapshot) -> Outcome:
    """A data table whose title is a cell spanning its whole first row instead of a caption:
    the table has no name, and the title is read as a data cell. Not a fake caption: a table
    that has a name (a caption, aria-label, aria-labelledby), whose spanning row then heads
    the columns below it, or a spanning cell the other cells name as their header (headers=).
    A spanning header cell nobody references is read as every column's header: it may be a
    group header or a title, which a person tells apart (needs review)."""
    outcome = Outcome("table-fake-caption")
    for table in snapshot.with_role(*TABLE_ROLES):
        if not visible(table) or table.ax is None:
            continue
        rows = [r for r in own_descendants(table, {"row"}) if visible(r)]
        cells_by_row = [[c for c in own_descendants(r, CELL_ROLES) if visible(c)] for r in rows]
        if len(rows) < 2:
            continue
        outcome.applicable = True
        width = max(sum(_span(c) for c in cells) for cells in cells_by_row[1:])
        first = cells_by_row[0]
        if width < 2 or len(first) != 1 or _span(first[0]) < width or table.ax.name:
            continue
        cell, title = first[0], first[0].visible_text()
        if not title or _named_as_header(table, cell):
            continue
        if cell.ax is not None and cell.ax.role in HEADER_CELL_ROLES:
            outcome.review = outcome.review or (
                f'the first row of a table is one header cell "{title[:60]}" spanning every '
                "column: a group header, or the table's title in a cell, is for a person to tell"
            )
            continue
        outcome.fail(
            cell,
            f'The table\'s title "{title[:80]}" is a data cell spanning its first row, not a '
            "caption: the table has no name, and the title is read as one more cell.",
        )
    return outcome


def _span(cell: Node) -> int:
    raw = cell.attrs.get("colspan") or cell.attrs.get("aria-colspan") or "1"
    return int(raw) if raw.strip().isdigit() and int(raw) > 0 else 1


def _named_as_header(table: Node, cell: Node) -> bool:
    """Whether other cells of the table name the cell in their headers= attribute."""
    cell_id = cell.attrs.get("id")
    return bool(cell_id) and any(
        cell_id in d.attrs.get("headers", "").split() for d in table.descendants()
        if d is not cell
    )


CHECKS: dict[str, Check] = {
    "heading-none-level-one": none_level_one,
    "heading-skipped-level": skipped_level,
    "heading-level-contradicts-look": contradicts_look,
    "heading-empty": empty,
    "heading-not-marked-up": not_marked_up,
    "heading-not-descriptive": not_descriptive,
    "section-without-heading": section_without_heading,
    "table-header-not-marked-up": table_header_not_marked_up,
    "table-fake-caption": table_fake_caption,
}
