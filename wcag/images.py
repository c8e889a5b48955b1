"""Images whose text alternative names nothing, as a screen-reader user hears them: "ảnh",
"image", "logo", "banner_01.jpg", "IMG_2034", "...". axe only asks whether an image has a text
alternative; a name that just repeats "this is an image" (the role already says so) or reads out
a file name passes axe and still tells a blind user nothing (WCAG failure F30).

Names are Chromium's own (the snapshot's accessibility tree). A name is judged whole, folded
for case and Vietnamese diacritics the way the links-and-buttons probe folds names: only a name
made entirely of a generic word (optionally numbered), a camera's or editor's file name, a file
name without describing words, or punctuation fails. Any other word ("Logo Bộ Tư pháp") may
say something, and is left alone; a decorative image (alt="") is not in the tree at all.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from harness.snapshot import Node, Snapshot
from wcag.commons import (
    NAMED_CONTROL_ROLES,
    bare,
    exposed,
    file_name_may_describe,
    looks_like_file_name,
    met,
    role_word,
    shown,
)
from wcag.commons import (
    is_image_input as is_image_input_element,
)
from wcag.probe import Check, Outcome

WORDS_FILE = Path(__file__).with_name("image_words.json")

IMAGE = "image-alt-meaningless"
CONTROL = "image-control-alt-meaningless"
HIDDEN = "image-hidden-decorative"
IMAGE_ROLES = frozenset({"image", "img", "graphics-document", "graphics-symbol"})
# Marks that say nothing read alone ("...", "-", "|"); "*", "?", "+" or an arrow may carry a
# conventional meaning (required, help, add, next) and are not judged here.
EMPTY_LOOKING = " \t\n.,;:-_–—|/\\~·•'\"`()[]{}"
DRAWN_IMAGE_TAGS = ("img", "svg", "canvas")


@cache
def image_words() -> dict:
    return json.loads(WORDS_FILE.read_text(encoding="utf-8"))


@cache
def _generic() -> frozenset[str]:
    return frozenset(bare(w) for w in image_words()["generic_names"])


def meaningless(name: str) -> str:
    """Why an image's name names nothing: "punctuation", "generic", "camera", "file"; "" when
    it may mean something ("review:" + why, when only a person can tell)."""
    if not name.strip():
        return ""  # no name at all: axe's image-alt and role-img-alt report that
    if not name.strip(EMPTY_LOOKING):
        return "punctuation"
    plain = bare(name)
    if plain in _generic() or re.sub(r"\s*\d+$", "", plain) in _generic():
        return "generic"
    if any(re.search(p, plain) for p in image_words()["camera_names"]):
        return "camera"
    last = name.strip().rsplit("/", 1)[-1] if " " not in name.strip() else name
    if looks_like_file_name(last):
        return "review:file" if file_name_may_describe(last) else "file"
    return ""


HEARD = {
    "punctuation": "is only punctuation: a screen reader reads the symbols, or nothing",
    "generic": "only says that there is an image, which the role already says",
    "camera": "is the name a camera or editor gave the file",
    "file": "is a file name",
}


def _controls(snapshot: Snapshot) -> list[Node]:
    return [n for n in snapshot.nodes if exposed(n) and n.ax.role in NAMED_CONTROL_ROLES]


def image_alt_meaningless(snapshot: Snapshot) -> Outcome:
    """Judge every image the user meets alone (not as part of a link's or button's name)."""
    images = [n for n in snapshot.nodes if exposed(n) and n.ax.role in IMAGE_ROLES]
    alone = Outcome(IMAGE, applicable=bool(images))
    judged = {id(i) for control in _controls(snapshot) for i in _name_images(control)}
    for image in images:
        if id(image) in judged or _inside_named_control(image):
            continue
        problem = meaningless(image.ax.name)
        if not problem:
            alone.ask(image, "descriptive", name=image.ax.name)
            continue
        if problem.startswith("review:") or _described_elsewhere(image):
            alone.ask(image, "descriptive", name=image.ax.name)
            alone.review = alone.review or (
                f'an image is named "{image.ax.name}"'
                + (", with a caption or description beside it" if _described_elsewhere(image)
                   else ", a file name with words")
                + ": whether it says what the image shows needs a person"
            )
            continue
        alone.fail(
            image,
            f'The image is named "{image.ax.name}", which {HEARD[problem]}: a screen-reader '
            "user hears that an image is there but not what it shows.",
        )
    return alone


def image_control_alt_meaningless(snapshot: Snapshot) -> Outcome:
    """Judge every image that makes up (part of) a link's or button's name."""
    in_control = Outcome(CONTROL)
    for control in _controls(snapshot):
        _judge_control(control, in_control)
    return in_control


def _name_images(control: Node) -> list[Node]:
    """The named images whose text alternatives make up a control's name (none for an image
    button, whose own alt is its name, nor for a control named by aria-label or title)."""
    if is_image_input_element(control) or control.ax.name_from != ["contents"]:
        return []
    return [
        d for d in control.descendants()
        if d.ax is not None and not d.ax.ignored and d.ax.role in IMAGE_ROLES and d.ax.name
    ]


def _judge_control(control: Node, outcome: Outcome) -> None:
    """Judge the images that make up (part of) a control's name."""
    ax = control.ax
    if is_image_input_element(control):
        outcome.applicable = True
        if set(ax.name_from) <= {"attribute:type", ""}:
            return  # named by the browser default: link-button-unnamed reports it
        problem = meaningless(ax.name)
        if problem and not problem.startswith("review:"):
            outcome.fail(control, _control_message(control, problem, ax.name, whole=True))
            return
        if problem:
            outcome.review = outcome.review or _review_message(control)
        outcome.ask(control, "control", name=ax.name)
        return
    images = _name_images(control)
    if not images:
        return
    outcome.applicable = True
    name = bare(ax.name)
    for image in images:
        problem = meaningless(image.ax.name)
        if role_word(control) == "button" and bare(image.ax.name) == name and (
                not problem or problem.startswith("review:")):
            outcome.ask(control, "control", name=ax.name)  # a link's is link-in-context's
        if not problem or bare(image.ax.name) not in name:
            continue
        if problem.startswith("review:"):
            outcome.review = outcome.review or _review_message(control)
            continue
        whole = bare(image.ax.name) == name
        outcome.fail(
            control if whole else image,
            _control_message(control, problem, image.ax.name, whole=whole),
        )


