"""`tip-triage triage` end to end, in a real pseudo-terminal (80 x 40), as a Defender would use it.

The terminal here is "screenless": everything the program writes is kept, and
matched without its escape codes and without whitespace, so a question that
prompt_toolkit or Rich wraps at 80 columns (with cursor moves in between) still
matches its text from the guideline. Cursor position requests are answered as
a terminal would (row 1), so prompt_toolkit never waits for them.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

pexpect = pytest.importorskip("pexpect")

from tip_triage.i18n import t  # noqa: E402
from tip_triage.loader import load_guideline  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]  # slow: run by .ci/run and `pytest -m slow`

GUIDELINE = load_guideline()
ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 10.0  # per wait; a normal wait takes a fraction of a second

ENTER = "\r"
DOWN = "\x1b[B"
SPACE = " "
BACKSPACE = "\x7f"
CTRL_C = "\x03"

ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|[^\[\]()])")
CPR_REQUEST = "\x1b[6n"
RESUME = re.compile(r"triage--resume\\?(T\d{8}-\d{6}-[0-9a-f]+)")


def squash(text: str) -> str:
    return "".join(text.split())


def literal(text: str) -> re.Pattern[str]:
    return re.compile(re.escape(squash(text)))


class Terminal:
    """A child process in a pty, and everything it wrote so far, squashed."""

    def __init__(self, args: list[str], data_dir: Path, cwd: Path | None = None, argv: list[str] | None = None) -> None:
        """`tip-triage ARGS`, or `argv` as given (a shell running a command as printed)."""
        env = dict(os.environ)
        for key in ("PROMPT_TOOLKIT_NO_CPR", "FORCE_COLOR", "TIP_TRIAGE_DEBUG"):
            env.pop(key, None)
        env.update(
            TIP_TRIAGE_DATA_DIR=str(data_dir),
            NO_COLOR="1",
            COLUMNS="80",
            LINES="40",
            TERM="xterm",
            LC_ALL="es_CO.UTF-8",
            PYTHONUTF8="1",
            PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        )
        argv = argv or [sys.executable, "-m", "tip_triage", *args]
        self.child = pexpect.spawn(
            argv[0],
            argv[1:],
            env=env,
            cwd=str(cwd or data_dir.parent),  # it must exist: pexpect chdirs after forking
            dimensions=(40, 80),
            encoding="utf-8",
            codec_errors="replace",
        )
        self.raw = ""
        self.pos = 0  # in the squashed text: where the next wait starts looking
        self.before = ""  # the squashed text between the previous match and the last one
        self.cprs = 0
        self.ended = False

    # ---------------------------------------------------------------- reading

    @property
    def text(self) -> str:
        raw = self.raw
        esc = raw.rfind("\x1b")
        if esc >= 0 and ANSI.match(raw, esc) is None and len(raw) - esc < 64:
            raw = raw[:esc]  # an escape sequence cut in two by a read: wait for the rest
        return squash(ANSI.sub("", raw))

    def _read(self, timeout: float) -> None:
        try:
            self.raw += self.child.read_nonblocking(65536, timeout=timeout)
        except pexpect.TIMEOUT:
            pass
        except pexpect.EOF:
            self.ended = True
        while self.cprs < self.raw.count(CPR_REQUEST):
            self.cprs += 1
            if not self.ended:
                self.child.send("\x1b[1;1R")  # what a terminal answers: the cursor is at row 1

    def wait(self, *patterns: str | re.Pattern[str], timeout: float = TIMEOUT) -> tuple[int, re.Match[str]]:
        """The first of `patterns` to appear after the last match: (its index, the match)."""
        regexes = [p if isinstance(p, re.Pattern) else literal(p) for p in patterns]
        deadline = time.monotonic() + timeout
        while True:
            text = self.text
            matches = [(i, r.search(text, self.pos)) for i, r in enumerate(regexes)]
            found = [(m.start(), -len(m.group()), i, m) for i, m in matches if m]
            if found:  # the earliest; of two at the same place, the longer (a question that extends another)
                _, _, index, match = min(found, key=lambda f: f[:3])
                self.before = text[self.pos : match.start()]
                self.pos = match.end()
                return index, match
            if self.ended or time.monotonic() > deadline:
                why = "the program ended" if self.ended else f"{timeout:.0f} s passed"
                raise AssertionError(
                    f"{why} waiting for {[r.pattern for r in regexes]}; last output (squashed): {text[-800:]!r}"
                )
            self._read(0.05)

    def finish(self, timeout: float = TIMEOUT) -> int:
        """Read until the program exits; its exit status."""
        deadline = time.monotonic() + timeout
        while not self.ended:
            if time.monotonic() > deadline:
                self.child.terminate(force=True)
                raise AssertionError(f"still running; last output (squashed): {self.text[-800:]!r}")
            self._read(0.05)
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else -(self.child.signalstatus or 0)

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def close(self) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)

    # ---------------------------------------------------------------- the interview

    def question(self, lang: str) -> str | None:
        """Wait for the next question of the interview: its fact, or None for the closing menu."""
        header = re.compile(re.escape(t("stage", lang)) + r"\d+/\d+·")
        finish = literal(t("finish_prompt", lang))
        index, _ = self.wait(header, finish)
        if index == 1:
            return None
        return self.which_question(lang)

    def which_question(self, lang: str) -> str:
        facts = list(GUIDELINE.facts)
        index, _ = self.wait(*(literal(GUIDELINE.facts[f].question[lang]) for f in facts))
        return facts[index]

    def expect_question(self, fact: str, lang: str) -> None:
        assert self.question(lang) == fact

    def answer(self, fact: str, value: Any) -> None:
        self.send(keys_for(fact, value))


def keys_for(fact_id: str, value: Any) -> str:
    """What to type to answer `value` (None = "No sé") to the question on `fact_id`."""
    fact = GUIDELINE.facts[fact_id]
    values = list(fact.values)
    if fact.type == "int":
        return ("" if value is None else str(value)) + ENTER
    if fact.type == "set":
        # past a separator the cursor skips: "Ninguna de estas", then "No sé", follow the values
        if value is None:
            marks = [len(values) + 1]
        elif not value:
            marks = [len(values)]
        else:
            marks = sorted(values.index(v) for v in value)
        keys, at = "", 0
        for index in marks:
            keys += DOWN * (index - at) + SPACE
            at = index
        return keys + ENTER
    options = [True, False] if fact.type == "bool" else values
    if value is None:
        return "0" + ENTER  # "No sé" is 0 on every list
    return "123456789"[options.index(value)] + ENTER


def interview(term: Terminal, answers: Mapping[str, Any], lang: str) -> list[str]:
    """Answer every question until the closing menu (unlisted facts: "No sé"); the facts asked, in order.

    On return `term.before` holds what was shown before the closing menu: the result.
    """
    asked = []
    while (fact := term.question(lang)) is not None:
        assert fact not in asked, f"{fact} asked twice"
        asked.append(fact)
        term.answer(fact, answers.get(fact))
    return asked


def session_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "sessions").glob("*.yaml"))


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def terminals():
    """Every Terminal a test opens is killed at its end, whatever happens."""
    opened: list[Terminal] = []

    def open_terminal(*args: Any, **kwargs: Any) -> Terminal:
        term = Terminal(*args, **kwargs)
        opened.append(term)
        return term

    yield open_terminal
    for term in opened:
        term.close()


# The second half of the Spanish interview: a Colombian girl recruited and taken
# to another town for sexual exploitation, to someone's profit (once the recruitment
# establishes the act, moved/harboured/received are no longer asked).
RESUMED_ANSWERS = {
    "indigenous": False,
    "disability": False,
    "unaccompanied": False,
    "has_identity_documents": True,
    "recruited": True,
    "moved": "within_colombia",
    "harboured": True,
    "received": True,
    "exploitation": {"sexual"},
    "exploitation_status": "ongoing",
    "someone_profits": True,
    "exploitation_place": "colombia",
    "means": {"deception"},
}
FIRST_ANSWERS = {
    "immediate_danger": True,
    "sexual_violence_within_72h": False,
    "health_needs": False,
    "current_location": "colombia",
    "risk_of_retaliation": True,
    "age": 15,
    "nationality": "colombian",
}


def test_spanish_interview_alert_back_interrupt_resume_finish(tmp_path: Path, terminals) -> None:
    data = tmp_path / "data"
    term = terminals(["triage"], data)

    # -- immediate safety first; "Sí" to danger shows the emergency action before the next question
    term.expect_question("immediate_danger", "es")
    assert "ACCIÓN" not in term.text  # not before the answer
    term.answer("immediate_danger", True)
    term.wait("ACCIÓN INMEDIATA")
    term.wait("Policía Nacional (línea 123)", "contacto: 123")
    term.expect_question("sexual_violence_within_72h", "es")  # the 72-hour clock comes early too
    term.answer("sexual_violence_within_72h", False)
    term.expect_question("health_needs", "es")
    term.answer("health_needs", False)
    term.expect_question("current_location", "es")
    term.answer("current_location", "colombia")
    term.expect_question("risk_of_retaliation", "es")
    term.answer("risk_of_retaliation", False)

    # -- the age: an impossible one is refused with the range, then a valid one
    term.expect_question("age", "es")
    term.send("200" + ENTER)
    term.wait("Escriba un número entre 0 y 120, o déjelo vacío si no sabe")
    term.send(BACKSPACE * 3 + "15" + ENTER)

    # -- go back from the next question and change "threats" from No to Sí
    term.expect_question("nationality", "es")
    term.send("v" + ENTER)  # v = volver, on every list
    term.wait(t("pick_previous", "es"))
    term.wait("→ No")  # the options show the answers so far
    term.wait(t("cancel", "es"))  # the whole list is on the screen (it holds question texts too)
    term.send(
        DOWN * 4 + ENTER
    )  # immediate_danger, sexual_violence_within_72h, health_needs, current_location, [risk_of_retaliation], age
    assert term.which_question("es") == "risk_of_retaliation"
    term.answer("risk_of_retaliation", True)
    term.expect_question("nationality", "es")  # back where it was

    [path] = session_files(data)
    saved = load(path)
    assert saved["facts"]["risk_of_retaliation"] is True
    assert {"fact": "risk_of_retaliation", "from": False, "to": True} in [
        {k: h[k] for k in ("fact", "from", "to")} for h in saved["history"]
    ]

    term.answer("nationality", "colombian")

    # -- Ctrl-C: saved, the resume command printed, exit 130
    term.expect_question("indigenous", "es")
    term.send(CTRL_C)
    term.wait(t("saved_at", "es"))
    _, match = term.wait(RESUME)
    session_id = match.group(1)
    assert term.finish() == 130
    assert "Traceback" not in term.raw
    assert path.stem == session_id
    saved = load(path)
    assert saved["facts"] == FIRST_ANSWERS
    assert saved["interview"]["finished"] is False
    assert saved["interview"]["asked"] == list(FIRST_ANSWERS)
    assert mode(path) == 0o600
    assert mode(data / "sessions") == 0o700
    # no temporary file left behind (the lock file stays: deleting it would let two terminals hold the interview)
    assert [p.name for p in (data / "sessions").iterdir() if p.suffix != ".lock"] == [path.name]

    listing = subprocess.run(
        [sys.executable, "-m", "tip_triage", "sessions"],
        capture_output=True,
        text=True,
        env={**os.environ, "TIP_TRIAGE_DATA_DIR": str(data), "COLUMNS": "200", "LC_ALL": "es_CO.UTF-8"},
        timeout=30,
    )
    assert listing.returncode == 0, listing.stderr
    assert session_id in listing.stdout and "terminada" not in listing.stdout  # open: its stage is shown

    # -- resume: nothing answered is asked again; finish with a report and a case file
    report, case_file = tmp_path / "out" / "REPORT.md", tmp_path / "out" / "CASE.yaml"
    report.parent.mkdir()  # an output path never makes its folder
    term = terminals(["triage", "--resume", session_id, "--report", str(report), "--save", str(case_file)], data)
    asked = interview(term, RESUMED_ANSWERS, "es")
    assert asked[0] == "indigenous"
    assert not set(asked) & set(FIRST_ANSWERS)
    assert "age_uncertain" not in asked  # 15 is under 18
    result = term.before  # shown above the closing menu
    assert squash("Trata de personas") in result and squash("Ruta de atención (en orden)") in result
    term.send("1" + ENTER)  # Terminar y guardar
    term.wait(t("report_written", "es"))
    assert term.finish() == 0

    case = load(case_file)
    assert case["interview"]["finished"] is True
    given = {f: RESUMED_ANSWERS[f] for f in asked if f in RESUMED_ANSWERS}  # the rest: "No sé"
    assert {"recruited", "exploitation", "someone_profits", "means"} <= set(given)
    expected = {**FIRST_ANSWERS, **{k: sorted(v) if isinstance(v, set) else v for k, v in given.items()}}
    assert case["facts"] == expected
    assert case["interview"]["asked"] == list(FIRST_ANSWERS) + asked
    changes = [(h["fact"], h["from"], h["to"]) for h in case["history"]]
    assert ("risk_of_retaliation", False, True) in changes
    assert ("exploitation", None, ["sexual"]) in changes
    assert load(path)["interview"]["finished"] is True  # the session file too

    markdown = report.read_text(encoding="utf-8")
    assert markdown.startswith("# ")
    assert "## Calificación orientadora: Trata de personas" in markdown
    assert "## Ruta de atención (en orden)" in markdown
    assert "| ☐ | 1 |" in markdown
    assert "## Historial de cambios" in markdown
    assert mode(report) == 0o600 and mode(case_file) == 0o600

    listing = subprocess.run(
        [sys.executable, "-m", "tip_triage", "sessions"],
        capture_output=True,
        text=True,
        env={**os.environ, "TIP_TRIAGE_DATA_DIR": str(data), "COLUMNS": "200", "LC_ALL": "es_CO.UTF-8"},
        timeout=30,
    )
    assert "terminada" in listing.stdout and "Trata de personas" in listing.stdout


ENGLISH_ANSWERS = {
    "immediate_danger": False,
    "sexual_violence_within_72h": False,
    "health_needs": False,
    "current_location": "colombia",
    "risk_of_retaliation": False,
    "age": 15,
    "recruited": True,
    "exploitation": {"sexual"},
    "someone_profits": True,
}


def test_english_trafficking_scenario(tmp_path: Path, terminals) -> None:
    term = terminals(["triage", "--lang", "en"], tmp_path)
    asked = []
    while (fact := term.question("en")) is not None:
        asked.append(fact)
        if fact == "recruited":  # the help once, then the answer
            term.send("h" + ENTER)  # h = help in English
            term.wait("Recruitment means drawing the child in")  # the help, then the same question again
            assert term.which_question("en") == "recruited"
        if fact == "exploitation":  # a value with "None of these" is refused: unmark it
            term.send(SPACE + DOWN * len(GUIDELINE.facts["exploitation"].values) + SPACE + ENTER)
            term.wait(t("set_mixed", "en"))
            term.send(SPACE + ENTER)
            continue
        term.answer(fact, ENGLISH_ANSWERS.get(fact))
    assert asked[:6] == [
        "immediate_danger",
        "sexual_violence_within_72h",
        "health_needs",
        "current_location",
        "risk_of_retaliation",
        "age",
    ]
    assert squash("Call line 123") not in term.text  # no danger, no emergency-police panel
    # a child victim of sexual exploitation: the health protocol's alert, at once (guideline 1.2)
    assert squash("IMMEDIATE ACTION") in term.text and squash("Health provider (IPS) emergency service") in term.text
    assert squash("Trafficking in persons") in term.before  # the result, above the closing menu
    term.send("1" + ENTER)  # Finish and save
    term.wait(t("case_written", "en"))
    assert term.finish() == 0
    [path] = session_files(tmp_path)
    case = load(path)
    assert case["interview"] == {**case["interview"], "lang": "en", "finished": True}
    assert case["facts"] == {k: sorted(v) if isinstance(v, set) else v for k, v in ENGLISH_ANSWERS.items()}


def test_triage_without_a_terminal_exits_2_with_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tip_triage", "triage"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "TIP_TRIAGE_DATA_DIR": str(tmp_path), "LC_ALL": "en_US.UTF-8"},
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "interactive terminal" in lines[0] and "check CASE.yaml" in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "sessions").exists() or not any((tmp_path / "sessions").iterdir())


def test_sessions_lists_and_deletes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from tip_triage.cli import app

    monkeypatch.setenv("TIP_TRIAGE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("LC_ALL", "es_CO.UTF-8")
    runner = CliRunner()
    result = runner.invoke(app, ["sessions"])
    assert result.exit_code == 0 and "no hay entrevistas guardadas" in result.output

    sessions = tmp_path / "sessions"
    sessions.mkdir(mode=0o700, exist_ok=True)  # the listing already made it
    case = {
        "tip_triage_case": 1,
        "id": "T20260101-120000-abcd",
        "guideline": GUIDELINE.id,
        "facts": {
            "immediate_danger": False,
            "age": 15,
            "recruited": True,
            "exploitation": ["sexual"],
            "someone_profits": True,
        },
        "interview": {
            "lang": "es",
            "started": "2026-01-01T12:00:00Z",
            "updated": "2026-01-01T12:05:00Z",
            "finished": False,
            "asked": ["immediate_danger", "age", "recruited", "exploitation", "someone_profits"],
        },
    }
    (sessions / "T20260101-120000-abcd.yaml").write_text(yaml.safe_dump(case), encoding="utf-8")
    result = runner.invoke(app, ["sessions"])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "T20260101-120000-abcd" in line)
    assert "2026-01-01" in row and "Trata de personas" in row and "Seguridad inmediata" in row  # open: its stage

    result = runner.invoke(app, ["sessions", "--delete", "T20260101", "--yes"])  # the start of an id is enough
    assert result.exit_code == 0 and "Entrevista borrada: T20260101-120000-abcd" in result.output
    assert not any(sessions.iterdir())
    result = runner.invoke(app, ["sessions", "--delete", "T20260101", "--yes"])
    assert result.exit_code == 2


def test_sessions_never_shows_an_unfinished_interview_as_no_offence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """After the safety questions only, the listing says 'not assessed yet', never 'no offence indicated'."""
    from typer.testing import CliRunner

    from tip_triage.cli import app

    monkeypatch.setenv("TIP_TRIAGE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("LC_ALL", "es_CO.UTF-8")
    sessions = tmp_path / "sessions"
    sessions.mkdir(mode=0o700)

    def save(ident: str, facts: dict, finished: bool) -> None:
        case = {
            "tip_triage_case": 1,
            "id": ident,
            "guideline": GUIDELINE.id,
            "facts": facts,
            "interview": {
                "lang": "es",
                "started": "2026-01-01T12:00:00Z",
                "updated": "2026-01-01T12:05:00Z",
                "finished": finished,
                "asked": list(facts),
            },
        }
        (sessions / f"{ident}.yaml").write_text(yaml.safe_dump(case), encoding="utf-8")

    save("T20260101-120000-aaaa", {"immediate_danger": True, "age": 15}, False)
    save("T20260101-120000-bbbb", {"immediate_danger": True, "age": 15}, True)
    output = CliRunner().invoke(app, ["sessions"]).output
    open_row = next(line for line in output.splitlines() if "aaaa" in line)
    done_row = next(line for line in output.splitlines() if "bbbb" in line)
    nothing = GUIDELINE.codes[GUIDELINE.nothing_indicated].label["es"]
    assert "aún sin evaluar" in open_row and nothing not in open_row
    assert nothing in done_row  # finished with these answers: that is the finding
