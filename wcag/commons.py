"""Page facts every check shares, defined once (as axe-core's `commons` are for its rules).

Whether a node is visible, whether a screen reader meets it, whether Tab reaches it, whether it
is a form field, what its role is, which table, group or form it sits in, and how text is
folded for comparison: a probe asks here instead of deciding again, so two checks never
disagree about the same element. Where the probes used to decide differently, the docstring
says which answer was kept and why (what a screen-reader or keyboard user gets).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Iterator
from typing import TypeVar

from harness.snapshot import Node, Snapshot
from harness.words import link_words

# Form fields: what a user fills in or chooses, natively or through ARIA. One list for every
# check (the field, status and table probes used to keep their own).
FIELD_TAGS = frozenset({"input", "select", "textarea"})
NON_FIELD_INPUT_TYPES = frozenset({"hidden", "submit", "button", "image", "reset"})
FIELD_ROLES = frozenset({
    "textbox", "searchbox", "combobox", "listbox", "checkbox", "radio", "spinbutton", "slider",
    "switch",
})
TABLE_ROLES = frozenset({"table", "grid", "treegrid"})
HEADER_CELL_ROLES = frozenset({"columnheader", "rowheader"})
CELL_ROLES = frozenset({"cell", "gridcell"}) | HEADER_CELL_ROLES
LANDMARK_ROLES = frozenset({
    "banner", "complementary", "contentinfo", "form", "main", "navigation", "region", "search",
})
# Elements the browser puts in the Tab order by themselves (when rendered and enabled).
NATIVE_FOCUSABLE_TAGS = frozenset({"button", "select", "textarea", "iframe", "summary"})
DISABLEABLE_TAGS = frozenset({"button", "input", "select", "textarea", "optgroup", "option"})
TOGGLE_CLASS_TOKENS = frozenset({
    "accordion", "collapse", "collapsed", "collapsible", "toggle", "toggler", "expander",
    "expand", "expandable",
})
BOLD_WEIGHT = 600
READABLE_PX = 2  # a box this small or smaller is a "visually hidden" one

Fact = TypeVar("Fact")
Subject = TypeVar("Subject")


# ---- seen and heard -----------------------------------------------------------------------


def visible(node: Node) -> bool:
    """Drawn on screen: an element with some size, not hidden by CSS; a text node when the
    element holding it is. (Text nodes carry no styles of their own in the snapshot.)"""
    if node.tag == "#text":
        return node.parent is not None and node.parent.visible
    return node.visible


def shown(node: Node) -> bool:
    """Visible at a readable size: a 1-pixel "visually hidden" box is not."""
    return visible(node) and node.bounds is not None and min(node.bounds[2], node.bounds[3]) > (
        READABLE_PX
    )


def met(node: Node) -> bool:
    """Whether a screen-reader user meets the element at all: rendered and in the accessibility
    tree. Size and opacity do not matter to a screen reader (visually hidden text is read)."""
    return node.rendered and node.ax is not None and not node.ax.ignored


def exposed(node: Node) -> bool:
    """Both seen and heard: drawn on screen and in the accessibility tree. For checks that
    compare what a sighted user sees with what a screen reader says."""
    return visible(node) and node.ax is not None and not node.ax.ignored


def role_of(node: Node) -> str:
    """The role a screen reader receives ("" when the node is not in the accessibility tree)."""
    return "" if node.ax is None or node.ax.ignored else node.ax.role


def name_of(node: Node) -> str:
    """The accessible name ("" when the node has none or is not in the tree)."""
    return node.ax.name if node.ax is not None and not node.ax.ignored else ""


# ---- names: what a control is called, and whether that says anything ----------------------

LINK_ROLES = frozenset({"link"})
BUTTON_ROLES = frozenset({"button", "PopUpButton", "ToggleButton"})
NAMED_CONTROL_ROLES = LINK_ROLES | BUTTON_ROLES
INTERACTIVE_ROLES = NAMED_CONTROL_ROLES | frozenset({
    "checkbox", "radio", "switch", "menuitem", "menuitemcheckbox", "menuitemradio", "tab",
    "option", "combobox", "textbox", "searchbox", "listbox", "slider", "spinbutton", "treeitem",
    "MenuListOption", "MenuListPopup", "Audio", "Video", "DisclosureTriangle",
})
NATIVE_CONTROL_TAGS = frozenset({"button", "select", "textarea", "label", "summary", "option"})


def looks_like_file_name(name: str) -> bool:
    """A name that is just a file name ("abc.docx", "Mẫu số 03.pdf")."""
    extensions = "|".join(link_words()["file_extensions"])
    stripped = name.strip()
    return bool(re.search(rf"\.({extensions})$", stripped, re.IGNORECASE)) and (
        len(stripped.split()) <= link_words()["max_file_name_words"]
    )


def file_name_may_describe(name: str) -> bool:
    """A file name whose stem has words that may say what the document is
    ("government-strategy.pdf"), unlike a code or a form number ("Mẫu số 03/2013/TT-LLTP.docx"):
    whether they do needs a person. Acronyms, short words and filler ("final", "mẫu") count
    for nothing."""
    extensions = "|".join(link_words()["file_extensions"])
    stem = re.sub(rf"\.({extensions})$", "", name.strip(), flags=re.IGNORECASE)
    stem = re.sub(r"([a-z])([A-Z])", r"\1 \2", stem)
    filler = {fold(w) for w in link_words()["file_name_filler_words"]}
    words = [
        w for w in re.findall(r"[^\W\d_]+", stem)
        if len(w) >= 3 and not w.isupper() and fold(w) not in filler
    ]
    return len(words) >= 2


def is_icon_font_element(node: Node) -> bool:
    """An icon-font element (<i class="fa fa-search">, <span class="material-icons">search)."""
    if node.tag in link_words()["icon_font_tags"]:
        return True
    classes = node.attrs.get("class", "").split()
    return any(
        c in link_words()["icon_font_classes"]
        or any(c.startswith(p) for p in link_words()["icon_font_class_prefixes"])
        for c in classes
    )



def is_control(node: Node) -> bool:
    """A real control for assistive technology: a native one (a label or an input button
    included), or an interactive role in the tree. Wider than `is_field`: links and buttons too."""
    if node.tag in NATIVE_CONTROL_TAGS or (node.tag == "a" and "href" in node.attrs):
        return True
    if node.tag == "input" and node.attrs.get("type", "").lower() != "hidden":
        return True
    return node.ax is not None and not node.ax.ignored and node.ax.role in INTERACTIVE_ROLES



def role_word(node: Node) -> str:
    return "link" if node.ax and node.ax.role in LINK_ROLES else "button"


def name_problem(node: Node) -> str:
    """Why a control's name tells a listener nothing: "empty", "default" (a browser default such
    as "Submit" on an image button), "glyph", "icon" (an icon font's ligature), "file"; or ""."""
    ax = node.ax
    name = ax.name if ax else ""
    if not name.strip():
        return "empty"
    if is_image_input(node) and set(ax.name_from) <= {"attribute:type"}:
        return "default"
    if is_glyph_only(name):
        return "glyph"
    if ax.name_from == ["contents"] and _icon_text(node) and bare(_icon_text(node)) == bare(name):
        return "icon"
    if looks_like_file_name(name):
        return "file"
    return ""


def _icon_text(node: Node) -> str:
    return " ".join(
        d.text() for d in node.descendants() if d.tag != "#text" and is_icon_font_element(d)
    ).strip()



# ---- the keyboard -------------------------------------------------------------------------


def _tabindex(node: Node) -> int | None:
    raw = node.attrs.get("tabindex", "").strip()
    return int(raw) if raw.lstrip("-").isdigit() else None


def disabled(node: Node) -> bool:
    """Natively disabled: the disabled attribute on a form control, or a disabled fieldset
    around it (outside its first legend). aria-disabled is not here: it changes what is said,
    not whether Tab stops, and Chromium keeps such an element in the Tab order."""
    if node.tag not in DISABLEABLE_TAGS:
        return False
    if "disabled" in node.attrs:
        return True
    for ancestor in node.ancestors():
        if ancestor.tag == "fieldset" and "disabled" in ancestor.attrs:
            legend = next((c for c in ancestor.children if c.tag == "legend"), None)
            return legend is None or legend not in node.ancestors()
    return False


def natively_focusable(node: Node) -> bool:
    """Focusable by what the element is: a link with href, a form control that is not hidden,
    a native button, select, text area, frame or summary, an editable region."""
    if node.tag in NATIVE_FOCUSABLE_TAGS or (node.tag in ("a", "area") and "href" in node.attrs):
        return True
    if node.tag == "input":
        return node.attrs.get("type", "").lower() != "hidden"
    return node.attrs.get("contenteditable", "").lower() in ("", "true", "plaintext-only") and (
        "contenteditable" in node.attrs
    )


def focusable(node: Node) -> bool:
    """Can take keyboard focus (by Tab or by script). Chromium's own answer (the accessibility
    tree's focusable state) wins where the snapshot has it, since it already weighs tabindex,
    disabled, inert and hidden; elsewhere (a node left out of the tree, as aria-hidden ones
    are, though Tab still stops on them) the DOM decides the way Chromium does."""
    if node.ax is not None and not node.ax.ignored:
        return node.ax.focusable
    if not node.rendered or node.style.get("visibility") in ("hidden", "collapse"):
        return False
    if any("inert" in a.attrs for a in node.lineage()) or disabled(node):
        return False
    return _tabindex(node) is not None or natively_focusable(node)


def in_tab_order(node: Node) -> bool:
    """Reached by Tab: focusable, and not taken out of the order by a negative tabindex.

    The links and CAPTCHA probes used to count any tabindex="0" as reachable, the field probe
    only what Chromium calls focusable and not ignored; Tab follows neither alone: a disabled
    or hidden element with tabindex="0" is skipped, an aria-hidden one is still reached. So:
    `focusable`, then the tabindex."""
    index = _tabindex(node)
    return focusable(node) and (index is None or index >= 0)


# ---- what kind of element ---------------------------------------------------------------


def is_native_field(node: Node) -> bool:
    """An input, select or text area a user fills in (not a hidden input, nor an input that is
    a button: submit, reset, image and button types are buttons to a screen reader)."""
    if node.tag == "input":
        return node.attrs.get("type", "text").lower() not in NON_FIELD_INPUT_TYPES
    return node.tag in FIELD_TAGS


def is_field(node: Node) -> bool:
    """A form field, native or ARIA (role textbox, combobox, checkbox, ...). The field probe
    counted input buttons as fields and the status probe did not; a screen reader announces
    them as buttons, so they are not. Whether the user meets it is the caller's question."""
    return is_native_field(node) or role_of(node) in FIELD_ROLES


def is_file_input(node: Node) -> bool:
    return node.tag == "input" and node.attrs.get("type", "").lower() == "file"


def is_image_input(node: Node) -> bool:
    return node.tag == "input" and node.attrs.get("type", "").lower() == "image"


# ---- where an element sits ------------------------------------------------------------------


def reading_order(snapshot: Snapshot) -> Iterator[Node]:
    """Every node in the order a screen reader reads it, frames in place of their iframes."""
    stack = [n for n in reversed(snapshot.nodes) if n.parent is None]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


def inside(node: Node, roles: frozenset[str] = frozenset(), tags: frozenset[str] = frozenset(),
           ) -> Node | None:
    """The nearest ancestor with one of the roles (in the tree) or tags, or None."""
    return next((a for a in node.ancestors() if a.tag in tags or role_of(a) in roles), None)


def in_table_cell(node: Node) -> bool:
    """Inside a table cell, header cells included: there the column or row header labels the
    element. (The field probe used to stop at data cells and the group probe went on to header
    cells; a filter field or a check box in a header cell is labelled by that header too.)"""
    return inside(node, roles=CELL_ROLES) is not None


def form_of(node: Node) -> Node | None:
    return inside(node, tags=frozenset({"form"}))


def landmark_of(node: Node) -> Node | None:
    return inside(node, roles=LANDMARK_ROLES)


def referenced(snapshot: Snapshot, node: Node, *attributes: str) -> list[Node]:
    """The elements an id-list attribute of the node points at, in its own document."""
    found = []
    for attribute in attributes:
        for ref in node.attrs.get(attribute, "").split():
            target = snapshot.by_html_id(ref, node.frames)
            if target is not None:
                found.append(target)
    return found


def own_descendants(container: Node, roles: Collection[str]) -> Iterator[Node]:
    """Descendants with one of the roles, not those of a nested table nor inside a cell."""
    stack = list(reversed(container.children))
    while stack:
        node = stack.pop()
        found = role_of(node)
        if found in roles:
            yield node
            if found in CELL_ROLES:
                continue
        if found in TABLE_ROLES:
            continue
        stack.extend(reversed(node.children))


def table_grid(table: Node) -> list[list[tuple[int, int, Node]]] | None:
    """Each row's cells as (first column, end column, cell), rows and cells as a screen reader
    meets them; None when cells span rows, which this simple placement does not follow."""
    grid: list[list[tuple[int, int, Node]]] = []
    for row in own_descendants(table, {"row"}):
        if not met(row):
            continue
        placed: list[tuple[int, int, Node]] = []
        column = 0
        for cell in own_descendants(row, CELL_ROLES):
            if not met(cell):
                continue
            if _positive(cell.attrs.get("aria-rowspan") or cell.attrs.get("rowspan"), 1) > 1:
                return None
            index = _positive(cell.attrs.get("aria-colindex"), 0)
            column = index - 1 if index > 0 else column
            span = _positive(cell.attrs.get("aria-colspan") or cell.attrs.get("colspan"), 1)
            placed.append((column, column + span, cell))
            column += span
        grid.append(placed)
    return grid


def _positive(raw: str | None, default: int) -> int:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else default


def assigned_headers(cell: Node, snapshot: Snapshot) -> list[Node]:
    """The header cells read with a data cell: those its headers attribute names, else the
    row headers before it in its row and the column headers above it in its columns (HTML's
    header assignment without its row-span cases, which leave only the headers= ones)."""
    named = referenced(snapshot, cell, "headers")
    if named:
        return named
    table = inside(cell, roles=TABLE_ROLES)
    grid = table_grid(table) if table is not None else None
    if grid is None:
        return []
    for r, row in enumerate(grid):
        place = next(((start, end) for start, end, c in row if c is cell), None)
        if place is None:
            continue
        before = [c for start, _, c in row if start < place[0] and role_of(c) == "rowheader"]
        above = [c for earlier in grid[:r] for start, end, c in earlier
                 if start < place[1] and end > place[0] and role_of(c) == "columnheader"]
        return above + before
    return []


# ---- how it looks ---------------------------------------------------------------------------


def px(value: str) -> float:
    """A computed length in pixels ("16px" -> 16.0; 0 when it is not one)."""
    try:
        return float(value.removesuffix("px"))
    except ValueError:
        return 0.0


def font_weight(node: Node) -> int:
    """The computed font weight as a number (keywords resolved, 400 when unknown)."""
    value = node.style.get("font-weight", "400")
    try:
        return {"bold": 700, "bolder": 700, "normal": 400}.get(value) or int(float(value))
    except ValueError:
        return 400


def class_tokens(node: Node) -> set[str]:
    """Words of the class attribute: 'acc-toggle btn_next' -> {acc, toggle, btn, next}."""
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", node.attrs.get("class", ""))
    return {t for t in re.split(r"[^a-z0-9]+", spaced.lower()) if t}


def is_disclosure_toggle(node: Node) -> bool:
    """A link or button that opens and closes a collapsible section."""
    return "aria-expanded" in node.attrs or toggle_evidence(node)


def toggle_evidence(node: Node) -> bool:
    """Signs, other than aria-expanded, that a link or button toggles a collapsible section:
    aria-controls, Bootstrap's collapse wiring, or toggle-like class names on an in-page link."""
    attrs = node.attrs
    if "aria-controls" in attrs:
        return True
    if "collapse" in (attrs.get("data-toggle", ""), attrs.get("data-bs-toggle", "")):
        return True
    href = attrs.get("href", "")
    if href.startswith("#collapse"):
        return True
    in_page = node.tag != "a" or href.startswith(("javascript:", "#")) or not href
    return in_page and bool(class_tokens(node) & TOGGLE_CLASS_TOKENS)


# ---- text -----------------------------------------------------------------------------------


def fold(text: str, keep_tones: bool = False) -> str:
    """Text as compared, not as shown: case-folded, white space collapsed, and without
    Vietnamese diacritics ("Xem Thêm" -> "xem them"; đ/Đ -> d), so a name typed without
    accents still matches a word list. With keep_tones the diacritics stay (in NFC), for
    comparisons where tones tell words apart ("nghe" is not "nghề", "Hồ sơ" is not "Hộ sổ")."""
    if keep_tones:
        return unicodedata.normalize("NFC", " ".join(text.split()).casefold())
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def bare(text: str) -> str:
    """Folded and stripped of the punctuation and arrows around and between words
    ("Xem thêm »" -> "xem them")."""
    return " ".join(re.sub(r"[^\w\s]|_", " ", fold(text)).split())


def words_of(text: str) -> list[str]:
    """Folded words that carry letters (numbers, symbols and punctuation say nothing)."""
    return [w for w in re.findall(r"\w+", fold(text)) if any(c.isalpha() for c in w)]


def has_letters_or_digits(text: str) -> bool:
    return any(c.isalnum() for c in text)


def is_glyph_only(text: str) -> bool:
    """Text with no letter or digit: a symbol or an icon font's private-use character."""
    return bool(text.strip()) and not has_letters_or_digits(text)


# ---- computed once per page or step ------------------------------------------------------


def per_subject(compute: Callable[[Subject], Fact]) -> Callable[[Subject], Fact]:
    """Compute a fact of a snapshot (or a step) once while the checks of that subject run one
    after another: the last subject's answer is kept, recognised by identity, never by value."""
    last: list = [None, None]

    def cached(subject: Subject) -> Fact:
        if last[0] is not subject:
            last[0], last[1] = subject, compute(subject)
        return last[1]

    cached.__doc__ = compute.__doc__
    return cached
