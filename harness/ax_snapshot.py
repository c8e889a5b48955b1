"""What assistive technology receives: Chromium's own accessibility tree, read over CDP.

Playwright dropped ``page.accessibility``, and DOM heuristics guess at names and roles that the
browser computes itself. So the focused element is found in the DOM (through shadow roots and
into frames, same-origin or not), then its accessibility node is asked of Chromium with
``Accessibility.getPartialAXTree``; a new page's outline comes from ``getFullAXTree``, frame by
frame. The result is narration parts (``Utterance``), not DOM facts.

One CDP session serves a page for its whole life (``AxSnapshot.for_page``); ``close()`` detaches.
The page outline, a big read, goes over the page's own DevTools connection (``harness.devtools``).
"""

from __future__ import annotations

import contextlib
import weakref
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from harness.devtools import page_protocol
from harness.utterance import Utterance, is_ignored_role, vocabulary

# Deepest active element of one document: through open shadow roots, stopping at a frame
# owner (its document is another execution context, entered separately).
_DEEPEST_ACTIVE = """(() => {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  return el || document.body || document.documentElement;
})()"""

_DESCRIBE = """function () {
  const tag = this.tagName ? this.tagName.toLowerCase() : '#document';
  const doc = this.ownerDocument || document;
  return {
    tag: tag,
    label: tag + (this.id ? '#' + this.id : ''),
    body: this === doc.body || this === doc.documentElement || !this.tagName,
    frame: tag === 'iframe' || tag === 'frame',
  };
}"""

_FRAME_TAGS = ("iframe", "frame")
_MAX_FRAME_DEPTH = 8

_snapshots: weakref.WeakKeyDictionary[Page, AxSnapshot] = weakref.WeakKeyDictionary()


