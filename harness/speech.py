"""Offline speech for narration transcripts: one WAV per run, with where each line sits in it.

pyttsx3 drives libespeak-ng in-process (no network, no cloud voices). Each line is rendered to
its own WAV with ``save_to_file`` + ``runAndWait`` and the pieces are joined with the stdlib
``wave`` module, a short pause between lines; line times come from frame counts, not from
wall-clock guesses, so a report can link each spoken line to its offset in the audio. When
pyttsx3 cannot load (no libespeak-ng), the ``espeak-ng`` command does the same job.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import tempfile
import wave
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from harness.errors import HarnessError
from harness.speech_text import normalise
from harness.utterance import Lang

VOICES: dict[str, str] = {
    "north": "vi",
    "central": "vi-vn-x-central",
    "south": "vi-vn-x-south",
    "english": "en",
}
"""Harness voice names to espeak-ng voice names (`espeak-ng --voices=vi`)."""

DEFAULT_VOICE = "north"
DEFAULT_RATE = 175  # espeak-ng's own default, words per minute
PAUSE_SECONDS = 0.4
SAMPLE_RATE = 22050  # what both pyttsx3's espeak driver and espeak-ng write


@dataclass
class Segment:
    """One line's place in the joined WAV: seconds from the start of the file."""

    index: int
    text: str
    spoken: str
    start: float
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start

    def to_json(self) -> dict:
        return asdict(self)


def voice_lang(voice: str) -> Lang:
    return "en" if voice == "english" else "vi"


def synthesize(
    lines: list[str],
    voice: str = DEFAULT_VOICE,
    out_wav: Path | str = "narration.wav",
    *,
    rate: int = DEFAULT_RATE,
    pause: float = PAUSE_SECONDS,
    normalise_text: bool = True,
) -> list[Segment]:
    """Speak ``lines`` into ``out_wav`` and return each line's start and end in it.

    Lines are normalised for speech (IDs digit by digit, dates, abbreviations) unless told not
    to. An empty line takes no time: its segment starts and ends at the same point.
    """
    if voice not in VOICES:
        raise HarnessError(f"unknown voice '{voice}'; use one of {', '.join(VOICES)}")
    engine = _engine()
    lang = voice_lang(voice)
    out_wav = Path(out_wav)
    out_wav.parent.mkdir(parents=True, exist_ok=True)
    segments: list[Segment] = []
    with (
        tempfile.TemporaryDirectory(prefix="pesp-speech-") as tmp,
        wave.open(str(out_wav), "wb") as out,
    ):
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        written = 0
        for index, line in enumerate(lines):
            spoken = normalise(line, lang) if normalise_text else " ".join(line.split())
            if index and pause > 0:
                silence = int(pause * SAMPLE_RATE)
                out.writeframes(b"\x00\x00" * silence)
                written += silence
            start = written
            if spoken:
                piece = Path(tmp) / f"{index:05d}.wav"
                engine.render(spoken, VOICES[voice], rate, piece)
                written += _append(out, piece)
            segments.append(
                Segment(index, line, spoken, start / SAMPLE_RATE, written / SAMPLE_RATE)
            )
    return segments


