"""Tables as a screen-reader user meets them: a table must be one in the accessibility tree for
its cells to be read with their column names and walked with the table keys, and each header
cell must head some data.

- `table-drawn-with-divs`: a data grid drawn with divs and spans (CSS display:table-row and
  table-cell, a CSS grid, or role-less rows with aligned cells) has no table semantics: a
  screen reader reads its cells as one stream of text, without column names, and table
  navigation (Ctrl+Alt+arrows, T) finds nothing. Heuristic: it fails only a grid that shows a
  header row (bold or shaded, or classed as a header) over two or more rows of data; another
  grid-shaped block of three or more columns, or of CSS table rows, is for a person to judge
  (needs review): two aligned columns (a date and a title, a term and its value) read well as
  a stream. Cards, form rows, link menus, description lists and lists are not data grids and
  are left alone.
- `table-header-heads-nothing`: a column header with no cell under it, or a row header alone
  in its row, in an ARIA table (role=table/grid/treegrid on divs). axe's th-has-data-cells
  judges native <table> elements only, so it is not repeated there.
"""

from __future__ import annotations

from harness.snapshot import Node, Snapshot
from wcag.commons import (
    BOLD_WEIGHT,
    CELL_ROLES,
    FIELD_ROLES,
    FIELD_TAGS,
    TABLE_ROLES,
    class_tokens,
    font_weight,
    met,
    table_grid,
    visible,
)
from wcag.commons import HEADER_CELL_ROLES as HEADER_ROLES
from wcag.commons import role_of as _role
from wcag.probe import Check, Outcome

DIV_TABLE = "table-drawn-with-divs"
HEADS_NOTHING = "table-header-heads-nothing"

# Roles a row or cell of a "div table" may have: none of its own (generic, ignored) or the
# layout-table roles Chromium gives display:table boxes, which screen readers do not present.
PLAIN_ROLES = frozenset({
    "", "generic", "none", "presentation", "LayoutTable", "LayoutTableRow", "LayoutTableCell",
    "paragraph", "StaticText", "InlineTextBox",
})
# Inside these the structure is already conveyed, or is not a data grid.
SEMANTIC_ANCESTOR_ROLES = TABLE_ROLES | frozenset({
    "row", "cell", "gridcell", "list", "listitem", "navigation", "menu", "menubar", "tablist",
    "listbox", "tree", "DescriptionList", "term", "definition",
})
NOT_DATA_ROLES = FIELD_ROLES | frozenset({
    "heading", "image", "img", "list", "table", "grid", "article", "figure", "term",
    "definition", "listitem", "group", "form", "region", "navigation", "separator",
})
MIN_ROWS = 3  # a header row and two rows of data
MIN_REVIEW_COLUMNS = 3  # fewer aligned columns without a header row read well as a stream
MAX_COLUMNS = 12
MAX_CELL_CHARS = 80
ALIGN_PX = 3.0


# ---- data grids drawn with divs ---------------------------------------------------------------


def drawn_with_divs(snapshot: Snapshot) -> Outcome:
    outcome = Outcome(DIV_TABLE)
    seen: set[int] = set()
    for container in snapshot.elements():
        if id(container) in seen or not visible(container):
            continue
        css_rows = _css_table_rows(container)
        cells = css_rows or _aligned_rows(container) or _grid_rows(container)
        if not cells or not _plain_context(container) or not _data_like(cells):
            continue
        width = len(cells[0])
        header = _header_like(cells) and len(cells) >= MIN_ROWS
        if not header and not css_rows and width < MIN_REVIEW_COLUMNS:
            continue  # two aligned columns (a date and a title, a term and its value) read well
        outcome.applicable = True
        seen.update(id(d) for d in container.descendants())
        if header:
            heads = ", ".join(c.visible_text() for c in cells[0])
            outcome.fail(
                container,
                f"A table of {len(cells) - 1} rows and {width} columns (headed {heads}) is drawn "
                "with divs and spans and has no table semantics: a screen reader reads its "
                "cells as one stream, without their column names, and table navigation does "
                "not find it.",
            )
        else:
            outcome.review = outcome.review or (
                f"{len(cells)} rows of {width} aligned cells drawn with divs (starting "
                f'"{" | ".join(c.visible_text() for c in cells[0])[:80]}") have no table '
                "semantics: whether they are a data table needs a person"
            )
    return outcome


def _kids(node: Node) -> list[Node]:
    return [c for c in node.children if not c.tag.startswith("#") and visible(c)]


def _css_table_rows(container: Node) -> list[list[Node]] | None:
    """Rows (display: table-row) of cells (display: table-cell) on elements that are not a
    native table's: two or more rows of two or more cells each, equal in number."""
    if container.tag in ("table", "tbody", "thead", "tfoot"):
        return None
    rows = [r for r in _kids(container) if r.style.get("display") == "table-row"]
    if len(rows) < 2 or any(r.tag == "tr" for r in rows):
        return None
    cells = [[c for c in _kids(r) if c.style.get("display") == "table-cell"] for r in rows]
    return cells if _rectangular(cells) else None


