"""The pure engine: what the facts of a case point to, and what to ask next.

No I/O, no clock, no environment. `evaluate(guideline, facts)` returns a
`Result`; `next_question(guideline, facts, asked)` returns the next `Question`
of the interview or None when nothing left could change the result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .compiled import Compiled, Compiler
from .conditions import Context, explain, format_reason, undecided_facts
from .domains import candidates
from .model import Guideline, QualificationRule, Question, ReferralResult, Result, Step
from .partitions import Partitioned
from .parts import EXCLUDED, HOLDS, PARTIAL, SILENT  # noqa: F401 - a rule's statuses, named here for callers

_ANSWER = {True: "true", False: "false", None: "unknown"}


def _open_conditions(rule: QualificationRule, scope: list[Any], elements: list[Any]) -> list[Any]:
    """The undecided conditions of a rule that can still change the result."""
    open_scope = [c for c, v in zip(rule.scope, scope) if v is None]
    open_elements = [e.when for e, v in zip(rule.elements, elements) if v is None]
    return open_scope + open_elements


def evaluate(guideline: Guideline, facts: Mapping[str, Any]) -> Result:
    """Qualify a case from its known facts; absent facts are unknown. The trace carries ids, not texts.

    The same as `evaluate_direct`, from parts remembered by the facts they read (`partitions`).
    """
    plan = _plan(guideline)
    result = plan.partitioned.evaluate(facts)
    return result if result is not None else evaluate_direct(guideline, facts)


def evaluate_direct(guideline: Guideline, facts: Mapping[str, Any]) -> Result:
    """The plain reading: every condition of the guideline evaluated for these facts."""
    plan = _plan(guideline)
    ctx = Context(facts=facts, definitions=guideline.definitions)
    statuses: dict[str, str] = {}
    holding: list[str] = []
    trace: list[Step] = []
    open_rules: list[tuple[int, QualificationRule, list[Any], list[Any]]] = []
    presumed: list[str] = []
    for presumption, when, step in plan.presumptions:
        if when(ctx) is True:
            trace.append(step)
            listed = (*presumption.establish, *[f for f in presumption.missing if facts.get(f) is None])
            presumed += [f for f in listed if f not in presumed]

    partial = False
    for rank, (rule, scope_fns, element_fns, rule_steps, element_steps) in enumerate(plan.rules):
        scope = [fn(ctx) for fn in scope_fns]
        elements = [fn(ctx) for fn in element_fns]
        if False in scope or False in elements:
            status = EXCLUDED
        elif None not in scope and None not in elements:
            status = HOLDS
        elif True in elements:
            status = PARTIAL
        else:
            status = SILENT
        statuses[rule.id] = status
        trace.append(rule_steps[status])
        for steps, v in zip(element_steps, elements):
            trace.append(steps[v])
        if status == HOLDS:
            if rule.code not in holding:
                holding.append(rule.code)
        elif status == PARTIAL:
            partial = True
            open_rules.append((rank, rule, scope, elements))
        elif status == SILENT and None in scope and None not in elements and False not in elements:
            open_rules.append((rank, rule, scope, elements))

    missing_votes: dict[str, list[int]] = {}
    for rank, rule, scope, elements in open_rules:
        if rule.code in holding:  # another rule already gives this code: its open facts change nothing
            continue
        for cond in _open_conditions(rule, scope, elements):
            for fact in undecided_facts(cond, ctx):
                missing_votes.setdefault(fact, []).append(rank)

    primary = holding[0] if holding else (guideline.partly_indicated if partial else guideline.nothing_indicated)
    codes = tuple(holding) if holding else (primary,)
    ctx.codes = codes
    trace.append(plan.qualification_steps[primary])

    level = guideline.indicator_otherwise
    for irule, when, step in plan.indicator:
        if when(ctx) is True:
            level = irule.level
            trace.append(step)
            break
    ctx.indicator = level

    aggravating = tuple(r.id for r, when in plan.aggravating if when(ctx) is True)
    notes = tuple(r.id for r, when in plan.notes if when(ctx) is True)
    referrals = _referrals(guideline, plan, ctx)
    for ref in referrals:
        trace.append(
            Step(
                f"referral {ref.id}",
                "; ".join(ref.because) or "always",
                plan.referral_basis[ref.id],
                ref.status,
                ref.id,
            )
        )

    order = plan.order
    missing = sorted(
        missing_votes, key=lambda f: (-len(set(missing_votes[f])), min(missing_votes[f]), order.get(f, 999))
    )
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


RuleEntry = tuple[QualificationRule, tuple[Compiled, ...], tuple[Compiled, ...], dict[str, Step], list[dict[Any, Step]]]


class _Plan:
    """What evaluate() needs that depends only on the guideline: built once, shared.

    Every condition compiled to a closure; the trace steps of the qualification rules are the same few
    immutable Steps for every case (one per rule and status, one per element and answer), made once.
    Steps carry ids (`kind` says which); the renderers put them into words.
    """

    def __init__(self, guideline: Guideline) -> None:
        self.guideline = guideline  # kept alive: the cache below is keyed by its id
        compile_ = self.compiler = Compiler(guideline.definitions)
        self.order = {q.fact: i for i, q in enumerate(q for s in guideline.stages for q in s.questions)}
        self.presumptions = [
            (p, compile_(p.when), Step("presumption", p.id, tuple(guideline.cite(p.basis)), p.status, p.id))
            for p in guideline.presumptions
        ]
        self.rules: list[RuleEntry] = []
        for rule in guideline.qualifications:
            basis = tuple(guideline.cite(rule.basis))
            rule_steps = {
                status: Step(rule.id, status, basis, rule.status, rule.id, "rule")
                for status in (HOLDS, EXCLUDED, PARTIAL, SILENT)
            }
            element_steps = [
                {
                    v: Step(f"{rule.id}.{element.id}", answer, (), rule.status, f"{rule.id}.{element.id}", "element")
                    for v, answer in _ANSWER.items()
                }
                for element in rule.elements
            ]
            self.rules.append(
                (
                    rule,
                    tuple(compile_(c) for c in rule.scope),
                    tuple(compile_(e.when) for e in rule.elements),
                    rule_steps,
                    element_steps,
                )
            )
        self.qualification_steps = {
            code.id: Step("qualification", code.id, tuple(guideline.cite(code.basis)), code.status, "qualification")
            for code in guideline.codes.values()
        }
        self.indicator = [
            (
                r,
                compile_(r.when),
                Step("indicator_level", r.level, tuple(guideline.cite(r.basis)), r.status, "indicator"),
            )
            for r in guideline.indicator_rules
        ]
        self.aggravating = [(r, compile_(r.when)) for r in guideline.aggravating]
        self.notes = [(r, compile_(r.when)) for r in guideline.notes]
        self.referrals = [(r, compile_(r.when), guideline.urgency_rank(r.urgency)) for r in guideline.referrals]
        self.referral_basis = {r.id: tuple(guideline.cite(r.basis)) for r in guideline.referrals}
        self.value = lambda cond, ctx: compile_(cond)(ctx)
        self.end_when = compile_(guideline.end_when) if guideline.end_when is not None else None
        self.ask_if = {q.fact: compile_(q.ask_if) for s in guideline.stages for q in s.questions}
        self.partitioned = Partitioned(guideline, self)


_plans: dict[int, _Plan] = {}


def _plan(guideline: Guideline) -> _Plan:
    plan = _plans.get(id(guideline))
    if plan is None or plan.guideline is not guideline:
        if len(_plans) > 64:  # guidelines loaded and dropped again (tests): forget the old ones
            _plans.clear()
        plan = _plans[id(guideline)] = _Plan(guideline)
    return plan


def _referrals(guideline: Guideline, plan: _Plan, ctx: Context) -> tuple[ReferralResult, ...]:
    fired = []
    for position, (ref, when, rank) in enumerate(plan.referrals):
        if when(ctx) is not True:
            continue
        reasons = tuple(dict.fromkeys(explain(ref.when, ctx, True, plan.value)))
        because = tuple(dict.fromkeys(format_reason(r) for r in reasons))
        fired.append(
            (
                rank,
                position,
                ReferralResult(
                    id=ref.id,
                    urgency=ref.urgency,
                    institution=ref.institution,
                    action=ref.action,
                    basis=ref.basis,
                    status=ref.status,
                    because=because,
                    reasons=reasons,
                    deadline=ref.deadline,
                    contact=ref.contact,
                ),
            )
        )
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
    return any(outcome(evaluate(guideline, {**facts, fact: value})) != current for value in candidates(guideline, fact))


def next_question(guideline: Guideline, facts: Mapping[str, Any], asked: Iterable[str] = ()) -> Question | None:
    """The first question, in flow order, whose answer is unknown, not yet asked, and still matters.

    None when nothing left could change the result, or when the flow's `end_when` holds.
    """
    result, ctx = _result_context(guideline, facts)
    plan = _plan(guideline)
    if plan.end_when is not None and plan.end_when(ctx) is True:
        return None
    done = set(asked) | {f for f, v in facts.items() if v is not None}
    relevant = _relevant(guideline, result, ctx)
    current = outcome(result)
    for stage in guideline.stages:
        for q in stage.questions:
            if q.fact in done or plan.ask_if[q.fact](ctx) is False:
                continue
            if q.always or q.fact in relevant or could_change(guideline, facts, q.fact, current):
                return q
    return None
