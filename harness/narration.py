"""The narrated transcript of a replay: what a screen reader would say at every step, as data
(both languages), as text and as offline speech with timings in one language (``--lang``), so a
listener never hears the languages alternate.

Utterances come from what the replay recorded: each focus stop (role, name, value, states from
Chromium's accessibility tree), each page load, each live-region announcement, and silence where
the status checks saw a change on screen that nothing conveyed; the harness adds its own lines
in parentheses where a listener must know why (an obstacle, an assisted action, a stop).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from playwright.sync_api import Page

from harness.ax_snapshot import AxSnapshot
from harness.findings import PageResult
from harness.replay import ReplayObserver
from harness.reporters.words import known, say
from harness.results import write_atomically
from harness.safe_text import visible_lines
from harness.speech import DEFAULT_VOICE, join, synthesize, voice_lang
from harness.steps import StepRecord
from harness.utterance import LANGS, Lang, Utterance, page_summary_lines

NAVIGATION_EVENTS = ("navigation", "open")
TAB_KEYS = ("Tab", "Shift+Tab")
HIDDEN = "•●"  # what Chromium shows for each character of a password field
BLOCKING_NOTES = ("unreachable", "trapped", "no-effect", "value-unchanged", "no-file-chooser")
OBSTACLE_NOTES = (*BLOCKING_NOTES, "changes-on-input")  # this one the keyboard got past


def step_utterances(step: StepRecord) -> list[Utterance]:
    """What a screen reader says during one step, in order, with the harness's own lines (in
    parentheses) where the listener must know why: an obstacle, what the pointer did for an
    assisted step, Tab wrapping round the page, and why the step stopped."""
    said: list[Utterance] = []
    last_focus: tuple | None = None
    pointer_at: int | None = None  # where the pointer's help goes: right after its obstacle
    for event in step.events:
        kind = event["event"]
        if kind in NAVIGATION_EVENTS:
            last_focus = None
            if event.get("title") is not None:  # a page opened by address: its title is read
                said.append(Utterance(event="page", role="document", name=event["title"]))
        elif kind in ("key", "type"):
            focus = event["focus"]
            here = (tuple(focus["target"]), focus["name"], tuple(focus["states"]), focus["value"])
            if kind == "type":  # what was typed is echoed as typed, not as a new value
                # a password field shows (and a screen reader echoes) its bullets, not the text
                hidden = focus["value"] and not focus["value"].strip(HIDDEN)
                typed = focus["value"] if hidden else event.get("text", "")
                said.append(Utterance(event="typed", key="type", value=typed))
                last_focus = here
                continue
            if here == last_focus:
                continue
            moved = last_focus is None or here[0] != last_focus[0]
            last_focus = here
            if focus["on_body"] and event.get("key") in TAB_KEYS:
                # Tab passed the end of the page: the same page, not a new one
                said.append(Utterance(event="note", key=event.get("key"), note="wrap"))
                continue
            if focus["on_body"]:
                said.append(Utterance(event="page", key=event.get("key"), role="document",
                                      name=focus["name"]))
                continue
            said.append(Utterance(
                event="focus" if moved else "value",
                key=event.get("key"),
                role=focus["role"] or None,
                name=focus["name"],
                value=focus["value"],
                description=focus["description"],
                states=focus["states"],
            ))
        elif kind == "announcements":
            said.extend(_announced(event))
        elif kind == "obstacle" and event.get("kind") in OBSTACLE_NOTES:
            said.append(Utterance(event="note", note=event["kind"], detail={
                "control": str(event.get("wanted", "")), "n": str(event.get("stops", 0))}))
            pointer_at = len(said)
        elif kind == "assisted":
            # the engine logs what the pointer did after doing it: said before what it caused
            at = len(said) if pointer_at is None else pointer_at
            said.insert(at, Utterance(event="note", note="assisted",
                                      detail={"what": str(event.get("what", ""))}))
            pointer_at = None
        elif kind == "captcha":
            said.append(Utterance(event="note", note="captcha"))
    ending = _ending(step, said)
    return [*said, ending] if ending else said


def _announced(event: dict) -> list[Utterance]:
    """Live and alert text as spoken; then, as silence, each change the status checks saw
    on screen that nothing conveyed (decoration was already left out when recorded)."""
    action = event["action"]
    spoken = [i for i in event["items"] if i["kind"] in ("live", "alert") and not i["unreliable"]]
    said = [
        Utterance(event="live", key=action, name=i["text"],
                  politeness="assertive" if i["kind"] == "alert" else i["politeness"])
        for i in spoken
    ]
    shown = dict.fromkeys(change["shown"] for change in event.get("unconveyed", []))
    said += [Utterance(event="silence", key=action, visible=text) for text in shown]
    return said


def _ending(step: StepRecord, said: list[Utterance]) -> Utterance | None:
    """Why the step stopped, when it did not end well: a blocked step after the obstacle that
    says why, or with the step's own reason when no obstacle did."""
    if step.status == "blocked":
        if any(u.event == "note" and u.note in BLOCKING_NOTES for u in said):
            return Utterance(event="note", note="blocked")
        return Utterance(event="note", note="blocked_because", detail={"reason": step.note})
    if step.status in ("stopped", "error", "interrupted"):
        note = "error" if step.status == "error" else "stopped"
        return Utterance(event="note", note=note, detail={"reason": step.note or step.status})
    if not said and step.status == "done":  # it only looked: a listener hears why it is silent
        return Utterance(event="note", note="quiet")
    return None


