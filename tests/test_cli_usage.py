"""A command line the parser refuses: one line, in the reader's language, exit 2 (through the real entry point)."""

from __future__ import annotations

import pytest
from clirun import run

ES = {"LC_ALL": "es_CO.UTF-8"}
EN = {"LC_ALL": "en_US.UTF-8"}


@pytest.mark.parametrize(
    ("args", "env", "line"),
    [
        (
            ["batch", "--bogus"],
            ES,
            "tip-triage batch: opción desconocida '--bogus' (¿quiso decir '--jobs'?); vea 'tip-triage batch --help'",
        ),
        (["batch"], ES, "tip-triage batch: falta el argumento 'PATH'; vea 'tip-triage batch --help'"),
        (["batch"], EN, "tip-triage batch: missing argument 'PATH'; see 'tip-triage batch --help'"),
        (["foo"], ES, "tip-triage: comando desconocido 'foo'; vea 'tip-triage --help'"),
        (["bach", "x"], ES, "tip-triage: comando desconocido 'bach' (¿quiso decir 'batch'?); vea 'tip-triage --help'"),
        (
            ["guideline", "lnt"],
            EN,
            "tip-triage guideline: no such command 'lnt' (did you mean 'lint'?); see 'tip-triage guideline --help'",
        ),
        (
            ["batch", "x", "--format", "xml"],
            ES,
            "tip-triage batch: valor no válido para '--format' / '-f'; los valores posibles son: table, json, jsonl,"
            " csv; vea 'tip-triage batch --help'",
        ),
        (
            ["batch", "x", "--jobs", "abc"],
            ES,
            "tip-triage batch: valor no válido para '--jobs' / '-j': debe ser un número entero;"
            " vea 'tip-triage batch --help'",
        ),
        (
            ["diff", "--cases", "x", "--from", "a"],
            ES,
            "tip-triage diff: falta la opción '--to'; vea 'tip-triage diff --help'",
        ),
        (["batch", "x", "--jobs"], ES, "tip-triage: la opción '--jobs' necesita un valor; vea 'tip-triage --help'"),
        # --lang on the command line wins over the environment, as for every other message
        (
            ["check", "x", "--lang", "en", "--nope"],
            ES,
            "tip-triage check: no such option '--nope'; see 'tip-triage check --help'",
        ),
    ],
)
def test_a_refused_command_line_is_one_line_in_the_readers_language(args, env, line):
    done = run(args, env=env)
    assert done.code == 2
    assert done.err_lines == [line]
    assert done.out == ""
    assert "Traceback" not in done.err and "Usage" not in done.err and "Error:" not in done.err


def test_an_argument_with_control_characters_is_shown_escaped():
    done = run(["batch", "--bad\x1b]0;pwned\x07"], env=ES)
    assert done.code == 2 and "\x1b" not in done.err and "\\x1b" in done.err


def test_help_and_version_are_unchanged():
    assert run(["--version"]).code == 0
    done = run(["batch", "--help"], env=ES)
    assert done.code == 0 and done.out.startswith("Uso: tip-triage batch")
    # no arguments at all: the help, as before (exit 2, on stderr or stdout as click writes it)
    bare = run([], env=ES)
    assert bare.code == 2 and "Uso: tip-triage" in bare.out + bare.err
