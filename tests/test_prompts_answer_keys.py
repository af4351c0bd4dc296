"""The answer keys on a check-box question, and the messages that refuse an answer there.

On a check box the help keys (a/h, ?) and the back keys (v/b, <) answer at once, whatever boxes are
marked (marking them and pressing Enter would be refused: a value and a special choice together);
0 marks "No sé", as space would, and Enter answers. The boxes marked before the help are marked again
when the question comes back. Driven as in tests/test_prompts.py, through prompt_toolkit's pipe input.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_prompts import DOWN, ENTER, SPACE, UP, Screen, ask, drive, set_spec

from tip_triage import prompts
from tip_triage.i18n import t
from tip_triage.prompter import BACK, HELP, UNKNOWN


@pytest.mark.parametrize("key", ["a", "A", "?"])
def test_the_help_key_answers_at_once_whatever_is_marked(key: str) -> None:
    assert ask(set_spec(), SPACE + DOWN + SPACE + key) is HELP  # no Enter: the key itself answers


@pytest.mark.parametrize("key", ["v", "V", "<"])
def test_the_back_key_answers_at_once_whatever_is_marked(key: str) -> None:
    assert ask(set_spec(), SPACE + key) is BACK


def test_english_keys_and_the_letters_questionary_gives_a_checkbox() -> None:
    assert ask(set_spec(lang="en"), SPACE + "h") is HELP
    assert ask(set_spec(lang="en"), SPACE + "b") is BACK
    # a ("mark all", "No sé" among them) and i (invert) mark nothing: Enter with nothing marked is refused
    assert ask(set_spec(lang="en"), "a" + "i" + ENTER + "0" + ENTER) is UNKNOWN
    assert ask(set_spec(), "i" + ENTER + SPACE + ENTER) == frozenset({"sexual"})


def test_no_back_key_without_an_answer_to_go_back_to() -> None:
    assert ask(set_spec(can_go_back=False), SPACE + "v" + "<" + ENTER) == frozenset({"sexual"})


def test_zero_marks_dont_know_and_enter_answers() -> None:
    assert ask(set_spec(), "0" + ENTER) is UNKNOWN
    # 0 with a value marked: refused until one of them is unmarked (0 again unmarks "No sé")
    assert ask(set_spec(), SPACE + "0" + ENTER + "0" + ENTER) == frozenset({"sexual"})


def _twice(first: Any, second: Any, keys: str, then: str, echoed: str = "help") -> tuple[Any, Any]:
    """Two questions asked by one prompter: `keys` for the first, `then` once its answer is echoed."""
    screen = Screen()
    return drive(
        lambda p: (p.ask(first), p.ask(second)),
        keys,
        screen=screen,
        then=(f"{first.text} → {t(echoed, first.lang)}", then),
    )


def test_the_boxes_marked_are_marked_again_after_the_help() -> None:
    spec = set_spec()
    # "Explotación sexual" marked, the pointer on "Otra forma": the help, then the same question again
    assert _twice(spec, spec, SPACE + DOWN * 2 + "a", ENTER) == (HELP, frozenset({"sexual"}))
    assert _twice(spec, spec, SPACE + DOWN * 2 + "?", SPACE + ENTER) == (HELP, frozenset({"sexual", "other"}))
    # an answer being changed: the boxes as they were left, not as they were before
    changing = set_spec(current=frozenset({"begging"}))
    assert _twice(changing, changing, DOWN + SPACE + "a", UP + SPACE + ENTER) == (HELP, frozenset({"sexual"}))


def test_the_boxes_marked_are_marked_again_after_going_back_and_cancelling() -> None:
    spec = set_spec()
    assert _twice(spec, spec, SPACE + "<", ENTER, echoed="back") == (BACK, frozenset({"sexual"}))


def test_the_boxes_are_kept_only_for_the_same_question() -> None:
    other = set_spec(fact="other_fact", text="¿Otra?")
    # another question after the help starts with nothing marked: Enter is refused, then 0 answers "No sé"
    assert _twice(set_spec(), other, SPACE + "a", ENTER + "0" + ENTER) == (HELP, UNKNOWN)


@pytest.mark.parametrize("key", ["set_mixed", "set_empty"])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_refusals_fit_80_columns_and_wrap_when_narrower(
    key: str, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # questionary draws them on a line at the bottom of the terminal, cut at its edge
    assert len(t(key, lang)) < 79
    monkeypatch.setenv("COLUMNS", "40")
    lines = prompts._fit(t(key, lang)).split("\n")
    assert len(lines) > 1 and all(len(line) <= 39 for line in lines)
    assert " ".join(lines) == t(key, lang)
