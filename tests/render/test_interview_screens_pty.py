"""The interview as a Defender sees it at 80 x 24, rendered by a terminal emulator (pyte).

A Spanish locale, a full interview: every screen is read from the emulator, not
from the raw output, so a word the terminal cut at the right edge, an English
word, or an internal code is found where a person would see it. The resume
command printed after Ctrl-C is pasted into a shell as printed.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

pexpect = pytest.importorskip("pexpect")
pyte = pytest.importorskip("pyte")

from test_triage_pty import CTRL_C, GUIDELINE, ROOT, keys_for  # noqa: E402

from tip_triage.i18n import t  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]  # slow: run by .ci/run and `pytest -m slow`

COLS, ROWS = 80, 24
TIMEOUT = 15.0

# English words that have no business on a Spanish screen (questionary's and click's included).
ENGLISH = {
    "the",
    "and",
    "done",
    "selections",
    "selection",
    "use",
    "arrow",
    "arrows",
    "keys",
    "yes",
    "help",
    "back",
    "needs",
    "interactive",
    "interview",
    "saved",
    "deleted",
    "finish",
    "change",
    "unknown",
    "trafficking",
    "none",
    "continue",
    "resume",
    "immediately",
    "hours",
    "days",
    "because",
    "deadline",
    "contact",
    "stage",
    "indicators",
    "possible",
    "clear",
    "question",
    "answer",
    "what",
    "which",
    "shortcuts",
    "invalid",
    "input",
    "select",
    "toggle",
    "invert",
    "confirmed",
    "inferred",
    "holds",
    "excluded",
    "partly",
}
# the codes that are no word of either language ("trafficking" is English prose: in Spanish ENGLISH catches it)
CODES = re.compile(r"\b(?:CONFIRMED|INFERRED|" + "|".join(re.escape(c) for c in GUIDELINE.codes if "_" in c) + r")\b")
ALLOWED = {"--resume", "triage"}  # the command's own words


class Screen:
    """A program in a pty at 80 x 24; every screen it showed, as the emulator drew it."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        self.child = pexpect.spawn(
            argv[0], argv[1:], env=env, cwd=str(cwd), dimensions=(ROWS, COLS), encoding="utf-8", codec_errors="replace"
        )
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.Stream(self.screen)
        self.snapshots: list[list[str]] = []
        self.problems: list[str] = []
        self.ended = False

    def lines(self) -> list[str]:
        return [self.screen.display[i] for i in range(ROWS)]

    def _read(self) -> None:
        try:
            data = self.child.read_nonblocking(65536, timeout=0.05)
        except pexpect.TIMEOUT:
            return
        except pexpect.EOF:
            self.ended = True
            return
        self.stream.feed(data)
        for _ in range(data.count("\x1b[6n")):
            y, x = self.screen.cursor.y + 1, self.screen.cursor.x + 1
            self.child.send(f"\x1b[{y};{x}R")  # answer the cursor-position request like a terminal

    def wait(self, predicate: Any, timeout: float = TIMEOUT) -> list[str]:
        deadline = time.monotonic() + timeout
        while True:
            self._read()
            lines = self.lines()
            if predicate("\n".join(lines)):
                time.sleep(0.15)  # let the screen settle, then look at it
                self._read()
                lines = self.lines()
                self.snapshots.append(lines)
                return lines
            if self.ended or time.monotonic() > deadline:
                raise AssertionError("waited in vain; screen:\n" + "\n".join(lines))

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def finish(self) -> int:
        deadline = time.monotonic() + TIMEOUT
        while not self.ended and time.monotonic() < deadline:
            self._read()
        self.snapshots.append(self.lines())
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else -1


def broken_words(lines: list[str]) -> list[str]:
    """Rows the terminal wrapped inside a word: a letter in the last column and one at the next row's start."""
    found = []
    for upper, lower in zip(lines, lines[1:]):
        if " " not in upper.strip():
            continue  # one token longer than the screen (a file path) cannot be cut at a space
        if len(upper) >= COLS and upper[COLS - 1].isalnum() and lower[:1].isalnum():
            found.append(f"{upper.rstrip()!r} / {lower.rstrip()!r}")
    return found


