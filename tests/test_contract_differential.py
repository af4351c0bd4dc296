"""The engine against a second reading of the contract (tests/contract_oracle.py) on random fact sets."""

from __future__ import annotations

from budget import examples
from contract_oracle import second_reading
from hypothesis import given, settings
from test_engine_properties import GUIDELINE, complete_facts, partial_facts

from tip_triage.engine import evaluate

MANY = examples(150, ci=5000)


@settings(max_examples=MANY, deadline=None)
@given(partial_facts)
def test_the_engine_agrees_with_a_second_reading_of_the_contract(facts):
    result = evaluate(GUIDELINE, facts)
    assert (result.qualification, result.concurrent, result.indicator_level) == second_reading(facts)


@settings(max_examples=MANY // 4, deadline=None)
@given(complete_facts)
def test_on_complete_facts_too(facts):
    result = evaluate(GUIDELINE, facts)
    assert (result.qualification, result.concurrent, result.indicator_level) == second_reading(facts)
