"""Interview screen parts at 80 columns: stage headers, questions with their key hints, printed commands."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from tip_triage.i18n import t
from tip_triage.prompter import KEYS, key_hint
from tip_triage.render.interview_screens import command_lines, header, wrap_question


def lines_of(renderable, width=80) -> list[str]:
    console = Console(file=io.StringIO(), width=width, no_color=True, highlight=False)
    console.print(renderable)
    return [line.rstrip() for line in console.file.getvalue().splitlines()]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_stage_header_fits_without_breaking_or_gluing_words(bundled, lang):
    stages = bundled.stages
    for index, stage in enumerate(stages, 1):
        for level in ("none", "possible", "clear", "unassessed"):
            left = f"{t('stage', lang)} {index}/{len(stages)} · {stage.title[lang]}"
            shown = t("level_" + level, lang)
            lines = lines_of(header(left, t("indicator", lang), shown, "none" if level == "unassessed" else level, 80))
            assert all(len(line) <= 80 for line in lines)
            words = " ".join(lines).split()
            assert words == f"{left} {t('indicator', lang)}: {shown}".split(), lines  # none cut, none glued


@pytest.mark.parametrize("lang", ["es", "en"])
def test_questions_and_their_key_hints_are_cut_at_spaces(bundled, lang):
    for fact in bundled.facts.values():
        for hint in (key_hint(kind, lang, back) for kind in ("bool", "enum", "int", "set") for back in (True, False)):
            text = wrap_question(fact.question[lang], hint, 79)
            lines = text.split("\n")
            assert all(len(line) + 2 <= 80 for line in lines), lines  # "? " before the first line
            assert " ".join(lines).split() == f"{fact.question[lang]} {hint}".split()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_kind_of_question_names_the_same_keys_for_help_and_back(lang):
    """The shared keys are the same whatever the kind; only "No sé" differs on a number (0 is an age)."""
    keys = KEYS[lang]
    dont_know = {"es": "No sé", "en": "don't know"}[lang]
    for kind in ("bool", "enum", "int", "set"):
        hint = key_hint(kind, lang, True)
        unknown = {"es": "vacío", "en": "empty"}[lang] if kind == "int" else keys["unknown"]
        assert hint.endswith(
            f"; {unknown} = {dont_know}, {keys['help']} = {t('help_title', lang).lower()}, {keys['back']} = "
            + {"es": "volver", "en": "back"}[lang]
            + ")"
        ), hint
        assert key_hint(kind, lang, False).endswith(f"{keys['help']} = {t('help_title', lang).lower()})")
    assert key_hint("bool", "es", True) == "(s/n, número o flechas; 0 = No sé, a = ayuda, v = volver)"
    assert key_hint("enum", "en", False) == "(number or arrows; 0 = don't know, h = help)"


def test_a_long_command_is_cut_with_shell_continuations():
    cmd = "/a/very/long/path/to/a/virtual/environment/bin/python -m tip_triage triage --resume T20261129-140211-abcd"
    lines = command_lines(cmd, 80)
    assert len(lines) == 2 and lines[0].endswith(" \\") and all(len(line) <= 78 for line in lines)
    assert " ".join(" ".join(lines).replace(" \\", "").split()) == cmd
    assert command_lines("tip-triage triage --resume T1", 80) == ["  tip-triage triage --resume T1"]


def test_a_quoted_word_is_never_cut_at_a_space_inside_its_quotes():
    import shlex

    path = "/home/ana/Mis casos de la semana/expediente numero uno/caso 1.html"
    cmd = shlex.join(["tip-triage", "triage", "--resume", "T1", "--report", path, "--defender", "Ana O'Neill"])
    for width in (30, 60, 80):
        lines = command_lines(cmd, width)
        # a shell drops each backslash-newline: what it reads is the command as quoted
        assert shlex.split("\n".join(lines).replace("\\\n", "")) == shlex.split(cmd)
