"""CAPTCHA challenges as a blind user meets them (WCAG 1.1.1's CAPTCHA exception).

A challenge is found by principle, not by one portal's markup: an image, canvas, SVG or
background-image element near a text field whose name, label, placeholder, id or nearby text says
"captcha", "mã xác nhận", "mã bảo mật" and the like (or an image that says so itself), plus the
vendors' widgets (reCAPTCHA, hCaptcha, Cloudflare Turnstile). Then: does the image's text
alternative say what it is for, is there an operable audio or other non-visual alternative, is
the refresh control named, are the field and controls reachable, and is the field labelled by more
than a placeholder. The harness never solves a CAPTCHA.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from harness.snapshot import Node, Snapshot
from wcag.commons import (
    bare,
    exposed,
    fold,
    in_tab_order,
    is_control,
    is_glyph_only,
    name_problem,
    per_subject,
    visible,
)
from wcag.probe import Check, Outcome

WORDS = json.loads(Path(__file__).with_name("captcha_words.json").read_text(encoding="utf-8"))

PURPOSE = "captcha-purpose"
ALTERNATIVE = "captcha-alternative"
REFRESH = "captcha-refresh-name"
KEYBOARD = "captcha-keyboard"
FIELD_LABEL = "captcha-field-label"

TEXT_INPUT_TYPES = frozenset({"", "text", "number", "tel", "search"})
CONTROL_ROLES = frozenset({"button", "link", "PopUpButton", "ToggleButton", "menuitem"})
FIELD_ATTRS = ("name", "id", "placeholder", "aria-label", "title", "class")
IMAGE_ATTRS = ("src", "id", "class", "name", "alt", "title")
INDICATOR_ATTRS = ("class", "id", "name", "title", "aria-label", "alt", "src", "data-action")
BACKGROUND_URL = re.compile(r"background(-image)?\s*:[^;]*url\(", re.IGNORECASE)
CONTACT_MEANS = re.compile(r"\d[\d .]{3,}\d|@")
BOUNDARY_TAGS = frozenset({"body", "html", "#document"})
# How a question names the way round a CAPTCHA, in each of its languages.
AUDIO_WAY = {"way_vi": "mã đọc thành tiếng", "way_en": "the code read aloud"}
OTHER_WAY = {"way_vi": "cách khác mà trang nêu", "way_en": "another way the page names"}


@dataclass
class Challenge:
    """One CAPTCHA: its picture (or vendor frame), the code field, and the area its controls
    live in."""

    image: Node
    area: Node
    code_field: Node | None = None
    vendor: str = ""
    refresh: list[Node] = field(default_factory=list)
    audio: list[Node] = field(default_factory=list)


Judge = Callable[[Challenge, Outcome], None]


# -- matching ---------------------------------------------------------------------------------

def has_phrase(text: str, phrases: list[str], keep_accents: bool = False) -> bool:
    """Whole-word match of any phrase, folding case and diacritics. With keep_accents, text that
    carries diacritics is compared with them ("nghe" is not "nghề")."""
    accented = keep_accents and not text.isascii()
    subject = fold(text, keep_tones=True) if accented else bare(text)
    return any(_phrase_pattern(phrase, accented).search(subject) for phrase in phrases)


@cache
def _phrase_pattern(phrase: str, accented: bool) -> re.Pattern[str]:
    """A phrase folded and compiled once: every field of a long form is matched against the
    same word lists, more patterns than the re module's own cache keeps."""
    wanted = fold(phrase, keep_tones=True) if accented else bare(phrase)
    return re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)")


def attrs_text(node: Node, names: tuple[str, ...]) -> str:
    """Attribute values as words: "txtMaXacNhan" -> "txt Ma Xac Nhan", "ma_xac_nhan" too."""
    values = (node.attrs.get(a, "") for a in names)
    return " ".join(re.sub(r"([a-z])([A-Z])", r"\1 \2", v) for v in values if v)


