"""The command printed to resume an interview carries the options that decide what finishing writes.

`triage --save caso1.yaml --report caso1.html`, then Ctrl-C, must print a resume command that, pasted as
printed from any folder, still writes caso1.yaml and caso1.html (the session file does not keep them).
"""

from __future__ import annotations

import io
import os
import shlex
import stat
from datetime import datetime, timezone
from pathlib import Path

import pytest
from rich.console import Console
from scripted import Interrupt, ScriptedPrompter
from typer.testing import CliRunner

from tip_triage import cli
from tip_triage.commands.triage import again_options, resume_lines
from tip_triage.env import Env

CASE_ID = "EXP-2024-0153"
ANSWERS = {
    "immediate_danger": False,
    "current_location": "colombia",
    "risk_of_retaliation": False,
    "age": 15,
    "nationality": "colombian",
    "recruited": True,
    "moved": "within_colombia",
    "exploitation": frozenset({"sexual"}),
    "exploitation_status": "ongoing",
    "someone_profits": True,
}


def printed_command(text: str, after: str) -> list[str]:
    """The words of the command printed after the line that ends with `after` (its `\\` continuations joined), as a shell reads them."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().endswith(after)) + 1
    taken = [lines[start]]
    while taken[-1].endswith("\\"):
        start += 1
        taken.append(lines[start])
    return shell_words("\n".join(taken))


def shell_words(text: str) -> list[str]:
    """The words a POSIX shell reads in `text`: a backslash-newline outside quotes joins the lines."""
    return shlex.split(text.replace("\\\n", ""))


def options_after_triage(words: list[str]) -> list[str]:
    return words[words.index("triage") + 1 :]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# ---------------------------------------------------------------- which options, and how they are written


def test_outputs_are_repeated_with_absolute_paths_and_the_case_facts_are_not(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    options = again_options(
        lang="en",
        guideline_arg="co-icbf-2018",
        save_path="x/caso1.yaml",
        report_path="Mis casos/caso 1.html",
        defender="Ana María O'Neill",
        centro_zonal="CZ Kennedy",
        redact=True,
    )
    assert options == [
        "--lang",
        "en",
        "--guideline",
        "co-icbf-2018",  # a bundled id stays an id
        "--save",
        str(tmp_path / "x" / "caso1.yaml"),
        "--report",
        str(tmp_path / "Mis casos" / "caso 1.html"),
        "--defender",
        "Ana María O'Neill",
        "--centro-zonal",
        "CZ Kennedy",
        "--redact",
    ]
    # a guideline folder is made absolute; the report's options mean nothing without a report
    (tmp_path / "g").mkdir()
    assert again_options(
        lang=None,
        guideline_arg="g",
        save_path=None,
        report_path=None,
        defender="Ana",
        centro_zonal="CZ",
        redact=True,
    ) == ["--guideline", str(tmp_path / "g")]
    assert (
        again_options(
            lang=None,
            guideline_arg=None,
            save_path=None,
            report_path=None,
            defender=None,
            centro_zonal=None,
            redact=False,
        )
        == []
    )


def test_the_printed_command_reads_back_as_the_same_words_at_any_width(tmp_path):
    options = ["--save", str(tmp_path / "a b" / "caso1.yaml"), "--defender", "Ana María O'Neill", "--redact"]
    environ = {"PATH": "/nonexistent"}
    for width in (40, 80, 200):
        lines = resume_lines(environ, "T20261203-170331-eaf5", options, width)
        words = shell_words("\n".join(lines))
        assert options_after_triage(words) == ["--resume", "T20261203-170331-eaf5", *options]
        # no line wraps in the terminal, unless it holds one word longer than the terminal (never cut inside)
        assert all(len(line) <= width or len(shlex.split(line.rstrip("\\"))) == 1 for line in lines), lines


def test_a_control_character_in_an_option_is_shown_escaped_never_raw():
    lines = resume_lines({"PATH": "/nonexistent"}, "T1", ["--defender", "Ana\x1b]0;x\x07"], 80)
    assert not any("\x1b" in line or "\x07" in line for line in lines)
    assert "\\x1b" in "".join(lines)


# ---------------------------------------------------------------- through the command line (typer's runner)


def scripted_env(tmp_path: Path, prompter: ScriptedPrompter, err: io.StringIO, out: io.StringIO) -> Env:
    return Env(
        stdout=Console(file=out, width=80),
        stderr=Console(file=err, width=80),
        environ={"TIP_TRIAGE_DATA_DIR": str(tmp_path / "data"), "PATH": "/nonexistent"},
        now=lambda: datetime(2026, 12, 3, 17, 3, 31, tzinfo=timezone.utc),
        prompter=prompter,
        is_interactive=lambda: True,
    )


def test_interrupted_then_resumed_as_printed_from_another_folder_writes_both_files(tmp_path, monkeypatch):
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    (work / "Mis casos").mkdir(parents=True)
    elsewhere.mkdir()
    monkeypatch.chdir(work)
    runner = CliRunner()

    err, out = io.StringIO(), io.StringIO()
    first = ScriptedPrompter(steps=[("immediate_danger", False), ("sexual_violence_within_72h", Interrupt())])
    monkeypatch.setattr(cli, "real_env", lambda: scripted_env(tmp_path, first, err, out))
    args = ["triage", "--id", CASE_ID, "--save", "caso1.yaml", "--report", "Mis casos/caso 1.html"]
    result = runner.invoke(cli.app, [*args, "--defender", "Ana María", "--centro-zonal", "CZ Kennedy"])
    assert result.exit_code == 130, result.output
    shown = err.getvalue()
    assert CASE_ID not in shown  # nothing of the case: the session id only
    words = printed_command(shown, "Para continuar:")
    again = options_after_triage(words)
    assert again[:2] == ["--resume", next((tmp_path / "data" / "sessions").glob("*.yaml")).stem]
    assert again[2:] == [
        "--save",
        str(work / "caso1.yaml"),
        "--report",
        str(work / "Mis casos" / "caso 1.html"),
        "--defender",
        "Ana María",
        "--centro-zonal",
        "CZ Kennedy",
    ]

    monkeypatch.chdir(elsewhere)  # pasted in another folder
    err, out = io.StringIO(), io.StringIO()
    second = ScriptedPrompter(defaults=dict(ANSWERS))
    monkeypatch.setattr(cli, "real_env", lambda: scripted_env(tmp_path, second, err, out))
    result = runner.invoke(cli.app, ["triage", *again])
    assert result.exit_code == 0, result.output + err.getvalue()
    case_file, report = work / "caso1.yaml", work / "Mis casos" / "caso 1.html"
    assert case_file.exists() and report.exists()
    assert mode(case_file) == 0o600 and mode(report) == 0o600
    assert not list(elsewhere.iterdir())  # nothing written where it was resumed
    html = report.read_text(encoding="utf-8")
    assert "Ana María" in html and "CZ Kennedy" in html and CASE_ID in html


def test_a_reference_used_before_offers_to_resume_with_the_options_given_now(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    err, out = io.StringIO(), io.StringIO()
    first = ScriptedPrompter(steps=[("immediate_danger", Interrupt())])
    monkeypatch.setattr(cli, "real_env", lambda: scripted_env(tmp_path, first, err, out))
    assert runner.invoke(cli.app, ["triage", "--id", CASE_ID]).exit_code == 130
    [earlier] = (tmp_path / "data" / "sessions").glob("*.yaml")

    err, out = io.StringIO(), io.StringIO()
    second = ScriptedPrompter(steps=[("immediate_danger", Interrupt())])
    monkeypatch.setattr(cli, "real_env", lambda: scripted_env(tmp_path, second, err, out))
    result = runner.invoke(cli.app, ["triage", "--id", CASE_ID, "--report", "informe.md", "--lang", "es"])
    assert result.exit_code == 130
    shown = err.getvalue()
    offered = options_after_triage(printed_command(shown, "Para continuar una:"))
    assert offered == ["--resume", earlier.stem, "--lang", "es", "--report", str(tmp_path / "informe.md")]


def test_sessions_says_the_outputs_are_not_kept_with_the_interview(tmp_path, monkeypatch):
    runner = CliRunner()
    err, out = io.StringIO(), io.StringIO()
    monkeypatch.setattr(
        cli,
        "real_env",
        lambda: scripted_env(tmp_path, ScriptedPrompter(steps=[("immediate_danger", Interrupt())]), err, out),
    )
    assert runner.invoke(cli.app, ["triage"]).exit_code == 130
    out = io.StringIO()
    monkeypatch.setattr(cli, "real_env", lambda: scripted_env(tmp_path, ScriptedPrompter(), err, out))
    assert runner.invoke(cli.app, ["sessions"]).exit_code == 0
    listing = " ".join(out.getvalue().split())
    assert "Si la empezó con --save, --report o --guideline, repítalos" in listing


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_outputs_note_exists_in_both_languages(lang):
    from tip_triage.commands.sessions import OUTPUTS_AGAIN

    assert "--save" in OUTPUTS_AGAIN[lang] and "--report" in OUTPUTS_AGAIN[lang]


def test_paths_are_absolute_in_the_printed_command(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    lines = resume_lines(
        {"PATH": "/nonexistent"},
        "T1",
        again_options(
            lang=None,
            guideline_arg=None,
            save_path="c.yaml",
            report_path=None,
            defender=None,
            centro_zonal=None,
            redact=False,
        ),
        80,
    )
    assert os.path.isabs(options_after_triage(shell_words("\n".join(lines)))[3])
