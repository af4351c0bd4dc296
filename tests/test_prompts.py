"""The questionary prompts, driven key by key through prompt_toolkit's pipe input.

Each test types what a Defender would type (a shortcut digit, arrows, space,
Enter, Ctrl-C) and checks the value `QuestionaryPrompter` hands back to the
interview: a value of the fact's type, or one of the UNKNOWN / HELP / BACK markers.
A watchdog types Ctrl-C after a while, so a prompt that waits for keys that never
come fails the test instead of hanging it. (An exception raised inside prompt_toolkit's
event loop is another matter: on a pipe it loops forever, which is why the number
validator is also tested on its own.)
"""

from __future__ import annotations

import io
import re
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from tip_triage.i18n import t
from tip_triage.prompter import BACK, HELP, UNKNOWN, PromptSpec
from tip_triage.prompts import QuestionaryPrompter

ENTER = "\r"
DOWN = "\x1b[B"
UP = "\x1b[A"
SPACE = " "
BACKSPACE = "\x7f"
CTRL_C = "\x03"
CTRL_D = "\x04"
WATCHDOG_SECONDS = 10.0

ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|[^\[\]()])")


def squash(text: str) -> str:
    """Without escape codes and whitespace: what was written, whatever the cursor moves."""
    return "".join(ANSI.sub("", text).split())


