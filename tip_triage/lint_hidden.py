"""Lint: questions an `ask_if` hides although their answer still changes the result (a warning each).

A question is hidden where its `ask_if` is false; it matters where some value of its fact changes a
qualification rule, the indicator, an aggravating circumstance, a note or a referral. The search runs
per consumer over the small domains of the facts that consumer reads (tip_triage/domains.py).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .condtree import ResultTest
from .domains import Kleene, Reader, assignments, atom_key, domains, fact_domain
from .model import Condition, Guideline, QualificationRule
from .readable import describe, describe_values, value_text

if TYPE_CHECKING:
    from .lint import Report

WARNING = "warning"
KIND_ES = {
    "qualification": "la regla",
    "indicator": "la regla de indicios",
    "aggravating": "la agravante",
    "note": "la nota",
    "referral": "la remisión",
}


def _consumers(g: Guideline) -> Iterator[tuple[str, str, Any]]:
    """(kind, id, what to evaluate) for every part of the result a fact can change."""
    for rule in g.qualifications:
        yield "qualification", rule.id, rule
    for i, irule in enumerate(g.indicator_rules):
        yield "indicator", f"{irule.level}#{i + 1}", irule.when
    for r in g.aggravating:
        yield "aggravating", r.id, r.when
    for r in g.notes:
        yield "note", r.id, r.when
    for ref in g.referrals:
        yield "referral", ref.id, ref.when


class _Outcomes:
    """The value of a result atom's codes that the facts known so far still allow (for the hidden check)."""

    def __init__(self, g: Guideline, reader: Reader, kleene: Kleene) -> None:
        self.g, self.reader, self.kleene = g, reader, kleene
        self._cache: dict[tuple[str, tuple[Any, ...]], tuple[bool, bool]] = {}
        self.rules_of: dict[str, list[QualificationRule]] = {}
        for rule in g.qualifications:
            self.rules_of.setdefault(rule.code, []).append(rule)

    def rule_can(self, rule: QualificationRule, values: Mapping[str, Any]) -> tuple[bool, bool]:
        """(can hold, can fail to hold) given `values` (None: unknown), the other facts free."""
        conds = [*rule.scope, *(e.when for e in rule.elements)]
        facts = self.reader.facts(*conds)
        key = (rule.id, tuple(values.get(f, "free") for f in facts))
        if key not in self._cache:
            atoms = [a for c in conds for a in self.reader.atoms(c)]
            free = {f: [*fact_domain(self.g, f, atoms), None] for f in facts if f not in values}  # None: "No sé"
            fixed = {f: values[f] for f in facts if f in values}
            can_hold = can_fail = False
            for combo in assignments(free, fixed):
                vals = [self.kleene.value(c, combo) for c in conds]
                if all(v is True for v in vals):
                    can_hold = True
                else:
                    can_fail = True
                if can_hold and can_fail:
                    break
            self._cache[key] = (can_hold, can_fail)
        return self._cache[key]

    def atom_values(self, atom: Condition, values: Mapping[str, Any]) -> list[bool]:
        assert isinstance(atom, ResultTest)
        if atom.key == "indicator":
            return [True, False]
        codes = atom.values
        rules = [r for code in codes for r in self.rules_of.get(code, [])]
        can_true = any(self.rule_can(r, values)[0] for r in rules)
        can_false = True  # another rule may take precedence, or none of them holds
        if atom.key == "qualified":
            can_false = all(self.rule_can(r, values)[1] for r in rules)  # no rule of these codes is forced to hold
        return [v for v, ok in ((True, can_true), (False, can_false)) if ok] or [False]


def _status(kleene: Kleene, rule: QualificationRule, values: Mapping[str, Any]) -> str:
    scope = [kleene.value(c, values) for c in rule.scope]
    elements = [kleene.value(e.when, values) for e in rule.elements]
    if False in scope + elements:
        return "excluded"
    if all(v is True for v in scope + elements):
        return "holds"
    return "partial" if True in elements else "silent"


def hidden_questions(g: Guideline, reader: Reader, report: Report) -> None:
    kleene = Kleene(g)
    outcomes = _Outcomes(g, reader, kleene)
    readers: dict[str, list[tuple[str, str, Any, list[Condition]]]] = {}  # fact -> the parts of the result it feeds
    for kind, item_id, what in _consumers(g):
        conds = [*what.scope, *(e.when for e in what.elements)] if kind == "qualification" else [what]
        for fact in reader.facts(*conds):
            readers.setdefault(fact, []).append((kind, item_id, what, conds))
    for stage in g.stages:
        for q in stage.questions:
            if q.ask_if is None:
                continue
            for kind, item_id, what, conds in readers.get(q.fact, []):
                example = _hiding_example(g, reader, kleene, outcomes, q.fact, q.ask_if, kind, what, conds)
                if example is None:
                    continue
                others = {k: v for k, v in example.items() if k != q.fact}
                shown = (
                    describe_values(g, others, "es") + f"; respuesta: {value_text(g, q.fact, example[q.fact], 'es')}"
                )
                shown_en = (
                    describe_values(g, others, "en") + f"; answer: {value_text(g, q.fact, example[q.fact], 'en')}"
                )
                report.add(
                    WARNING,
                    "hidden_question",
                    f"flow.{stage.id}.{q.fact}",
                    f"el ask_if de '{q.fact}' la omite cuando {describe(g, q.ask_if, 'es', negate=True)}, "
                    f"pero su respuesta aún cambia {KIND_ES[kind]} '{item_id}' (p. ej. {shown})",
                    f"the ask_if of '{q.fact}' skips it when {describe(g, q.ask_if, 'en', negate=True)}, "
                    f"yet its answer still changes the {kind} '{item_id}' (e.g. {shown_en})",
                )
                break  # one finding per question: the first part of the result it changes


def _hiding_example(
    g: Guideline,
    reader: Reader,
    kleene: Kleene,
    outcomes: _Outcomes,
    fact: str,
    ask_if: Condition,
    kind: str,
    what: Any,
    conds: list[Condition],
) -> dict[str, Any] | None:
    doms = domains(g, reader, [ask_if, *conds], with_unknown=True)
    answers = [v for v in doms.pop(fact, []) if v is not None] or fact_domain(g, fact, [])
    result_atoms = reader.result_atoms(*conds)
    for values in assignments(doms):
        if kleene.value(ask_if, values) is not False:
            continue
        choices = [outcomes.atom_values(a, values) for a in result_atoms]
        for combo in itertools.product(*choices):
            results = {atom_key(a): v for a, v in zip(result_atoms, combo)}
            skipped = _value(kleene, kind, what, {**values, fact: None}, results)
            for answer in answers:
                if _value(kleene, kind, what, {**values, fact: answer}, results) != skipped:
                    return {**values, fact: answer}
    return None


def _value(kleene: Kleene, kind: str, what: Any, values: Mapping[str, Any], results: Mapping[str, bool]) -> Any:
    if kind == "qualification":
        return _status(kleene, what, values)  # partly indicated or silent also changes the result
    return kleene.value(what, values, results) is True  # the rest apply only when true
