"""Invariants of the engine over random cases built from the guideline's own fact definitions.

Each fact is absent (unknown) or a random valid value; sets are random subsets.
"""

from __future__ import annotations

from typing import Any

import pytest
from budget import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tip_triage import schemas
from tip_triage.condtree import FactsRead, FactTest, Ref, walk_atoms
from tip_triage.engine import evaluate, next_question
from tip_triage.loader import load_guideline

GUIDELINE = load_guideline()
CODES = set(schemas.vocabulary()["qualification_codes"])
UNDECIDED = {"insufficient_information", "no_crime_indicators"}
SETTINGS = settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])

AGES = st.sampled_from([0, 5, 11, 12, 13, 14, 15, 16, 17, 18, 19, 25, 120]) | st.integers(0, 120)


def value_strategy(fact) -> st.SearchStrategy[Any]:
    if fact.type == "bool":
        return st.booleans()
    if fact.type == "int":
        return AGES if fact.id == "age" else st.integers(fact.min or 0, fact.max or 120)
    if fact.type == "enum":
        return st.sampled_from(fact.values)
    return st.frozensets(st.sampled_from(fact.values))


VALUE = {fact_id: value_strategy(fact) for fact_id, fact in GUIDELINE.facts.items()}
complete_facts = st.fixed_dictionaries(VALUE)


@st.composite
def part_of(draw, facts: dict) -> dict:
    """Each fact kept or left unknown, about half and half (shrinks towards fewer facts)."""
    keep = draw(st.lists(st.booleans(), min_size=len(facts), max_size=len(facts)))
    return {k: v for (k, v), kept in zip(facts.items(), keep) if kept}


partial_facts = complete_facts.flatmap(part_of)


# ---------------------------------------------------------------- what the guideline's conditions read


_FACTS_READ = FactsRead(GUIDELINE.definitions)


def _facts_of(cond) -> set[str]:
    return set(_FACTS_READ(cond))


def _uses_known(cond, seen=frozenset()) -> bool:
    for atom in walk_atoms(cond):
        if isinstance(atom, (FactTest, Ref)) and (
            atom.op in ("known", "not_true") if isinstance(atom, FactTest) else atom.known is not None
        ):
            return True
        if (
            isinstance(atom, Ref)
            and atom.name not in seen
            and _uses_known(GUIDELINE.definitions[atom.name].when, seen | {atom.name})
        ):
            return True
    return False


def _rule_conditions(rule):
    return [*rule.scope, *(e.when for e in rule.elements)]


RULE_FACTS = {r.id: set().union(*map(_facts_of, _rule_conditions(r))) for r in GUIDELINE.qualifications}


def _known_facts(cond, seen=frozenset()) -> set[str]:
    """The facts a condition reads through `known` (directly or under a `known` definition)."""
    found: set[str] = set()
    for atom in walk_atoms(cond):
        if isinstance(atom, FactTest) and atom.op in ("known", "not_true"):
            found.add(atom.fact)
        elif isinstance(atom, Ref) and atom.known is not None:
            found |= _facts_of(GUIDELINE.definitions[atom.name].when)
        elif isinstance(atom, Ref) and atom.name not in seen:
            found |= _known_facts(GUIDELINE.definitions[atom.name].when, seen | {atom.name})
    return found


# Where the contract itself reads an unknown as "not true", and only there, an unknown may act as false:
# the presumption of minority ("only a known age of 18 or more with age_uncertain not true is an adult";
# with the age unknown the lower age, under 14, is presumed) and the gang's armed child
# ("armed_conflict_link not true"). Learning any other fact never undoes a rule that held or was excluded.
CLOSED_WORLD_FACTS = {"age", "age_uncertain", "armed_conflict_link"}
PRESUMPTION_FACTS = {f for p in GUIDELINE.presumptions for f in p.missing}
ALL_CONDITIONS = [
    *(d.when for d in GUIDELINE.definitions.values()),
    *(c for r in GUIDELINE.qualifications for c in _rule_conditions(r)),
    *(r.when for r in (*GUIDELINE.indicator_rules, *GUIDELINE.aggravating, *GUIDELINE.notes, *GUIDELINE.referrals)),
    *(q.ask_if for s in GUIDELINE.stages for q in s.questions),
    GUIDELINE.end_when,
]
IRRELEVANT = sorted(set(GUIDELINE.facts) - set().union(*map(_facts_of, ALL_CONDITIONS)))


