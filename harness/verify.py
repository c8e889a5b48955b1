"""Blind evaluators verify a run: a local page, usable with a screen reader and the keyboard
alone, that plays each step's audio with its text and records, per step, whether the narration
matches what their own screen reader says, and, per criterion and category the checks could not
settle, whether it is met (harness/confirmations.py turns those answers into settled verdicts).

Answers are written to `verification.json` in the run folder the moment each is saved (a temp
file renamed over the old one), so a reload or a crash loses nothing; the file also keeps the
settled verdicts, and `verification.txt` says both in sentences. summary.json is never touched.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape

from harness import confirmations
from harness.confirmations import KINDS, is_answer, questions, settle, settled_lines
from harness.errors import HarnessError
from harness.loopback import LoopbackServer
from harness.reporters.words import known, say
from wcag.criteria import checks

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
ANSWERS = "verification.json"
VERDICTS = {
    "match": ("Khớp với trình đọc màn hình của tôi", "Matches my screen reader"),
    "differs": ("Khác", "Differs"),
    "blocked": ("Tôi bị kẹt ở đây", "I was blocked here"),
}
LANGS = ("vi", "en", "both")  # the spoken lines: Vietnamese, English on request, or both
MAX_TEXT = 10_000  # characters per answer field: a long comment, never a pasted file
MAX_BODY = 2_000_000
_AXE_ADVICE = re.compile(r"\s+Fix (any|all) of the following:.*\Z", re.S)


def load_steps(run_dir: Path) -> list[dict]:
    """The run's steps with their utterances, audio, automated findings and the questions the
    checks put to a person, element by element."""
    transcript = run_dir / "transcript.jsonl"
    if not run_dir.is_dir():
        raise HarnessError(f"{run_dir} is not a results folder")
    if not transcript.is_file():
        raise HarnessError(f"{run_dir} has no transcript.jsonl: is it a run folder?")
    pages_file = run_dir / "pages.jsonl"
    steps = _read_jsonl(transcript)
    pages = _read_jsonl(pages_file) if pages_file.is_file() else []
    if not steps:
        raise HarnessError(f"{transcript} holds no steps to verify")
    findings: dict[tuple, list] = {}
    reviews: dict[tuple, list] = {}
    paths = {(page.get("scenario"), page.get("step")): _page_path(page.get("url"))
             for page in pages}
    for page in pages:
        findings.setdefault((page.get("scenario"), page.get("step")), []).extend(
            f for f in page.get("findings") or [] if isinstance(f, dict))
        reviews.setdefault((page.get("scenario"), page.get("step")), []).extend(
            r for r in page.get("reviews") or [] if isinstance(r, dict)
            and isinstance(r.get("question_vi"), str) and isinstance(r.get("question_en"), str))
    for number, step in enumerate(steps, 1):
        if not isinstance(step.get("scenario"), str) or not isinstance(step.get("step"), int):
            raise HarnessError(f"{transcript} line {number} has no scenario and step number")
        step["key"] = f"{step['scenario']}-{step['step']}"
        step["findings"] = findings.get((step["scenario"], step["step"]), [])
        step["reviews"] = reviews.get((step["scenario"], step["step"]), [])
        step["path"] = paths.get((step["scenario"], step["step"]), "")
        step["utterances"] = [u for u in step.get("utterances") or [] if isinstance(u, dict)]
        step["name"] = str(step.get("name", ""))
        step["status"] = str(step.get("status", ""))
        if not isinstance(step.get("audio"), dict) or not step["audio"].get("file"):
            step["audio"] = None
    return steps


def _page_path(url: object) -> str:
    """Where a step ended, as a path a served replica (`make serve`) has too: the run's own
    replica listened on another port."""
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        return ""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _read_jsonl(path: Path) -> list[dict]:
    """JSON lines as dicts; a broken line is one line of error, never a traceback."""
    records = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise HarnessError(f"cannot read {path}: {error}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            raise HarnessError(f"{path} line {number} is not valid JSON") from None
        if not isinstance(record, dict):
            raise HarnessError(f"{path} line {number} is not a JSON object")
        records.append(record)
    return records


def load_meta(run_dir: Path) -> dict:
    """run.json, or nothing when the run left none; a broken one is said in one line."""
    path = run_dir / "run.json"
    if not path.is_file():
        return {}
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise HarnessError(f"{path} is not valid JSON") from None
    if not isinstance(meta, dict):
        raise HarnessError(f"{path} is not a JSON object")
    return meta


def load_summary(run_dir: Path) -> dict:
    """summary.json's verdicts per criterion and category, or nothing when the run left none
    (a run that died before its end); a broken one is said in one line."""
    path = run_dir / "summary.json"
    if not path.is_file():
        return {}
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise HarnessError(f"{path} is not valid JSON") from None
    if not isinstance(summary, dict) or not all(
            isinstance(summary.get(kind, {}), dict) for kind in KINDS):
        raise HarnessError(f"{path} is not a run summary this harness wrote")
    return {kind: {item: row for item, row in summary.get(kind, {}).items()
                   if isinstance(row, dict)} for kind in KINDS}


def _load_file(run_dir: Path) -> dict:
    """verification.json whole: step answers, criterion answers, settled verdicts."""
    path = run_dir / ANSWERS
    if not path.is_file():
        return {"answers": {}, "confirmations": {kind: {} for kind in KINDS}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise HarnessError(f"{path} is not a verification file this harness wrote") from None
    given = data.get("confirmations", {}) if isinstance(data, dict) else None
    if (not isinstance(data, dict) or not isinstance(data.get("answers", {}), dict)
            or not isinstance(given, dict)
            or not all(isinstance(given.get(kind, {}), dict) for kind in KINDS)):
        raise HarnessError(f"{path} is not a verification file this harness wrote")
    return {"answers": data.get("answers", {}),
            "confirmations": {kind: given.get(kind, {}) for kind in KINDS}}


def load_answers(run_dir: Path) -> dict:
    """The step answers: {step key: {"verdict", "heard", "comment", "saved_at"}}."""
    return _load_file(run_dir)["answers"]


def load_confirmations(run_dir: Path) -> dict:
    """The criterion and category answers: {"criteria": {id: {"answer", "comment",
    "saved_at"}}, "categories": {...}}."""
    return _load_file(run_dir)["confirmations"]


def settled_verdicts(run_dir: Path) -> dict:
    """The run's verdicts with the evaluators' answers applied (empty without summary.json)."""
    summary = load_summary(run_dir)
    return settle(summary, load_confirmations(run_dir)) if summary else {}


def save_answer(run_dir: Path, key: str, verdict: str, heard: str, comment: str) -> None:
    save_answers(run_dir, [(key, verdict, heard, comment)])


def save_answers(run_dir: Path, items: list[tuple[str, str, str, str]], by: str = "") -> None:
    """Store (step key, verdict, heard, comment) answers in one atomic write; `by` names the
    evaluator when an imported file said who they are."""
    for _, verdict, heard, comment in items:
        if verdict not in VERDICTS and verdict != "":
            raise HarnessError(f"unknown answer {verdict!r}")
        if len(heard) > MAX_TEXT or len(comment) > MAX_TEXT:
            raise HarnessError(f"an answer is longer than {MAX_TEXT} characters")
    with _LOCK:
        data = _load_file(run_dir)
        saved_at = _now()
        for key, verdict, heard, comment in items:
            # a comment alone is kept, so nothing typed is lost, but it is not an answer
            if verdict or heard.strip() or comment.strip():
                data["answers"][key] = {"verdict": verdict, "heard": heard.strip(),
                                        "comment": comment.strip(), "saved_at": saved_at,
                                        **({"by": by} if by else {})}
            else:  # nothing chosen, nothing written (save all): the step stays unanswered
                data["answers"].pop(key, None)
        _write_all(run_dir, data)


def save_confirmations(run_dir: Path, items: list[tuple[str, str, str]], by: str = "") -> None:
    """Store (question key such as "criteria:2.4.6", answer, comment) in one atomic write; "not
    met" needs a comment saying where, since it becomes the failure's note."""
    for key, answer, comment in items:
        confirmations.split_key(key)
        if answer not in confirmations.ANSWERS and answer != "":
            raise HarnessError(f"unknown answer {answer!r}")
        if len(comment) > MAX_TEXT:
            raise HarnessError(f"an answer is longer than {MAX_TEXT} characters")
        if answer == "not-met" and not comment.strip():
            name_vi, name_en = confirmations.names(*confirmations.split_key(key))
            raise HarnessError(f"hãy ghi rõ {name_vi} chưa đạt ở đâu trong ô ghi chú / say in "
                               f"the comment where {name_en} is not met")
    with _LOCK:
        data = _load_file(run_dir)
        saved_at = _now()
        for key, answer, comment in items:
            kind, item_id = confirmations.split_key(key)
            if answer or comment.strip():
                data["confirmations"][kind][item_id] = {
                    "answer": answer, "comment": comment.strip(), "saved_at": saved_at,
                    **({"by": by} if by else {})}
            else:
                data["confirmations"][kind].pop(item_id, None)
        _write_all(run_dir, data)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _write_all(run_dir: Path, data: dict) -> None:
    """verification.json with the settled verdicts recomputed, then its sentences."""
    summary = load_summary(run_dir)
    if summary:
        data["settled"] = settle(summary, data["confirmations"])
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    _write_atomically(run_dir / ANSWERS, text)
    # the answers in plain sentences beside summary.txt, for the run's report
    _write_atomically(run_dir / "verification.txt", "\n".join(verification_lines(run_dir)) + "\n")