def _control_message(control: Node, problem: str, name: str, whole: bool) -> str:
    kind = role_word(control)
    if whole:
        return (
            f'The {kind} is named only by its image\'s text alternative "{name}", which '
            f'{HEARD[problem]}: a screen reader says "{name}, {kind}" and not what it does.'
        )
    return (
        f'The image inside the {kind} "{control.ax.name}" is named "{name}", which '
        f"{HEARD[problem]}: it adds noise to the {kind}'s name instead of being marked "
        'decorative (alt="").'
    )


def _review_message(control: Node) -> str:
    return (
        f'the {role_word(control)} "{control.ax.name}" is named by an image\'s file name with '
        "words: whether they say what the control does needs a person"
    )


def _inside_named_control(image: Node) -> bool:
    """Inside a link or button named some other way (aria-label, title): the user hears the
    control's name, not the image's."""
    return any(
        a.ax is not None and not a.ax.ignored and a.ax.role in NAMED_CONTROL_ROLES
        for a in image.ancestors()
    )


def _described_elsewhere(image: Node) -> bool:
    """A figure caption or a description tied to the image may carry what the alt lacks."""
    if image.ax.description:
        return True
    for ancestor in image.ancestors():
        if ancestor.tag == "figure":
            return any(d.tag == "figcaption" and d.visible_text() for d in ancestor.descendants())
    return False


def hidden_decorative(snapshot: Snapshot) -> Outcome:
    """ACT rule e88epe: an image drawn on the page but hidden from screen readers (alt="",
    aria-hidden, role none, an unnamed SVG or canvas) must be purely decorative, which only a
    person can tell: a question on each. Not asked of an image inside a named link or button
    (the control's name carries its purpose), nor of one too small to read, nor of a part of
    an SVG already asked about."""
    outcome = Outcome(HIDDEN)
    for node in snapshot.elements(*DRAWN_IMAGE_TAGS):
        if not shown(node) or _off_page(node) or met(node) and (
                node.ax.name or node.tag == "img"):
            continue
        if any(a.tag == "svg" for a in node.ancestors()) or _inside_named_control(node):
            continue
        outcome.applicable = True
        outcome.ask(node, "decorative", kind=node.tag)
    return outcome


def _off_page(node: Node) -> bool:
    """Drawn wholly above or left of the page (top: -9999em): nobody sees it."""
    x, y, width, height = node.bounds or (0.0, 0.0, 0.0, 0.0)
    return x + width <= 0 or y + height <= 0


CHECKS: dict[str, Check] = {
    IMAGE: image_alt_meaningless,
    CONTROL: image_control_alt_meaningless,
    HIDDEN: hidden_decorative,
}
CHECK_IDS = tuple(CHECKS)
