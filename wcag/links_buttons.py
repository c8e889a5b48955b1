"""Links and buttons as a screen-reader user meets them: what each is called, whether that name
says where it goes or what it does, and whether things that look clickable are controls at all.

Names are Chromium's own (the snapshot's accessibility tree); the probe judges what is heard:
an empty name is heard as just "link" or "button", a name made of a symbol or an icon-font
ligature is heard as that symbol, a bare file name says neither what the document is nor that
the link downloads it. Generic names ("Xem chi tiết", "tại đây") fail link purpose only when
nothing around them (sentence, paragraph, list item, table cell with its header cells,
description) tells them apart;
when context does, the advisory `link-context-only` still records them, because blind testers
list links out of context. Whether any other link's name says where it goes is a question for a
person when name and context hold few words (`link-in-context-descriptive`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

from harness.snapshot import Node, Snapshot
from harness.words import link_words
from wcag.commons import (
    LINK_ROLES,
    NAMED_CONTROL_ROLES,
    assigned_headers,
    bare,
    disabled,
    exposed,
    file_name_may_describe,
    focusable,
    fold,
    in_tab_order,
    is_control,
    is_icon_font_element,
    name_problem,
    per_subject,
    role_of,
    role_word,
    visible,
    words_of,
)
from wcag.commons import (
    is_image_input as is_image_input_element,
)
from wcag.probe import Check, Outcome

WORDS = link_words()

UNNAMED = "link-button-unnamed"
GENERIC = "link-generic-name"
CONTEXT_ONLY = "link-context-only"
SAME_NAME = "link-same-name-different-target"
IN_CONTEXT = "link-in-context-descriptive"
CLICKABLE = "clickable-not-control"
UNFOCUSABLE = "control-not-focusable"
IMAGE_CONTROL = "image-control-unnamed"

IMAGE_TAGS = frozenset({"img", "svg", "canvas"})
# Where WCAG 2.4.4 finds a link's programmatic context, and where looking further stops.
CONTEXT_TAGS = frozenset({"p", "li", "td", "th", "dd", "dt"})
CONTEXT_ROLES = frozenset({"paragraph", "listitem", "row", "rowheader", "columnheader"})
CONTEXT_BOUNDARY_TAGS = frozenset({
    "body", "html", "main", "nav", "header", "footer", "section", "article", "aside", "form",
    "table", "ul", "ol", "dl", "fieldset", "dialog", "#document",
})
CONTEXT_MAX_LEVELS = 6
MIN_CONTEXT_WORDS = 2
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
LINK_MARK = "\x00"  # marks a link's place in a sentence: \x00<id>\x00
LINK_MARKS = re.compile(r"\x00(\d+)\x00")
ROLE_HEARD = {"link": ("link", "liên kết"), "button": ("button", "nút")}


# -- the checks -----------------------------------------------------------------------------------

@per_subject
def _controls(snapshot: Snapshot) -> list[Node]:
    """Every visible link and button of the page."""
    return [n for n in snapshot.nodes if exposed(n) and n.ax.role in NAMED_CONTROL_ROLES]


@per_subject
def _links(snapshot: Snapshot) -> list[Node]:
    return [n for n in _controls(snapshot) if n.ax.role in LINK_ROLES]


def unnamed(snapshot: Snapshot) -> Outcome:
    controls = _controls(snapshot)
    outcome = Outcome(UNNAMED, applicable=bool(controls))
    for node in controls:
        problem = name_problem(node)
        if not problem:
            continue
        if problem == "file" and file_name_may_describe(node.ax.name):
            outcome.review = outcome.review or (
                f'{role_word(node)} named by the file name "{node.ax.name}": whether its words '
                "say what the document is needs a person"
            )
            continue
        kind = role_word(node)
        outcome.fail(node, _unnamed_message(node, kind, problem))
        narrow = ["2.4.4"] if kind == "link" else ["1.1.1"]
        if problem in ("empty", "default"):
            narrow.append("4.1.2")
        outcome.findings[-1].criteria = narrow  # a link's name is its purpose, a button's its alt
    return outcome


def _unnamed_message(node: Node, kind: str, problem: str) -> str:
    english, vietnamese = ROLE_HEARD[kind]
    name = node.ax.name if node.ax else ""
    heard = {
        "empty": f'has no accessible name: a screen reader says just "{english}" ("{vietnamese}")',
        "default": f'is named only by the browser default "{name}": its purpose is not conveyed',
        "glyph": f'is named only by the symbol "{name}": a screen reader reads the symbol, '
                 "not what the control does",
        "icon": f'is named only by an icon font ligature "{name}", not by its purpose',
        "file": f'is named only by the file name "{name}": it says neither what the document '
                "is nor that it will be downloaded",
    }[problem]
    return f"{'Link' if kind == 'link' else 'Button'} {heard}."


@per_subject
def _generic_links(snapshot: Snapshot) -> list[tuple[Node, str]]:
    """Links with a generic name, each with the context that tells it apart ("" for none).
    Sentences and word counts are worked out once per block and per text, so the cost grows
    with the page, not with the square of its links."""
    generic_names = {bare(w) for w in WORDS["generic_names"]}
    links = [node for node in _links(snapshot) if bare(node.ax.name) in generic_names]
    sentences = _sentences_around(links)
    context = _ContextWords(generic_names)
    return [(node, _disambiguating_context(node, sentences.get(id(node), ""), context, snapshot))
            for node in links]


def generic_name(snapshot: Snapshot) -> Outcome:
    outcome = Outcome(GENERIC, applicable=bool(_links(snapshot)))
    for node, context in _generic_links(snapshot):
        if not context:
            outcome.fail(
                node,
                f'Link "{node.ax.name}" has a generic name and nothing around it (sentence, '
                "paragraph, list item, table cell and its headers, or description) says where "
                "it goes.",
            )
    return outcome


def context_only(snapshot: Snapshot) -> Outcome:
    outcome = Outcome(CONTEXT_ONLY, applicable=bool(_links(snapshot)))
    for node, context in _generic_links(snapshot):
        if context:
            outcome.fail(
                node,
                f'Link "{node.ax.name}" says where it goes only through its context '
                f'("{context[:80]}"): read out of context, as in a links list, it cannot be told '
                "apart.",
            )
    return outcome


def in_context_descriptive(snapshot: Snapshot) -> Outcome:
    """ACT rule 5effbb: whether a link's name, with its context, says where it goes is for a
    person to judge. Asked of the links whose name and context hold few words ("Workshop",
    "HTML", "Trang chủ"), where it is in doubt; a longer name or a sentence around it is left
    to the criterion's note. A name that fails (empty, generic, a symbol) is a finding, and
    its question is not asked."""
    links = _links(snapshot)
    outcome = Outcome(IN_CONTEXT, applicable=bool(links))
    failing = {id(node) for node, context in _generic_links(snapshot) if not context}
    for node in links:
        if id(node) in failing or name_problem(node):
            continue
        said = {*words_of(node.ax.name), *words_of(node.ax.description),
                *words_of(_container_text(node, snapshot))}
        if len(said) <= WORDS["question_max_words"]:
            outcome.ask(node, "descriptive", name=node.ax.name)
    return outcome


class _ContextWords:
    """The words of a text that can tell a link apart: generic phrases taken out, counted
    once per text (many links share one paragraph or sentence)."""

    def __init__(self, generic_names: set[str]) -> None:
        self.phrases = sorted(generic_names, key=len, reverse=True)
        self.known: dict[str, Counter[str]] = {}

    def count(self, text: str, own: set[str]) -> int:
        """How many words of `text` are neither generic nor the link's own."""
        words = self.known.get(text)
        if words is None:
            remaining = bare(text)
            for phrase in self.phrases:
                remaining = re.sub(rf"\b{re.escape(phrase)}\b", " ", remaining)
            words = self.known[text] = Counter(words_of(remaining))
        return sum(words.values()) - sum(words[w] for w in own)


