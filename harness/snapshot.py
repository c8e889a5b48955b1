"""A page snapshot: the DOM with layout and computed styles, joined to Chromium's accessibility
tree, in every frame the page process renders. Probes judge snapshots; they never touch the
browser, so each probe can be tested on saved or hand-made pages alike.

Taken through the Chrome DevTools Protocol: `DOMSnapshot.captureSnapshot` gives every node with
its bounds and styles, `Accessibility.getFullAXTree` gives the role, name (and where the name
came from), description, value and states that assistive technology receives.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from playwright.sync_api import Error, Page

from harness.ax_snapshot import states_from_properties
from harness.devtools import page_protocol
from harness.focus import FocusFacts

STYLES = (
    "display", "visibility", "opacity", "font-size", "font-weight", "color",
    "background-color", "cursor", "position", "text-decoration-line",
    "border-top-width", "border-left-width",  # a box drawn round content groups it
)
TEXT, ELEMENT = 3, 1


@dataclass
class Accessible:
    """What assistive technology receives for one DOM node."""

    role: str
    name: str
    name_from: list[str]  # where the name came from: "contents", "attribute:aria-label", ...
    description: str
    value: str
    states: list[str]
    focusable: bool
    ignored: bool
    properties: dict[str, Any]


@dataclass(eq=False)
class Node:
    backend_id: int
    tag: str  # lower-case element name, or "#text"
    attrs: dict[str, str]
    value: str  # a text node's text
    style: dict[str, str] = field(default_factory=dict)
    bounds: tuple[float, float, float, float] | None = None
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    frames: tuple[str, ...] = ()
    ax: Accessible | None = None

    @property
    def rendered(self) -> bool:
        return self.bounds is not None

    @cached_property
    def visible(self) -> bool:
        """Drawn with some size, not hidden by CSS (ancestors' display:none leaves no bounds).
        Remembered: a snapshot never changes, and checks ask of every node many times."""
        if self.bounds is None or self.bounds[2] <= 0 or self.bounds[3] <= 0:
            return False
        if self.style.get("visibility") in ("hidden", "collapse"):
            return False
        return self._opaque

    @cached_property
    def _opaque(self) -> bool:
        """No opacity 0 on the node or any ancestor; found from the nearest ancestor already
        known, without recursion (a hostile page may nest thousands of levels deep)."""
        chain: list[Node] = []
        node: Node | None = self
        while node is not None and "_opaque" not in node.__dict__:
            chain.append(node)
            node = node.parent
        opaque = True if node is None else node.__dict__["_opaque"]
        for link in reversed(chain):
            opaque = opaque and link.style.get("opacity", "1") != "0"
            link.__dict__["_opaque"] = opaque
        return opaque

    def lineage(self) -> Iterator[Node]:
        node: Node | None = self
        while node is not None:
            yield node
            node = node.parent

    def ancestors(self) -> Iterator[Node]:
        yield from list(self.lineage())[1:]

    def descendants(self) -> Iterator[Node]:
        for child in self.children:
            yield child
            yield from child.descendants()

    def text(self) -> str:
        """The node's text content, white space folded."""
        if self.tag == "#text":
            return " ".join(self.value.split())
        return " ".join(" ".join(c.text() for c in self.children).split())

    def visible_text(self) -> str:
        """The text a sighted reader sees in the node, white space folded; remembered, since
        checks read the same containers for many of their elements."""
        known = self.__dict__.get("_visible_text")
        if known is None:
            if self.tag == "#text":
                known = " ".join(self.value.split()) if self.parent and self.parent.visible else ""
            elif self.tag in ("script", "style", "template"):
                known = ""
            else:
                known = " ".join(" ".join(c.visible_text() for c in self.children).split())
            self.__dict__["_visible_text"] = known
        return known

    @property
    def selector(self) -> str:
        """A CSS selector within its document: the nearest id, then :nth-of-type steps."""
        steps: list[str] = []
        for node in self.lineage():
            if node.tag == "#document":
                break  # a frame's document: the frame path says the rest
            if node.tag.startswith("#"):
                continue
            if node.attrs.get("id"):
                steps.insert(0, "#" + _css_ident(node.attrs["id"]))
                break
            position, of = node.parent._positions[id(node)] if node.parent else (1, 1)
            steps.insert(0, f"{node.tag}:nth-of-type({position})" if of > 1 else node.tag)
        return " > ".join(steps)

    @cached_property
    def _positions(self) -> dict[int, tuple[int, int]]:
        """Each child's place among its siblings of the same tag, and how many there are:
        counted once per parent, so selectors cost the same on a page of 10,000 links."""
        of = Counter(child.tag for child in self.children)
        seen: Counter[str] = Counter()
        positions: dict[int, tuple[int, int]] = {}
        for child in self.children:
            seen[child.tag] += 1
            positions[id(child)] = (seen[child.tag], of[child.tag])
        return positions

    @property
    def target(self) -> list[str]:
        return [*self.frames, self.selector]

    def html(self, limit: int = 300) -> str:
        """An opening-tag excerpt for reports (attributes kept, content left out)."""
        attrs = "".join(f' {k}="{v}"' for k, v in self.attrs.items())
        text = self.text()[:80]
        return f"<{self.tag}{attrs}>{text}</{self.tag}>"[:limit]


@dataclass
class Snapshot:
    url: str
    title: str
    nodes: list[Node]
    focus: FocusFacts | None = None
    unread_frames: list[str] = field(default_factory=list)

    def elements(self, *tags: str) -> Iterator[Node]:
        wanted = set(tags)
        return (n for n in self.nodes if n.tag != "#text" and (not wanted or n.tag in wanted))

    def with_role(self, *roles: str) -> Iterator[Node]:
        wanted = set(roles)
        return (n for n in self.nodes if n.ax and not n.ax.ignored and n.ax.role in wanted)

    def by_html_id(self, element_id: str, frames: tuple[str, ...] = ()) -> Node | None:
        """The first element with the id in the document of `frames`, as the browser finds it."""
        return self._ids.get((frames, element_id))

    @cached_property
    def _ids(self) -> dict[tuple[tuple[str, ...], str], Node]:
        """Elements by (frames, id), read once: checks follow many id references per page."""
        ids: dict[tuple[tuple[str, ...], str], Node] = {}
        for node in self.nodes:
            if "id" in node.attrs:
                ids.setdefault((node.frames, node.attrs["id"]), node)
        return ids


def take_snapshot(page: Page, focus: FocusFacts | None = None) -> Snapshot:
    """Snapshot the page as it is now."""
    protocol = page_protocol(page)
    captured = protocol.send("DOMSnapshot.captureSnapshot", {"computedStyles": list(STYLES)})
    nodes, frame_ids = _build_nodes(captured)
    by_backend = {n.backend_id: n for n in nodes}
    unread: list[str] = []
    for frame_id, frame_label in frame_ids:
        try:
            ax_nodes = protocol.send("Accessibility.getFullAXTree", {"frameId": frame_id})
        except Error:
            unread.append(frame_label)
            continue
        for ax_node in ax_nodes["nodes"]:
            node = by_backend.get(ax_node.get("backendDOMNodeId"))
            if node is not None:
                node.ax = _accessible(ax_node)
    unread += [  # frames in another process (cross-site) have no document in this snapshot
        f"frame {n.attrs.get('src') or n.selector}"
        for n in nodes
        if n.tag in ("iframe", "frame") and n.rendered and not n.children
    ]
    return Snapshot(page.url, page.title(), nodes, focus, unread)


def _build_nodes(captured: dict) -> tuple[list[Node], list[tuple[str, str]]]:
    strings = captured["strings"]

    def s(index: int) -> str:
        return strings[index] if index >= 0 else ""

    documents = captured["documents"]
    per_document: list[list[Node]] = []
    owners: dict[int, Node] = {}  # document index -> its iframe element
    for doc in documents:
        raw = doc["nodes"]
        built: list[Node] = []
        for i, parent_index in enumerate(raw["parentIndex"]):
            node_type = raw["nodeType"][i]
            name = s(raw["nodeName"][i]).lower()
            attr_list = raw["attributes"][i] if i < len(raw["attributes"]) else []
            attrs = {s(attr_list[k]): s(attr_list[k + 1]) for k in range(0, len(attr_list), 2)}
            if node_type == TEXT:
                name = "#text"
            elif node_type != ELEMENT and not name.startswith("#"):
                name = "#" + name
            node = Node(
                backend_id=raw["backendNodeId"][i],
                tag=name,
                attrs=attrs,
                value=s(raw["nodeValue"][i]) if node_type == TEXT else "",
            )
            if parent_index >= 0:
                node.parent = built[parent_index]
                node.parent.children.append(node)
            built.append(node)
        content = raw.get("contentDocumentIndex", {"index": [], "value": []})
        for node_index, child_doc in zip(content["index"], content["value"], strict=True):
            owners[child_doc] = built[node_index]
        layout = doc["layout"]
        for node_index, style, bounds in zip(
            layout["nodeIndex"], layout["styles"], layout["bounds"], strict=True
        ):
            built[node_index].style = {STYLES[k]: s(v) for k, v in enumerate(style)}
            built[node_index].bounds = tuple(bounds)
        per_document.append(built)
    doc_of = {id(node): d for d, built in enumerate(per_document) for node in built}

    def frame_path(doc_index: int) -> tuple[str, ...]:
        owner = owners.get(doc_index)
        if owner is None:
            return ()
        return (*frame_path(doc_of[id(owner)]), owner.selector)

    frame_ids: list[tuple[str, str]] = []
    nodes: list[Node] = []
    for doc_index, built in enumerate(per_document):
        frames = frame_path(doc_index)
        for node in built:
            node.frames = frames
        owner = owners.get(doc_index)
        if owner is not None:  # the frame's document hangs under its iframe element
            owner.children.append(built[0])
            built[0].parent = owner
        nodes.extend(built)
        document = documents[doc_index]
        frame_ids.append((s(document["frameId"]), s(document["documentURL"])))
    return nodes, frame_ids


def _accessible(ax_node: dict) -> Accessible:
    role = (ax_node.get("role") or {}).get("value") or ""
    props = {p["name"]: (p.get("value") or {}).get("value") for p in ax_node.get("properties", [])}
    name = ax_node.get("name") or {}
    sources = [
        (f"attribute:{src['attribute']}" if src.get("attribute") else src.get("type", ""))
        for src in name.get("sources", [])
        if src.get("value") and not src.get("superseded")
    ]
    return Accessible(
        role=role,
        name=" ".join(str(name.get("value", "")).split()),
        name_from=sources,
        description=" ".join(str((ax_node.get("description") or {}).get("value", "")).split()),
        value=" ".join(str((ax_node.get("value") or {}).get("value", "")).split()),
        states=states_from_properties(role, props),
        focusable=bool(props.get("focusable")),
        ignored=bool(ax_node.get("ignored")),
        properties=props,
    )


def _css_ident(value: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else f"\\{c}" for c in value)
