"""The narrated transcript of a replay: what a screen reader would say at every step, as data,
as text in Vietnamese and English, and as offline speech with timings.

Utterances come from what the replay recorded: each focus stop (role, name, value, states from
Chromium's accessibility tree), each page load, each live-region announcement, and silence where
a message appeared on screen and nothing was announced.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from playwright.sync_api import Page

from harness.ax_snapshot import AxSnapshot
from harness.findings import PageResult
from harness.replay import ReplayObserver
from harness.results import write_atomically
from harness.safe_text import visible_lines
from harness.speech import DEFAULT_VOICE, join, synthesize, voice_lang
from harness.steps import StepRecord
from harness.utterance import Utterance, page_summary_lines

NAVIGATION_EVENTS = ("navigation", "open")


def step_utterances(step: StepRecord) -> list[Utterance]:
    """What a screen reader says during one step, in order."""
    said: list[Utterance] = []
    last_focus: tuple | None = None
    for event in step.events:
        kind = event["event"]
        if kind in NAVIGATION_EVENTS:
            last_focus = None
            if event.get("title") is not None:  # a page opened by address: its title is read
                said.append(Utterance(event="page", role="document", name=event["title"]))
        if kind in ("key", "type"):
            focus = event["focus"]
            here = (tuple(focus["target"]), focus["name"], tuple(focus["states"]), focus["value"])
            if here == last_focus:
                continue
            moved = last_focus is None or here[0] != last_focus[0]
            last_focus = here
            if focus["on_body"]:
                said.append(Utterance(event="page", key=event.get("key"), role="document",
                                      name=focus["name"]))
                continue
            said.append(Utterance(
                event="focus" if moved else "value",
                key=event.get("key") or "type",
                role=focus["role"] or None,
                name=focus["name"],
                value=focus["value"],
                description=focus["description"],
                states=focus["states"],
            ))
        elif kind == "announcements":
            said.extend(_announced(event["items"], event["action"], event.get("unannounced", 0)))
    return said


def _announced(items: list[dict], action: str, unannounced: int) -> list[Utterance]:
    """Live and alert text as spoken; and, where the status check found a message nobody was
    told about, the messages that appeared unspoken, as silence."""
    spoken = [i for i in items if i["kind"] in ("live", "alert") and not i["unreliable"]]
    heard = " ".join(i["text"] for i in spoken).casefold()
    said = [
        Utterance(event="live", key=action, name=i["text"],
                  politeness="assertive" if i["kind"] == "alert" else i["politeness"])
        for i in spoken
    ]
    said += [
        Utterance(event="silence", key=action, visible=i["text"])
        for i in items
        if unannounced
        and i["kind"] == "appeared" and i["text"] and i["text"].casefold() not in heard
    ]
    return said


class Narrator(ReplayObserver):
    """Writes transcript.jsonl and transcript.txt, and with audio one WAV per step, as each
    step ends, and one for the whole task (audio/<scenario>.wav) when it finishes."""

    def __init__(self, out_dir: Path, scenario: str, voice: str = DEFAULT_VOICE,
                 audio: bool = True) -> None:
        self.dir = out_dir
        self.scenario = scenario
        self.voice = voice
        self.audio = audio
        self.pieces: list[Path] = []
        self.speech_seconds = 0.0

    def step_checked(self, page: Page, step: StepRecord, result: PageResult) -> None:
        utterances = step_utterances(step)
        lang = voice_lang(self.voice)
        record = {"scenario": self.scenario, "step": step.index, "name": step.name,
                  "status": step.status, "utterances": [u.to_json() for u in utterances]}
        summary: dict[str, list[str]] = {"vi": [], "en": []}
        if step.index == 1 or step.url_start != step.url_end:
            # a new page: what a screen reader's element lists would give
            record["page_summary"] = AxSnapshot.for_page(page).page_summary()
            summary = {code: page_summary_lines(record["page_summary"], code) for code in summary}
            record["page_summary"].update(text_vi=summary["vi"], text_en=summary["en"])
        if self.audio and utterances:
            started = time.monotonic()
            wav = self.dir / "audio" / f"{self.scenario}-step-{step.index:02d}.wav"
            lines = [f"{step.name}.", *(u.text(lang) for u in utterances), *summary[lang]]
            segments = synthesize(lines, self.voice, wav)
            record["audio"] = {"file": str(wav.relative_to(self.dir)),
                               "segments": [s.to_json() for s in segments]}
            self.pieces.append(wav)
            self.speech_seconds += time.monotonic() - started
        with (self.dir / "transcript.jsonl").open("a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        lines = [f"\n{self.scenario}, step {step.index}: {step.name} ({step.status})"]
        for utterance in utterances:
            lines += [f"  {utterance.text_vi}", f"    {utterance.text_en}"]
        for vi, en in zip(summary["vi"], summary["en"], strict=True):
            lines += [f"  {vi}", f"    {en}"]
        with (self.dir / "transcript.txt").open("a", encoding="utf-8") as out:
            out.write(visible_lines("\n".join(lines)) + "\n")

    def finish(self) -> dict:
        """Join the step recordings into audio/<scenario>.wav; return where each step starts."""
        if not self.pieces:
            return {}
        task_wav = self.dir / "audio" / f"{self.scenario}.wav"
        segments = join(self.pieces, task_wav)
        index = {"file": str(task_wav.relative_to(self.dir)),
                 "steps": [s.to_json() for s in segments],
                 "speech_seconds": round(self.speech_seconds, 2)}
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
    index = {"file": str(run_wav.relative_to(out_dir)), "tasks": [s.to_json() for s in segments]}
    write_atomically(out_dir / "audio" / "run.json",
                     json.dumps(index, ensure_ascii=False, indent=2) + "\n")
    return index
