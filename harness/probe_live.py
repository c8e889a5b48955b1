"""A read-only look at a portal before a full run: does it answer, which platform family does it
look like, and are the flow's entry pages and the controls their first steps name still there?

Portals change without notice (since June 2025 many provincial ones were closed or redirected),
and a full run that stops at its first step says little about why. This probe shows the drift
first. It only ever sends GET requests: the first answer comes from a plain GET, each entry page
is loaded in Chromium with every other method aborted before it leaves the browser, and it never
types, submits or signs in. Controls are looked up in Chromium's accessibility tree by the same
name rule the scenario uses, so "found" here means a run's Tab walk can find it by name.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from playwright.sync_api import Browser, Page, Response, Route
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from harness.ax_snapshot import AxSnapshot
from harness.control_match import matches, normal
from harness.errors import HarnessError
from harness.flow import Task
from harness.focus import FocusFacts
from harness.keyboard import FocusStop
from harness.utterance import Utterance

FOUND, DRIFT, REVIEW, INFO = "found", "drift", "review", "info"
STATUS_WORDS = {FOUND: ("thấy", "found"), DRIFT: ("thay đổi", "drifted"),
                REVIEW: ("cần xem lại", "needs review"), INFO: ("thông tin", "info")}
ANSWER_TIMEOUT_S = 20.0
PAGE_TIMEOUT_MS = 45_000
QUIET_WAIT_MS = 5_000  # a single-page app draws its controls after "load"
MAX_BODY_BYTES = 4_000_000  # of the first answer, read for family markers
# Verbs whose control a first step names; the ones that change the page end the first steps.
CONTROL_VERBS = ("activate", "fill", "choose", "date", "check", "upload", "dialog", "captcha",
                 "try_submit", "login", "final_submit")
PAGE_CHANGING = ("activate", "press", "login", "try_submit", "dialog", "final_submit",
                 "declaration")
DEFAULT_ROLES = {"captcha": "textbox"}  # as the scenario looks for a CAPTCHA field


class ProbeCannotRun(HarnessError):
    """The probe could not look at the portal at all (exit 2)."""


@dataclass(frozen=True)
class Observation:
    """One fact the probe reports: Vietnamese, then English."""

    status: str
    vi: str
    en: str

    def line(self) -> str:
        vi_word, en_word = STATUS_WORDS[self.status]
        return f"{vi_word}: {self.vi} / {en_word}: {self.en}"


@dataclass(frozen=True)
class Expected:
    """A control a task's first steps name on an entry page."""

    entry: str
    name: str
    role: str
    key: str | None = None  # the family's name key, when the flow refers to one


@dataclass
class ProbePlan:
    """What to look at: the address, the family the data is written for, the entry paths and
    the controls expected on them."""

    base_url: str
    family: str | None
    paths: Mapping[str, str]
    controls: list[Expected] = field(default_factory=list)
    notes: list[Observation] = field(default_factory=list)

    def url(self, entry: str) -> str:
        return self.base_url.rstrip("/") + self.paths[entry]


@dataclass
class Visit:
    """What loading one entry page showed."""

    url: str
    final_url: str = ""
    status: int | None = None
    seconds: float = 0.0
    error: str = ""
    texts: list[str] = field(default_factory=list)  # rendered HTML, request addresses, scripts
    controls: list[tuple[str, str]] = field(default_factory=list)  # (role, name)
    page_text: str = ""
    blocked: list[str] = field(default_factory=list)  # requests other than GET, aborted


@lru_cache(maxsize=1)
def family_markers() -> dict[str, tuple[str, ...]]:
    """Family key -> its markers, from data/family_markers.json (a bad file is one line)."""
    source = resources.files("harness").joinpath("data/family_markers.json")
    try:
        families = json.loads(source.read_text(encoding="utf-8"))["families"]
        markers = {key: tuple(value["markers"]) for key, value in families.items()}
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise HarnessError(f"malformed family markers file {source}: {error}") from None
    for key, found in markers.items():
        if not found or not all(isinstance(m, str) and m for m in found):
            raise HarnessError(f"malformed family markers file {source}: family '{key}' needs "
                               "a list of non-empty markers")
    return markers