def attrs_mention(node: Node, names: tuple[str, ...], phrases: list[str]) -> bool:
    """Attributes run words together ("imgcaptcha", "maxacnhan"): match without spaces too."""
    text = attrs_text(node, names)
    compact = re.sub(r"[^a-z0-9]", "", fold(text))
    return has_phrase(text, phrases) or any(
        re.sub(r"[^a-z0-9]", "", fold(p)) in compact for p in phrases
    )


def attr_tokens(node: Node, names: tuple[str, ...]) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", fold(attrs_text(node, names))))


# -- finding challenges ---------------------------------------------------------------------------

def find_challenges(snapshot: Snapshot) -> list[Challenge]:
    """Every CAPTCHA on the page: image challenges near a code field, then vendor widgets."""
    challenges: list[Challenge] = []
    taken: set[int] = set()
    for node in snapshot.nodes:
        if _is_text_field(node) and _field_mentions_captcha(node):
            image = _nearest(node, _is_challenge_image)
            if image is not None and id(image) not in taken:
                taken.add(id(image))
                challenges.append(_challenge(image, node))
    for node in snapshot.nodes:
        if id(node) not in taken and _is_challenge_image(node) and attrs_mention(
            node, IMAGE_ATTRS, WORDS["captcha_words"]
        ):
            taken.add(id(node))
            challenges.append(_challenge(node, _nearest(node, _is_text_field)))
    challenges.extend(_vendor_challenges(snapshot))
    return challenges


def _is_text_field(node: Node) -> bool:
    if node.tag != "input" or not visible(node):
        return False
    return node.attrs.get("type", "").lower() in TEXT_INPUT_TYPES


def _field_mentions_captcha(node: Node) -> bool:
    phrases = WORDS["captcha_words"]
    ax = node.ax
    spoken = f"{ax.name} {ax.description}" if ax else ""
    return (
        attrs_mention(node, FIELD_ATTRS, phrases)
        or has_phrase(spoken, phrases)
        or has_phrase(_own_group(node).visible_text(), phrases)
    )


def _own_group(text_field: Node) -> Node:
    """The largest of the field's close ancestors that holds no other text field."""
    group = text_field
    for level, ancestor in enumerate(text_field.ancestors()):
        if level >= 3 or ancestor.tag in BOUNDARY_TAGS or ancestor.tag == "form":
            break
        if any(_is_text_field(d) and d is not text_field for d in ancestor.descendants()):
            break
        group = ancestor
    return group


def _is_challenge_image(node: Node) -> bool:
    """A picture big enough to hold a code, not part of a control (refresh icons are)."""
    if not visible(node):
        return False
    pictured = (
        node.tag in ("img", "canvas", "svg")
        or node.attrs.get("role") == "img"
        or bool(BACKGROUND_URL.search(node.attrs.get("style", "")))
    )
    if not pictured or node.tag == "svg" and any(a.tag == "svg" for a in node.ancestors()):
        return False
    if any(is_control(a) for a in node.ancestors()):
        return False
    _, _, width, height = node.bounds
    big_enough = width >= WORDS["min_challenge_width"] and height >= WORDS["min_challenge_height"]
    return big_enough or attrs_mention(node, IMAGE_ATTRS, WORDS["captcha_words"])


def _nearest(start: Node, wanted) -> Node | None:
    """The closest node passing `wanted`, looking a few ancestors up (not beyond a form)."""
    for level, ancestor in enumerate(start.ancestors()):
        if level >= WORDS["field_search_levels"] or ancestor.tag in BOUNDARY_TAGS:
            return None
        found = [d for d in ancestor.descendants() if d is not start and wanted(d)]
        if found:
            return found[0]
        if ancestor.tag == "form":
            return None
    return None


def _challenge(image: Node, code_field: Node | None) -> Challenge:
    challenge = Challenge(image=image, area=_area(image, code_field), code_field=code_field)
    challenge.refresh = _controls_in(challenge, _is_refresh_indicator)
    challenge.audio = _controls_in(challenge, _is_audio_indicator)
    return challenge