def _disambiguating_context(link: Node, sentence: str, context: _ContextWords,
                            snapshot: Snapshot) -> str:
    """The text that tells a generic link apart, or "" when there is none."""
    own = set(words_of(link.ax.name))
    for text in (link.ax.description, _container_text(link, snapshot), sentence):
        if text and context.count(text, own) >= MIN_CONTEXT_WORDS:
            return re.sub(r"\s+([.,;:!?])", r"\1", " ".join(text.split()))
    return ""


def _container_text(link: Node, snapshot: Snapshot) -> str:
    """The paragraph, list item, or table cell with its header cells, around the link: WCAG's
    programmatically determined link context. The other cells of its row are not part of it
    (ACT rule 5effbb): a links list, or a cell read alone, does not say them."""
    for level, node in enumerate(link.ancestors()):
        if level >= CONTEXT_MAX_LEVELS or node.tag in CONTEXT_BOUNDARY_TAGS:
            return ""
        role = node.ax.role if node.ax else ""
        if role in ("cell", "gridcell") or node.tag == "td" and not role:
            headers = assigned_headers(node, snapshot)
            return " ".join([*(h.visible_text() for h in headers), node.visible_text()])
        if node.tag in CONTEXT_TAGS or role in CONTEXT_ROLES:
            return node.visible_text()
    return ""