def expected_controls(tasks: Iterable[Task], names: Mapping[str, str]) -> list[Expected]:
    """The controls each task names right after opening an entry page, up to the first action
    that leaves the page: what must still be there for the run to start."""
    wanted: list[Expected] = []
    for task in tasks:
        entry: str | None = None
        for step in task.steps:
            for action in step.actions:
                if action.verb == "open":
                    entry = action.args["main"]
                    continue
                if entry is None:
                    continue
                if action.verb in CONTROL_VERBS:
                    control = action.args["main"]
                    key = control["name"] if isinstance(control, dict) else None
                    name = names.get(key, "") if key else control
                    role = action.args.get("role", DEFAULT_ROLES.get(action.verb, ""))
                    item = Expected(entry, name, role, key)
                    if name and item not in wanted:
                        wanted.append(item)
                if action.verb in PAGE_CHANGING:
                    entry = None
    return wanted


def first_answer(url: str, timeout_s: float = ANSWER_TIMEOUT_S
                 ) -> tuple[list[Observation], list[str]]:
    """One GET of the address: its status, each redirect and the time (unreachable is exit 2),
    and the texts to look for family markers in: the page and every address it went through."""
    hops: list[tuple[int, str]] = []

    class Recorder(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[override]
            hops.append((code, newurl))
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    opener = urllib.request.build_opener(Recorder)
    request = urllib.request.Request(url, method="GET", headers={"User-Agent": "pesp-a11y"})
    started = time.monotonic()
    try:
        with opener.open(request, timeout=timeout_s) as answer:
            status, final = answer.status, answer.url
            body = answer.read(MAX_BODY_BYTES)
    except urllib.error.HTTPError as error:
        status, final, body = error.code, error.url or url, b""
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise ProbeCannotRun(f"không truy cập được {url} ({reason}) / cannot reach {url}") from None
    seconds = time.monotonic() - started
    found: list[Observation] = []
    ok = status < 400
    found.append(Observation(
        FOUND if ok else DRIFT,
        f"cổng trả lời HTTP {status} sau {_vi_seconds(seconds)} giây",
        f"the portal answered HTTP {status} in {seconds:.2f} s"))
    for code, target in hops:
        found.append(Observation(INFO, f"chuyển hướng {code} tới {target}",
                                 f"redirected ({code}) to {target}"))
    if _host(final) != _host(url):
        found.append(Observation(
            DRIFT, f"địa chỉ chuyển sang máy chủ khác: {final}",
            f"the address now leads to another host: {final}"))
    texts = [url, final, *(target for _code, target in hops),
             body.decode("utf-8", errors="replace")]
    return found, texts


def which_family(texts: Iterable[str]) -> dict[str, list[str]]:
    """Family key -> the markers found in these texts, for the families with any."""
    texts = list(texts)
    found: dict[str, list[str]] = {}
    for family, markers in family_markers().items():
        hits = [marker for marker in markers if any(marker in text for text in texts)]
        if hits:
            found[family] = hits
    return found


def family_observation(expected: str | None, found: Mapping[str, list[str]]) -> Observation:
    """Which family the pages look like, against the family the data is written for."""
    if not found:
        return Observation(REVIEW, "không thấy dấu hiệu của họ nền tảng nào",
                           "no platform family's markers were found")
    most = max(len(hits) for hits in found.values())
    best = sorted(family for family, hits in found.items() if len(hits) == most)
    said = "; ".join(f"{family} ({', '.join(found[family])})" for family in best)
    if len(best) > 1:
        return Observation(REVIEW, f"dấu hiệu ngang nhau của nhiều họ: {said}",
                           f"markers of several families tie: {said}")
    family = best[0]
    if expected is None:
        return Observation(INFO, f"trông như họ nền tảng {said}",
                           f"looks like platform family {said}")
    if family == expected:
        return Observation(FOUND, f"trông như họ nền tảng {said}, đúng họ của dữ liệu",
                           f"looks like platform family {said}, the family of the data")
    return Observation(DRIFT, f"trông như họ nền tảng {said}, không phải {expected}",
                       f"looks like platform family {said}, not {expected}")


def visit(browser: Browser, url: str) -> Visit:
    """Load one entry page with GET only and read what the probe needs from it."""
    seen = Visit(url)
    context = browser.new_context(service_workers="block", locale="vi-VN")
    page = context.new_page()
    responses: list[Response] = []

    def only_get(route: Route) -> None:
        """Anything but GET stays in the browser; a blocked form submission is answered "no
        content" locally, so the page stays where it was and can still be read."""
        request = route.request
        if request.method == "GET":
            route.continue_()
            return
        seen.blocked.append(f"{request.method} {request.url}")
        if request.is_navigation_request():
            route.fulfill(status=204)
        else:
            route.abort()

    page.route("**/*", only_get)
    page.on("request", lambda request: seen.texts.append(request.url))
    page.on("response", lambda response: responses.append(response))
    started = time.monotonic()
    try:
        answer = page.goto(url, wait_until="load", timeout=PAGE_TIMEOUT_MS)
        with suppress(PlaywrightTimeout):
            page.wait_for_load_state("networkidle", timeout=QUIET_WAIT_MS)
        seen.seconds = time.monotonic() - started
        seen.status = answer.status if answer is not None else None
        seen.final_url = page.url
        _read_page(page, seen, responses)
    except PlaywrightTimeout:
        seen.error = f"did not load within {PAGE_TIMEOUT_MS // 1000} s"
    except PlaywrightError as error:
        seen.error = str(error).strip().splitlines()[0] if str(error).strip() else "error"
    finally:
        context.close()
    return seen


def _read_page(page: Page, seen: Visit, responses: list[Response]) -> None:
    seen.texts.append(page.content())
    host = _host(page.url)
    for response in responses:
        if response.request.resource_type == "script" and _host(response.url) == host:
            with suppress(PlaywrightError):
                seen.texts.append(response.text())
    with AxSnapshot(page) as snapshot:
        summary = snapshot.page_summary()
    seen.controls = ([("link", name) for name in summary["links"]]
                     + [("button", name) for name in summary["buttons"]]
                     + [(role, name) for role, name in summary["form_fields"]])
    seen.page_text = page.evaluate("document.body ? document.body.innerText : ''")


def entry_observations(plan: ProbePlan, entry: str, seen: Visit) -> list[Observation]:
    """Whether the entry page loaded, and each control its first steps name."""
    found: list[Observation] = []
    for blocked in seen.blocked:
        found.append(Observation(INFO, f"trang {entry} định gửi {blocked}: đã chặn, không gửi",
                                 f"page {entry} tried to send {blocked}: blocked, not sent"))
    if seen.error or seen.status is None or seen.status >= 400:
        why = seen.error or f"HTTP {seen.status}"
        found.append(Observation(DRIFT, f"trang vào {entry} ({seen.url}) không mở được: {why}",
                                 f"entry page {entry} ({seen.url}) did not load: {why}"))
        found += [Observation(REVIEW, f"chưa kiểm tra {_control_vi(c)} trên trang {entry}",
                              f"{_control_en(c)} on page {entry} not checked")
                  for c in plan.controls if c.entry == entry]
        return found
    moved = "" if seen.final_url.rstrip("/") == seen.url.rstrip("/") else seen.final_url
    found.append(Observation(
        FOUND if not moved or _host(moved) == _host(seen.url) else DRIFT,
        f"trang vào {entry} mở được, HTTP {seen.status}, {_vi_seconds(seen.seconds)} giây"
        + (f", dừng ở {moved}" if moved else ""),
        f"entry page {entry} loaded, HTTP {seen.status}, {seen.seconds:.2f} s"
        + (f", ended at {moved}" if moved else "")))
    for control in (c for c in plan.controls if c.entry == entry):
        found.append(_control_observation(control, seen))
    return found


def _control_observation(control: Expected, seen: Visit) -> Observation:
    """Found by name as the scenario finds it; only as page text is "needs review"."""
    stops = [_stop(role, name) for role, name in seen.controls]
    named = [stop for stop in stops if matches(stop, control.name, control.role)]
    vi, en = _control_vi(control), _control_en(control)
    if named:
        heard = named[0].name
        return Observation(FOUND, f"{vi}: có, tên '{heard}'", f"{en}: present, named '{heard}'")
    page_text = normal(seen.page_text)
    if any(normal(alternative) in page_text for alternative in control.name.split("|")):
        return Observation(
            REVIEW, f"{vi}: không có điều khiển nào mang tên này, nhưng chữ này có trên trang "
            "(có thể là nhãn không gắn với ô)",
            f"{en}: no control has this name, but the text is on the page (perhaps a label "
            "not tied to its field); a run may still find it by the text around a control")
    return Observation(DRIFT, f"{vi}: không thấy", f"{en}: not found")


def _stop(role: str, name: str) -> FocusStop:
    """A control of the accessibility tree as the scenario's name rule takes it."""
    return FocusStop(key="", facts=FocusFacts(selector="", tag="", on_body=False),
                     spoken=Utterance(event="focus", role=role or None, name=name))


def _control_vi(control: Expected) -> str:
    role = f" ({control.role})" if control.role else ""
    key = f" [{control.key}]" if control.key else ""
    return f"trên trang {control.entry}, điều khiển '{control.name}'{role}{key}"


def _control_en(control: Expected) -> str:
    role = f" ({control.role})" if control.role else ""
    key = f" [{control.key}]" if control.key else ""
    return f"on page {control.entry}, control '{control.name}'{role}{key}"


def probe(plan: ProbePlan, browser: Browser) -> list[Observation]:
    """Every fact, in order: the first answer, the family, each entry page and its controls."""
    answered, texts = first_answer(plan.base_url)
    found = [*plan.notes, *answered]
    visits = {entry: visit(browser, plan.url(entry)) for entry in plan.paths}
    texts += [text for seen in visits.values() for text in (*seen.texts, seen.final_url)]
    found.append(family_observation(plan.family, which_family(texts)))
    for entry, seen in visits.items():
        found += entry_observations(plan, entry, seen)
    return found


def exit_code(found: Iterable[Observation]) -> int:
    """0 when everything was found, 1 when something drifted or needs review."""
    return 1 if any(o.status in (DRIFT, REVIEW) for o in found) else 0


def result_line(found: list[Observation]) -> str:
    counts = {status: sum(1 for o in found if o.status == status)
              for status in (DRIFT, REVIEW, FOUND)}
    return (f"Kết quả: {counts[DRIFT]} thay đổi, {counts[REVIEW]} cần xem lại, {counts[FOUND]} "
            f"thấy / Result: {counts[DRIFT]} drifted, {counts[REVIEW]} need review, "
            f"{counts[FOUND]} found")


def plan_from_data(base_url: str, family: str | None, data: Mapping[str, Any] | None,
                   fallback_paths: Mapping[str, str]) -> ProbePlan:
    """A plan from the family data or a profile; without data, only the registry's paths are
    loaded and the control names are said to be unchecked."""
    if data is None:
        plan = ProbePlan(base_url, family, dict(fallback_paths) or {"home": "/"})
        plan.notes.append(Observation(
            REVIEW, f"không có dữ liệu tên điều khiển của họ {family or 'chưa rõ'}: chỉ kiểm "
            "tra các trang vào", f"no control names for family {family or 'unknown'}: only "
            "the entry pages are checked"))
        return plan
    paths = {entry: path if path.startswith("/") else "/" + path
             for entry, path in data["paths"].items()}
    return ProbePlan(base_url, family, paths,
                     expected_controls(data["tasks"].values(), data["names"]))


def _host(url: str) -> str:
    return (urllib.parse.urlsplit(url).hostname or "").lower()


def _vi_seconds(seconds: float) -> str:
    return f"{seconds:.2f}".replace(".", ",")
