"""The pure engine: what the facts of a case point to, and what to ask next.

No I/O, no clock, no environment. `evaluate(guideline, facts)` returns a
`Result`; `next_question(guideline, facts, asked)` returns the next `Question`
of the interview or None when nothing left could change the result.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from .domains import candidates
from .conditions import Context, evaluate as value_of, explain, format_reason, undecided_facts
from .model import Guideline, Question, QualificationRule, ReferralResult, Result, Step

HOLDS, EXCLUDED, PARTIAL, SILENT = "holds", "excluded", "partial", "silent"
_ANSWER = {True: "true", False: "false", None: "unknown"}


def _rule_status(rule: QualificationRule, ctx: Context) -> tuple[str, list[Any], list[Any]]:
    scope = [value_of(c, ctx) for c in rule.scope]
    elements = [value_of(e.when, ctx) for e in rule.elements]
    values = scope + elements
    if False in values:
        status = EXCLUDED
    elif all(v is True for v in values):
        status = HOLDS
    elif True in elements:
        status = PARTIAL
    else:
        status = SILENT
    return status, scope, elements


def _open_conditions(rule: QualificationRule, scope: list[Any], elements: list[Any]) -> list[Any]:
    """The undecided conditions of a rule that can still change the result."""
    open_scope = [c for c, v in zip(rule.scope, scope) if v is None]
    open_elements = [e.when for e, v in zip(rule.elements, elements) if v is None]
    return open_scope + open_elements


def evaluate(guideline: Guideline, facts: Mapping[str, Any], lang: str = "en") -> Result:
    """Qualify a case from its known facts; absent facts are unknown."""
    ctx = Context(facts=facts, definitions=guideline.definitions)
    statuses: dict[str, str] = {}
    holding: list[str] = []
    trace: list[Step] = []
    missing_votes: dict[str, list[int]] = {}
    open_rules: list[tuple[int, QualificationRule, list[Any], list[Any]]] = []
    presumed: list[str] = []
    for presumption in guideline.presumptions:
        if value_of(presumption.when, ctx) is True:
            trace.append(Step("presumption", presumption.id, tuple(guideline.cite(presumption.basis)),
                              presumption.status, presumption.id))
            presumed += [f for f in presumption.missing if facts.get(f) is None and f not in presumed]

    plan = _plan(guideline, lang)
    for rank, rule in enumerate(guideline.qualifications):
        status, scope, elements = _rule_status(rule, ctx)
        statuses[rule.id] = status
        rule_steps, element_steps = plan.steps[rank]
        trace.append(rule_steps[status])
        for steps, v in zip(element_steps, elements):
            trace.append(steps[v])
        if status == HOLDS and rule.code not in holding:
            holding.append(rule.code)
        scope_open = status == SILENT and all(v is True for v in elements) and None in scope
        if status == PARTIAL or scope_open:
            open_rules.append((rank, rule, scope, elements))

    for rank, rule, scope, elements in open_rules:
        if rule.code in holding:  # another rule already gives this code: its open facts change nothing
            continue
        for cond in _open_conditions(rule, scope, elements):
            for fact in undecided_facts(cond, ctx):
                missing_votes.setdefault(fact, []).append(rank)

    partial = any(s == PARTIAL for s in statuses.values())
    primary = holding[0] if holding else (guideline.partly_indicated if partial else guideline.nothing_indicated)
    codes = tuple(holding) if holding else (primary,)
    ctx.codes = codes
    trace.append(Step("qualification", primary, tuple(guideline.cite(guideline.codes[primary].basis)),
                      guideline.codes[primary].status, "qualification"))

    level = guideline.indicator_otherwise
    for irule in guideline.indicator_rules:
        if value_of(irule.when, ctx) is True:
            level = irule.level
            trace.append(Step("indicator_level", level, tuple(guideline.cite(irule.basis)), irule.status, "indicator"))
            break
    ctx.indicator = level

    aggravating = tuple(r.id for r in guideline.aggravating if value_of(r.when, ctx) is True)
    notes = tuple(r.id for r in guideline.notes if value_of(r.when, ctx) is True)
    referrals = _referrals(guideline, ctx)
    for ref in referrals:
        trace.append(Step(f"referral {ref.id}", "; ".join(ref.because) or "always",
                          tuple(guideline.cite(ref.basis)), ref.status, ref.id))

    order = plan.order
    missing = sorted(missing_votes, key=lambda f: (-len(set(missing_votes[f])), min(missing_votes[f]), order.get(f, 999)))
    missing = presumed + [f for f in missing if f not in presumed]
    chosen = facts.get(guideline.purposes_fact) if guideline.purposes_fact else None
    purposes = tuple(v for v in guideline.facts[guideline.purposes_fact].values if v in chosen) if chosen else ()
    return Result(
        qualification=primary,
        concurrent=codes[1:] if holding else (),
        indicator_level=level,
        purposes=purposes,
        aggravating=aggravating,
        referrals=referrals,
        missing=tuple(missing),
        notes=notes,
        trace=tuple(trace),
        rule_status=statuses,
    )


class _Plan:
    """What evaluate() needs that depends only on the guideline and the language: built once, shared.

    The trace steps of the qualification rules are the same few immutable Steps for every case
    (one per rule and status, one per element and answer), so they are made once, not per case.
    """

    def __init__(self, guideline: Guideline, lang: str) -> None:
        self.guideline = guideline  # kept alive: the cache below is keyed by its id
        self.order = {q.fact: i for i, q in enumerate(q for s in guideline.stages for q in s.questions)}
        self.steps = []
        for rule in guideline.qualifications:
            label = guideline.codes[rule.code].label[lang]
            basis = tuple(guideline.cite(rule.basis))
            rule_steps = {status: Step(label, status, basis, rule.status, rule.id)
                          for status in (HOLDS, EXCLUDED, PARTIAL, SILENT)}
            element_steps = [{v: Step(f"{label} · {element.label[lang]}", answer, (), rule.status, f"{rule.id}.{element.id}")
                              for v, answer in _ANSWER.items()} for element in rule.elements]
            self.steps.append((rule_steps, element_steps))


_plans: dict[tuple[int, str], _Plan] = {}


def _plan(guideline: Guideline, lang: str) -> _Plan:
    plan = _plans.get((id(guideline), lang))
    if plan is None or plan.guideline is not guideline:
        if len(_plans) > 64:  # guidelines loaded and dropped again (tests): forget the old ones
            _plans.clear()
        plan = _plans[(id(guideline), lang)] = _Plan(guideline, lang)
    return plan


def _referrals(guideline: Guideline, ctx: Context) -> tuple[ReferralResult, ...]:
    fired = []
    for position, ref in enumerate(guideline.referrals):
        if value_of(ref.when, ctx) is not True:
            continue
        reasons = tuple(dict.fromkeys(explain(ref.when, ctx)))
        because = tuple(dict.fromkeys(format_reason(r) for r in reasons))
        fired.append((guideline.urgency_rank(ref.urgency), position, ReferralResult(
            id=ref.id, urgency=ref.urgency, institution=ref.institution, action=ref.action,
            basis=ref.basis, status=ref.status, because=because, reasons=reasons, deadline=ref.deadline, contact=ref.contact)))
    return tuple(r for _, _, r in sorted(fired, key=lambda t: t[:2]))


def _result_context(guideline: Guideline, facts: Mapping[str, Any]) -> tuple[Result, Context]:
    result = evaluate(guideline, facts)
    ctx = Context(facts=facts, definitions=guideline.definitions, codes=result.codes, indicator=result.indicator_level)
    return result, ctx


def _relevant(guideline: Guideline, result: Result, ctx: Context) -> set[str]:
    relevant: set[str] = set()
    for rule in guideline.qualifications:
        if result.rule_status[rule.id] == EXCLUDED:
            continue
        for cond in (*rule.scope, *(e.when for e in rule.elements)):
            relevant.update(undecided_facts(cond, ctx))
    conditions: Iterable[Any] = (
        *(r.when for r in guideline.indicator_rules),
        *(r.when for r in guideline.aggravating),
        *(r.when for r in guideline.notes),
        *(r.when for r in guideline.referrals),
    )
    for cond in conditions:
        relevant.update(undecided_facts(cond, ctx))
    return relevant


def outcome(result: Result) -> tuple[Any, ...]:
    """What an answer can change: qualification, concurrent codes, indicator level and referrals."""
    return result.qualification, result.concurrent, result.indicator_level, tuple(r.id for r in result.referrals)


def could_change(guideline: Guideline, facts: Mapping[str, Any], fact: str, current: tuple[Any, ...]) -> bool:
    """Whether some value of the unknown `fact`, learnt alone, changes the outcome.

    The structural test (`_relevant`) follows unknown facts through undecided conditions; this one also
    catches the answers that turn a decided condition around: a presumption that ends (`known`), or a
    result (`qualified`, `primary`, `indicator`) that a referral reads.
    """
    return any(outcome(evaluate(guideline, {**facts, fact: value})) != current
               for value in candidates(guideline, fact))


def next_question(guideline: Guideline, facts: Mapping[str, Any], asked: Iterable[str] = ()) -> Question | None:
    """The first question, in flow order, whose answer is unknown, not yet asked, and still matters.

    None when nothing left could change the result, or when the flow's `end_when` holds.
    """
    result, ctx = _result_context(guideline, facts)
    if guideline.end_when is not None and value_of(guideline.end_when, ctx) is True:
        return None
    done = set(asked) | {f for f, v in facts.items() if v is not None}
    relevant = _relevant(guideline, result, ctx)
    current = outcome(result)
    for stage in guideline.stages:
        for q in stage.questions:
            if q.fact in done or value_of(q.ask_if, ctx) is False:
                continue
            if q.always or q.fact in relevant or could_change(guideline, facts, q.fact, current):
                return q
    return None