def english_words(lines: list[str]) -> set[str]:
    prose = [line for line in lines if not line.strip().startswith(("/", "--")) and "tip_triage" not in line]
    words = set(re.findall(r"[A-Za-záéíóúñü]+", " ".join(prose)))  # file paths and the command are not prose
    return {w for w in words if w.lower() in ENGLISH}


def spanish_env(data: Path, locale: str = "es_CO.UTF-8") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LANGUAGE", "LC_MESSAGES", "COLUMNS", "LINES")}
    env.update(
        LC_ALL=locale,
        PYTHONUTF8="1",
        TERM="xterm",
        NO_COLOR="1",
        TIP_TRIAGE_DATA_DIR=str(data),
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
    )
    env.pop("PROMPT_TOOLKIT_NO_CPR", None)
    return env


def question_on_screen(text: str, lang: str = "es") -> str | None:
    """The fact whose question is asked last on the screen (its prompt line starts with '?')."""
    flat = " ".join(text.split())
    best, at = None, -1
    for fact_id, fact in GUIDELINE.facts.items():
        q = " ".join(fact.question[lang].split())
        where = flat.rfind(f"? {q}")
        if where > at:
            best, at = fact_id, where
    return best


ANSWERS = {
    "immediate_danger": None,  # "No sé": danger never established
    "sexual_violence_within_72h": False,
    "health_needs": False,
    "current_location": "colombia",
    "risk_of_retaliation": True,
    "age": 15,
    "nationality": "foreign",
    "recruited": True,
    "exploitation": {"sexual", "forced_labour"},
    "someone_profits": True,
    "moved": "into_colombia",
}


@pytest.mark.parametrize("lang, locale", [("es", "es_CO.UTF-8"), ("en", "en_US.UTF-8")])
def test_interview_at_80x24_has_one_language_no_broken_word_and_resumes_as_printed(
    tmp_path: Path, lang: str, locale: str
) -> None:
    """Spanish from a Spanish locale (no English word), English from an English one; no code, no cut word."""
    data = tmp_path / "data"
    env = spanish_env(data, locale)
    term = Screen([sys.executable, "-m", "tip_triage", "triage"], env, tmp_path)
    seen: list[str] = []
    header = re.compile(re.escape(t("stage", lang)) + r" \d+/\d+")
    for _ in range(4):  # the first questions, then Ctrl-C
        lines = term.wait(lambda s: header.search(s) and question_on_screen(s, lang) not in seen + [None])
        fact = question_on_screen("\n".join(lines), lang)
        seen.append(fact)
        term.send(keys_for(fact, ANSWERS.get(fact)))
    term.wait(lambda s: question_on_screen(s, lang) not in seen + [None])
    term.send(CTRL_C)
    lines = term.wait(lambda s: t("resume_with", lang) in s)
    assert term.finish() == 130
    rows = [line.rstrip() for line in term.lines()]
    start = max(i for i, line in enumerate(rows) if line.startswith(t("resume_with", lang) + ":"))
    command_rows = []
    for line in rows[start + 1 :]:
        command_rows.append(line)
        if not line.endswith("\\"):
            break
    command = "\n".join(command_rows)  # as a person would paste it: the lines as shown
    assert "--resume" in command and "Traceback" not in "\n".join(rows)

    # -- the command, pasted as printed into a shell, continues the interview
    resumed = Screen(["/bin/sh", "-c", command], env, tmp_path)
    while True:
        lines = resumed.wait(
            lambda s: (
                (question_on_screen(s, lang) not in seen + [None] and header.search(s)) or t("finish_prompt", lang) in s
            )
        )
        text = "\n".join(lines)
        if t("finish_prompt", lang) in text and question_on_screen(text, lang) in seen + [None]:
            break
        fact = question_on_screen(text, lang)
        assert fact not in seen[:4], f"{fact} asked again after resuming"
        seen.append(fact)
        resumed.send(keys_for(fact, ANSWERS.get(fact)))
    end = "\n".join(resumed.lines())
    # safety first, to the last line: the summary starts with establishing the danger
    summary = end[end.index(t("summary", lang)) :]
    first = " ".join(summary.split("\n")[1:3])
    assert " ".join(first.split()).startswith("⚠ " + t("danger_first", lang).split(" (")[0]), summary
    resumed.send("1\r")
    resumed.wait(lambda s: t("case_written", lang) in s)
    assert resumed.finish() == 0

    for snapshot in term.snapshots + resumed.snapshots:
        assert not broken_words(snapshot), "\n".join(snapshot)
        assert max(len(line.rstrip()) for line in snapshot) <= COLS
        if lang == "es":
            assert not english_words(snapshot), (english_words(snapshot), "\n".join(snapshot))
        assert not CODES.search("\n".join(snapshot)), "\n".join(snapshot)
    assert len(seen) > 8