def _sentences_around(links: list[Node]) -> dict[int, str]:
    """The sentence holding each link (by id), within the run of inline content it sits in,
    the links read as their text. Each block is read once for all the links inside it."""
    wanted = {id(link): link for link in links}
    sentences: dict[int, str] = {}
    done: set[int] = set()
    for link in links:
        block = next((a for a in link.ancestors() if not _is_inline(a)), None)
        if block is None or id(block) in done:
            continue
        done.add(id(block))
        runs: list[list[str]] = [[]]
        _inline_runs(block, wanted, runs)
        for run in runs:
            for sentence in SENTENCE_END.split(" ".join(run)):
                marks = [int(number) for number in LINK_MARKS.findall(sentence)]
                if marks:
                    heard = LINK_MARKS.sub(lambda m: wanted[int(m.group(1))].visible_text(),
                                           sentence)
                    sentences.update((mark, heard) for mark in marks)
    return sentences


def _inline_runs(node: Node, wanted: dict[int, Node], runs: list[list[str]]) -> None:
    """Split a block's text into runs of inline content; a wanted link stands as its mark."""
    for child in node.children:
        if id(child) in wanted:
            runs[-1].append(f"{LINK_MARK}{id(child)}{LINK_MARK}")
        elif child.tag == "#text":
            runs[-1].append(child.visible_text())
        elif child.tag in ("script", "style", "template") or not child.rendered:
            continue
        elif _is_inline(child):
            _inline_runs(child, wanted, runs)
        else:
            runs.append([])
            _inline_runs(child, wanted, runs)
            runs.append([])


def _is_inline(node: Node) -> bool:
    display = node.style.get("display", "")
    return node.tag == "#text" or display.startswith("inline") or display == "contents"


def same_name(snapshot: Snapshot) -> Outcome:
    """WCAG 2.4.4 as ACT rule fd3a94 reads it: links with one name in the same programmatically
    determined context must serve one purpose. Addresses that name one resource (see
    `resource_of`) do. Different resources may still serve one purpose (the same page by
    another address, a query that fills in the page's form, the document in another format):
    only their content tells, which the checks never fetch, so such links are a question for a
    person on each of them (needs review), never a failure, as in axe's
    identical-links-same-purpose. Same-named links in different contexts are told apart by
    their context: that is 2.4.9, beyond the six criteria."""
    outcome = Outcome(SAME_NAME)
    groups: dict[tuple, list[tuple[Node, tuple[str, str]]]] = defaultdict(list)
    for node in _links(snapshot):
        target = _target(node, snapshot.url)
        if target and node.ax.name.strip():
            groups[(fold(node.ax.name, keep_tones=True), _context_key(node))].append(
                (node, target))
    for members in groups.values():
        if len(members) < 2:
            continue
        outcome.applicable = True
        resources = {resource for _, (resource, _fragment) in members}
        sections = {fragment for _, (_resource, fragment) in members if fragment}
        if len(resources) < 2 and len(sections) < 2:
            continue  # one resource, at one place in it
        name = members[0][0].ax.name
        addresses = sorted({node.attrs.get("href", "").strip() for node, _ in members})
        outcome.review = outcome.review or (
            f'{len(members)} links named "{name}" in one context go to {len(addresses)} '
            "different addresses: whether they serve one purpose needs a person (their content "
            "is not fetched)"
        )
        shown = ", ".join(addresses[:MAX_ADDRESSES_SHOWN]) + (
            ", …" if len(addresses) > MAX_ADDRESSES_SHOWN else "")
        for node, _ in members:
            outcome.ask(node, "same-purpose", name=name, count=len(addresses), addresses=shown)
    return outcome