def _area(image: Node, code_field: Node | None) -> Node:
    """The image's and field's common ancestor, widened a little (never past a form)."""
    common = image.parent or image
    if code_field is not None:
        field_line = {id(a) for a in code_field.lineage()}
        common = next((a for a in image.lineage() if id(a) in field_line), common)
    area = common
    for _ in range(WORDS["area_extra_levels"]):
        if area.tag == "form" or area.parent is None or area.parent.tag in BOUNDARY_TAGS:
            break
        area = area.parent
    return area


def _controls_in(challenge: Challenge, indicator) -> list[Node]:
    """The controls, or mouse-only look-alikes, in the area that an indicator belongs to."""
    owners: list[Node] = []
    for node in challenge.area.descendants():
        if node.tag == "#text" or not visible(node) or node is challenge.image:
            continue
        if node is challenge.code_field or not indicator(node):
            continue
        owner = _owner(node, challenge.area)
        if owner is None or any(owner is o for o in owners):
            continue
        if any(n is challenge.image or n is challenge.code_field for n in owner.descendants()):
            continue  # a wrapper around the whole challenge, not a control
        owners.append(owner)
    real = [o for o in owners if is_control(o)]
    return real + [
        o for o in owners
        if not is_control(o)
        and not any(r in o.descendants() for r in real)
        and not any(a in owners for a in o.ancestors())
    ]


def _owner(node: Node, area: Node) -> Node | None:
    """The control an indicator belongs to: the nearest real control, else the nearest element
    that acts like one (a click handler or a pointer cursor); None for plain text."""
    for ancestor in node.lineage():
        if ancestor is area:
            break
        if is_control(ancestor):
            return ancestor
    for ancestor in node.lineage():
        if ancestor is area:
            break
        if "onclick" in ancestor.attrs or ancestor.style.get("cursor") == "pointer":
            while (
                ancestor.parent is not None and ancestor.parent is not area
                and ancestor.parent.style.get("cursor") == "pointer"
            ):
                ancestor = ancestor.parent  # where the pointer starts: children inherit it
            return ancestor
    return None


def _is_refresh_indicator(node: Node) -> bool:
    if attr_tokens(node, INDICATOR_ATTRS) & set(WORDS["refresh_tokens"]):
        return True
    own_text = _own_text(node)
    if any(glyph in own_text for glyph in WORDS["refresh_glyphs"]):
        return True
    spoken = node.ax.name if node.ax and is_control(node) else own_text
    return has_phrase(spoken, WORDS["refresh_words"])


def _is_audio_indicator(node: Node) -> bool:
    if node.tag == "audio":
        return "controls" in node.attrs
    if attr_tokens(node, INDICATOR_ATTRS) & set(WORDS["audio_tokens"]):
        return True
    spoken = node.ax.name if node.ax and is_control(node) else _own_text(node)
    return has_phrase(spoken, WORDS["audio_words"], keep_accents=True)


def _own_text(node: Node) -> str:
    return " ".join(c.visible_text() for c in node.children if c.tag == "#text")


def _vendor_challenges(snapshot: Snapshot) -> list[Challenge]:
    """Vendor widgets: their frames (by src or title), or their containers' frames."""
    found: list[Challenge] = []
    for node in snapshot.elements("iframe"):
        if not visible(node):
            continue
        vendor = _vendor_of(node)
        if vendor:
            area = node.parent or node
            found.append(Challenge(image=node, area=area, vendor=vendor))
    return found


def _vendor_of(frame: Node) -> str:
    said = fold(f"{frame.attrs.get('src', '')} {frame.attrs.get('title', '')}")
    for vendor in WORDS["vendors"]:
        if any(p in said for p in vendor["frame_patterns"]):
            return vendor["name"]
        if any(
            set(a.attrs.get("class", "").split()) & set(vendor["classes"])
            for a in frame.ancestors()
        ):
            return vendor["name"]
    return ""


# -- judging --------------------------------------------------------------------------------------

# Every check below judges every CAPTCHA on the page; with none, it is not applicable.

_challenges = per_subject(find_challenges)