def test_only_the_contract_s_not_true_readings_treat_an_unknown_as_false():
    read_as_not_true = set().union(*(_known_facts(c) for r in GUIDELINE.qualifications for c in _rule_conditions(r)))
    assert read_as_not_true == CLOSED_WORLD_FACTS
    assert PRESUMPTION_FACTS == {"age", "age_uncertain"}


# ---------------------------------------------------------------- invariants


@SETTINGS
@given(partial_facts)
def test_evaluation_is_deterministic_and_ignores_the_order_of_the_facts(facts):
    first = evaluate(GUIDELINE, facts)
    assert evaluate(GUIDELINE, dict(facts)) == first
    assert evaluate(GUIDELINE, dict(reversed(list(facts.items())))) == first


@SETTINGS
@given(partial_facts)
def test_exactly_one_valid_primary_code_never_also_concurrent(facts):
    result = evaluate(GUIDELINE, facts)
    assert result.qualification in CODES
    assert result.qualification not in result.concurrent
    assert len(set(result.concurrent)) == len(result.concurrent)
    assert set(result.concurrent) <= CODES - UNDECIDED - {"out_of_scope_adult"}
    if result.concurrent:
        assert result.qualification not in UNDECIDED


@SETTINGS
@given(complete_facts)
def test_a_complete_case_is_never_insufficient(facts):
    result = evaluate(GUIDELINE, facts)
    assert result.qualification != "insufficient_information"
    # nothing is unknown; an age recorded as doubtful is still to be established (contract, "Presumption of
    # minority (amended)": `age` listed first in `missing` while `age_uncertain` is true)
    assert result.missing == (("age",) if facts.get("age_uncertain") is True else ())
    assert set(result.rule_status.values()) <= {"holds", "excluded"}


@st.composite
def case_and_extension(draw):
    """A complete case, a partial view of it, and a larger partial view (the partial one, extended)."""
    larger = draw(part_of(draw(complete_facts)))
    return draw(part_of(larger)), larger


@SETTINGS
@given(case_and_extension())
def test_an_unknown_fact_never_acts_as_false_outside_the_presumptions(pair):
    """Learning facts other than the contract's "not true" ones never undoes a rule that held or was excluded."""
    partial, extended = pair
    extended = {
        **{k: v for k, v in extended.items() if k not in CLOSED_WORLD_FACTS},
        **{k: v for k, v in partial.items() if k in CLOSED_WORLD_FACTS},
    }
    before, after = evaluate(GUIDELINE, partial), evaluate(GUIDELINE, extended)
    for rule_id, status in before.rule_status.items():
        if status in ("holds", "excluded"):
            assert after.rule_status[rule_id] == status, rule_id
    kept = set(before.codes) - UNDECIDED
    assert kept <= set(after.codes)
    if before.indicator_level == "clear":
        assert after.indicator_level == "clear"


CHILD_ONLY_RULES = [
    r.id
    for r in GUIDELINE.qualifications
    if {"ref": "minor"} in r.scope and "age" not in set().union(*(_facts_of(e.when) for e in r.elements))
]


@SETTINGS
@given(partial_facts, st.integers(0, 17), st.booleans())
def test_an_unknown_age_is_presumed_a_child(facts, age, uncertain):
    """Presumption of minority (Ley 1098 art. 3): with the age unknown every child-only rule reads as for a child,
    the age comes first among the missing facts, and no complaint, PARD or referral is held back."""
    unknown_age = {k: v for k, v in facts.items() if k != "age"}
    child = {**unknown_age, "age": age, "age_uncertain": uncertain}
    presumed, known = evaluate(GUIDELINE, unknown_age), evaluate(GUIDELINE, child)
    for rule_id in CHILD_ONLY_RULES:
        assert presumed.rule_status[rule_id] == known.rule_status[rule_id], rule_id
    assert presumed.missing[0] == "age"
    assert presumed.qualification != "out_of_scope_adult"
    assert {r.id for r in known.referrals} <= {r.id for r in presumed.referrals}
    if unknown_age.get("age_uncertain") is not True:
        assert "age_unknown" in presumed.notes


