"""Issue 6 §2: the interview asks everything that matters.

For any set of facts, a Defender who answers every question the interview asks from those facts
("No sé" where a fact is absent) ends with exactly the result that `check` gives on all of them:
qualification, concurrent codes, indicator level and referrals.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path

import pytest
from budget import examples
from hypothesis import assume, given, settings
from rich.console import Console
from scripted import ScriptedPrompter
from test_engine_properties import partial_facts

from tip_triage.engine import evaluate, next_question
from tip_triage.interview import Session, start_state
from tip_triage.loader import load_case, load_guideline
from tip_triage.model import Result

GUIDELINE = load_guideline()
# thousands of random fact sets in CI (.ci/run sets CI=true), a quick sample in a local run
MANY = examples(60, ci=3000)  # thousands of random fact sets in CI
EXAMPLES = sorted(Path(__file__).resolve().parent.parent.joinpath("cases_examples").glob("*.yaml"))


def consistent(facts: dict) -> bool:
    """The implications the contract states between facts (docs/case-file.md, "Facts")."""
    implied = [
        ("work_hazardous_or_underage", "child_works"),  # "true ... implies the child works"
        ("crossing_facilitator_paid", "irregular_border_crossing"),  # "paid ... for facilitating that crossing"
    ]
    if any(facts.get(a) is True and facts.get(b) is False for a, b in implied):
        return False
    # a crossing someone was paid to facilitate is a crossing: recorded whenever the payment is
    return not (facts.get("crossing_facilitator_paid") is True and "irregular_border_crossing" not in facts)


def outcome(result: Result) -> tuple:
    return (result.qualification, result.concurrent, result.indicator_level, tuple(r.id for r in result.referrals))


def engine_interview(facts: dict) -> dict:
    """The interview's loop reduced to the engine: ask, answer from `facts` or "No sé", until done."""
    known: dict = {}
    asked: list[str] = []
    while (question := next_question(GUIDELINE, known, asked)) is not None:
        asked.append(question.fact)
        if question.fact in facts:
            known[question.fact] = facts[question.fact]
    return known


def session_interview(facts: dict) -> dict:
    """The real interview loop (drops, alerts, saving) with a prompter that answers from `facts`."""
    state = start_state(GUIDELINE, None, "PROP-1", "es", "2026-12-02T10:00:00Z")
    out = Console(file=io.StringIO(), width=80, no_color=True)
    clock = lambda: datetime(2026, 12, 2, 10, 0, 0, tzinfo=timezone.utc)  # noqa: E731
    session = Session(GUIDELINE, state, ScriptedPrompter(defaults=dict(facts)), out, lambda case: None, clock)
    return dict(session.run().facts)


def assert_same_outcome(facts: dict, known: dict) -> None:
    expected, got = outcome(evaluate(GUIDELINE, facts)), outcome(evaluate(GUIDELINE, known))
    unasked = sorted(set(facts) - set(known))
    assert got == expected, f"facts never asked: {unasked}"


@settings(max_examples=MANY, deadline=None)
@given(partial_facts)
def test_answering_every_question_asked_gives_the_result_of_all_the_facts(facts):
    assume(consistent(facts))
    assert_same_outcome(facts, engine_interview(facts))


@settings(max_examples=max(10, MANY // 10), deadline=None)
@given(partial_facts)
def test_the_real_interview_loop_gives_the_result_of_all_the_facts(facts):
    assume(consistent(facts))
    assert_same_outcome(facts, session_interview(facts))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_scenario_interviewed_from_its_facts_gives_its_result(path):
    facts = dict(load_case(str(path)).facts)
    assert_same_outcome(facts, session_interview(facts))