class AxSnapshot:
    """Chromium's accessibility view of one page: the focused node and the page outline."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self._session: Any = None
        self._frame_sessions: dict[str, Any] = {}

    @classmethod
    def for_page(cls, page: Page) -> AxSnapshot:
        """The one snapshot (and CDP session) kept for ``page``; dropped when the page closes."""
        snapshot = _snapshots.get(page)
        if snapshot is None:
            snapshot = cls(page)
            _snapshots[page] = snapshot
            page.on("close", lambda _page: snapshot.close())
        return snapshot

    def __enter__(self) -> AxSnapshot:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Detach every CDP session this snapshot opened; safe on a closed page."""
        sessions = [self._session, *self._frame_sessions.values()]
        self._session = None
        self._frame_sessions = {}
        for session in sessions:
            if session is not None:
                with contextlib.suppress(PlaywrightError):
                    session.detach()

    # -- focus ---------------------------------------------------------------------------

    def focused(self, key: str | None = None) -> Utterance | None:
        """What a screen reader says on focus now, or None if no focused node can be read.

        Focus on the body (or on a frame's empty document) is reported as a "document" focus
        with ``on_body`` set: screen readers then read the page, not a control.
        """
        located = self._locate_focus()
        if located is None:
            return None
        session, object_id, path, info = located
        if info["body"]:
            return Utterance(
                event="focus",
                key=key,
                role="document",
                name=self._title(),
                element=" > ".join([*path, "body"]),
                on_body=True,
            )
        backend = session.send("DOM.describeNode", {"objectId": object_id})["node"]
        nodes = session.send(
            "Accessibility.getPartialAXTree",
            {"backendNodeId": backend["backendNodeId"], "fetchRelatives": False},
        )["nodes"]
        node = next(
            (n for n in nodes if n.get("backendDOMNodeId") == backend["backendNodeId"]),
            nodes[0] if nodes else None,
        )
        if node is None:
            return None
        return utterance_from_node(node, key=key, element=" > ".join([*path, info["label"]]))

    def focused_is_body(self) -> bool:
        """True when focus sits on the page body (Tab past the last control, headless Chromium)."""
        located = self._locate_focus()
        return located is not None and located[3]["body"] and not located[2]

    def _locate_focus(self) -> tuple[Any, str, list[str], dict] | None:
        """(session, objectId, frame path, element info) of the deepest focused element."""
        session = self._cdp()
        context_id: int | None = None
        path: list[str] = []
        for _depth in range(_MAX_FRAME_DEPTH):
            params: dict[str, Any] = {"expression": _DEEPEST_ACTIVE}
            if context_id is not None:
                params["contextId"] = context_id
            result = session.send("Runtime.evaluate", params)["result"]
            object_id = result.get("objectId")
            if not object_id:
                return None
            info = session.send(
                "Runtime.callFunctionOn",
                {"objectId": object_id, "functionDeclaration": _DESCRIBE, "returnByValue": True},
            )["result"]["value"]
            if not info["frame"]:
                return session, object_id, path, info
            inner = self._enter_frame(session, object_id)
            if inner is None:
                # A frame we cannot enter: report the frame element itself.
                return session, object_id, path, info
            path.append(info["label"])
            session, context_id = inner
        return None

    def _enter_frame(self, session: Any, frame_object_id: str) -> tuple[Any, int | None] | None:
        """(session, execution context) inside a frame element's document."""
        node = session.send("DOM.describeNode", {"objectId": frame_object_id})["node"]
        frame_id = node.get("frameId")
        if not frame_id:
            return None
        try:
            world = session.send(
                "Page.createIsolatedWorld",
                {"frameId": frame_id, "worldName": "pesp-ax", "grantUniveralAccess": False},
            )
            return session, world["executionContextId"]
        except PlaywrightError:
            pass  # not in this renderer: an out-of-process (cross-site) frame
        frame_session = self._oopif_session(frame_id)
        return None if frame_session is None else (frame_session, None)

    def _oopif_session(self, frame_id: str) -> Any:
        """A CDP session of the out-of-process frame with this id, or None."""
        if frame_id in self._frame_sessions:
            return self._frame_sessions[frame_id]
        for frame in self.page.frames:
            if frame == self.page.main_frame:
                continue
            try:
                session = self.page.context.new_cdp_session(frame)
            except PlaywrightError:
                continue  # an in-process frame: it has no session of its own
            try:
                root = session.send("Page.getFrameTree")["frameTree"]["frame"]["id"]
                if root == frame_id:
                    session.send("DOM.enable")
                    session.send("Accessibility.enable")
                    self._frame_sessions[frame_id] = session
                    return session
            except PlaywrightError:
                pass
            with contextlib.suppress(PlaywrightError):
                session.detach()
        return None

    # -- page ----------------------------------------------------------------------------

    def page_summary(self) -> dict:
        """What a screen reader offers on a new page: title, headings, landmarks, element lists.

        Frames are included where Chromium's tree can be read (same process); frames it cannot
        read are counted in ``unread_frames``.
        """
        nodes = self._page_nodes()
        headings: list[tuple[int, str]] = []
        landmarks: list[tuple[str, str]] = []
        links: list[str] = []
        buttons: list[str] = []
        fields: list[tuple[str, str]] = []
        vocab = vocabulary()
        landmark_roles = set(vocab["landmark_roles"])
        field_roles = set(vocab["form_field_roles"])
        title = ""
        unread = 0
        for node in nodes:
            if node.get("_unread_frame"):
                unread += 1
                continue
            role = _role(node)
            name = _text(node.get("name"))
            if role == "document" and not title:
                title = name
            elif role == "heading":
                headings.append((int(_properties(node).get("level", 0) or 0), name))
            elif role in landmark_roles:
                landmarks.append((role, name))
            elif role == "link":
                links.append(name)
            elif role in ("button", "DisclosureTriangle"):
                buttons.append(name)
            elif role in field_roles:
                fields.append((role, name))
        title = self._title() or title
        return {
            "title": title,
            "url": self.page.url,
            "headings": headings,
            "landmarks": landmarks,
            "links": links,
            "buttons": buttons,
            "form_fields": fields,
            "counts": {
                "headings": len(headings),
                "landmarks": len(landmarks),
                "links": len(links),
                "buttons": len(buttons),
                "form_fields": len(fields),
                "unnamed_links": sum(1 for n in links if not n),
                "unnamed_buttons": sum(1 for n in buttons if not n),
                "unnamed_form_fields": sum(1 for _r, n in fields if not n),
            },
            "unread_frames": unread,
        }

    def page_utterance(self, key: str | None = None) -> Utterance:
        """The page-load announcement: "page, <title>"."""
        return Utterance(event="page", key=key, role="document", name=self._title())

    def _page_nodes(self) -> list[dict]:
        """Non-ignored AX nodes of the page in document order, descending into frames (a big
        read: over the page's own DevTools connection)."""
        self._cdp()  # keeps the page's accessibility tree built between reads
        return self._tree_nodes(page_protocol(self.page), None, 0)

    def _tree_nodes(self, session: Any, frame_id: str | None, depth: int) -> list[dict]:
        params = {"frameId": frame_id} if frame_id else {}
        try:
            nodes = session.send("Accessibility.getFullAXTree", params)["nodes"]
        except PlaywrightError:
            return [{"_unread_frame": True}]
        by_id = {n["nodeId"]: n for n in nodes}
        roots = [n for n in nodes if not n.get("parentId") or n["parentId"] not in by_id]
        ordered: list[dict] = []
        stack = list(reversed(roots))
        while stack:
            node = stack.pop()
            role = _role(node)
            if not node.get("ignored") and not is_ignored_role(role):
                ordered.append(node)
            if role == "iframe" and depth < _MAX_FRAME_DEPTH and node.get("backendDOMNodeId"):
                ordered.extend(self._frame_nodes(session, node["backendDOMNodeId"], depth))
            stack.extend(by_id[c] for c in reversed(node.get("childIds", [])) if c in by_id)
        return ordered

    def _frame_nodes(self, session: Any, backend_node_id: int, depth: int) -> list[dict]:
        try:
            owner = session.send("DOM.describeNode", {"backendNodeId": backend_node_id})["node"]
        except PlaywrightError:
            return [{"_unread_frame": True}]
        frame_id = owner.get("frameId")
        if not frame_id:
            return [{"_unread_frame": True}]
        inner = self._tree_nodes(session, frame_id, depth + 1)
        if inner == [{"_unread_frame": True}]:
            frame_session = self._oopif_session(frame_id)
            if frame_session is not None:
                inner = self._tree_nodes(frame_session, None, depth + 1)
        return [n for n in inner if _role(n) != "document"]

    # -- plumbing ------------------------------------------------------------------------

    def _cdp(self) -> Any:
        if self._session is None:
            session = self.page.context.new_cdp_session(self.page)
            session.send("DOM.enable")
            session.send("Accessibility.enable")
            self._session = session
        return self._session

    def _title(self) -> str:
        try:
            return self.page.title()
        except PlaywrightError:
            return ""