def _aligned_rows(container: Node) -> list[list[Node]] | None:
    """Role-less rows, stacked one under another, whose cells sit side by side on one line and
    line up in columns from row to row."""
    rows = _kids(container)
    if len(rows) < MIN_ROWS or any(r.tag in ("tr", "li", "dt", "dd") for r in rows):
        return None
    cells = [_kids(r) for r in rows]
    if not _rectangular(cells) or not all(_one_line(r) for r in cells):
        return None
    tops = [r.bounds[1] for r in rows]
    if tops != sorted(tops) or len(set(tops)) != len(tops):
        return None
    return cells if _columns_align(cells) else None


def _grid_rows(container: Node) -> list[list[Node]] | None:
    """A CSS grid whose items are the cells: grouped into rows by where they are drawn."""
    if container.style.get("display") not in ("grid", "inline-grid"):
        return None
    rows: list[list[Node]] = []
    for item in _kids(container):
        if rows and abs(rows[-1][0].bounds[1] - item.bounds[1]) <= ALIGN_PX:
            rows[-1].append(item)
        else:
            rows.append([item])
    if len(rows) < MIN_ROWS or not _rectangular(rows) or not _columns_align(rows):
        return None
    return rows


def _rectangular(cells: list[list[Node]]) -> bool:
    width = len(cells[0]) if cells else 0
    return 2 <= width <= MAX_COLUMNS and all(len(r) == width for r in cells)


def _one_line(cells: list[Node]) -> bool:
    tops = [c.bounds[1] for c in cells]
    lefts = [c.bounds[0] for c in cells]
    return max(tops) - min(tops) <= ALIGN_PX and lefts == sorted(lefts) and len(set(lefts)) == len(
        lefts
    )


def _columns_align(cells: list[list[Node]]) -> bool:
    return all(
        max(r[k].bounds[0] for r in cells) - min(r[k].bounds[0] for r in cells) <= ALIGN_PX
        for k in range(len(cells[0]))
    )


def _plain_context(container: Node) -> bool:
    """No table, list, menu or navigation semantics on the grid, its rows or around it."""
    if _role(container) not in PLAIN_ROLES:
        return False
    return not any(_role(a) in SEMANTIC_ANCESTOR_ROLES or a.tag in ("ul", "ol", "dl")
                   for a in container.ancestors())


def _data_like(cells: list[list[Node]]) -> bool:
    """Short plain text in role-less cells, most of them not wholly a link or button; no
    headings, images, fields or blocks of content (a card, a form row, a menu)."""
    flat = [c for row in cells for c in row]
    owners = [_row_of(row) for row in cells]
    if any(owner is not None and _role(owner) not in PLAIN_ROLES for owner in owners):
        return False
    plain_text = 0
    for cell in flat:
        if _role(cell) not in PLAIN_ROLES:
            return False
        text = cell.visible_text()
        if len(text) > MAX_CELL_CHARS:
            return False
        for node in cell.descendants():
            if node.tag in FIELD_TAGS or _role(node) in NOT_DATA_ROLES:
                return False
        controls = [d for d in cell.lineage() if _role(d) in ("link", "button")]
        inner = [d for d in cell.descendants() if _role(d) in ("link", "button")]
        whole_control = controls or (inner and " ".join(i.visible_text() for i in inner) == text)
        if text and any(ch.isalnum() for ch in text) and not whole_control:
            plain_text += 1
    return plain_text * 2 >= len(flat) and all(any(c.visible_text() for c in row) for row in cells)


def _row_of(row: list[Node]) -> Node | None:
    parent = row[0].parent if row else None
    return parent if parent is not None and all(c.parent is parent for c in row) else None


def _bold(cell: Node) -> bool:
    texts = [t.parent for t in cell.descendants() if t.tag == "#text" and t.value.strip()]
    return bool(texts) and all(font_weight(p) >= BOLD_WEIGHT for p in texts if p is not None)


def _background(row: list[Node]) -> str:
    owner = _row_of(row)
    colours = {c.style.get("background-color", "") for c in row}
    if owner is not None:
        colours.add(owner.style.get("background-color", ""))
    colours -= {"", "rgba(0, 0, 0, 0)", "transparent"}
    return ",".join(sorted(colours))


HEADER_CLASS_TOKENS = frozenset({"head", "header", "thead", "heading", "th", "title", "caption"})


