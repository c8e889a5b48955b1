"""`pesp-a11y speak TEXT`: what the narration's speech makes of any text, so an evaluator who
hears a wrong reading can report it with a one-line example (and the fix becomes a row of
data/speech_cases.json)."""

from __future__ import annotations

import argparse
import errno
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from harness.errors import HarnessError
from harness.reporters.words import Lang, say
from harness.safe_text import visible
from harness.speech import DEFAULT_VOICE, VOICES, synthesize, voice_lang
from harness.speech_text import cases, normalise

PLAYERS = (("aplay", "-q"), ("paplay",), ("pw-play",))


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("speak", help="how the narration reads a text aloud")
    parser.add_argument("text", nargs="?", metavar="TEXT", help="the text to read")
    parser.add_argument("--text", dest="only_text", action="store_true",
                        help="print the spoken text only, make no sound")
    parser.add_argument("--cases", action="store_true",
                        help="print every case of the normaliser's table with what it gives")
    parser.add_argument("--lang", choices=("vi", "en"), default=None,
                        help="language of the text (default: the voice's, vi)")
    parser.add_argument("--voice", choices=list(VOICES), default=None,
                        help="voice: north, central, south (Vietnamese) or english")
    parser.add_argument("--out", metavar="FILE.wav",
                        help="write the speech to this WAV file, in a folder that exists "
                             "(not with --text)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the spoken text; then, unless --text, speak it (to --out, else the speakers)."""
    if args.cases:
        return _print_cases()
    if not args.text or not args.text.strip():
        raise HarnessError("give the text to read: pesp-a11y speak \"Lệ phí 200.000 đồng\" --text")
    voice = args.voice or ("english" if args.lang == "en" else DEFAULT_VOICE)
    lang = args.lang or voice_lang(voice)
    if voice_lang(voice) != lang:
        raise HarnessError(f"the {voice} voice does not speak --lang {lang}")
    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() != ".wav":
        raise HarnessError(f"--out must name a .wav file, not {out.name}")
    if out is not None and args.only_text:  # one says "no sound", the other "a sound file"
        raise HarnessError(say("error.speak.text_and_out", lang))
    if out is not None:
        _check_out(out, lang)
    spoken = normalise(" ".join(args.text.split()), lang)
    print(visible(spoken, limit=None))
    if args.only_text:
        return 0
    if out is not None:
        synthesize([args.text], voice, out)
        print(say("console.speak_written", lang, out=visible(out, limit=None)))
        return 0
    _play(args.text, voice)
    return 0


def _check_out(out: Path, lang: Lang) -> None:
    """--out names a file in a folder that exists and can be written: a mistyped folder is
    refused in one line, never created (nor a tree of them) as a side effect."""
    folder = out.parent.resolve()
    if not folder.is_dir():
        raise HarnessError(say("error.speak.no_folder", lang, folder=visible(folder, limit=None),
                               name=visible(out.name)))
    if out.is_dir():
        raise HarnessError(say("error.speak.out_is_folder", lang, out=visible(out, limit=None)))
    if not os.access(folder, os.W_OK):
        raise HarnessError(say("error.speak.not_writable", lang,
                               folder=visible(folder, limit=None),
                               reason=os.strerror(errno.EACCES)))


def _print_cases() -> int:
    """Each case as "text => spoken"; a case the normaliser reads otherwise is marked, so the
    command tells the truth about the table, and exits 1."""
    wrong = 0
    for case in cases():
        got = normalise(case["text"], case.get("lang", "vi"))
        mark = "" if got == case["spoken"] else f"  [KHÁC / DIFFERS, expected: {case['spoken']}]"
        wrong += bool(mark)
        print(visible(f"{case['text']} => {got}{mark}", limit=None))
    return 1 if wrong else 0


def _play(text: str, voice: str) -> None:
    """Speak through the first sound player found; one line when there is none."""
    player = next((p for p in PLAYERS if shutil.which(p[0])), None)
    if player is None:
        raise HarnessError("no sound player (aplay, paplay or pw-play) found: use --out "
                           "FILE.wav to write the speech, or --text to print it only")
    with tempfile.TemporaryDirectory(prefix="pesp-speak-") as tmp:
        wav = Path(tmp) / "speak.wav"
        synthesize([text], voice, wav)
        done = subprocess.run([*player, str(wav)], capture_output=True, text=True, timeout=120)
    if done.returncode:
        reason = (done.stderr.strip().splitlines() or ["no reason given"])[0]
        raise HarnessError(f"{player[0]} could not play the speech: {reason}")
