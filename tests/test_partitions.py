"""The engine's memoised path (`partitions`) gives exactly the plain reading's result (`evaluate_direct`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from budget import examples
from hypothesis import HealthCheck, given, settings
from test_engine_properties import GUIDELINE, complete_facts, partial_facts

from tip_triage import partitions
from tip_triage.casefile import load_case
from tip_triage.engine import _plan, evaluate, evaluate_direct
from tip_triage.partitions import Partitioned

REPO = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((REPO / "cases_examples").glob("*.yaml"))
SETTINGS = settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_scenario_as_the_plain_reading(path: Path) -> None:
    facts = load_case(str(path)).facts
    assert evaluate(GUIDELINE, facts) == evaluate_direct(GUIDELINE, facts)
    assert evaluate(GUIDELINE, facts) is evaluate(GUIDELINE, facts)  # the same situation, the same result


@SETTINGS
@given(partial_facts)
def test_random_partial_facts_as_the_plain_reading(facts: dict) -> None:
    assert evaluate(GUIDELINE, facts) == evaluate_direct(GUIDELINE, facts)


@SETTINGS
@given(complete_facts)
def test_random_complete_facts_as_the_plain_reading(facts: dict) -> None:
    assert evaluate(GUIDELINE, facts) == evaluate_direct(GUIDELINE, facts)


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partial_facts)
def test_a_fresh_memo_and_a_warm_one_agree(facts: dict) -> None:
    fresh = Partitioned(GUIDELINE, _plan(GUIDELINE))
    assert fresh.evaluate(facts) == evaluate(GUIDELINE, facts) == evaluate_direct(GUIDELINE, facts)


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partial_facts)
def test_the_unrolled_run_is_the_loop_over_the_partitions(facts: dict) -> None:
    """`unrolled` writes the loop of `evaluate_loop` out: the same result, remembered the same way."""
    unrolled, looped = Partitioned(GUIDELINE, _plan(GUIDELINE)), Partitioned(GUIDELINE, _plan(GUIDELINE))
    first = unrolled.evaluate(facts)
    assert first == looped.evaluate_loop(facts) == evaluate_direct(GUIDELINE, facts)
    assert unrolled.evaluate_loop(facts) is first  # the loop finds what the unrolled run remembered
    assert looped.evaluate(facts) is looped.evaluate_loop(facts)


def test_the_unrolled_run_sends_odd_values_the_plain_way() -> None:
    fast = Partitioned(GUIDELINE, _plan(GUIDELINE))
    assert fast.evaluate({"age": 12, "exploitation": ["sexual"]}) is None
    assert fast.evaluate_loop({"age": 12, "exploitation": ["sexual"]}) is None
    assert fast.evaluate({"age": True}) is None


def test_values_of_another_type_are_never_confused_with_the_remembered_ones() -> None:
    """1 == True and hash(1) == hash(True): an int given for a bool fact must not get True's result."""
    base = {"age": 12, "recruited": True, "moved": "within_colombia", "exploitation": frozenset({"sexual"})}
    fast = Partitioned(GUIDELINE, _plan(GUIDELINE))
    remembered = fast.evaluate({**base, "someone_profits": True})
    assert remembered is not None
    assert fast.evaluate({**base, "someone_profits": 1}) is None  # the plain path, not the memo
    assert evaluate(GUIDELINE, {**base, "someone_profits": 1}) == evaluate_direct(
        GUIDELINE, {**base, "someone_profits": 1}
    )
    assert evaluate(GUIDELINE, {**base, "someone_profits": 1}) != remembered
    assert fast.evaluate({**base, "age": 12.0}) is None


def test_unhashable_values_go_the_plain_way() -> None:
    fast = Partitioned(GUIDELINE, _plan(GUIDELINE))
    assert fast.evaluate({"age": 12, "exploitation": ["sexual"]}) is None


def test_memory_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(partitions, "MAX_ENTRIES", 5)
    monkeypatch.setattr(partitions, "MAX_RESULTS", 5)
    fast = Partitioned(GUIDELINE, _plan(GUIDELINE))
    for age in range(60):
        for profits in (True, False, None):
            facts = {"age": age, "recruited": True, "someone_profits": profits, "moved": "abroad"}
            assert fast.evaluate(facts) == evaluate_direct(GUIDELINE, facts)
    memos = [p.memo for p in (*fast.first, fast.indicator, *fast.last)] + [fast.assembled, fast.results, fast._numbered]
    assert max(len(m) for m in memos) <= 5


def test_partitions_read_few_facts_and_cover_the_guideline() -> None:
    fast = _plan(GUIDELINE).partitioned
    parts = [part for p in (*fast.first, *fast.last) for part in p.parts]
    assert all(len(p.facts) <= partitions.MAX_KEY or len(p.parts) == 1 for p in (*fast.first, *fast.last))
    kinds = [kind for kind, _, _ in parts]
    assert kinds.count("rule") == len(GUIDELINE.qualifications)
    assert kinds.count("referral") == len(GUIDELINE.referrals)
    assert kinds.count("note") == len(GUIDELINE.notes)
    assert kinds.count("aggravating") == len(GUIDELINE.aggravating)
    assert kinds.count("presumption") == len(GUIDELINE.presumptions)