def test_sessions_at_80_columns_in_a_terminal(tmp_path: Path) -> None:
    sessions = tmp_path / "data" / "sessions"
    sessions.mkdir(parents=True, mode=0o700)
    (sessions / "T20260101-120000-abcd.yaml").write_text(
        "tip_triage_case: 1\nid: EXP-2026-0022\nguideline: co-icbf-2018\n"
        "facts: {immediate_danger: false, age: 15, recruited: true, exploitation: [sexual], someone_profits: true}\n"
        "interview: {lang: es, started: '2026-01-01T12:00:00Z', updated: '2026-01-01T12:05:00Z', finished: false,"
        " asked: [immediate_danger, age, recruited, exploitation, someone_profits]}\n",
        encoding="utf-8",
    )
    (sessions / "T20260102-120000-beef.yaml").write_text(
        "tip_triage_case: 1\nid: T20260102-120000-beef\nguideline: co-icbf-2018\nfacts: {}\n"
        "interview: {lang: es, started: '2026-01-02T12:00:00Z', updated: '2026-01-02T12:00:00Z', finished: false,"
        " asked: []}\n",
        encoding="utf-8",
    )
    term = Screen([sys.executable, "-m", "tip_triage", "sessions"], spanish_env(tmp_path / "data"), tmp_path)
    assert term.finish() == 0
    lines = term.lines()
    text = "\n".join(lines)
    assert not broken_words(lines), text
    assert "EXP-2026-0022" in text and "T20260101-120000-abcd" in text and "Calificación" in text
    assert "↻" not in text and "Guardada" in text
    row = next(line for line in lines if "T20260102-120000-beef" in line)
    assert "aún sin evaluar" in row  # no answers yet: not "Sin indicios de delito"
    assert not english_words(lines), text


def test_sessions_delete_asks_first(tmp_path: Path) -> None:
    sessions = tmp_path / "data" / "sessions"
    sessions.mkdir(parents=True, mode=0o700)
    path = sessions / "T20260102-120000-beef.yaml"
    path.write_text("tip_triage_case: 1\nid: T20260102-120000-beef\nfacts: {}\n", encoding="utf-8")
    env = spanish_env(tmp_path / "data")
    term = Screen([sys.executable, "-m", "tip_triage", "sessions", "--delete", "T20260102"], env, tmp_path)
    term.wait(lambda s: "¿Borrar la entrevista T20260102-120000-beef" in s)
    term.send("n\r")
    assert term.finish() == 0 and path.exists()
    term = Screen([sys.executable, "-m", "tip_triage", "sessions", "--delete", "T20260102"], env, tmp_path)
    term.wait(lambda s: "[s/N]" in s)
    term.send("s\r")
    term.wait(lambda s: "Entrevista borrada" in s)
    assert term.finish() == 0 and not path.exists()
    result = subprocess.run(
        [sys.executable, "-m", "tip_triage", "sessions", "--delete", "x"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert shlex.split(result.stderr)  # one line, in Spanish
    assert "no hay una entrevista guardada" in result.stderr