BLOCK_CONTAINER_DISPLAYS = frozenset({
    "block", "inline-block", "list-item", "flow-root", "table-cell", "table-caption",
})
MAX_ADDRESSES_SHOWN = 3


def _context_key(link: Node) -> tuple:
    """The link's programmatically determined context as the ACT rules define it, as an
    identity: the list items around it, its closest block container (a paragraph, a div, a
    list item: not a flex or grid box, which lays out without making a block of text), its
    closest table cell (whose header cells come with it), and its description. Two links have
    the same context when all of these are the same elements (not merely alike)."""
    items = tuple(id(a) for a in link.ancestors() if role_of(a) == "listitem")
    block = next((id(a) for a in link.ancestors() if _block_container(a)), None)
    cell = next((id(a) for a in link.ancestors() if role_of(a) in ("cell", "gridcell")), None)
    return items, block, cell, link.ax.description if link.ax else ""


def _block_container(node: Node) -> bool:
    display = node.style.get("display", "")
    return not node.tag.startswith("#") and (
        display in BLOCK_CONTAINER_DISPLAYS or display.startswith(("block ", "inline flow-root"))
    )


DEFAULT_PORTS = {"http": 80, "https": 443}


def _target(link: Node, page_url: str) -> tuple[str, str] | None:
    """Where a link goes as (resource, fragment), or None when its href says nothing (script
    links, bare "#"). The resource is the resolved address with what does not change the
    document it names folded away: scheme and host case, a default port, a directory index
    file, a trailing slash, percent-encoding, the order of query parameters."""
    href = link.attrs.get("href", "").strip()
    if not href or href == "#" or href.lower().startswith("javascript:"):
        return None
    return resource_of(urljoin(page_url, href))


def resource_of(address: str) -> tuple[str, str]:
    """(the resource an absolute address names, its fragment); see `_target`."""
    parts = urlsplit(address)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        return urlunsplit(parts._replace(fragment="")), parts.fragment
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is not None and port != DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    path = unquote(parts.path) or "/"
    head, _, last = path.rpartition("/")
    if last.lower() in WORDS["directory_index_files"]:
        path = head + "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return urlunsplit((scheme, host, path, query, "")), unquote(parts.fragment)


def clickable_not_control(snapshot: Snapshot) -> Outcome:
    outcome = Outcome(CLICKABLE)
    reported: set[int] = set()
    for node in snapshot.elements(*WORDS["clickable_tags"]):
        if not _looks_clickable(node) or not visible(node):
            continue
        if any(id(a) in reported for a in node.ancestors()):
            continue
        if node.tag == "a" and "href" in node.attrs or is_control(node) or in_tab_order(node):
            continue
        if any(is_control(a) for a in node.ancestors()):
            continue
        if any(is_control(d) and visible(d) for d in node.descendants()):
            continue  # a card or row that wraps a real control: the control is the way in
        label = _control_like_label(node)
        if label is None:
            continue
        outcome.applicable = True
        reported.add(id(node))
        cue = "a click handler" if "onclick" in node.attrs else "a pointer cursor"
        what = f'"{label}"' if label else "An icon"
        outcome.fail(
            node,
            f"{what} looks clickable ({cue}) but is a <{node.tag}> with no role and no keyboard "
            "focus: a keyboard user cannot reach it and a screen reader does not present it as "
            "a link or button.",
        )
    return outcome