def _header_like(cells: list[list[Node]]) -> bool:
    """The first row is set apart as column headers: every cell has text, and it is bold over
    mostly plain data, or shaded unlike every data row, or classed as a header."""
    first, rest = cells[0], cells[1:]
    if not all(c.visible_text() for c in first):
        return False
    body = [c for row in rest for c in row if c.visible_text()]
    if all(_bold(c) for c in first) and sum(not _bold(c) for c in body) * 2 > len(body):
        return True
    shade = _background(first)
    if shade and all(_background(row) != shade for row in rest):
        return True
    head_row = _row_of(first)
    tokens = class_tokens(head_row) if head_row is not None else set()
    rest_tokens = set().union(*(class_tokens(r) for row in rest if (r := _row_of(row))))
    return bool((tokens - rest_tokens) & HEADER_CLASS_TOKENS)


# ---- header cells that head nothing, in ARIA tables ------------------------------------------


def heads_nothing(snapshot: Snapshot) -> Outcome:
    outcome = Outcome(HEADS_NOTHING)
    for table in snapshot.with_role(*TABLE_ROLES):
        if not met(table) or not visible(table):
            continue
        if table.tag == "table":  # by position, axe's th-has-data-cells judges it
            _headers_taken_away(table, outcome)
            continue
        grid = table_grid(table)
        if grid is None:
            outcome.review = outcome.review or (
                f"the {table.ax.role} uses row spans, whose header cells the probe cannot place"
            )
            continue
        headers = [(r, c) for r, row in enumerate(grid) for c in row if _role(c[2]) in HEADER_ROLES]
        if not headers:
            continue
        outcome.applicable = True
        width = max((c[1] for row in grid for c in row), default=0)
        data_rows = [row for row in grid if any(_role(c[2]) not in HEADER_ROLES for c in row)]
        if not data_rows:
            outcome.review = outcome.review or (
                f'the {table.ax.role} "{table.ax.name}" has header cells but no rows of data '
                "yet (an empty result?): whether its headers head anything needs a person"
            )
            continue
        for r, (start, end, cell) in headers:
            if _role(cell) == "columnheader":
                under = [
                    c for row in grid[r + 1:] for (s, e, c) in row
                    if s < end and e > start and _role(c) != "columnheader"
                ]
                if not under:
                    outcome.fail(cell, _message(cell, "no cell under it in its column"))
                elif not any(_has_content(c) for c in under):
                    outcome.review = outcome.review or (
                        f'every cell under the column header "{cell.ax.name}" is empty: an '
                        "empty column, or data not loaded yet, needs a person"
                    )
            else:
                beside = [c for (_, _, c) in grid[r] if c is not cell and _role(c) in CELL_ROLES]
                if beside:
                    continue
                if start == 0 and end >= width:
                    outcome.review = outcome.review or (
                        f'the row header "{cell.ax.name}" spans its whole row: a group title, '
                        "which ARIA cannot tie to the rows below it, needs a person"
                    )
                else:
                    outcome.fail(cell, _message(cell, "no other cell in its row"))
    return outcome


def _headers_taken_away(table: Node, outcome: Outcome) -> None:
    """ACT rule d0f69e in a native table: a header cell that no cell names in its headers
    attribute is assigned to nothing when its cells by position all name other headers there
    (the attribute replaces the positional ones), or when, in a table with rows of data, no
    cell stands under a column header at all (a short row)."""
    grid = table_grid(table)
    if grid is None:
        return
    named = {ref for row in grid for (_, _, c) in row for ref in c.attrs.get("headers", "").split()}
    has_data = any(_role(c) not in HEADER_ROLES for row in grid for (_, _, c) in row)
    for r, row in enumerate(grid):
        for start, end, cell in row:
            if _role(cell) not in HEADER_ROLES or cell.attrs.get("id", "\0") in named:
                continue
            outcome.applicable = True
            if _role(cell) == "columnheader":
                under = [c for later in grid[r + 1:] for (s, e, c) in later
                         if s < end and e > start]
                governed = [c for c in under if _role(c) not in HEADER_ROLES]
                if has_data and not under:
                    outcome.fail(cell, _message(cell, "no cell under it in its column"))
                    continue
            else:
                governed = [c for (_, _, c) in row if _role(c) in CELL_ROLES - HEADER_ROLES]
            if governed and all(c.attrs.get("headers", "").strip() for c in governed):
                outcome.fail(cell, _message(cell, "every cell under or beside it names other "
                                                  "headers in its headers attribute"))


def _message(cell: Node, why: str) -> str:
    return (
        f'The {_role(cell)} "{cell.ax.name}" heads nothing ({why}): a screen reader announces '
        "it as a header, but no data cell is read with it."
    )


def _has_content(cell: Node) -> bool:
    return bool(cell.visible_text()) or bool(cell.ax and cell.ax.name) or any(
        _role(d) not in PLAIN_ROLES for d in cell.descendants() if d.ax is not None
    )


CHECKS: dict[str, Check] = {DIV_TABLE: drawn_with_divs, HEADS_NOTHING: heads_nothing}
CHECK_IDS = tuple(CHECKS)