def _judged(snapshot: Snapshot, check_id: str, judge_vendor: Judge, judge_image: Judge,
            ) -> Outcome:
    """One check over every challenge: a vendor's widget and an image challenge are judged
    each their own way."""
    outcome = Outcome(check_id)
    for challenge in _challenges(snapshot):
        (judge_vendor if challenge.vendor else judge_image)(challenge, outcome)
    return outcome


def _nothing_to_judge(challenge: Challenge, outcome: Outcome) -> None:
    """A vendor's widget has no refresh control or code field of its own on the page."""


def purpose(snapshot: Snapshot) -> Outcome:
    return _judged(snapshot, PURPOSE, _judge_vendor_purpose, _judge_image_purpose)


def alternative(snapshot: Snapshot) -> Outcome:
    return _judged(snapshot, ALTERNATIVE, _judge_vendor_alternative, _judge_alternative)


def refresh_name(snapshot: Snapshot) -> Outcome:
    return _judged(snapshot, REFRESH, _nothing_to_judge, _judge_refresh)


def keyboard(snapshot: Snapshot) -> Outcome:
    return _judged(snapshot, KEYBOARD, _judge_vendor_keyboard, _judge_keyboard)


def field_label(snapshot: Snapshot) -> Outcome:
    return _judged(snapshot, FIELD_LABEL, _nothing_to_judge, _judge_field_label)


def _judge_image_purpose(challenge: Challenge, outcome: Outcome) -> None:
    outcome.applicable = True
    image = challenge.image
    problem = _purpose_problem(image)
    if problem:
        outcome.fail(image, f"The CAPTCHA image {problem}: a screen-reader user is not told "
                            "that it is a code to type, nor where to find another way.")


def _judge_refresh(challenge: Challenge, outcome: Outcome) -> None:
    for control in challenge.refresh:
        outcome.applicable = True
        if not _control_name(control):
            heard = "a link or button with no name" if is_control(control) else (
                f"nothing: it is a <{control.tag}> with no role and no name"
            )
            outcome.fail(control, f"The control that gets a new CAPTCHA code is heard as {heard}.")


def _purpose_problem(image: Node) -> str:
    """Why the image's text alternative does not identify its purpose, or ""."""
    name = image.ax.name if image.ax and not image.ax.ignored else ""
    if not name.strip():
        return "has no text alternative (no alt, or an empty one)"
    src = image.attrs.get("src", "")
    extensions = "|".join(WORDS["image_extensions"])
    if re.search(rf"\.({extensions})\b", name, re.IGNORECASE) or (
        src and name.strip() == src.rsplit("/", 1)[-1]
    ):
        return f'is named only by a file name ("{name}")'
    if is_glyph_only(name) or set(re.findall(r"\w+", fold(name))) <= set(
        WORDS["non_purpose_tokens"]
    ):
        return f'is named only "{name}", which does not say what it is for'
    return ""


def _judge_alternative(challenge: Challenge, outcome: Outcome) -> None:
    outcome.applicable = True
    operable = [c for c in challenge.audio if _operable(c)]
    if operable:
        outcome.ask(challenge.image, "works", **AUDIO_WAY)
        return
    route = _non_visual_route(challenge)
    if route == "with-means":
        outcome.ask(challenge.image, "works", **OTHER_WAY)
        return
    if challenge.audio:
        outcome.fail(
            challenge.image,
            "The CAPTCHA's audio control cannot be operated without a mouse or sight "
            f"(a <{challenge.audio[0].tag}> with no button role or no keyboard focus).",
        )
    elif route == "text-only":
        outcome.review = ("the CAPTCHA's text mentions a non-visual route but names no way to "
                          "take it (no control, phone number or address next to it)")
        outcome.ask(challenge.image, "works", **OTHER_WAY)
    else:
        outcome.fail(
            challenge.image,
            "The CAPTCHA has no audio or other non-visual alternative: a blind user cannot get "
            "past it without sighted help.",
        )


def _operable(control: Node) -> bool:
    if control.tag == "audio":
        return exposed(control)
    return (
        exposed(control) and control.ax.role in CONTROL_ROLES and in_tab_order(control)
        and bool(_control_name(control))
    )