def control_not_focusable(snapshot: Snapshot) -> Outcome:
    """Links and buttons a screen reader presents but the keyboard cannot reach: an <a> with a
    click handler and no href, a role="button" without tabindex. Browse mode may still click
    them; Tab never stops there. Disabled ones, and those inside something Tab reaches (which
    may handle the key for them), are left alone."""
    controls = _controls(snapshot)
    outcome = Outcome(UNFOCUSABLE, applicable=bool(controls))
    for node in controls:
        if focusable(node) or disabled(node) or "disabled" in node.ax.states:
            continue
        if node.attrs.get("aria-disabled", "").strip().lower() == "true":
            continue
        if any(in_tab_order(a) and (is_control(a) or "tabindex" in a.attrs)
               for a in node.ancestors()):
            continue
        kind = role_word(node)
        name = f' "{node.ax.name}"' if node.ax.name.strip() else ""
        outcome.fail(
            node,
            f"The {kind}{name} is presented to screen readers as a {kind} but takes no keyboard "
            "focus: Tab never reaches it, so a keyboard user cannot use it.",
        )
    return outcome


def _looks_clickable(node: Node) -> bool:
    """An onclick attribute, or the element where a pointer cursor starts (children inherit it)."""
    if "onclick" in node.attrs:
        return True
    parent_cursor = node.parent.style.get("cursor") if node.parent else None
    return node.style.get("cursor") == "pointer" and parent_cursor != "pointer"


def _control_like_label(node: Node) -> str | None:
    """The short text a control would carry, "" for an icon, None when it is not control-like
    (no content, or a whole block of text such as a page wrapper)."""
    text = node.visible_text()
    if text:
        fits = len(text) <= WORDS["max_clickable_label_chars"]
        return text if fits and len(text.split()) <= WORDS["max_clickable_label_words"] else None
    icons = [node, *node.descendants()]
    if any(visible(n) and (n.tag in IMAGE_TAGS or is_icon_font_element(n)) for n in icons):
        return ""
    return None


def image_control_unnamed(snapshot: Snapshot) -> Outcome:
    outcome = Outcome(IMAGE_CONTROL)
    for node in _controls(snapshot):
        images = [d for d in node.descendants() if visible(d) and _is_image(d)]
        is_image_input = is_image_input_element(node)
        if not images and not is_image_input:
            continue
        outcome.applicable = True
        problem = name_problem(node)
        if problem and (is_image_input or not any(c.isalnum() for c in _text_beside_icons(node))):
            kind = "Image button" if is_image_input else f"Image-only {role_word(node)}"
            outcome.fail(
                node,
                f"{kind} has no text alternative for its image"
                f"{': ' + repr(node.ax.name) + ' is not one' if node.ax.name else ''}; "
                "a screen reader cannot say what it does.",
            )
            continue
        for image in images:
            if image.tag == "img" and _lacks_alt(image):
                outcome.fail(
                    image,
                    "Image inside a link or button has no alt attribute: screen readers may "
                    f"read its file name ({image.attrs.get('src', '')[-60:]!r}).",
                )
    return outcome


def _text_beside_icons(node: Node) -> str:
    """Visible text of a control that is not an icon font's glyph or ligature."""
    if node.tag == "#text":
        return node.visible_text()
    if is_icon_font_element(node):
        return ""
    return " ".join(_text_beside_icons(c) for c in node.children).strip()


def _is_image(node: Node) -> bool:
    return node.tag in IMAGE_TAGS or node.attrs.get("role") == "img" or is_icon_font_element(node)


def _lacks_alt(image: Node) -> bool:
    """An <img> with no alt attribute and no other text alternative, not marked decorative."""
    if "alt" in image.attrs or image.attrs.get("role") in ("presentation", "none"):
        return False
    if image.attrs.get("aria-hidden") == "true":
        return False
    named_by = ("aria-label", "aria-labelledby", "title")
    return not any(image.attrs.get(a, "").strip() for a in named_by)


CHECKS: dict[str, Check] = {
    UNNAMED: unnamed,
    GENERIC: generic_name,
    CONTEXT_ONLY: context_only,
    SAME_NAME: same_name,
    IN_CONTEXT: in_context_descriptive,
    CLICKABLE: clickable_not_control,
    UNFOCUSABLE: control_not_focusable,
    IMAGE_CONTROL: image_control_unnamed,
}
CHECK_IDS = tuple(CHECKS)