def step_heading(step: StepRecord, lang: Lang) -> str:
    """"Bước 4, Chọn Nộp trực tuyến: bị chặn": how a step starts, on paper and in audio."""
    status = say(f"step.{step.status}", lang) if known(f"step.{step.status}") else step.status
    return say("step.line", lang, index=step.index, name=step.name, status=status)


class Narrator(ReplayObserver):
    """Writes transcript.jsonl (both languages, as data) and transcript.txt (one language),
    and with audio one WAV per step in that language, as each step ends, and one for the
    whole task (audio/<scenario>.wav) when it finishes. Every step is heard, even one where
    nothing was said: its heading and why it ended say what a listener needs."""

    def __init__(self, out_dir: Path, scenario: str, voice: str = DEFAULT_VOICE,
                 audio: bool = True, lang: Lang = "vi") -> None:
        self.dir = out_dir
        self.scenario = scenario
        self.lang = lang
        # English lines need the English voice; Vietnamese ones one of the Vietnamese voices
        self.voice = "english" if lang == "en" else (
            voice if voice_lang(voice) == "vi" else DEFAULT_VOICE)
        self.audio = audio
        self.pieces: list[tuple[StepRecord, Path]] = []
        self.speech_seconds = 0.0

    def step_checked(self, page: Page, step: StepRecord, result: PageResult) -> None:
        utterances = step_utterances(step)
        record = {"scenario": self.scenario, "step": step.index, "name": step.name,
                  "status": step.status, "lang": self.lang,
                  "utterances": [u.to_json() for u in utterances]}
        summary: list[str] = []
        if step.index == 1 or step.url_start != step.url_end:
            # a new page: what a screen reader's element lists would give
            record["page_summary"] = AxSnapshot.for_page(page).page_summary()
            texts = {code: page_summary_lines(record["page_summary"], code) for code in LANGS}
            record["page_summary"].update(text_vi=texts["vi"], text_en=texts["en"])
            summary = texts[self.lang]
        heading = step_heading(step, self.lang)
        lines = [*(u.text(self.lang) for u in utterances), *summary]
        if self.audio:
            started = time.monotonic()
            wav = self.dir / "audio" / f"{self.scenario}-step-{step.index:02d}.wav"
            segments = synthesize([f"{heading}.", *lines], self.voice, wav)
            record["audio"] = {"file": str(wav.relative_to(self.dir)), "lang": self.lang,
                               "segments": [s.to_json() for s in segments]}
            self.pieces.append((step, wav))
            self.speech_seconds += time.monotonic() - started
        with (self.dir / "transcript.jsonl").open("a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        text = "\n".join([f"\n{self.scenario}: {heading}", *(f"  {line}" for line in lines)])
        with (self.dir / "transcript.txt").open("a", encoding="utf-8") as out:
            out.write(visible_lines(text) + "\n")

    def finish(self) -> dict:
        """Join the step recordings into audio/<scenario>.wav; return where each step starts,
        by its number and name."""
        if not self.pieces:
            return {}
        task_wav = self.dir / "audio" / f"{self.scenario}.wav"
        segments = join([wav for _, wav in self.pieces], task_wav)
        steps = [{"step": step.index, "name": step.name, "status": step.status,
                  "file": str(wav.relative_to(self.dir)),
                  "start": segment.start, "end": segment.end}
                 for (step, wav), segment in zip(self.pieces, segments, strict=True)]
        index = {"scenario": self.scenario, "file": str(task_wav.relative_to(self.dir)),
                 "lang": self.lang,
                 "steps": steps, "speech_seconds": round(self.speech_seconds, 2)}
        write_atomically(self.dir / "audio" / f"{self.scenario}.json",
                         json.dumps(index, ensure_ascii=False, indent=2) + "\n")
        return index


def join_run(out_dir: Path, tasks: list[dict]) -> dict:
    """The whole run's narration, audio/run.wav, from the tasks' recordings (their `finish`
    indexes), with where each task starts in audio/run.json; {} when nothing was recorded."""
    files = [out_dir / task["file"] for task in tasks if task]
    if not files:
        return {}
    run_wav = out_dir / "audio" / "run.wav"
    segments = join(files, run_wav)
    recorded = [task for task in tasks if task]
    index = {"file": str(run_wav.relative_to(out_dir)),
             "tasks": [{"scenario": task.get("scenario", ""), "file": task["file"],
                        "start": segment.start, "end": segment.end}
                       for task, segment in zip(recorded, segments, strict=True)]}
    write_atomically(out_dir / "audio" / "run.json",
                     json.dumps(index, ensure_ascii=False, indent=2) + "\n")
    return index
