"""--help in Spanish has none of click's English left: `[required]`, `[default: …]`, `<str>`, `<int range>`.

Run through the real entry point (tests/clirun.py) at 80 columns, for every command; the English help keeps
click's words.
"""

from __future__ import annotations

import re

import pytest
import typer.main
from clirun import run

from tip_triage.cli import app
from tip_triage.cli_help import NBSP, spanish_markers, spanish_term

ES = {"LC_ALL": "es_CO.UTF-8", "LANG": "es_CO.UTF-8", "COLUMNS": "80"}
EN = {"LC_ALL": "en_US.UTF-8", "LANG": "en_US.UTF-8", "COLUMNS": "80"}
CLICK_ENGLISH = (
    "Usage", "Options", "Arguments", "Commands", "required", "default:", "env var", "Show this message",
    "<str>", "<int", "<float", "<text>", "<integer>", "TEXT]", "INTEGER",
)  # fmt: skip


def _commands(command, path=()):
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


COMMANDS = list(_commands(typer.main.get_command(app)))


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "tip-triage")
def test_spanish_help_has_no_english_word_of_click(path):
    done = run([*path, "--help"], env=ES)
    assert done.code == 0, done.err
    left = [word for word in CLICK_ENGLISH if word in done.out]
    assert not left, (path, left, done.out)
    assert all(len(line) <= 80 for line in done.out.splitlines())
    assert NBSP not in done.out  # the marker's no-break spaces are plain spaces once wrapped


def test_batch_help_says_required_and_default_in_spanish_each_marker_whole():
    out = run(["batch", "--help"], env=ES).out
    lines = [line.strip() for line in out.splitlines()]
    assert any(line.endswith("[obligatorio]") for line in lines)
    assert any(line.endswith("[por defecto: table]") for line in lines)  # never cut inside the brackets
    assert re.search(r"-j, --jobs <entero> .*\n(.*\n)*.*\[x>=1\]", out)
    assert "-g, --guideline <texto>" in out
    diff = run(["diff", "--help"], env=ES).out
    assert diff.count("[obligatorio]") == 3 and "[por defecto: text]" in diff


@pytest.mark.parametrize(
    ("path", "words"),
    [
        (("batch",), ["[required]", "[default: table]", "-j, --jobs <int range>", "<str>"]),
        (("diff",), ["[required]", "[default: text]", "--cases <str>"]),
        (("scenarios", "run"), ["[required]", "[0<=x<=100]"]),
    ],
    ids=lambda x: " ".join(x) if isinstance(x, tuple) else "",
)
def test_english_help_keeps_clicks_words(path, words):
    out = run([*path, "--help"], env=EN).out
    assert out.startswith("Usage: tip-triage") and all(word in out for word in words), out
    assert "obligatorio" not in out and "por defecto" not in out and "<texto>" not in out


def test_the_markers_in_spanish():
    def plain(text: str) -> str:
        return spanish_markers(text).replace(NBSP, " ")

    assert plain("Files.  [required]") == "Files.  [obligatorio]"
    assert plain("table or csv.  [default: table]") == "table or csv.  [por defecto: table]"
    assert plain("Jobs.  [default: 2; x>=1; required]") == "Jobs.  [por defecto: 2; x>=1; obligatorio]"
    assert plain("Jobs.  [x>=1]") == "Jobs.  [x>=1]"
    assert plain("A file [like this] in the middle.") == "A file [like this] in the middle."  # not click's
    assert spanish_term("-j, --jobs <int range>") == "-j, --jobs <entero>"
    assert spanish_term("-f, --format <text|json>") == "-f, --format <text|json>"  # the values themselves


def test_an_english_help_after_a_spanish_one_in_one_process_is_english(capsys, monkeypatch):
    """The help formatter hangs on a context class every command shares: English puts click's back."""
    from tip_triage.cli_help import localized_command

    monkeypatch.setenv("COLUMNS", "80")
    try:
        for lang, words in (("es", "[por defecto: table]"), ("en", "[default: table]")):
            with pytest.raises(SystemExit):
                localized_command(app, lang).main(["batch", "--help"], prog_name="tip-triage")
            out = capsys.readouterr().out
            assert words in out and out.startswith("Uso:" if lang == "es" else "Usage:"), out
    finally:
        localized_command(app, "en")  # never leave the Spanish formatter to the other tests of this process