class Screen:
    """A vt100 output writing to memory, to check what the prompt showed."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.output = Vt100_Output(self.buffer, lambda: Size(rows=40, columns=80), term="xterm", enable_cpr=False)

    @property
    def text(self) -> str:
        return squash(self.buffer.getvalue())

    def shows(self, text: str) -> bool:
        return squash(text) in self.text


def drive(
    call: Callable[[QuestionaryPrompter], Any],
    keys: str,
    screen: Screen | None = None,
    then: tuple[str, str] | None = None,
) -> Any:
    """Type `keys` into a fresh prompter and return what `call` returns.

    `then` = (text, more_keys): once `text` is on the screen, type `more_keys`
    (to type after a message such as a validation error has been shown).
    """
    with create_pipe_input() as inp:
        inp.send_text(keys)
        stop = threading.Event()

        def later() -> None:
            if then is not None and screen is not None:
                deadline = time.monotonic() + WATCHDOG_SECONDS
                while not screen.shows(then[0]) and time.monotonic() < deadline and not stop.is_set():
                    time.sleep(0.01)
                if not stop.is_set():
                    inp.send_text(then[1])
            if not stop.wait(WATCHDOG_SECONDS):
                inp.send_text(CTRL_C)  # the prompt did not return: fail instead of hanging

        watchdog = threading.Thread(target=later, daemon=True)
        watchdog.start()
        try:
            output = screen.output if screen is not None else DummyOutput()
            return call(QuestionaryPrompter(input=inp, output=output))
        finally:
            stop.set()
            watchdog.join()


def ask(spec: PromptSpec, keys: str, **kwargs: Any) -> Any:
    return drive(lambda p: p.ask(spec), keys, **kwargs)


def bool_spec(**kw: Any) -> PromptSpec:
    base: dict[str, Any] = dict(
        fact="recruited", kind="bool", text="¿Alguien captó al NNA?", help="Ayuda de captación", lang="es"
    )
    return PromptSpec(**{**base, **kw})


NATIONALITY = (("colombian", "Colombiana"), ("foreign", "Extranjera"), ("stateless", "Apátrida"))
RELATIONSHIP = tuple((f"v{i}", f"Valor {i}") for i in range(1, 9))  # eight values, like perpetrator_relationship
PURPOSES = (("sexual", "Explotación sexual"), ("begging", "Mendicidad"), ("other", "Otra forma"))


def enum_spec(choices: tuple[tuple[str, str], ...] = NATIONALITY, **kw: Any) -> PromptSpec:
    base: dict[str, Any] = dict(
        fact="nationality", kind="enum", text="¿Nacionalidad?", help="h", lang="es", choices=choices
    )
    return PromptSpec(**{**base, **kw})


def int_spec(**kw: Any) -> PromptSpec:
    base: dict[str, Any] = dict(
        fact="age", kind="int", text="¿Qué edad tiene el NNA?", help="h", lang="es", minimum=0, maximum=120
    )
    return PromptSpec(**{**base, **kw})


def set_spec(**kw: Any) -> PromptSpec:
    base: dict[str, Any] = dict(
        fact="exploitation", kind="set", text="¿Para qué?", help="h", lang="es", choices=PURPOSES
    )
    return PromptSpec(**{**base, **kw})


# ------------------------------------------------------------------ bool


@pytest.mark.parametrize(
    "keys, expected",
    [
        ("1" + ENTER, True),
        ("2" + ENTER, False),
        ("0" + ENTER, UNKNOWN),  # the same keys on every list: 0, a (ayuda), v (volver)
        ("a" + ENTER, HELP),
        ("v" + ENTER, BACK),
        ("3" + ENTER, UNKNOWN),  # no third answer: Enter takes the pointed one, "No sé"
        (ENTER, UNKNOWN),  # the pointer starts on "No sé": a stray Enter never asserts a fact
        ("h" + ENTER, UNKNOWN),  # the English help letter is no key in Spanish
        (UP + ENTER, False),  # the answers are above it (the separator is skipped)
        (UP + UP + ENTER, True),
        (DOWN + ENTER, HELP),
        (DOWN + DOWN + ENTER, BACK),
        (DOWN * 3 + ENTER, True),  # the list wraps round to its first choice
        ("s" + ENTER, True),  # the letters a Defender types for sí and no
        ("n" + ENTER, False),
        ("N" + ENTER, False),
        ("s" + "n" + ENTER, False),  # the last key typed before Enter counts
        ("?" + ENTER, HELP),  # ? and < as on a number
        ("<" + ENTER, BACK),
        ("A" + ENTER, HELP),
        ("V" + ENTER, BACK),
    ],
)
def test_bool_by_shortcut_digit_or_arrows(keys: str, expected: Any) -> None:
    assert ask(bool_spec(), keys) is expected


def test_bool_without_a_previous_answer_offers_no_back() -> None:
    screen = Screen()
    assert ask(bool_spec(can_go_back=False), DOWN + ENTER, screen=screen) is HELP  # last choice is the help
    assert screen.shows("? ¿Alguien captó al NNA? (s/n, número o flechas; 0 = No sé, a = ayuda)")
    for line in ("1) Sí", "2) No", "0) No sé", "a) Ver ayuda"):
        assert screen.shows(line)
    assert not screen.shows("Volver a una respuesta anterior")
    assert ask(bool_spec(can_go_back=False), "v" + ENTER) is UNKNOWN  # no back key: Enter takes "No sé"
    assert ask(bool_spec(can_go_back=False), DOWN * 2 + ENTER) is True  # from the help round to the first


def test_bool_shows_every_special_choice_in_english() -> None:
    screen = Screen()
    assert ask(bool_spec(lang="en", text="Did someone recruit the child?"), "2" + ENTER, screen=screen) is False
    for line in (
        "1) Yes",
        "2) No",
        "0) I don't know",
        "h) Show help",
        "b) Go back to an earlier answer",
        "(y/n, number or arrows; 0 = don't know, h = help, b = back)",
    ):
        assert screen.shows(line)
    assert ask(bool_spec(lang="en", text="Did someone recruit the child?"), "y" + ENTER) is True
    assert ask(bool_spec(lang="en", text="Did someone recruit the child?"), "n" + ENTER) is False


@pytest.mark.parametrize("current", [True, False])
def test_bool_change_starts_on_the_current_answer(current: bool) -> None:
    assert ask(bool_spec(current=current), ENTER) is current
    assert ask(bool_spec(current=current, lang="en"), "a" + ENTER) is current  # a stray key moves nothing


def test_bool_change_of_a_dont_know_answer_starts_on_dont_know() -> None:
    # "No sé" leaves no value (current None): the pointer is on "No sé", the answer being changed
    screen = Screen()
    assert ask(bool_spec(current=None, lang="en"), ENTER, screen=screen) is UNKNOWN
    assert screen.shows("» 0) I don't know")


# ------------------------------------------------------------------ enum


@pytest.mark.parametrize(
    "keys, expected",
    [
        ("1" + ENTER, "colombian"),
        ("2" + ENTER, "foreign"),
        ("3" + ENTER, "stateless"),
        ("0" + ENTER, UNKNOWN),
        ("a" + ENTER, HELP),
        ("v" + ENTER, BACK),
        (ENTER, UNKNOWN),  # the pointer starts on "No sé"
        ("x" + ENTER, UNKNOWN),  # a key that is no answer moves nothing
        (UP + ENTER, "stateless"),  # the separator is skipped
        (UP * 3 + ENTER, "colombian"),
        (DOWN * 3 + ENTER, "colombian"),  # past the help and back, round to the first
        ("?" + ENTER, HELP),
        ("<" + ENTER, BACK),
    ],
)
def test_enum_pick(keys: str, expected: Any) -> None:
    assert ask(enum_spec(), keys) == expected  # markers compare by identity


def test_enum_change_starts_on_the_current_value() -> None:
    assert ask(enum_spec(current="stateless"), ENTER) == "stateless"
    assert ask(enum_spec(current="stateless"), UP + ENTER) == "foreign"


@pytest.mark.parametrize(
    "keys, expected",
    [
        ("8" + ENTER, "v8"),
        ("0" + ENTER, UNKNOWN),
        ("a" + ENTER, HELP),
        ("v" + ENTER, BACK),  # the same special keys, however many values
    ],
)
def test_enum_with_eight_values_keeps_a_shortcut_for_every_choice(keys: str, expected: Any) -> None:
    assert ask(enum_spec(RELATIONSHIP), keys) == expected


# ------------------------------------------------------------------ int


@pytest.mark.parametrize(
    "keys, expected",
    [
        ("15" + ENTER, 15),
        ("0" + ENTER, 0),
        ("120" + ENTER, 120),
        (" 7 " + ENTER, 7),
        (ENTER, UNKNOWN),
        ("   " + ENTER, UNKNOWN),
        ("?" + ENTER, HELP),
        ("<" + ENTER, BACK),
        ("a" + ENTER, HELP),  # the lists' letters too: a = ayuda, v = volver
        ("v" + ENTER, BACK),
        (" A " + ENTER, HELP),
        ("V" + ENTER, BACK),
    ],
)
def test_int(keys: str, expected: Any) -> None:
    answer = ask(int_spec(), keys)
    assert answer == expected and type(answer) is type(expected)


def test_int_back_is_help_when_there_is_nothing_to_go_back_to() -> None:
    assert ask(int_spec(can_go_back=False), "<" + ENTER) is HELP
    assert ask(int_spec(can_go_back=False), "v" + ENTER) is HELP
    screen = Screen()
    assert ask(int_spec(can_go_back=False), "15" + ENTER, screen=screen) == 15
    assert screen.shows("¿Qué edad tiene el NNA? (número; vacío = No sé, a = ayuda)")  # no back key offered
    assert not screen.shows("volver")


def test_int_in_english_takes_the_english_letters() -> None:
    screen = Screen()
    assert ask(int_spec(lang="en", text="How old is the child?"), "h" + ENTER, screen=screen) is HELP
    assert screen.shows("How old is the child? (number; empty = don't know, h = help, b = back)")
    assert ask(int_spec(lang="en"), "b" + ENTER) is BACK
    assert ask(int_spec(lang="en"), "?" + ENTER) is HELP


@pytest.mark.parametrize("invalid", ["200", "121", "-1", "abc", "1.5", "15a", "1 5"])
def test_int_invalid_is_rejected_then_a_valid_one_accepted(invalid: str) -> None:
    # Enter on an invalid number keeps the prompt open; erasing it and typing 15 answers 15.
    keys = invalid + ENTER + BACKSPACE * len(invalid) + "15" + ENTER
    assert ask(int_spec(), keys) == 15


def _validator(monkeypatch: pytest.MonkeyPatch, spec: PromptSpec) -> Callable[[str], Any]:
    """The validate function the number prompt hands to questionary.text."""
    import questionary

    seen: dict[str, Any] = {}

    def fake_text(*args: Any, **kwargs: Any) -> Any:
        seen.update(kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(questionary, "text", fake_text)
    with pytest.raises(KeyboardInterrupt):
        QuestionaryPrompter(output=DummyOutput()).ask(spec)
    return seen["validate"]


@pytest.mark.parametrize(
    "text, ok",
    [
        ("15", True),
        ("１５", True),
        ("²", False),
        ("¹²", False),
        ("", True),
        ("?", True),
        ("<", True),
        ("121", False),
        ("9" * 5000, False),
    ],
)
def test_int_validator_never_raises(monkeypatch: pytest.MonkeyPatch, text: str, ok: bool) -> None:
    # "²".isdigit() is true but int("²") fails, and int() refuses more than 4300 digits: the validator
    # used to raise inside prompt_toolkit's event loop (an "Unhandled exception" screen mid-interview).
    # Tested here without the event loop, because that failure loops forever on a pipe.
    verdict = _validator(monkeypatch, int_spec())(text)
    assert (verdict is True) is ok
    if not ok:
        assert verdict == "Escriba un número entre 0 y 120, o déjelo vacío si no sabe"


def test_fullwidth_digits_are_a_number() -> None:
    assert ask(int_spec(), "１５" + ENTER) == 15


def test_int_invalid_shows_the_range_and_the_way_out() -> None:
    screen = Screen()
    message = "Escriba un número entre 0 y 120, o déjelo vacío si no sabe"
    answer = ask(int_spec(), "200" + ENTER, screen=screen, then=(message, BACKSPACE * 3 + "15" + ENTER))
    assert answer == 15
    assert screen.shows(message)
    assert screen.shows("¿Qué edad tiene el NNA? (número; vacío = No sé, a = ayuda, v = volver)")


def test_int_bounds_come_from_the_spec() -> None:
    assert ask(int_spec(minimum=5, maximum=10), "4" + ENTER + BACKSPACE + "10" + ENTER) == 10
    assert ask(int_spec(minimum=None, maximum=None), "999999" + ENTER) == 999999


def test_int_change_starts_from_the_current_value() -> None:
    assert ask(int_spec(current=12), ENTER) == 12
    assert ask(int_spec(current=12), BACKSPACE * 2 + "13" + ENTER) == 13
    assert ask(int_spec(current=12), BACKSPACE * 2 + ENTER) is UNKNOWN


def test_int_ctrl_d_ends_input() -> None:
    with pytest.raises(EOFError):  # the triage command saves and exits on EOFError as on Ctrl-C
        ask(int_spec(), CTRL_D)


# ------------------------------------------------------------------ set

# The checkbox: the three values, a separator, then Ninguna de estas, No sé, Ver ayuda, Volver.
NONE_OF_THESE = DOWN * 3 + SPACE


@pytest.mark.parametrize(
    "keys, expected",
    [
        (NONE_OF_THESE + ENTER, frozenset()),  # "none" is an explicit answer
        (SPACE + ENTER, frozenset({"sexual"})),
        (SPACE + DOWN + DOWN + SPACE + ENTER, frozenset({"sexual", "other"})),
        (DOWN + SPACE + DOWN + SPACE + UP + SPACE + ENTER, frozenset({"other"})),  # space toggles
    ],
)
def test_set_marks_with_space(keys: str, expected: frozenset[str]) -> None:
    assert ask(set_spec(), keys) == expected


def test_set_empty_enter_is_refused_never_read_as_none() -> None:
    # Enter with nothing marked keeps the prompt open; marking a value then Enter answers it.
    assert ask(set_spec(), ENTER + SPACE + ENTER) == frozenset({"sexual"})
    # (the refusal message is drawn in the validation toolbar, which the Screen double does not capture)
    assert "Marque al menos una:" in t("set_empty", "es")


@pytest.mark.parametrize("downs, expected", [(4, UNKNOWN), (5, HELP), (6, BACK)])
def test_set_special_choice_alone(downs: int, expected: Any) -> None:
    assert ask(set_spec(), DOWN * downs + SPACE + ENTER) is expected


@pytest.mark.parametrize(
    "keys, expected",
    [
        ("0" + ENTER, UNKNOWN),  # the same keys as on every list: 0 marks "No sé", Enter answers
        ("a" + ENTER, HELP),  # help and back answer at once (test_prompts_answer_keys.py); not "mark all"
        ("v" + ENTER, BACK),
        ("?" + ENTER, HELP),
        ("<" + ENTER, BACK),
        ("A" + ENTER, HELP),
        ("00" + ENTER + "a" + ENTER, HELP),  # a second 0 unmarks it, as space does: that Enter is refused
    ],
)
def test_set_takes_the_keys_of_the_lists(keys: str, expected: Any) -> None:
    assert ask(set_spec(), keys) == expected  # markers compare by identity


def test_set_keys_in_english_and_without_an_answer_to_go_back_to() -> None:
    screen = Screen()
    assert ask(set_spec(lang="en", text="What for?"), "h" + ENTER, screen=screen) is HELP
    assert screen.shows("What for? (arrows move, space marks, enter confirms; 0 = don't know, h = help, b = back)")
    for label in ("0) I don't know", "h) Show help", "b) Go back to an earlier answer"):
        assert screen.shows(label)
    assert ask(set_spec(lang="en"), "b" + ENTER) is BACK
    screen = Screen()
    # nothing to go back to: v marks nothing, so Enter with nothing marked is refused; then 0 answers "No sé"
    assert ask(set_spec(can_go_back=False), "v" + ENTER + "0" + ENTER, screen=screen) is UNKNOWN
    assert screen.shows("(flechas mueven, espacio marca, enter confirma; 0 = No sé, a = ayuda)")
    assert not screen.shows("Volver")


def test_set_value_and_special_together_is_rejected_until_one_is_unmarked() -> None:
    # Enter with "Explotación sexual" and "No sé" marked keeps the prompt open (the message is shown
    # at the bottom of the terminal: see the pty test); unmarking "No sé" then Enter answers the value.
    keys = SPACE + DOWN * 4 + SPACE + ENTER + SPACE + ENTER
    assert ask(set_spec(), keys) == frozenset({"sexual"})
    keys = SPACE + DOWN * 3 + SPACE + ENTER + UP * 3 + SPACE + ENTER  # a value and "none", then "none" only
    assert ask(set_spec(), keys) == frozenset()


def test_set_shows_its_instruction_and_specials() -> None:
    screen = Screen()
    assert ask(set_spec(), NONE_OF_THESE + ENTER, screen=screen) == frozenset()
    assert screen.shows("¿Para qué? (flechas mueven, espacio marca, enter confirma; 0 = No sé, a = ayuda, v = volver)")
    for label in (
        "Explotación sexual",
        "Mendicidad",
        "Otra forma",
        "Ninguna de estas",
        "0) No sé",  # the keys written before the labels, as on the other lists
        "a) Ver ayuda",
        "v) Volver a una respuesta anterior",
    ):
        assert screen.shows(label)


def test_set_change_starts_with_the_current_values_marked() -> None:
    current = frozenset({"sexual", "other"})
    assert ask(set_spec(current=current), ENTER) == current
    assert ask(set_spec(current=current), SPACE + ENTER) == frozenset({"other"})  # unmark the first
    assert ask(set_spec(current=frozenset()), ENTER) == frozenset()  # "none" was the answer: it stays marked


# ------------------------------------------------------------------ pick_previous and finish

OPTIONS = [
    ("age", "¿Qué edad tiene el NNA? → 15"),
    ("nationality", "¿Nacionalidad? → Colombiana"),
    ("recruited", "¿Alguien captó al NNA? → Sí"),
]


@pytest.mark.parametrize(
    "keys, expected",
    [
        (ENTER, "age"),
        (DOWN + ENTER, "nationality"),
        (DOWN * 2 + ENTER, "recruited"),
        (DOWN * 3 + ENTER, None),  # Cancelar, past the separator
        (UP + ENTER, None),
    ],
)
def test_pick_previous(keys: str, expected: str | None) -> None:
    assert drive(lambda p: p.pick_previous(OPTIONS, "es"), keys) == expected


def test_pick_previous_shows_the_answers_and_cancel() -> None:
    screen = Screen()
    drive(lambda p: p.pick_previous(OPTIONS, "es"), ENTER, screen=screen)
    assert screen.shows("¿Qué respuesta quiere cambiar? (flechas, enter confirma)")
    for _, label in OPTIONS:
        assert screen.shows(label)
    assert screen.shows("Cancelar (seguir donde iba)")


@pytest.mark.parametrize(
    "keys, expected",
    [
        ("1" + ENTER, True),
        ("2" + ENTER, False),
        (ENTER, True),
        (DOWN + ENTER, False),
    ],
)
def test_finish(keys: str, expected: bool) -> None:
    assert drive(lambda p: p.finish("es"), keys) is expected


def test_finish_in_english() -> None:
    screen = Screen()
    assert drive(lambda p: p.finish("en"), "2" + ENTER, screen=screen) is False
    for line in ("What do you want to do?", "1) Finish and save", "2) Change an answer"):
        assert screen.shows(line)


# ------------------------------------------------------------------ Ctrl-C


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda p: p.ask(bool_spec()), id="bool"),
        pytest.param(lambda p: p.ask(enum_spec()), id="enum"),
        pytest.param(lambda p: p.ask(int_spec()), id="int"),
        pytest.param(lambda p: p.ask(int_spec(current=9)), id="int-with-text"),
        pytest.param(lambda p: p.ask(set_spec()), id="set"),
        pytest.param(lambda p: p.pick_previous(OPTIONS, "es"), id="pick_previous"),
        pytest.param(lambda p: p.finish("es"), id="finish"),
    ],
)
def test_ctrl_c_raises_keyboard_interrupt(call: Callable[[QuestionaryPrompter], Any]) -> None:
    with pytest.raises(KeyboardInterrupt):
        drive(call, CTRL_C)


def test_ctrl_c_after_partial_input_still_interrupts() -> None:
    with pytest.raises(KeyboardInterrupt):
        drive(lambda p: p.ask(set_spec()), SPACE + DOWN + SPACE + CTRL_C)


@pytest.mark.parametrize("typed", ["15 años", "15años", "15 years", " 15 AÑOS "])
def test_int_accepts_a_unit_after_the_number(typed: str) -> None:
    assert ask(int_spec(), typed + ENTER) == 15
