"""Invariants behind `guideline lint`'s exactness claims, over random facts (hypothesis).

- three-valued evaluation on a partial assignment never contradicts a completion of it
  (what lets the search prune a branch);
- a representative of a reduced domain gives every condition the same value as any
  value it represents (what makes the small domains exact);
- the bundled guideline has no gap, as lint says: a complete set of facts that
  qualifies nothing has, for every rule with elements, an element known absent;
- a gap that lint finds is real: the engine gives no_crime_indicators on its witness.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from budget import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_engine_properties import complete_facts, part_of

from tip_triage.condtree import FactTest
from tip_triage.domains import Kleene, Reader, fact_domain
from tip_triage.engine import evaluate
from tip_triage.loader import load_guideline
from tip_triage.solver import ELEMENTS_TRUE, NOT_HOLDS, SCOPE_NOT_ALL, Constraint, Solver

GUIDELINE = load_guideline()
SETTINGS = settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
KLEENE = Kleene(GUIDELINE)
READER = Reader(GUIDELINE)
CONDITIONS = [c for r in GUIDELINE.qualifications for c in (*r.scope, *(e.when for e in r.elements))]
CONDITIONS += [d.when for d in GUIDELINE.definitions.values()] + [
    q.ask_if for s in GUIDELINE.stages for q in s.questions if q.ask_if
]


@SETTINGS
@given(complete_facts.flatmap(lambda facts: st.tuples(st.just(facts), part_of(facts))))
def test_a_decided_partial_value_holds_for_the_completion(pair):
    complete, partial = pair
    for cond in CONDITIONS:
        decided = KLEENE.value(cond, partial)
        if decided is not None:
            assert KLEENE.value(cond, complete) is decided


def _representative(fact_id: str, value, atoms):
    """The set in the reduced domain standing for `value`: the same state (empty, some, all) of every class."""
    domain = fact_domain(GUIDELINE, fact_id, atoms)
    return next(
        d
        for d in domain
        if all(
            (bool(value & group), value >= group) == (bool(d & group), d >= group) for group in _classes(fact_id, atoms)
        )
    )


def _classes(fact_id, atoms):
    fact = GUIDELINE.facts[fact_id]
    lists = []
    for atom in atoms:
        if not isinstance(atom, FactTest) or atom.fact != fact_id:
            continue
        if atom.op in ("equals", "contains", "contains_any", "subset_of"):
            lists.append(frozenset(atom.operand if isinstance(atom.operand, list) else [atom.operand]))
    classes: dict = {}
    for v in fact.values:
        classes.setdefault(tuple(v in g for g in lists), set()).add(v)
    return [frozenset(c) for c in classes.values()]


@SETTINGS
@given(complete_facts)
def test_set_representatives_give_every_condition_the_same_value(facts):
    for cond in CONDITIONS:
        atoms = READER.atoms(cond)
        values = dict(facts)
        for fact_id in READER.facts(cond):
            if GUIDELINE.facts[fact_id].type == "set":
                values[fact_id] = _representative(fact_id, facts[fact_id], atoms)
        assert KLEENE.value(cond, values) is KLEENE.value(cond, facts)


@SETTINGS
@given(complete_facts)
def test_the_bundled_guideline_has_no_gap(facts):
    result = evaluate(GUIDELINE, facts)
    if result.qualification != "no_crime_indicators":
        return
    for rule in GUIDELINE.qualifications:
        if rule.elements:
            assert any(KLEENE.value(e.when, facts) is False for e in rule.elements), rule.id


def test_a_gap_found_by_the_search_is_real(tmp_path: Path):
    folder = tmp_path / "g"
    shutil.copytree(Path(GUIDELINE.path).parent, folder)
    rules = folder / "rules.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace(
            "    when: {not: {ref: adult_without_doubt}}\n",
            "    when: {any: [{fact: age, lt: 17}, {fact: age, known: false}]}\n",
            1,
        ),
        encoding="utf-8",
    )
    g = load_guideline(str(folder))
    solver = Solver(g)
    rule = g.rule("child_sale")
    witness = solver.find(
        [Constraint(ELEMENTS_TRUE, rule), Constraint(SCOPE_NOT_ALL, rule)]
        + [Constraint(NOT_HOLDS, r) for r in g.qualifications]
    )
    assert witness is not None and witness["age"] == 17
    result = evaluate(g, witness)
    assert result.qualification == "no_crime_indicators"
    assert all(v == "holds" or v == "excluded" for v in result.rule_status.values())


@SETTINGS
@given(complete_facts.flatmap(part_of))
def test_the_engine_on_the_reachable_rules_fires_the_same_referrals(facts):
    """analysis.py runs the engine only on the rules the known facts can reach: the same referrals fire."""
    from tip_triage.analysis import _Results

    results = _Results(GUIDELINE, READER)
    fired = {r.id for r in evaluate(GUIDELINE, facts).referrals}
    for ref in GUIDELINE.referrals:
        assert results.fires(ref, facts) == (ref.id in fired), ref.id


@SETTINGS
@given(complete_facts)
def test_every_age_has_a_representative_that_every_condition_treats_alike(facts):
    for cond in CONDITIONS:
        atoms = READER.atoms(cond)
        if "age" not in READER.facts(cond):
            continue
        constants = {
            a.operand
            for a in atoms
            if isinstance(a, FactTest) and a.fact == "age" and a.op in ("lt", "lte", "gt", "gte", "equals")
        }
        age = facts["age"]
        same_side = [
            r
            for r in fact_domain(GUIDELINE, "age", atoms)
            if all((r < c) == (age < c) and (r == c) == (age == c) for c in constants)
        ]
        assert same_side, (age, constants)  # the domain has a value on the same side of every constant
        assert KLEENE.value(cond, {**facts, "age": same_side[0]}) is KLEENE.value(cond, facts)
