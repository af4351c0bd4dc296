"""Ctrl-C, then the resume command pasted exactly as printed, in a real pseudo-terminal and a real shell.

`triage --id … --save caso1.yaml --report "Mis casos/caso1.html"` started in one folder and resumed from
another: the printed command must still write both files (owner-only), where they were first asked for.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

pytest.importorskip("pexpect")

from test_triage_pty import (  # noqa: E402
    ANSI,
    CTRL_C,
    ENTER,
    RESUMED_ANSWERS,
    interview,
    mode,
    session_files,
    terminals,  # noqa: F401 - the fixture
)

from tip_triage.i18n import t  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]

CASE_ID = "EXP-2024-0153"


def printed_lines(raw: str, after: str) -> list[str]:
    """The lines of the command shown below the line ending with `after`, as on the screen (`\\` continuations)."""
    lines = ANSI.sub("", raw).replace("\r\n", "\n").replace("\r", "").split("\n")
    start = next(i for i, line in enumerate(lines) if line.rstrip().endswith(after)) + 1
    taken = [lines[start].rstrip()]
    while taken[-1].endswith("\\"):
        start += 1
        taken.append(lines[start].rstrip())
    return taken


def test_the_resume_command_as_printed_writes_the_case_file_and_the_report(tmp_path: Path, terminals) -> None:  # noqa: F811
    data, work, elsewhere = tmp_path / "data", tmp_path / "work", tmp_path / "elsewhere"
    (work / "Mis casos").mkdir(parents=True)
    elsewhere.mkdir()
    args = ["triage", "--id", CASE_ID, "--save", "caso1.yaml", "--report", "Mis casos/caso1.html"]
    term = terminals(args, data, cwd=work)
    first = term.question("es")
    term.answer(first, False)
    term.question("es")
    term.send(CTRL_C)
    term.wait(t("saved_at", "es"))
    term.wait(t("resume_with", "es"))
    assert term.finish() == 130
    lines = printed_lines(term.raw, t("resume_with", "es") + ":")
    shown = "\n".join(lines)
    [session] = session_files(data)
    words = shlex.split(shown.replace("\\\n", ""))  # as the shell reads it: backslash-newline joins the lines
    assert words[words.index("triage") + 1 :] == [
        "--resume",
        session.stem,
        "--save",
        str(work / "caso1.yaml"),
        "--report",
        str(work / "Mis casos" / "caso1.html"),
    ]
    assert CASE_ID not in shown  # the case's reference stays in the saved interview
    assert not (work / "caso1.yaml").exists()  # not finished: nothing written yet

    # -- pasted as printed (the continuation lines too) into a shell, in another folder
    term = terminals([], data, cwd=elsewhere, argv=["/bin/sh", "-c", shown])
    asked = interview(term, RESUMED_ANSWERS, "es")
    assert first not in asked
    term.send("1" + ENTER)  # Terminar y guardar
    term.wait(t("report_written", "es"))
    assert term.finish() == 0
    case_file, report = work / "caso1.yaml", work / "Mis casos" / "caso1.html"
    assert case_file.exists() and report.exists()
    assert mode(case_file) == 0o600 and mode(report) == 0o600
    assert not any(elsewhere.iterdir())
    assert report.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
