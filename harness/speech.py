"""Offline speech for narration transcripts: one WAV per run, with where each line sits in it.

pyttsx3 drives libespeak-ng (no network, no cloud voices) in a worker process of its own: its
espeak driver copies each sample buffer in a ctypes callback, and a crash there (a segfault was
seen once in a national run) must cost one line, not the run and its results. Each line is
rendered to its own WAV with ``save_to_file`` + ``runAndWait`` and the pieces are joined with
the stdlib ``wave`` module, a short pause between lines; line times come from frame counts, not
from wall-clock guesses, so a report can link each spoken line to its offset in the audio. When
pyttsx3 cannot load (no libespeak-ng) or its worker died, the ``espeak-ng`` command does the
same job.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import shutil
import subprocess
import tempfile
import wave
from dataclasses import asdict, dataclass
from functools import lru_cache
from multiprocessing.connection import Connection
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
START_TIMEOUT_S = 60.0  # for the speech worker to load pyttsx3 and list the voices
LINE_TIMEOUT_S = 120.0  # for one line: longer means the worker hung


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
        self.voices = {v.id.rsplit("/", 1)[-1].lower() for v in self._engine.getProperty("voices")}

    def has_voice(self, espeak_voice: str) -> bool:
        return espeak_voice.lower() in self.voices

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
        # a voice is asked for by its language ("vi-vn-x-south") or by its file's name
        # ("gmw/en" is English, listed as "en-gb")
        self._voices = {name.lower() for row in listing.splitlines()[1:] if len(row.split()) > 4
                        for name in (row.split()[1], row.split()[4].rsplit("/", 1)[-1])}

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


class _SpeechWorker:
    """`_Pyttsx3` in a process of its own, asked one line at a time over a pipe. A worker that
    dies or stops answering is not restarted: that line and the rest go to the espeak-ng
    command (same voices, same WAV format)."""

    name = "pyttsx3 (worker process)"

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")  # no copy of the browser's threads
        self._pipe, theirs = context.Pipe()
        self._process = context.Process(target=_serve, args=(theirs,), daemon=True,
                                        name="pesp-speech")
        self._process.start()
        theirs.close()
        self._fallback: _EspeakCommand | None = None
        self.lost = ""  # why the worker's lines went to the espeak-ng command
        answer = self._ask(None, START_TIMEOUT_S)
        if answer is None or answer[0] != "ready":
            self.close()
            raise RuntimeError(answer[1] if answer else "the speech worker did not start")
        self._voices: set[str] = set(answer[1])

    def has_voice(self, espeak_voice: str) -> bool:
        return espeak_voice.lower() in self._voices

    def render(self, text: str, espeak_voice: str, rate: int, path: Path) -> None:
        if self._fallback is None:
            answer = self._ask((text, espeak_voice, rate, str(path)), LINE_TIMEOUT_S)
            if answer is not None:
                if answer[0] == "error":
                    raise HarnessError(answer[1])
                return
            self.close()  # it died or hung: the command speaks from now on
            self.lost = (f"the speech worker ended (exit {self._process.exitcode}) while "
                         f"saying: {text[:60]}")
            program = shutil.which("espeak-ng")
            if not program:
                raise HarnessError(self.lost)
            self._fallback = _EspeakCommand(program)
        self._fallback.render(text, espeak_voice, rate, path)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._pipe.close()
        if self._process.is_alive():
            self._process.kill()
        self._process.join(timeout=5)

    def _ask(self, request: tuple | None, timeout: float) -> tuple | None:
        """Send a request (None: only hear the worker's greeting); its answer, or None when
        the worker is gone or silent for `timeout` seconds."""
        try:
            if request is not None:
                self._pipe.send(request)
            if self._pipe.poll(timeout):
                return self._pipe.recv()
        except (EOFError, OSError):
            pass
        return None


def _serve(pipe: Connection) -> None:
    """The speech worker's loop: greet with the voices (or why pyttsx3 did not load), then
    render each line asked for until the pipe closes."""
    try:
        engine = _Pyttsx3()
    except Exception as error:  # pyttsx3 raises RuntimeError/OSError/ImportError variously
        pipe.send(("error", _first_line(error)))
        return
    pipe.send(("ready", sorted(engine.voices)))
    while True:
        try:
            text, espeak_voice, rate, path = pipe.recv()
        except (EOFError, OSError):
            return
        try:
            engine.render(text, espeak_voice, rate, Path(path))
        except Exception as error:  # said to the run as that line's failure
            pipe.send(("error", _first_line(error)))
        else:
            pipe.send(("ok",))


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else repr(error)


@lru_cache(maxsize=1)
def _engine() -> _SpeechWorker | _EspeakCommand:
    """pyttsx3 on libespeak-ng in a worker if it loads, else the espeak-ng command, else a
    HarnessError."""
    try:
        return _SpeechWorker()
    except Exception as error:
        reason = _first_line(error)
    program = shutil.which("espeak-ng")
    if program:
        return _EspeakCommand(program)
    raise HarnessError(
        f"no speech engine: pyttsx3 could not load libespeak-ng ({reason}) and there is no "
        "espeak-ng program; install espeak-ng (sudo apt-get install espeak-ng)"
    )
