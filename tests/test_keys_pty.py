"""The answer keys in a real pseudo-terminal: help, back and "No sé" take the same keys on every kind of question.

A Spanish interview (80 columns) where the Defender asks for help with ? on a yes/no question, with a on a
number and on a check-box question, goes back with v from a number, and answers "No sé" with 0 on the
check boxes; each question's hint names exactly the keys it takes. Uses the terminal of tests/test_triage_pty.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

from test_triage_pty import (  # noqa: E402,F401  (terminals: the fixture)
    ENTER,
    FIRST_ANSWERS,
    GUIDELINE,
    RESUMED_ANSWERS,
    Terminal,
    load,
    session_files,
    terminals,
)

from tip_triage.i18n import t  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]  # slow: run by .ci/run and `pytest -m slow`

UP = "\x1b[A"


def _help_then_again(term: Terminal, fact: str, keys: str) -> None:
    """Type `keys`: the fact's help is shown, then the same question again."""
    term.send(keys)
    term.wait(GUIDELINE.facts[fact].help["es"][:60])
    assert term.which_question("es") == fact


def test_help_back_and_dont_know_keys_are_the_same_on_every_kind_of_question(tmp_path: Path, terminals) -> None:  # noqa: F811
    from test_triage_pty import keys_for

    data = tmp_path / "data"
    term = terminals(["triage"], data)
    answers = {**FIRST_ANSWERS, **RESUMED_ANSWERS, "immediate_danger": False}
    asked = []
    while (fact := term.question("es")) is not None:
        asked.append(fact)
        if fact == "immediate_danger":  # yes/no, the first question: nothing to go back to, no back key offered
            term.wait("(s/n, número o flechas; 0 = No sé, a = ayuda)")
            assert "v=volver" not in term.text
            _help_then_again(term, fact, "?" + ENTER)  # ? as on a number
        elif fact == "age":  # a number: the lists' letters, and "No sé" is an empty answer (0 is an age)
            term.wait("(número; vacío = No sé, a = ayuda, v = volver)")
            _help_then_again(term, fact, "a" + ENTER)
            term.send("v" + ENTER)  # v = volver, as on the lists
            term.wait(t("pick_previous", "es"))
            term.wait(t("cancel", "es"))
            term.send(UP + ENTER)  # Cancelar: back to the question
            term.expect_question("age", "es")
        elif fact == "exploitation":  # check boxes: the same keys, written before their choices
            term.wait("(flechas mueven, espacio marca, enter confirma; 0 = No sé, a = ayuda, v = volver)")
            term.wait("0) No sé", "a) Ver ayuda", "v) Volver a una respuesta anterior")
            _help_then_again(term, fact, "a" + ENTER)  # a = ayuda here too, not "mark everything"
            term.send("0" + ENTER)  # 0 = No sé, as on every list
            term.wait(f"{GUIDELINE.facts[fact].question['es']} → {t('dont_know', 'es')}")  # the answer echoed
            continue
        term.send(keys_for(fact, answers.get(fact)))
    assert {"immediate_danger", "age", "exploitation"} <= set(asked)
    term.send("1" + ENTER)  # Terminar y guardar
    term.wait(t("case_written", "es"))
    assert term.finish() == 0
    assert "Traceback" not in term.raw

    [path] = session_files(data)
    case = load(path)
    assert case["facts"]["immediate_danger"] is False and case["facts"]["age"] == 15
    assert "exploitation" in case["interview"]["asked"] and "exploitation" not in case["facts"]  # "No sé"
    assert case["interview"]["asked"].count("age") == 1  # going back and cancelling asked it once