def _non_visual_route(challenge: Challenge) -> str:
    """"with-means" when text near the CAPTCHA offers a route for people who cannot see it and
    a way to take it; "text-only" when it only says so; "" when there is none."""
    phrases = WORDS["non_visual_route_words"]
    field_description = challenge.code_field.ax.description if (
        challenge.code_field and challenge.code_field.ax
    ) else ""
    blocks = [challenge.area, *challenge.area.descendants()]
    saying = [b for b in blocks if b.tag != "#text" and has_phrase(_own_text(b), phrases)]
    if not saying and not has_phrase(field_description, phrases):
        return ""
    for block in saying:
        if CONTACT_MEANS.search(block.visible_text()) or any(
            is_control(d) and visible(d) for d in block.descendants()
        ):
            return "with-means"
    return "text-only"


def _control_name(control: Node) -> str:
    """What a screen reader says a control is called ("" when it says nothing useful)."""
    if control.ax is not None and not control.ax.ignored and is_control(control):
        return "" if name_problem(control) else control.ax.name
    text = control.visible_text()
    return "" if not text or is_glyph_only(text) else text


def _judge_keyboard(challenge: Challenge, outcome: Outcome) -> None:
    parts = [("code field", challenge.code_field)] if challenge.code_field else []
    parts += [("refresh control", c) for c in challenge.refresh]
    parts += [("audio control", c) for c in challenge.audio]
    for what, node in parts:
        outcome.applicable = True
        hidden = node.ax is None or node.ax.ignored or any(
            a.attrs.get("aria-hidden") == "true" for a in node.lineage()
        )
        if hidden or not in_tab_order(node):
            why = "is hidden from screen readers" if hidden else "cannot be reached with Tab"
            outcome.fail(node, f"The CAPTCHA's {what} {why}, so it cannot be used without a "
                               "mouse.")


def _judge_field_label(challenge: Challenge, outcome: Outcome) -> None:
    code_field = challenge.code_field
    if code_field is None:
        return
    outcome.applicable = True
    ax = code_field.ax
    if ax is None or not ax.name.strip():
        outcome.fail(code_field, 'The CAPTCHA code field has no label: a screen reader says just '
                                 '"edit text" ("ô soạn thảo").')
    elif set(ax.name_from) <= {"attribute:placeholder", "attribute:aria-placeholder"}:
        outcome.fail(code_field, f'The CAPTCHA code field is named only by its placeholder '
                                 f'"{ax.name}", which disappears as soon as typing starts.')


def _judge_vendor_purpose(challenge: Challenge, outcome: Outcome) -> None:
    outcome.applicable = True
    frame = challenge.image
    name = frame.ax.name if frame.ax else frame.attrs.get("title", "")
    if not name.strip():
        outcome.fail(frame, f'The {challenge.vendor} frame has no title: a screen reader '
                            'announces just "frame", not what it is for.')


def _judge_vendor_alternative(challenge: Challenge, outcome: Outcome) -> None:
    outcome.applicable = True
    if not outcome.review:
        outcome.review = (f"the {challenge.vendor} challenge runs inside the vendor's frame; "
                          "whether its audio alternative works cannot be seen from the page")
    outcome.ask(challenge.image, "works", **AUDIO_WAY)


def _judge_vendor_keyboard(challenge: Challenge, outcome: Outcome) -> None:
    frame = challenge.image
    outcome.applicable = True
    hidden = any(a.attrs.get("aria-hidden") == "true" for a in frame.lineage())
    if hidden or frame.attrs.get("tabindex", "").strip() == "-1":
        outcome.fail(frame, f"The {challenge.vendor} frame is taken out of the keyboard order "
                            "or hidden from screen readers, so its checkbox cannot be reached.")


CHECKS: dict[str, Check] = {
    PURPOSE: purpose,
    ALTERNATIVE: alternative,
    REFRESH: refresh_name,
    KEYBOARD: keyboard,
    FIELD_LABEL: field_label,
}
CHECK_IDS = tuple(CHECKS)