def join(pieces: list[Path], out_wav: Path, pause: float = PAUSE_SECONDS) -> list[Segment]:
    """Join WAVs made by `synthesize` into one, with a pause between them; each piece's place
    in the result, as a segment named after its file."""
    segments = []
    with wave.open(str(out_wav), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        written = 0
        for index, piece in enumerate(pieces):
            if index and pause > 0:
                out.writeframes(b"\x00\x00" * int(pause * SAMPLE_RATE))
                written += int(pause * SAMPLE_RATE)
            start = written
            written += _append(out, piece)
            segments.append(
                Segment(index, piece.name, piece.name, start / SAMPLE_RATE, written / SAMPLE_RATE)
            )
    return segments


def wav_duration(path: Path | str) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


def available_voices() -> list[str]:
    """Harness voice names the installed espeak-ng can speak."""
    return [name for name, espeak in VOICES.items() if _engine().has_voice(espeak)]


def _append(out: wave.Wave_write, piece: Path) -> int:
    with wave.open(str(piece), "rb") as wav:
        if (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) != (1, 2, SAMPLE_RATE):
            raise HarnessError(
                f"speech engine wrote {wav.getnchannels()} channel(s), "
                f"{8 * wav.getsampwidth()}-bit, {wav.getframerate()} Hz; "
                f"expected mono 16-bit {SAMPLE_RATE} Hz"
            )
        frames = wav.readframes(wav.getnframes())
    out.writeframes(frames)
    return len(frames) // 2


def _holds_audio(path: Path) -> bool:
    try:
        with wave.open(str(path), "rb") as wav:
            return wav.getnframes() > 0
    except (OSError, EOFError, wave.Error):
        return False


class _Pyttsx3:
    """pyttsx3's espeak driver: libespeak-ng in this process, voices chosen by name."""

    name = "pyttsx3"

    def __init__(self) -> None:
        import pyttsx3

        self._engine: Any = pyttsx3.init("espeak")
        self._voices = {v.id.rsplit("/", 1)[-1].lower() for v in self._engine.getProperty("voices")}

    def has_voice(self, espeak_voice: str) -> bool:
        return espeak_voice.lower() in self._voices

    def render(self, text: str, espeak_voice: str, rate: int, path: Path) -> None:
        if not self.has_voice(espeak_voice):
            raise HarnessError(f"espeak-ng has no voice '{espeak_voice}' (espeak-ng --voices)")
        engine = self._engine
        for _attempt in range(2):
            engine.setProperty("voice", espeak_voice)
            engine.setProperty("rate", rate)
            # The driver prints "Audio saved to ..." for every file.
            with contextlib.redirect_stdout(io.StringIO()):
                engine.save_to_file(text, str(path))
                engine.runAndWait()
            if _holds_audio(path):
                return
        # Seen now and then: the driver's loop ended before synthesis finished, leaving no file
        # or a header with no sound. The command line gives the same voice and format, so one
        # line costs a process, not the run.
        program = shutil.which("espeak-ng")
        if not program:
            raise HarnessError(f"pyttsx3 wrote no audio for: {text[:60]}")
        _EspeakCommand(program).render(text, espeak_voice, rate, path)


class _EspeakCommand:
    """The espeak-ng program, one process per line: slower, same voices and WAV format."""

    name = "espeak-ng"

    def __init__(self, program: str) -> None:
        self._program = program
        listing = subprocess.run(
            [program, "--voices"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
        self._voices = {row.split()[1].lower() for row in listing.splitlines()[1:] if row.split()}

    def has_voice(self, espeak_voice: str) -> bool:
        return espeak_voice.lower() in self._voices

    def render(self, text: str, espeak_voice: str, rate: int, path: Path) -> None:
        if not self.has_voice(espeak_voice):
            raise HarnessError(f"espeak-ng has no voice '{espeak_voice}' (espeak-ng --voices)")
        subprocess.run(
            [self._program, "-v", espeak_voice, "-s", str(rate), "-w", str(path), "--", text],
            capture_output=True,
            check=True,
            timeout=60,
        )


@lru_cache(maxsize=1)
def _engine() -> _Pyttsx3 | _EspeakCommand:
    """pyttsx3 on libespeak-ng if it loads, else the espeak-ng command, else a HarnessError."""
    try:
        return _Pyttsx3()
    except Exception as error:  # pyttsx3 raises RuntimeError/OSError/ImportError variously
        reason = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
    program = shutil.which("espeak-ng")
    if program:
        return _EspeakCommand(program)
    raise HarnessError(
        f"no speech engine: pyttsx3 could not load libespeak-ng ({reason}) and there is no "
        "espeak-ng program; install espeak-ng (sudo apt-get install espeak-ng)"
    )