def _write_atomically(path: Path, text: str) -> None:
    """Temp file, fsync, rename: a crash leaves the old file or the new one, never half."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def verification_lines(run_dir: Path) -> list[str]:
    """The evaluators' answers in plain sentences for the console and the report: all in
    Vietnamese, then all in English, so a listener can stop after the language they need."""
    steps = {step["key"]: step for step in load_steps(run_dir)}
    load_meta(run_dir)  # a broken run folder is said, not summarised
    answers = load_answers(run_dir)
    given = [answer.get("verdict", "") for answer in answers.values()]
    counts = {verdict: given.count(verdict) for verdict in VERDICTS}
    verified = sum(counts.values())  # a step with only a comment is not verified
    if not answers:
        told = {"vi": ["Chưa kiểm chứng bước nào."], "en": ["No step has been verified yet."]}
    else:
        told = {"vi": [f"Đã kiểm chứng {verified} trên {len(steps)} bước: {counts['match']} "
                       f"khớp, {counts['differs']} khác, {counts['blocked']} bị kẹt."],
                "en": [f"Verified {verified} of {len(steps)} steps: {counts['match']} match, "
                       f"{counts['differs']} differ, {counts['blocked']} blocked."]}
    in_order = [key for key in steps if key in answers] + [k for k in answers if k not in steps]
    for key in in_order:
        answer = answers[key]
        step = steps.get(key, {"scenario": key, "step": "?", "name": ""})
        heard, comment = _one_line(answer.get("heard", "")), _one_line(answer.get("comment", ""))
        chosen = VERDICTS.get(answer.get("verdict", ""))
        for lang, (word, none, heard_word, comment_word) in {
                "vi": ("bước", "chưa chọn câu trả lời", "nghe thấy", "ghi chú"),
                "en": ("step", "no answer chosen", "heard", "comment")}.items():
            verdict = (chosen[0 if lang == "vi" else 1] if chosen else none)
            if not verdict.startswith("I "):
                verdict = verdict[:1].lower() + verdict[1:]
            line = f"  {step['scenario']} {word} {step['step']}, {step['name']}: {verdict}"
            line += f"; {heard_word}: {heard}" if heard else ""
            line += f"; {comment_word}: {comment}" if comment else ""
            told[lang].append(line + ".")
    settled = settled_verdicts(run_dir)
    sentences = settled_lines(settled) if settled else []
    half = len(sentences) // 2  # settled_lines: the Vietnamese half, then the English one
    return told["vi"] + sentences[:half] + told["en"] + sentences[half:]


def _one_line(text: object) -> str:
    """A comment typed over several lines, as one line of the report."""
    return " ".join(str(text).split())


def finding_text(finding: dict, lang: str = "en") -> str:
    """A finding as a listener reads it: the catalogue's help text in the page's language
    (Vietnamese first), else the finding's message without axe's list of technical fixes."""
    for check_id in (finding.get("check"), *(finding.get("also") or [])):
        meta = checks().get(str(check_id))
        help_text = (meta.help_vi if lang == "vi" else meta.help_en) if meta else ""
        if help_text:
            return help_text
    if lang == "vi":
        return ""
    message = _AXE_ADVICE.sub("", _one_line(finding.get("message", "")))
    return message or str(finding.get("check", ""))


def status_words(status: str) -> tuple[str, str]:
    """(Vietnamese, English) of how a step ended: "bị chặn", "blocked"."""
    key = f"step.{status}"
    return (say(key, "vi"), say(key, "en")) if known(key) else (status, status)


def step_label(step: dict, steps: list[dict], lang: str = "vi") -> str:
    """"bước 2" when the run has one task, "bước 2 (dossier-lookup)" when it has more."""
    word = "bước" if lang == "vi" else "step"
    if len({s["scenario"] for s in steps}) == 1:
        return f"{word} {step['step']}"
    return f"{word} {step['step']} ({step['scenario']})"


def step_title(step: dict, steps: list[dict]) -> str:
    """"Bước 2: Tra cứu", with the task when the run has more than one."""
    label = step_label(step, steps)
    return f"{label[:1].upper()}{label[1:]}: {step['name']}"


def render_page(run_dir: Path, steps: list[dict], meta: dict, asked: list[dict], *,
                offline: bool, **values: object) -> str:
    """The verify page: served (saving to verification.json) or offline (saving in the
    browser, exported to a file); the same words and forms either way."""
    from wcag.criteria import categories

    templates = Environment(loader=FileSystemLoader(TEMPLATES),
                            autoescape=select_autoescape(["html"], default=True))
    defaults: dict[str, object] = {
        "saved": "", "error": "", "lang": "vi", "token": "", "settled": {},
        "has_summary": False, "progress": "", "script": "", "run_key": ""}
    return templates.get_template("verify.html").render(
        **{**defaults, **values}, steps=steps, meta=meta, questions=asked, offline=offline,
        answers=load_answers(run_dir), confirmations=load_confirmations(run_dir),
        verdicts=VERDICTS, quote=quote, categories=categories(), finding_text=finding_text,
        status_words=status_words, step_title=lambda step: step_title(step, steps),
        step_label=lambda step, lang: step_label(step, steps, lang),
        answer_words=confirmations.ANSWERS, verdict_vi=confirmations.VERDICT_VI,
        verdict_en=confirmations.VERDICT_EN)


OFFLINE_PAGE = "verify.html"
EXPORT_FORMAT = "pesp-a11y-verification-answers"
OFFLINE_LINE = {"vi": "Trang kiểm chứng mở được không cần mạng: {path}.",
                "en": "The verification page, which works offline: {path}."}


def write_offline_page(run_dir: Path) -> Path:
    """verify.html in the run folder: opens from the folder (file://) in any browser, keeps
    answers in the browser (localStorage, one key per run) and exports them as one JSON file
    for `pesp-a11y verify --import`. Audio links are relative, so a copied or unzipped
    folder works as it is."""
    steps, meta = load_steps(run_dir), load_meta(run_dir)
    summary = load_summary(run_dir)
    asked = questions(summary)
    total = len(steps)
    progress = (f"Chưa kiểm chứng bước nào trong {total} bước. / "
                f"No step of {total} has been verified yet.")
    spoken = {step.get("lang") for step in steps} & set(LANGS)  # the run's transcript language
    html = render_page(
        run_dir, steps, meta, asked, offline=True, has_summary=bool(summary),
        lang=spoken.pop() if len(spoken) == 1 else "vi",
        progress=progress, run_key=str(meta.get("run_id") or run_dir.name),
        script=(STATIC / "verify_offline.js").read_text(encoding="utf-8"))
    path = run_dir / OFFLINE_PAGE
    _write_atomically(path, html)
    path.chmod(0o644)  # a page to copy, zip and share, not a secret
    return path


def import_answers(run_dir: Path, file: Path) -> tuple[int, int]:
    """Merge an answers file exported from the offline page into verification.json; return
    how many step answers and criterion answers it held. Everything is checked before
    anything is written, and a fault is one line naming what is wrong."""
    steps = {step["key"] for step in load_steps(run_dir)}
    asked = {q["key"] for q in questions(load_summary(run_dir))}
    meta = load_meta(run_dir)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except OSError as error:
        raise HarnessError(f"cannot read {file}: {error.strerror or error}") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise HarnessError(f"{file} is not valid JSON: is it the file the verify page "
                           "exported?") from None
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise HarnessError(f"{file} is not an answers file exported from the verify page")
    run_id = str(meta.get("run_id") or run_dir.name)
    if str(data.get("run", "")) != run_id:
        raise HarnessError(f"{file} holds answers for run {str(data.get('run', '?'))[:60]}, "
                           f"not for run {run_id}")
    by = data.get("by", "")
    if not isinstance(by, str) or len(by) > 100:
        raise HarnessError(f"{file}: 'by' must be a name of at most 100 characters")
    step_items = _imported(file, data, "answers", steps, ("verdict", "heard", "comment"))
    question_items = _imported(file, data, "confirmations", asked, ("answer", "comment"))
    if not step_items and not question_items:
        raise HarnessError(f"{file} holds no answer to import")
    # everything is refused here, before anything is written
    for key, fields in step_items:
        if fields["verdict"] not in VERDICTS and fields["verdict"]:
            raise HarnessError(f"{file}: {key} has an unknown answer {fields['verdict'][:40]!r}")
    for key, fields in question_items:
        if fields["answer"] not in confirmations.ANSWERS and fields["answer"]:
            raise HarnessError(f"{file}: {key} has an unknown answer {fields['answer'][:40]!r}")
        if fields["answer"] == "not-met" and not fields["comment"].strip():
            raise HarnessError(f"{file}: {key} is answered 'not met' without saying where")
    if any(len(value) > MAX_TEXT for _, fields in step_items + question_items
           for value in fields.values()):
        raise HarnessError(f"{file}: an answer is longer than {MAX_TEXT} characters")
    if question_items:
        save_confirmations(run_dir, [(key, f["answer"], f["comment"])
                                     for key, f in question_items], by=by.strip())
    if step_items:
        save_answers(run_dir, [(key, f["verdict"], f["heard"], f["comment"])
                               for key, f in step_items], by=by.strip())
    return len(step_items), len(question_items)


def _imported(file: Path, data: dict, part: str, known_keys: set[str],
              names: tuple[str, ...]) -> list[tuple[str, dict[str, str]]]:
    """One part of an answers file as (key, fields), checked: known keys, strings only."""
    given = data.get(part, {})
    if not isinstance(given, dict):
        raise HarnessError(f"{file}: '{part}' must be an object")
    items = []
    for key, answer in given.items():
        if key not in known_keys:
            raise HarnessError(f"{file}: '{str(key)[:60]}' is not a step or question of this run")
        if not isinstance(answer, dict) or not all(
                isinstance(answer.get(name, ""), str) for name in names):
            raise HarnessError(f"{file}: the answer to {key} is not one the page writes")
        fields = {name: answer.get(name, "") for name in names}
        if any(value.strip() for value in fields.values()):
            items.append((key, fields))
    return items


_LOCK = threading.Lock()


class VerifyServer(LoopbackServer):
    """Serves the verification page of one run folder on 127.0.0.1 (a free port by default).

    Saving posts to /answer: the page's script sends JSON and announces the result in its
    status region without a reload; without script the form posts and the page comes back
    saying what was saved. A per-server token and a Host check keep other web pages from
    writing answers.
    """

    def __init__(self, run_dir: Path, port: int = 0) -> None:
        self.run_dir = run_dir
        self.steps = load_steps(run_dir)
        self.meta = load_meta(run_dir)
        self.summary = load_summary(run_dir)
        self.questions = questions(self.summary)
        load_answers(run_dir)  # a broken verification.json is said now, not on the first save
        self.token = secrets.token_urlsafe(24)
        self.audio = {step["audio"]["file"] for step in self.steps if step["audio"]}
        super().__init__(self._handler(), port)

    def anchor(self, key: str) -> str:
        """The id of a step's or a question's heading, for the page to come back to."""
        return next((q["anchor"] for q in self.questions if q["key"] == key), key)

    @property
    def url(self) -> str:
        return self.base_url + "/"

    def page(self, saved: str = "", error: str = "", lang: str = "vi") -> bytes:
        return render_page(
            self.run_dir, self.steps, self.meta, self.questions, offline=False,
            saved=self.saved_message([saved]) if self._known(saved) else "", error=error,
            lang=lang if lang in LANGS else "vi", token=self.token,
            settled=self.settled_sentences(), has_summary=bool(self.summary),
        ).encode()

    def settled_sentences(self) -> dict[str, tuple[str, str]]:
        """{question key: (Vietnamese, English)} the verdict as it stands with the answers."""
        settled = settled_verdicts(self.run_dir)
        return {q["key"]: confirmations.row_sentences(
                    q["kind"], q["id"], settled[q["kind"]][q["id"]])
                for q in self.questions if q["id"] in settled.get(q["kind"], {})}

    def _known(self, key: str) -> bool:
        return any(s["key"] == key for s in self.steps) or any(
            q["key"] == key for q in self.questions)

    def saved_message(self, keys: list[str]) -> str:
        """What a save did, said in the status region: "Đã lưu bước 2 / Step 2 saved" only
        when an answer was chosen; a comment alone is saved but said to be no answer, and a
        form with nothing in it is said to have saved nothing."""
        steps = {step["key"]: step for step in self.steps}
        asked = {q["key"]: q for q in self.questions}
        answers, given = load_answers(self.run_dir), load_confirmations(self.run_dir)

        def kept(key: str) -> str:
            """"answer", "comment" (saved, but no answer chosen) or "" (nothing saved)."""
            if key in steps:
                answer = answers.get(key)
                chosen = answer is not None and answer.get("verdict") in VERDICTS
            else:
                answer = given[asked[key]["kind"]].get(asked[key]["id"])
                chosen = is_answer(answer)
            return "answer" if chosen else "comment" if answer else ""

        states = [kept(key) for key in keys]
        if len(keys) == 1:
            key = keys[0]
            if key in steps:
                told_vi = step_label(steps[key], self.steps)
                told_en = step_label(steps[key], self.steps, "en")
            else:
                told_vi, told_en = asked[key]["name_vi"], asked[key]["name_en"]
            told_en = told_en[:1].upper() + told_en[1:]
            if states[0] == "answer":
                return f"Đã lưu {told_vi} / {told_en} saved"
            if states[0] == "comment":
                return (f"Đã lưu {told_vi}, nhưng chưa chọn câu trả lời nên chưa tính là đã "
                        f"kiểm chứng / {told_en} saved, but no answer is chosen, so it is not "
                        "verified")
            return (f"Chưa lưu gì cho {told_vi}: chưa chọn câu trả lời / Nothing saved for "
                    f"{told_en[:1].lower()}{told_en[1:]}: no answer is chosen")
        words = ("bước", "step") if all(key in steps for key in keys) else ("câu hỏi",
                                                                             "question")
        chosen, commented = states.count("answer"), states.count("comment")
        if not chosen and not commented:
            return "Không lưu gì: chưa chọn câu trả lời nào / Nothing saved: no answer is chosen"
        told_vi = f"Đã lưu {chosen} {words[0]}"
        told_en = f"{chosen} {words[1]}{'' if chosen == 1 else 's'} saved"
        if commented:
            told_vi += f", {commented} {words[0]} chỉ có ghi chú, chưa có câu trả lời"
            told_en += f", {commented} with a comment only and no answer"
        return f"{told_vi} / {told_en}"

    def save(self, data: dict) -> list[str]:
        """Save one answer (a form's fields) or several ({"answers": [...]}), a step's
        ({"step": ...}) or a criterion's ({"item": "criteria:2.4.6", "answer": ...}); return
        the keys saved. ValueError or HarnessError say in one line why not."""
        if not secrets.compare_digest(str(data.get("token", "")), self.token):
            raise ValueError("trang đã cũ, hãy tải lại rồi lưu lại / the page is out of date, "
                             "reload it and save again")
        items = data.get("answers") if "answers" in data else [data]
        if not isinstance(items, list) or not items:
            raise ValueError("no answers were sent")
        by_key = {step["key"]: step for step in self.steps}
        asked = {q["key"] for q in self.questions}
        chosen: list[str] = []
        answers: list[tuple[str, str, str, str]] = []
        confirmed: list[tuple[str, str, str]] = []
        for item in items:
            if isinstance(item, dict) and "item" in item:
                key = str(item.get("item", ""))
                if key not in asked:
                    raise ValueError("không rõ tiêu chí cần lưu / unknown criterion")
                confirmed.append((key, str(item.get("answer") or ""),
                                  str(item.get("comment") or "")))
                chosen.append(key)
                continue
            step = by_key.get(str(item.get("step", ""))) if isinstance(item, dict) else None
            if step is None:
                raise ValueError("không rõ bước cần lưu / unknown step")
            chosen.append(step["key"])
            answers.append((step["key"], str(item.get("verdict") or ""),
                            str(item.get("heard") or ""), str(item.get("comment") or "")))
        if confirmed:  # checked first: a refused criterion answer leaves the steps unsaved too
            save_confirmations(self.run_dir, confirmed)
        if answers:
            save_answers(self.run_dir, answers)
        return chosen

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                """Quiet: the console is read by a screen reader."""

            def do_GET(self) -> None:  # noqa: N802
                if not self._host_ok():
                    return
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                if parts.path == "/":
                    self._send(200, "text/html; charset=utf-8", server.page(
                        saved=query.get("saved", ""), lang=query.get("lang", "vi")))
                elif parts.path == "/static/verify.js":
                    self._send(200, "text/javascript; charset=utf-8",
                               (STATIC / "verify.js").read_bytes())
                elif parts.path.lstrip("/") in server.audio:
                    self._audio(server.run_dir / parts.path.lstrip("/"))
                else:
                    self._send(404, "text/plain; charset=utf-8", b"not found")

            def do_POST(self) -> None:  # noqa: N802
                if not self._host_ok():
                    return
                wants_json = "application/json" in self.headers.get("Accept", "")
                data: dict = {}
                try:
                    if urlsplit(self.path).path != "/answer":
                        raise ValueError("not found")
                    data = self._body()
                    keys = server.save(data)
                except (ValueError, HarnessError, OSError) as error:
                    message = f"Không lưu được / Could not save: {error}"
                    if wants_json:
                        self._json(400, {"error": message})
                    else:
                        self._send(400, "text/html; charset=utf-8",
                                   server.page(error=message, lang=str(data.get("lang", "vi"))))
                    return
                if wants_json:
                    sentences = server.settled_sentences()
                    self._json(200, {"message": server.saved_message(keys), "saved": keys,
                                     "settled": {key: sentences[key] for key in keys
                                                 if key in sentences}})
                    return
                query = urlencode({"saved": keys[0], "lang": data.get("lang", "vi")})
                self._send(303, "text/plain; charset=utf-8", b"",
                           {"Location": f"/?{query}#h-{quote(server.anchor(keys[0]))}"})

            def _body(self) -> dict:
                length = int(self.headers.get("Content-Length") or 0)
                if length > MAX_BODY:
                    raise ValueError("the answers are too large")
                raw = self.rfile.read(length).decode("utf-8", "replace")
                if not self.headers.get("Content-Type", "").startswith("application/json"):
                    return {k: v[-1] for k, v in parse_qs(raw, keep_blank_values=True).items()}
                try:
                    data = json.loads(raw or "{}")
                except json.JSONDecodeError:
                    raise ValueError("the answers are not valid JSON") from None
                if not isinstance(data, dict):
                    raise ValueError("the answers are not a JSON object")
                return data

            def _host_ok(self) -> bool:
                """Only our own address: a web page cannot reach us by DNS rebinding."""
                if self.headers.get("Host", "") in (f"127.0.0.1:{server.port}",
                                                    f"localhost:{server.port}"):
                    return True
                self._send(421, "text/plain; charset=utf-8", b"wrong host")
                return False

            def _json(self, status: int, data: dict) -> None:
                self._send(status, "application/json; charset=utf-8",
                           json.dumps(data, ensure_ascii=False).encode())

            def _audio(self, path: Path) -> None:
                """A WAV with byte ranges, so the player can seek back and forth."""
                if not path.is_file():
                    self._send(404, "text/plain; charset=utf-8", b"not found")
                    return
                data = path.read_bytes()
                ranged = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
                if not ranged or not data:
                    self._send(200, "audio/wav", data, {"Accept-Ranges": "bytes"})
                    return
                start = int(ranged.group(1))
                end = min(int(ranged.group(2) or len(data) - 1), len(data) - 1)
                if start > end:
                    self._send(416, "text/plain; charset=utf-8", b"",
                               {"Content-Range": f"bytes */{len(data)}"})
                    return
                self._send(206, "audio/wav", data[start:end + 1], {
                    "Accept-Ranges": "bytes", "Content-Range": f"bytes {start}-{end}/{len(data)}"})

            def _send(self, status: int, content_type: str, body: bytes,
                      headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.send_header("X-Content-Type-Options", "nosniff")
                self.send_header("Content-Security-Policy",
                                 "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                                 "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

        return Handler
