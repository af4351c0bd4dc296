"""The engine on the bundled guideline: trainer scenarios, three-valued logic, missing facts, the interview order.

The property tests (hypothesis) are in test_engine_properties.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO

from tip_triage.conditions import Context, undecided_facts
from tip_triage.conditions import evaluate as value_of
from tip_triage.condtree import parse
from tip_triage.engine import evaluate, next_question
from tip_triage.expect import differences
from tip_triage.loader import load_case, load_guideline
from tip_triage.model import Definition

EXAMPLES = sorted(p for p in (REPO / "cases_examples").iterdir() if p.suffix in (".yaml", ".yml", ".json"))


# ---------------------------------------------------------------- trainer scenarios as regression tests


def test_there_are_trainer_scenarios():
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_trainer_scenario_meets_its_expectation(path: Path, bundled):
    case = load_case(str(path))
    assert case.expect, f"{path.name} has no expect block: a scenario without one tests nothing"
    guideline = bundled if case.guideline in (None, bundled.id) else load_guideline(case.guideline)
    result = evaluate(guideline, case.facts)
    assert differences(case.expect, result) == []


# ---------------------------------------------------------------- three-valued logic

T = {"fact": "t", "equals": True}  # true
F = {"fact": "f", "equals": True}  # false
U = {"fact": "u", "equals": True}  # unknown: 'u' is never recorded
ATOM = {True: T, False: F, None: U}
VALUES = (True, False, None)


def ctx(facts=None, definitions=None, **kw) -> Context:
    return Context(facts={"t": True, "f": False, **(facts or {})}, definitions=definitions or {}, **kw)


def kleene_and(a, b):
    return False if False in (a, b) else (True if (a, b) == (True, True) else None)


def kleene_or(a, b):
    return True if True in (a, b) else (False if (a, b) == (False, False) else None)


@pytest.mark.parametrize("a", VALUES)
@pytest.mark.parametrize("b", VALUES)
def test_all_and_any_follow_kleene(a, b):
    assert value_of({"all": [ATOM[a], ATOM[b]]}, ctx()) is kleene_and(a, b)
    assert value_of({"any": [ATOM[a], ATOM[b]]}, ctx()) is kleene_or(a, b)


@pytest.mark.parametrize("a", VALUES)
def test_not_swaps_true_and_false_and_keeps_unknown(a):
    assert value_of({"not": ATOM[a]}, ctx()) is (None if a is None else not a)


def test_no_condition_always_applies():
    assert value_of(None, ctx()) is True


@pytest.mark.parametrize(
    "cond",
    [
        {"fact": "u", "equals": False},
        {"fact": "u", "in": [1, 2]},
        {"fact": "u", "lt": 3},
        {"fact": "u", "gte": 0},
        {"fact": "u", "contains": "x"},
        {"fact": "u", "contains_any": ["x"]},
        {"fact": "u", "subset_of": ["x"]},
        {"fact": "u", "equals": []},
    ],
)
def test_every_comparison_with_an_unknown_fact_is_unknown(cond):
    assert value_of(cond, ctx()) is None
    assert value_of({"not": cond}, ctx()) is None


def test_known_is_never_unknown():
    c = ctx()
    assert value_of({"fact": "u", "known": False}, c) is True
    assert value_of({"fact": "u", "known": True}, c) is False
    assert value_of({"fact": "f", "known": True}, c) is True  # false is known
    assert value_of({"fact": "t", "known": False}, c) is False


def test_not_true_is_true_when_false_or_unknown_and_never_unknown():
    c = ctx()
    assert [value_of({"fact": x, "not_true": True}, c) for x in ("t", "f", "u")] == [False, True, True]
    idiom = {"any": [{"fact": "u", "equals": False}, {"fact": "u", "known": False}]}
    for facts in ({}, {"u": True}, {"u": False}):
        assert value_of({"fact": "u", "not_true": True}, ctx(facts)) is value_of(idiom, ctx(facts))


def test_int_comparisons_at_the_boundary():
    c = ctx({"n": 18})
    assert [value_of({"fact": "n", op: 18}, c) for op in ("lt", "lte", "gt", "gte", "equals")] == [
        False,
        True,
        False,
        True,
        True,
    ]
    assert value_of({"fact": "n", "in": [17, 18]}, c) is True


def test_equals_does_not_mix_bool_and_int():
    assert value_of({"fact": "t", "equals": 1}, ctx()) is False
    assert value_of({"fact": "n", "equals": True}, ctx({"n": 1})) is False


def test_set_operations():
    c = ctx({"s": frozenset({"sexual", "begging"}), "e": frozenset()})
    assert value_of({"fact": "s", "contains": "sexual"}, c) is True
    assert value_of({"fact": "s", "contains": "slavery"}, c) is False
    assert value_of({"fact": "s", "contains_any": ["slavery", "begging"]}, c) is True
    assert value_of({"fact": "s", "contains_any": ["slavery"]}, c) is False
    assert value_of({"fact": "s", "subset_of": ["sexual", "begging", "other"]}, c) is True
    assert value_of({"fact": "s", "subset_of": ["sexual"]}, c) is False
    assert value_of({"fact": "s", "equals": ["begging", "sexual"]}, c) is True  # order does not matter
    assert value_of({"fact": "s", "equals": []}, c) is False
    # "known: none" is not unknown: it decides every set operation
    assert value_of({"fact": "e", "equals": []}, c) is True
    assert value_of({"fact": "e", "contains": "sexual"}, c) is False
    assert value_of({"fact": "e", "contains_any": ["sexual"]}, c) is False
    assert value_of({"fact": "e", "subset_of": ["criminal_activity"]}, c) is True


def _definitions(**conds) -> dict[str, Definition]:
    return {
        name: Definition(name, {"es": name, "en": name}, parse(when), ("x",), "CONFIRMED")
        for name, when in conds.items()
    }


def test_ref_evaluates_the_definition_and_known_applies_to_its_value():
    defs = _definitions(yes=T, no=F, maybe={"any": [F, U]}, nested={"all": [{"ref": "yes"}, {"ref": "maybe"}]})
    c = ctx(definitions=defs)
    assert [value_of({"ref": n}, c) for n in ("yes", "no", "maybe", "nested")] == [True, False, None, None]
    assert value_of({"ref": "maybe", "known": False}, c) is True
    assert value_of({"ref": "no", "known": True}, c) is True
    assert value_of({"not": {"ref": "no"}}, c) is True


def test_result_conditions_need_the_result():
    with pytest.raises(ValueError):
        value_of({"qualified": ["trafficking"]}, ctx())
    c = ctx(codes=("child_sale", "trafficking"), indicator="clear")
    assert value_of({"qualified": ["trafficking"]}, c) is True
    assert value_of({"primary": ["trafficking"]}, c) is False
    assert value_of({"indicator": ["possible", "clear"]}, c) is True


def test_undecided_facts_are_only_the_unknowns_that_still_matter():
    defs = _definitions(d={"all": [{"fact": "v", "equals": 1}, {"fact": "w", "equals": 2}]})
    c = ctx(definitions=defs)
    assert undecided_facts({"any": [T, U]}, c) == []  # decided: nothing to ask
    assert undecided_facts({"all": [F, U]}, c) == []
    assert undecided_facts({"all": [T, U, {"fact": "x", "lt": 1}]}, c) == ["u", "x"]
    assert undecided_facts({"not": {"ref": "d"}}, c) == ["v", "w"]


# ---------------------------------------------------------------- qualification and precedence

SPEC_PRECEDENCE = [  # docs/case-file.md, "Which code is primary"
    "out_of_scope_adult",
    "unlawful_recruitment",
    "use_of_minors_in_crime",
    "trafficking",
    "child_sale",
    "irregular_adoption",
    "migrant_smuggling",
    "commercial_sexual_exploitation",
    "exploitation_for_begging",
    "kidnapping",
    "sexual_violence",
    "family_violence",
    "child_labour",
    "early_union",
]


def test_rule_order_is_the_precedence_of_the_spec(bundled):
    first_rank = list(dict.fromkeys(r.code for r in bundled.qualifications))
    assert first_rank == SPEC_PRECEDENCE
    # use_of_minors_in_crime with other purposes ranks just after trafficking
    codes = [r.code for r in bundled.qualifications]
    assert codes[codes.index("trafficking") + 1] == "use_of_minors_in_crime"


def test_unknown_is_not_false_for_the_trafficking_elements(bundled):
    act_only = evaluate(bundled, {"age": 13, "moved": "within_colombia"})
    assert act_only.rule_status["trafficking"] == "partial"
    assert act_only.qualification == "insufficient_information"
    nothing = evaluate(bundled, {"age": 13})
    assert nothing.rule_status["trafficking"] == "silent"
    assert nothing.qualification == "no_crime_indicators"
    no_profit = evaluate(
        bundled,
        {"age": 13, "moved": "within_colombia", "exploitation": frozenset({"begging"}), "someone_profits": False},
    )
    assert no_profit.rule_status["trafficking"] == "excluded"


def test_criminal_activity_alone_is_use_of_minors_with_trafficking_concurrent(bundled):
    result = evaluate(
        bundled,
        {"age": 15, "recruited": True, "exploitation": frozenset({"criminal_activity"}), "someone_profits": True},
    )
    assert (result.qualification, result.concurrent) == ("use_of_minors_in_crime", ("trafficking",))
    mixed = evaluate(
        bundled,
        {
            "age": 15,
            "recruited": True,
            "exploitation": frozenset({"criminal_activity", "sexual"}),
            "someone_profits": True,
        },
    )
    assert mixed.qualification == "trafficking"
    assert mixed.concurrent[0] == "use_of_minors_in_crime"


def test_armed_recruitment_alone_is_not_a_purpose_of_trafficking(bundled):
    facts = {
        "age": 15,
        "recruited": True,
        "exploitation": frozenset({"armed_recruitment"}),
        "armed_group": "armed_conflict_group",
        "someone_profits": True,
    }
    result = evaluate(bundled, facts)
    assert (result.qualification, result.concurrent) == ("unlawful_recruitment", ())
    both = evaluate(bundled, {**facts, "exploitation": frozenset({"armed_recruitment", "domestic_servitude"})})
    assert (both.qualification, both.concurrent) == ("unlawful_recruitment", ("trafficking",))


def test_adult_only_without_doubt_about_age(bundled):
    assert evaluate(bundled, {"age": 20}).qualification == "out_of_scope_adult"
    assert evaluate(bundled, {"age": 20, "age_uncertain": False}).qualification == "out_of_scope_adult"
    doubt = evaluate(bundled, {"age": 20, "age_uncertain": True, "exploitation": frozenset({"begging"})})
    assert doubt.qualification == "exploitation_for_begging"  # Ley 1098 art. 3: presume minority
    assert "age_presumption" in doubt.notes
    assert evaluate(bundled, {"age": 17}).qualification == "no_crime_indicators"


# ---------------------------------------------------------------- missing facts


def test_missing_lists_the_unknown_elements_of_a_partly_indicated_offence(bundled):
    result = evaluate(bundled, {"age": 13, "nationality": "colombian", "moved": "within_colombia", "harboured": True})
    assert result.qualification == "insufficient_information"
    assert result.missing == ("exploitation", "someone_profits")  # in flow order


def test_an_unknown_age_is_a_presumed_child_and_comes_first_in_missing(bundled):
    # Presumption of minority (Ley 1098 art. 3): the child-only offences hold while the age is unknown;
    # the age comes first, then what trafficking still waits for (the act and the profit)
    result = evaluate(bundled, {"exploitation": frozenset({"sexual", "begging"})})
    assert (result.qualification, result.concurrent) == (
        "commercial_sexual_exploitation",
        ("exploitation_for_begging",),
    )
    assert result.missing == ("age", "recruited", "moved", "harboured", "received", "someone_profits")
    assert "age_unknown" in result.notes


def test_a_documented_age_of_18_lists_the_doubt_as_missing(bundled):
    result = evaluate(bundled, {"age": 18})
    assert result.qualification == "out_of_scope_adult"
    assert result.missing[0] == "age_uncertain"


def test_missing_never_lists_a_fact_of_a_code_that_already_holds(bundled):
    result = evaluate(bundled, {"age": 15, "sexual_abuse": True})
    assert result.qualification == "sexual_violence"
    assert "sexual_violence_within_72h" not in result.missing


def test_missing_ignores_unknowns_of_rules_already_excluded(bundled):
    result = evaluate(bundled, {"age": 13, "moved": "within_colombia", "exploitation": frozenset()})
    assert result.rule_status["trafficking"] == "excluded"
    assert "someone_profits" not in result.missing


def test_an_unknown_fact_of_no_partly_indicated_offence_never_makes_a_case_insufficient(bundled):
    result = evaluate(bundled, {"age": 13, "nationality": "colombian", "immediate_danger": False})
    assert result.qualification == "no_crime_indicators"
    assert result.missing == ()


# ---------------------------------------------------------------- indicator level (spec: "Indicator level")


@pytest.mark.parametrize(
    "facts, level",
    [
        ({"age": 15, "recruited": True, "exploitation": frozenset({"sexual"}), "someone_profits": True}, "clear"),
        # clear when trafficking is only concurrent
        (
            {"age": 15, "recruited": True, "exploitation": frozenset({"criminal_activity"}), "someone_profits": True},
            "clear",
        ),
        # exploitation known to be []: none, even with an act
        ({"age": 15, "recruited": True, "exploitation": frozenset()}, "none"),
        # every element resolved, one absent: none
        ({"age": 15, "recruited": True, "exploitation": frozenset({"sexual"}), "someone_profits": False}, "none"),
        (
            {
                "age": 15,
                "recruited": False,
                "moved": "none",
                "harboured": False,
                "received": False,
                "exploitation": frozenset({"sexual"}),
                "someone_profits": True,
            },
            "none",
        ),
        # an act or a purpose present, the rest unknown: possible
        ({"age": 15, "moved": "out_of_colombia"}, "possible"),
        ({"age": 15, "exploitation": frozenset({"domestic_servitude"})}, "possible"),
        # nothing known: none
        ({}, "none"),
        ({"age": 15, "sexual_abuse": True}, "none"),
    ],
)
def test_indicator_level(bundled, facts, level):
    result = evaluate(bundled, facts)
    assert result.indicator_level == level
    assert ("anti_trafficking_route" in {r.id for r in result.referrals}) == (level != "none")


# ---------------------------------------------------------------- referrals


def test_referrals_come_by_urgency_then_in_the_guideline_order(bundled):
    facts = {
        "age": 16,
        "immediate_danger": True,
        "risk_of_retaliation": True,
        "sexual_violence_within_72h": True,
        "nationality": "foreign",
        "family_violence": True,
        "child_works": True,
        "work_hazardous_or_underage": True,
        "indigenous": True,
        "unaccompanied": True,
        "health_needs": True,
    }
    result = evaluate(bundled, facts)
    ids = [r.id for r in result.referrals]
    assert len(ids) >= 8
    ranks = [bundled.urgency_rank(r.urgency) for r in result.referrals]
    assert ranks == sorted(ranks)
    order = [r.id for r in bundled.referrals]
    for a, b in zip(result.referrals, result.referrals[1:]):
        if a.urgency == b.urgency:
            assert order.index(a.id) < order.index(b.id)
    assert ids[0] == "emergency_police"


def test_every_referral_says_why(bundled):
    result = evaluate(bundled, {"age": 15, "nationality": "foreign", "immediate_danger": True})
    because = {r.id: r.because for r in result.referrals}
    assert because["emergency_police"] == ("immediate_danger = true",)
    assert because["migration_authority"] == ("nationality = foreign",)
    assert because["rights_verification"] == ("qualification is not out_of_scope_adult",)  # not "= <code>"


def test_an_adult_gets_no_child_protection_referrals(bundled):
    ids = {r.id for r in evaluate(bundled, {"age": 30, "age_uncertain": False, "unaccompanied": True}).referrals}
    assert not ids & {"rights_verification", "pard_opening"}


def test_an_adult_whose_age_is_not_recorded_as_documented_still_gets_rights_verified(bundled):
    result = evaluate(bundled, {"age": 18})
    assert result.qualification == "out_of_scope_adult"
    assert "rights_verification" in {r.id for r in result.referrals}
    assert "adult_age_not_confirmed" in result.notes


# ---------------------------------------------------------------- the interview order


def interview(guideline, answers: dict, start: dict | None = None) -> list[str]:
    """Ask until next_question is None; answer from `answers`, else "don't know" (asked, stays unknown)."""
    facts, asked, order = dict(start or {}), [], []
    while (q := next_question(guideline, facts, asked)) is not None:
        assert q.fact not in order, f"{q.fact} asked twice"
        order.append(q.fact)
        asked.append(q.fact)
        if q.fact in answers:
            facts[q.fact] = answers[q.fact]
        assert len(order) <= len(guideline.facts)
    return order


def test_immediate_danger_comes_first(bundled):
    assert next_question(bundled, {}).fact == "immediate_danger"
    assert next_question(bundled, {"age": 15, "exploitation": frozenset({"sexual"})}).fact == "immediate_danger"


def test_an_asked_fact_is_not_asked_again_even_if_still_unknown(bundled):
    assert next_question(bundled, {}, asked=["immediate_danger"]).fact != "immediate_danger"
    order = interview(bundled, {})
    assert order[0] == "immediate_danger" and len(order) == len(set(order))


def test_known_facts_are_not_asked(bundled):
    order = interview(bundled, {}, start={"immediate_danger": False, "age": 15, "recruited": True})
    assert not {"immediate_danger", "age", "recruited"} & set(order)


def test_questions_follow_the_flow_order(bundled):
    flow = [q.fact for s in bundled.stages for q in s.questions]
    order = interview(bundled, {"age": 14, "recruited": True, "exploitation": frozenset({"sexual"})})
    assert order == sorted(order, key=flow.index)


def test_ask_if_false_skips_a_question_even_if_always(bundled):
    base = {"immediate_danger": False, "age": 14, "recruited": True, "child_works": False}
    none = interview(bundled, {"exploitation": frozenset()}, start=base)
    assert "exploitation" in none
    assert not {
        "exploitation_status",
        "exploitation_place",
        "work_coerced",
        "work_hazardous_or_underage",
        "age_uncertain",
    } & set(none)
    some = interview(bundled, {"exploitation": frozenset({"sexual"})}, start=base)
    assert {"exploitation_status", "exploitation_place"} <= set(some)


def test_ask_if_unknown_does_not_skip(bundled):
    # age unknown ("don't know"): whether the age is in doubt is still asked
    assert "age_uncertain" in interview(bundled, {})


def test_an_adult_without_doubt_is_still_screened_for_trafficking(bundled):
    # Ley 985 covers adult victims: danger, act, purpose and benefit are asked; the child-only stages are not
    start = {"immediate_danger": False, "age": 19}
    order = interview(bundled, {"age_uncertain": False}, start=start)
    assert {"recruited", "moved", "harboured", "received", "exploitation", "someone_profits"} <= set(order)
    assert not {
        "disability",
        "unaccompanied",
        "child_works",
        "in_union",
        "parent_begging_with_child",
        "sold_or_transferred_for_payment",
    } & set(order)
    assert "unaccompanied" in interview(bundled, {"age_uncertain": True}, start=start)


def test_an_adult_in_domestic_servitude_reaches_the_anti_trafficking_route(bundled):
    facts = {
        "immediate_danger": False,
        "age": 18,
        "age_uncertain": False,
        "recruited": True,
        "exploitation": frozenset({"domestic_servitude"}),
        "someone_profits": True,
    }
    known: dict = {}
    asked: list[str] = []
    while (q := next_question(bundled, known, asked)) is not None:
        asked.append(q.fact)
        if q.fact in facts:
            known[q.fact] = facts[q.fact]
    result = evaluate(bundled, known)
    assert (result.qualification, result.concurrent) == ("out_of_scope_adult", ("trafficking",))
    assert {"criminal_complaint", "anti_trafficking_route"} <= {r.id for r in result.referrals}


def test_answering_dont_know_to_everything_asks_every_question_once(bundled):
    # except the follow-ups of an unknown answer: when and where an unknown exploitation happens, the payment
    # for a crossing not known to have happened, whether unknown work is coerced
    skipped = {"exploitation_status", "exploitation_place", "crossing_facilitator_paid", "work_coerced"}
    order = interview(bundled, {})
    assert len(order) == len(set(order))
    assert sorted(order) == sorted(set(bundled.facts) - skipped)