def utterance_from_node(
    node: dict, key: str | None = None, element: str | None = None
) -> Utterance:
    """Narration parts from one CDP AXNode."""
    role = _role(node)
    return Utterance(
        event="focus",
        key=key,
        role=role,
        name=_text(node.get("name")),
        value=_text(node.get("value")),
        description=_text(node.get("description")),
        states=states_from_properties(role, _properties(node)),
        element=element,
    )


def states_from_properties(role: str | None, props: dict[str, Any]) -> list[str]:
    """Canonical state ids from AX properties, in the order screen readers tend to speak them."""
    states: list[str] = []
    if role == "heading" and props.get("level"):
        states.append(f"level {int(props['level'])}")
    if "expanded" in props and props["expanded"] is not None:
        states.append("expanded" if _true(props["expanded"]) else "collapsed")
    if "checked" in props:
        checked = str(props["checked"]).lower()
        states.append({"true": "checked", "mixed": "mixed"}.get(checked, "not checked"))
    if "pressed" in props:
        pressed = str(props["pressed"]).lower()
        states.append({"true": "pressed", "mixed": "mixed"}.get(pressed, "not pressed"))
    if _true(props.get("selected")):
        states.append("selected")
    popup = str(props.get("hasPopup", "false")).lower()
    # A combobox's popup is implied by its role; screen readers do not announce it.
    if popup not in ("false", "") and role != "combobox":
        states.append("has popup")
    if role != "heading" and props.get("level"):
        states.append(f"level {int(props['level'])}")
    if _true(props.get("required")):
        states.append("required")
    if str(props.get("invalid", "false")).lower() not in ("false", ""):
        states.append("invalid")
    if _true(props.get("disabled")):
        states.append("disabled")
    if _true(props.get("readonly")):
        states.append("read only")
    if _true(props.get("multiline")):
        states.append("multiline")
    if _true(props.get("busy")):
        states.append("busy")
    return states


def _role(node: dict) -> str | None:
    value = (node.get("role") or {}).get("value")
    if value in ("RootWebArea", "WebArea"):
        return "document"
    if value in ("Iframe", "IframePresentational"):
        return "iframe"
    if value == "image":
        return "img"
    return value


def _properties(node: dict) -> dict[str, Any]:
    return {p["name"]: (p.get("value") or {}).get("value") for p in node.get("properties", [])}


def _text(value: dict | None) -> str:
    if not value:
        return ""
    return " ".join(str(value.get("value", "")).split())


def _true(value: Any) -> bool:
    return value is True or str(value).lower() == "true"
