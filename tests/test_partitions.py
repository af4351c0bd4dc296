"""The engine's memoised path (`partitions`) gives exactly the plain reading's result (`evaluate_direct`)."""

from __future__ import annotations

from bisect import bisect_left
from pathlib import Path

import pytest
from budget import examples
from hypothesis import HealthCheck, given, settings
from test_engine_properties import GUIDELINE, complete_facts, partial_facts

from tip_triage import partitions
from tip_triage.casefile import load_case
from tip_triage.condtree import FactTest
from tip_triage.engine import _plan, evaluate, evaluate_direct
from tip_triage.keys import value_classes
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
    monkeypatch.setattr(partitions, "MAX_TAILS", 5)
    fast = Partitioned(GUIDELINE, _plan(GUIDELINE))
    for age in range(60):
        for profits in (True, False, None):
            facts = {"age": age, "recruited": True, "someone_profits": profits, "moved": "abroad"}
            assert fast.evaluate(facts) == evaluate_direct(GUIDELINE, facts)
    memos = [p.memo for p in (*fast.first, fast.indicator, *fast.last)] + [
        fast.assembled,
        fast.results,
        fast.tails,
        fast._numbered,
    ]
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


# ---------------------------------------------------------------- an int fact's values grouped into classes


def test_the_guideline_groups_ages_by_the_limits_its_first_parts_ask():
    cuts = Partitioned(GUIDELINE, _plan(GUIDELINE)).cuts
    assert set(cuts) == {list(GUIDELINE.facts).index("age")}
    assert cuts[list(GUIDELINE.facts).index("age")][0] == (14, 18)


@SETTINGS
@given(partial_facts)
def test_every_age_shares_memo_entries_only_with_ages_that_give_the_same_result(facts: dict) -> None:
    """One memo over every age from 0 to 40 (and unknown) for the same other facts: each age's result is the
    plain reading's, whatever ages of its class came first."""
    fast = Partitioned(GUIDELINE, _plan(GUIDELINE))
    for age in [None, *range(41), 120]:
        case = {k: v for k, v in facts.items() if k != "age"} | ({} if age is None else {"age": age})
        assert fast.evaluate(case) == evaluate_direct(GUIDELINE, case), age
        assert fast.evaluate_loop(case) == fast.evaluate(case)


def _test(op: str, operand: object) -> FactTest:
    return FactTest("age", op, operand)


def test_value_classes_split_at_each_number_compared_with():
    cuts, points = value_classes([_test("lt", 14), _test("gte", 18), _test("equals", 12), _test("known", True)])
    assert cuts == (12, 14, 18) and points == {12, 14, 18}

    def klass(v: int) -> int:
        return bisect_left(cuts, v) * 2 + (v in points)

    assert len({klass(v) for v in range(12)}) == 1 and klass(12) != klass(11) != klass(13)
    assert klass(13) != klass(14) != klass(15) == klass(16) == klass(17) != klass(18) != klass(19)
    assert value_classes([_test("in", [3, 5.5, True, "x"])])[1] == {1, 3, 5.5}  # True == 1 for `in`


@pytest.mark.parametrize(
    "tests",
    [
        [_test("contains", 3)],  # a kind of test not known to group values: values stay as they are
        [_test("lt", "14")],  # an int compared with text
        [_test("lt", 14), _test("gt", float("nan"))],  # NaN cannot be placed among the limits
        [_test("in", 14)],  # `in` without a list
    ],
)
def test_value_classes_give_up_on_what_they_cannot_place(tests):
    assert value_classes(tests) is None


def test_two_indicator_rules_with_the_same_level_never_share_a_result(tmp_path: Path) -> None:
    """A situation's result is remembered by the indicator's outcome (its level and the rule that gave it), not
    by the level alone: two rules giving `none` leave different steps in the trace."""
    import shutil

    from tip_triage.loader import load_guideline

    folder = tmp_path / "g"
    shutil.copytree(REPO / "guidelines" / "co-icbf-2018", folder)
    rules = folder / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    first_rule = "  rules:\n    - level: clear\n"
    assert first_rule in text
    extra = "    - level: none\n      when: {fact: disability, equals: true}\n      basis: [cp_188a]\n      status: INFERRED\n"
    rules.write_text(text.replace(first_rule, "  rules:\n" + extra + "    - level: clear\n"), encoding="utf-8")
    guideline = load_guideline(str(folder))
    for facts in [{"age": 12, "exploitation": frozenset(), "disability": d} for d in (False, True)]:
        assert evaluate(guideline, facts) == evaluate_direct(guideline, facts)
