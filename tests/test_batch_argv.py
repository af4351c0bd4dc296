"""`tip-triage batch` read without typer (batch_argv, entry.py) never disagrees with typer's reading (cli.batch).

On any command line, either batch_argv leaves it to typer (None), or typer calls commands.batch.run with exactly
the arguments entry.py would: checked on hand-picked command lines and on random ones.
"""

from __future__ import annotations

import os
from typing import Any
from unittest import mock

import pytest
from budget import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.main import get_command
from typer.testing import CliRunner

from tip_triage.batch_argv import OPTIONS, batch_options
from tip_triage.cli import app
from tip_triage.entry import batch_arguments
from tip_triage.exit_codes import ExitCode

ENV = {"LC_ALL": "en_US.UTF-8", "LANG": "en_US.UTF-8"}


def typer_call(args: list[str]) -> tuple[Any, ...] | None:
    """The arguments typer gives commands.batch.run for `tip-triage batch ARGS` (the Env left out), or None."""
    calls: list[tuple[Any, ...]] = []

    def run(paths: list[str], fmt: str, lang: str, guideline: str | None, env: Any, **keywords: Any) -> ExitCode:
        calls.append(((list(paths), fmt, lang, guideline), keywords))
        return ExitCode.OK

    with mock.patch("tip_triage.commands.batch.run", run):
        CliRunner().invoke(app, ["batch", *args], env=ENV)
    return calls[0] if calls else None


def fast_call(args: list[str]) -> tuple[Any, ...] | None:
    options = batch_options(args)
    if options is None:
        return None
    with mock.patch.dict(os.environ, ENV):
        positional, keywords = batch_arguments(options, os.environ)
    return (list(positional[0]), *positional[1:]), keywords


PLAIN = [
    ["-"],
    ["cases/", "--format", "jsonl"],
    ["-", "--format=jsonl", "--no-trace", "--quiet", "--jobs", "1"],
    ["a", "b.jsonl", "-f", "csv", "--excel", "--summary"],
    ["--lang", "es", "a"],
    ["-l", "en", "-g", "co-icbf-2018", "a", "-j", "3", "-q"],
    ["--guideline=", "a"],
    ["a", "--redact", "--jobs=007"],
]
NOT_PLAIN = [
    [],
    ["--format", "jsonl"],
    ["a", "--help"],
    ["a", "-fjsonl"],
    ["a", "-f=jsonl"],
    ["a", "--format", "xml"],
    ["a", "--format", "JSONL"],
    ["a", "--jobs", "0"],
    ["a", "--jobs", "x"],
    ["a", "--jobs", "+2"],
    ["a", "--jobs", "\uff12"],
    ["a", "--lang", "fr"],
    ["a", "--quiet=1"],
    ["a", "--quiet", "--quiet"],
    ["a", "--format", "csv", "-f", "json"],
    ["a", "--"],
    ["a", "--guideline"],
    ["a", "--guideline", "-x"],
    ["a", "-x"],
    ["a", "-qj2"],
    ["a", "--formats", "csv"],
]


@pytest.mark.parametrize("args", PLAIN, ids=" ".join)
def test_a_plain_command_line_is_read_as_typer_reads_it(args: list[str]) -> None:
    expected = typer_call(args)
    assert expected is not None
    assert fast_call(args) == expected


@pytest.mark.parametrize("args", NOT_PLAIN, ids=" ".join)
def test_anything_else_is_left_to_typer(args: list[str]) -> None:
    assert batch_options(args) is None


TOKENS = st.sampled_from(
    [
        *("a", "b.jsonl", "-", "", " ", "--", "-x", "--help", "-h", "=", "a=b"),
        *(*OPTIONS, "--format=jsonl", "--format=", "--lang=en", "--jobs=2", "--guideline=g", "--quiet=1", "-f=csv"),
        *("jsonl", "json", "csv", "table", "JSONL", "es", "en", "fr", "0", "1", "2", "01", "-1", "x", "co-icbf-2018"),
        *("-fjsonl", "-qj2", "--no-tra"),
    ]
)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(TOKENS, max_size=8))
def test_on_any_command_line_the_two_never_disagree(args: list[str]) -> None:
    fast = fast_call(args)
    if fast is not None:
        assert fast == typer_call(args)


def test_the_options_are_the_batch_commands_own() -> None:
    """Every option of `tip-triage batch` is known here under its own keyword, and no other (but --help)."""
    params = get_command(app).commands["batch"].params  # type: ignore[attr-defined]
    options = {opt: p.name for p in params for opt in (*p.opts, *p.secondary_opts) if opt.startswith("-")}
    assert options == {name: key for name, (key, _) in OPTIONS.items()}