def test_the_adult_rule_is_the_spec_exception():
    assert evaluate(GUIDELINE, {"age": 20}).rule_status["adult"] == "holds"
    assert evaluate(GUIDELINE, {"age": 20, "age_uncertain": True}).rule_status["adult"] == "excluded"
    assert evaluate(GUIDELINE, {"age_uncertain": False}).rule_status["adult"] == "excluded"


@SETTINGS
@given(partial_facts)
def test_missing_only_names_facts_absent_from_the_case(facts):
    result = evaluate(GUIDELINE, facts)
    # but a doubtful age: recorded, not established (contract, "Presumption of minority (amended)")
    doubtful = {"age"} if facts.get("age_uncertain") is True else set()
    assert not set(result.missing) & set(facts) - doubtful
    if doubtful:
        assert result.missing[0] == "age"
    assert set(result.missing) <= set(GUIDELINE.facts)
    assert len(set(result.missing)) == len(result.missing)
    if result.qualification == "insufficient_information":
        assert result.missing


@pytest.mark.skipif(not IRRELEVANT, reason="every fact is read by some condition: see the next test")
@SETTINGS
@given(partial_facts, st.data())
def test_a_fact_no_condition_reads_changes_nothing(facts, data):
    base = {k: v for k, v in facts.items() if k not in IRRELEVANT}
    extra = data.draw(st.fixed_dictionaries({}, optional={f: VALUE[f] for f in IRRELEVANT}))
    assert evaluate(GUIDELINE, {**base, **extra}) == evaluate(GUIDELINE, base)


def test_the_irrelevant_facts_are_the_recorded_only_ones():
    # Facts the spec records for the file (evidence, context) but no rule reads: keep this list deliberate.
    assert set(IRRELEVANT) <= {"disability", "work_coerced", "exploitation_place"}


@SETTINGS
@given(partial_facts, st.data())
def test_a_fact_whose_rules_are_all_excluded_changes_no_qualification(facts, data):
    absent = sorted(f for f in GUIDELINE.facts if f not in facts)
    if not absent:
        return
    before = evaluate(GUIDELINE, facts)
    candidates = [
        f
        for f in absent
        if all(before.rule_status[r] == "excluded" for r, used in RULE_FACTS.items() if f in used)
        and f not in CLOSED_WORLD_FACTS
    ]
    if not candidates:
        return
    fact = data.draw(st.sampled_from(candidates))
    after = evaluate(GUIDELINE, {**facts, fact: data.draw(VALUE[fact])})
    assert (after.qualification, after.concurrent) == (before.qualification, before.concurrent)


@SETTINGS
@given(partial_facts)
def test_indicator_level_follows_the_spec(facts):
    result = evaluate(GUIDELINE, facts)
    assert (result.indicator_level == "clear") == ("trafficking" in result.codes)
    if facts.get("exploitation") == frozenset():
        assert result.indicator_level == "none"
    ids = {r.id for r in result.referrals}
    assert ("anti_trafficking_route" in ids) == (result.indicator_level in ("possible", "clear"))


@SETTINGS
@given(partial_facts)
def test_referrals_are_ordered_by_urgency_then_guideline_order(facts):
    result = evaluate(GUIDELINE, facts)
    position = {r.id: i for i, r in enumerate(GUIDELINE.referrals)}
    keys = [(GUIDELINE.urgency_rank(r.urgency), position[r.id]) for r in result.referrals]
    assert keys == sorted(keys)
    assert len({r.id for r in result.referrals}) == len(result.referrals)
    conditional = {r.id for r in GUIDELINE.referrals if r.when is not None}
    assert all(r.because for r in result.referrals if r.id in conditional)  # each says why


