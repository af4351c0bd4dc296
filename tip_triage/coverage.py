"""Scenario coverage: the questions, rules (and each element's true / false / unknown), indicator rules,
notes and referrals a set of scenarios exercised, computed from the guideline itself."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .conditions import Context
from .conditions import evaluate as value_of
from .engine import next_question
from .model import Guideline, Result
from .scenarios import Outcome, _element_values

# ---------------------------------------------------------------- coverage


def interview_questions(g: Guideline, facts: Mapping[str, Any]) -> list[str]:
    """The questions the interview would ask with these facts as the answers ("No sé" for the rest)."""
    known: dict[str, Any] = {}
    asked: list[str] = []
    while (q := next_question(g, known, asked)) is not None:
        asked.append(q.fact)
        if q.fact in facts:
            known[q.fact] = facts[q.fact]
    return asked


def indicator_rule(g: Guideline, result: Result, facts: Mapping[str, Any]) -> str:
    """Which indicator rule gave the level: its position (1, 2…) or 'otherwise'."""
    ctx = Context(facts=facts, definitions=g.definitions, codes=result.codes)
    for i, irule in enumerate(g.indicator_rules, 1):
        if value_of(irule.when, ctx) is True:
            return f"{irule.level}#{i}"
    return f"otherwise:{g.indicator_otherwise}"


@dataclass
class Coverage:
    """What the scenarios exercised, by category: {category: {item: times}} over every item of the guideline."""

    items: dict[str, dict[str, int]]

    REQUIRED = ("codes", "rules", "referrals")  # what --min-coverage checks, each on its own

    def percent(self, category: str) -> float:
        items = self.items[category]
        return 100.0 * sum(1 for n in items.values() if n) / len(items) if items else 100.0

    def missing(self, category: str) -> list[str]:
        return [k for k, n in self.items[category].items() if not n]


def coverage(g: Guideline, outcomes: Iterable[Outcome]) -> Coverage:
    questions = {q.fact: 0 for s in g.stages for q in s.questions}
    codes = {c: 0 for c in g.codes}
    rules = {r.id: 0 for r in g.qualifications}
    elements = {
        f"{r.id}.{e.id}={v}": 0 for r in g.qualifications for e in r.elements for v in ("true", "false", "unknown")
    }
    indicator = {f"{r.level}#{i}": 0 for i, r in enumerate(g.indicator_rules, 1)}
    indicator[f"otherwise:{g.indicator_otherwise}"] = 0
    notes = {n.id: 0 for n in g.notes}
    aggravating = {a.id: 0 for a in g.aggravating}
    referrals = {r.id: 0 for r in g.referrals}
    for o in outcomes:
        if o.guideline.sha256 != g.sha256:
            continue
        facts = o.scenario.case.facts
        for fact in interview_questions(g, facts):
            questions[fact] += 1
        for code in o.result.codes:
            codes[code] += 1
        for rule_id, status in o.result.rule_status.items():
            if status == "holds":
                rules[rule_id] += 1
        for key, answer in _element_values(o.result).items():
            elements[f"{key}={answer}"] = elements.get(f"{key}={answer}", 0) + 1
        indicator[indicator_rule(g, o.result, facts)] += 1
        for n in o.result.notes:
            notes[n] += 1
        for a in o.result.aggravating:
            aggravating[a] += 1
        for r in o.result.referrals:
            referrals[r.id] += 1
    return Coverage(
        {
            "questions": questions,
            "codes": codes,
            "rules": rules,
            "elements": elements,
            "indicator": indicator,
            "notes": notes,
            "aggravating": aggravating,
            "referrals": referrals,
        }
    )
