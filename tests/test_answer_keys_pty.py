"""The answer keys in a real pseudo-terminal (80 columns): a stray Enter never asserts a fact, a change starts
on the answer being changed, and the help key on a check-box question opens the help at once.

Uses the terminal of tests/test_triage_pty.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

from test_triage_pty import (  # noqa: E402,F401  (terminals: the fixture)
    DOWN,
    ENTER,
    GUIDELINE,
    SPACE,
    keys_for,
    load,
    session_files,
    squash,
    terminals,
)

from tip_triage.i18n import t  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]  # slow: run by .ci/run and `pytest -m slow`

DANGER = "immediate_danger"


def test_a_stray_key_and_enter_answer_dont_know_and_a_change_starts_on_the_answer(tmp_path: Path, terminals) -> None:  # noqa: F811
    term = terminals(["triage", "--lang", "en"], tmp_path)
    term.expect_question(DANGER, "en")
    term.wait("» 0) I don't know")  # a new question: the pointer on "I don't know"
    term.send("a" + ENTER)  # the Spanish help key, no key in English: Enter takes "I don't know"
    term.expect_question("sexual_violence_within_72h", "en")
    assert squash("Call line 123") not in term.text  # no emergency panel
    [path] = session_files(tmp_path)
    assert DANGER in load(path)["interview"]["asked"] and DANGER not in load(path)["facts"]

    term.send("2" + ENTER)  # No
    term.expect_question("health_needs", "en")
    changes = ((0, DANGER, "» 0) I don't know"), (1, "sexual_violence_within_72h", "» 2) No"))
    for downs, answered, pointer in changes:
        term.send("b" + ENTER)  # back: the answer being changed is pointed at
        term.wait(t("pick_previous", "en"))
        term.wait(t("cancel", "en"))
        term.send(DOWN * downs + ENTER)  # the answers are listed in the order asked
        assert term.which_question("en") == answered
        term.wait(pointer)
        term.send(ENTER)  # kept as it was
        term.expect_question("health_needs", "en")
    term.send("2" + ENTER)
    term.expect_question("current_location", "en")
    assert "Traceback" not in term.raw
    facts = load(path)["facts"]
    assert DANGER not in facts and facts["sexual_violence_within_72h"] is False and facts["health_needs"] is False


def test_the_help_key_on_check_boxes_opens_the_help_and_keeps_the_boxes(tmp_path: Path, terminals) -> None:  # noqa: F811
    from test_triage_pty import FIRST_ANSWERS, RESUMED_ANSWERS

    fact = "exploitation"
    values = list(GUIDELINE.facts[fact].values)
    answers = {**FIRST_ANSWERS, **RESUMED_ANSWERS, DANGER: False}
    term = terminals(["triage"], tmp_path)
    while (asked := term.question("es")) != fact:
        assert asked is not None, f"{fact} never asked"
        term.send(keys_for(asked, answers.get(asked)))
    # a value and "No sé" marked: Enter is refused, with the whole message (never cut at 80 columns)
    term.send(SPACE + DOWN * (len(values) + 1) + SPACE + ENTER)
    term.wait(t("set_mixed", "es"))
    term.send("a")  # the help at once, not a mark on "a) Ver ayuda"
    term.wait(GUIDELINE.facts[fact].help["es"][:60])
    assert term.which_question("es") == fact
    term.send("0" + ENTER)  # the boxes as they were: 0 unmarks "No sé", the value stays
    term.wait(f"{GUIDELINE.facts[fact].question['es']} → {GUIDELINE.facts[fact].labels[values[0]]['es']}")
    term.question("es")  # the next one: the answer is saved
    assert "Traceback" not in term.raw
    [path] = session_files(tmp_path)
    assert load(path)["facts"][fact] == [values[0]]