def _spec_minimum_triggers(facts: dict, result) -> set[str]:
    """The referral table of the spec ("when: minimum triggers"): these must fire (the guideline may add more)."""
    codes = set(result.codes)
    child = result.qualification != "out_of_scope_adult"
    offences = {c for c in codes if GUIDELINE.codes[c].offence}
    exploitation = facts.get("exploitation", frozenset())
    rules = {
        "emergency_police": facts.get("immediate_danger") is True,
        "rights_verification": child,
        "pard_opening": child
        and bool(
            offences
            or result.indicator_level in ("possible", "clear")
            or codes & {"child_labour", "early_union"}
            or facts.get("unaccompanied") is True
        ),
        "criminal_complaint": bool(offences),
        "anti_trafficking_route": result.indicator_level in ("possible", "clear"),
        "witness_protection": facts.get("risk_of_retaliation") is True,
        "health_care": facts.get("health_needs") is True
        or facts.get("sexual_abuse") is True
        or bool(exploitation & {"sexual", "sexual_images", "sex_tourism"}),
        "sexual_violence_protocol": facts.get("sexual_violence_within_72h") is True,
        "forensic_exam": facts.get("sexual_abuse") is True or facts.get("client_paid_for_sex") is True,
        "migration_authority": facts.get("nationality") in ("foreign", "stateless"),
        "consular_assistance": facts.get("nationality") == "colombian" and facts.get("current_location") == "abroad",
        "victims_unit": facts.get("armed_conflict_link") is True,
        "disengaged_children_programme": "unlawful_recruitment" in codes
        and facts.get("exploitation_status") == "ended",
        "indigenous_authority": facts.get("indigenous") is True,
        "labour_inspection": "child_labour" in codes,
        "family_commissioner": facts.get("family_violence") is True,
        "civil_registry": facts.get("has_identity_documents") is False and facts.get("nationality") == "colombian",
    }
    return {rid for rid, fires in rules.items() if fires}


@SETTINGS
@given(partial_facts)
def test_the_spec_minimum_triggers_always_fire(facts):
    result = evaluate(GUIDELINE, facts)
    assert _spec_minimum_triggers(facts, result) <= {r.id for r in result.referrals}


@SETTINGS
@given(partial_facts)
def test_criminal_complaint_exactly_when_an_offence_or_possible_trafficking_is_indicated(facts):
    # The guideline adds to the spec's minimum: a suspected trafficking case (indicator possible) is reported.
    result = evaluate(GUIDELINE, facts)
    offence = any(GUIDELINE.codes[c].offence for c in result.codes) or result.indicator_level == "possible"
    assert ("criminal_complaint" in {r.id for r in result.referrals}) == offence


@SETTINGS
@given(partial_facts, st.sets(st.sampled_from(sorted(GUIDELINE.facts))))
def test_next_question_asks_only_unknown_unasked_facts(facts, asked):
    question = next_question(GUIDELINE, facts, asked)
    if question is not None:
        assert question.fact not in facts and question.fact not in asked
    if "immediate_danger" not in facts and "immediate_danger" not in asked and question is not None:
        assert question.fact == "immediate_danger"


@SETTINGS
@given(partial_facts)
def test_benefit_for_oneself_keeps_the_level_at_none_and_always_carries_the_note(facts):
    """An act and a sexual purpose with nobody profiting: level none, and the note on CP 188A's
    "cualquier otro beneficio para sí" (the Fiscalía decides whether the perpetrator's own use is trafficking)."""
    facts = {
        **facts,
        "recruited": True,
        "someone_profits": False,
        "exploitation": frozenset(facts.get("exploitation") or ()) | {"sexual"},
    }
    result = evaluate(GUIDELINE, facts)
    assert result.indicator_level == "none"
    assert "benefit_for_oneself" in result.notes


@SETTINGS
@given(partial_facts, st.sampled_from(sorted(GUIDELINE.codes)), st.sampled_from(["none", "possible", "clear"]))
def test_the_compiled_conditions_agree_with_the_interpreter(facts, code, level):
    from tip_triage.compiled import Compiler
    from tip_triage.conditions import Context
    from tip_triage.conditions import evaluate as interpreted

    compile_ = Compiler(GUIDELINE.definitions)
    conditions = [c for c in ALL_CONDITIONS if c is not None]
    conditions += [r.when for r in (*GUIDELINE.referrals, *GUIDELINE.aggravating, *GUIDELINE.notes) if r.when]
    conditions += [r.when for r in GUIDELINE.indicator_rules]
    for cond in conditions:
        want = interpreted(cond, Context(facts, GUIDELINE.definitions, (code,), level))
        assert compile_(cond)(Context(facts, GUIDELINE.definitions, (code,), level)) is want, cond
