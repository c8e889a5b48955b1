"""Stable fingerprints of findings, so the same problem is recognised across runs and portal
releases (a baseline of accepted issues, `compare` between two runs or two years).

A CSS path changes with every portal release, so a fingerprint is built from what a blind
user meets instead:

- the finding's criteria and its check;
- the element as the accessibility tree names it: role and accessible name, folded (case and
  white space; tones kept, since they tell Vietnamese words apart); an element without a name
  adds what still tells it apart without CSS: its tag, its `type`, `name`, `src` or `href`
  (path only, no query) and the start of its text;
- where it was met: the task and the step's protocol name, or, outside a task, the page's path
  (never the host and port, which a replica or a staging copy changes);
- its rank among findings on that page state that agree on all of the above (two unnamed news
  images are two problems), counted in document order.

Two findings with the same fingerprint are the same problem; a fingerprint says nothing about
whether it is fixed elsewhere.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from harness.snapshot import Node, Snapshot
from wcag.commons import fold

FINGERPRINT_LENGTH = 16  # hex digits: 64 bits, far beyond the findings of all portals together
OPENING_TAG = re.compile(r"<\s*([a-zA-Z][\w-]*)")
STABLE_ATTRIBUTES = ("type", "name", "src", "href")
TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>?""")  # a tag, quoted '>' and all
TEXT_HINT_LENGTH = 60  # enough to tell two unnamed headings-in-looks apart


def name_elements(findings: Iterable, snapshot: Snapshot) -> None:
    """Give each finding the role and accessible name of its element, as Chromium's
    accessibility tree gives them to a screen reader (taken from the page's snapshot)."""
    findings = list(findings)
    if not findings:
        return
    at = _nodes_by_target(snapshot)
    for finding in findings:
        target = finding.target
        if not target or not isinstance(target[-1], str):
            continue
        node = at.get((tuple(target[:-1]), target[-1]))
        if node is not None and node.ax is not None:
            finding.element = {"role": node.ax.role, "name": node.ax.name}


def _nodes_by_target(snapshot: Snapshot) -> dict[tuple[tuple[str, ...], str], Node]:
    """Each element of the snapshot by the target a finding gives it (the frames' selectors,
    then the harness's own selector: the nearest id, then tags with :nth-of-type); read once
    per page, so naming findings costs the same whatever their number."""
    at: dict[tuple[tuple[str, ...], str], Node] = {}
    for node in snapshot.nodes:
        if not node.tag.startswith("#"):
            at.setdefault((node.frames, node.selector), node)
    return at


def where_of(context: dict, url: str) -> str:
    """Where a page state was checked: the task and the step's protocol name, else the path."""
    if context.get("scenario") and context.get("step_name"):
        return f"{context['scenario']} / {context['step_name']}"
    path = urlsplit(url).path or "/"
    return path


def identity(finding: dict) -> dict:
    """What identifies a finding's problem on one page state, without CSS."""
    element = finding.get("element") or {}
    parts = {
        "criteria": sorted(finding.get("criteria") or []),
        "check": finding.get("check", ""),
        "role": fold(str(element.get("role", "")), keep_tones=True),
        "name": fold(str(element.get("name", "")), keep_tones=True),
    }
    if not parts["name"]:
        parts["hint"] = element_hint(str(finding.get("html", "")))
    return parts


def element_hint(html: str) -> str:
    """The tag and the attributes of an element's excerpt that survive a restyling."""
    tag = OPENING_TAG.search(html)
    hints = [tag.group(1).lower()] if tag else []
    for attribute in STABLE_ATTRIBUTES:
        found = re.search(rf"""\s{attribute}\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))""", html,
                          re.IGNORECASE)
        if found:
            value = next(v for v in found.groups()[1:] if v is not None)
            if attribute in ("src", "href"):
                value = urlsplit(value).path
            hints.append(f"{attribute}={value}")
    text = fold(TAG.sub(" ", html), keep_tones=True)[:TEXT_HINT_LENGTH]
    return " ".join(hints + ([f"text={text}"] if text else []))


def fingerprints(findings: list[dict], where: str) -> list[str]:
    """The fingerprint of each of one page state's findings (given in document order)."""
    seen: dict[str, int] = {}
    result = []
    for finding in findings:
        parts = {**identity(finding), "where": fold(where, keep_tones=True)}
        key = json.dumps(parts, ensure_ascii=False, sort_keys=True)
        rank = seen.get(key, 0)
        seen[key] = rank + 1
        digest = hashlib.sha256(f"{key}#{rank}".encode()).hexdigest()
        result.append(digest[:FINGERPRINT_LENGTH])
    return result


def describe(finding: dict, where: str) -> str:
    """A finding in a line a person recognises: criteria, check, element, where."""
    element = finding.get("element") or {}
    role = element.get("role") or "element"
    name = element.get("name")
    hint = element_hint(str(finding.get("html", "")))
    named = f"{role} '{name}'" if name else f"{role} without a name ({hint})"
    criteria = ", ".join(finding.get("criteria") or [])
    return f"{criteria} {finding.get('check', '')}: {named}, at {where}"


def run_findings(pages: Iterable[dict]) -> list[dict]:
    """Every finding a run recorded (its pages.jsonl records), each with its fingerprint and
    where it was met. The fingerprint is computed again from the record, so runs recorded by
    an older harness (or before fingerprints existed) compare with today's by today's rule."""
    found = []
    for page in pages:
        where = where_of(page, str(page.get("url", "")))
        records = page.get("findings") or []
        computed = fingerprints(records, where)
        for finding, fingerprint in zip(records, computed, strict=True):
            found.append({**finding, "fingerprint": fingerprint,
                          "where": where, "url": page.get("url", "")})
    return found
