"""Is the focused stop the control a step names? Names compare as a listener hears them (case
and spacing aside, tones kept); "a|b" lists alternatives, for names and for roles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from harness.words import field_words, link_words
from wcag.commons import fold

if TYPE_CHECKING:
    from harness.keyboard import FocusStop

DROP_DOWN_ROLES = ("combobox", "listbox", "button", "generic", "")
TEXT_TAGS = ("input", "textarea")
GENERIC_NAMES = frozenset(link_words()["generic_names"])
LABEL_TAIL = 40  # characters a label's hint or mark may add after it ("(dd/mm/yyyy)", "*")


def normal(text: str | None) -> str:
    """Text as a name is compared: tones tell Vietnamese words apart, so they stay."""
    return fold(text or "", keep_tones=True)


def matches(stop: FocusStop, name: str, role: str, by_context: bool = False) -> bool:
    """Role among "a|b", and one of the names "x|y" within the name; or, by context, for a
    control named generically ("Chi tiết") within the row or group around it, and for an
    unnamed one (or one with only the browser's "Choose File") also within the line read
    before it, where its visual label usually is."""
    if stop.facts.on_body or (role and stop.role not in role.split("|")):
        return False
    if by_context:
        said = normal(stop.name).strip(" .:›»>")
        if said and said not in GENERIC_NAMES and said not in field_words()["default_file_names"]:
            return False  # a control with a name of its own is not another one in disguise
        label_before = "" if said in GENERIC_NAMES else stop.facts.preceding
        heard = normal(f"{stop.facts.around} {label_before}")
    else:
        heard = normal(stop.name)
    return any(normal(alternative) in heard for alternative in name.split("|"))


def shows_value(stop: FocusStop, value: str) -> bool:
    """The focused drop-down (or an unnamed widget standing for one) already says this value:
    its value as the accessibility tree gives it, or its name where the name is the choice
    (select2's, bootstrap-select's). Never the element's text: a scripted list keeps every
    option inside its container. Text fields do not count: what was typed is not a choice."""
    if stop.facts.on_body or stop.role not in DROP_DOWN_ROLES or stop.facts.tag in TEXT_TAGS:
        return False
    spoken_value = stop.spoken.value if stop.spoken else ""
    said = spoken_value if stop.facts.tag == "select" else f"{spoken_value} {stop.name}"
    return normal(value) in normal(said)


def follows_label(stop: FocusStop, label: str, roles: str) -> bool:
    """The line read just before the stop holds one of the label's names ("a|b"), with no
    label of the stop's own between them, and its role is one of `roles`: the field a visual
    label stands in front of, as browse mode reads them, whatever name the field was given
    (a scripted box named by its choice), or a field whose <label> says it but is hidden
    from the tree once the field has focus. A field whose own name is read after the wanted
    label belongs to that other label."""
    if stop.facts.on_body or stop.role not in roles.split("|"):
        return False
    before = normal(stop.facts.preceding)
    own = normal(stop.name)
    wanted = [normal(name) for name in label.split("|") if name]
    if (own and own != normal(stop.facts.text) and own in normal(stop.facts.around)
            and not any(name in own for name in wanted)):
        return False  # named by a visible label of its own (placed after it, say)
    for name in filter(None, label.split("|")):
        if normal(name) in normal(stop.facts.labels):
            return True  # its own <label>, hidden as it took focus (a floating label)
        at = before.rfind(normal(name))
        if at < 0:
            continue
        between = before[at + len(normal(name)):]
        if len(between) <= LABEL_TAIL and not (own and own in between):
            return True
    return False


def named_control(name: str, role: str) -> str:
    """How an obstacle names the control it was after: "button 'Nộp hồ sơ'"."""
    return f"{role.split('|')[0] if role else 'control'} '{name}'"
