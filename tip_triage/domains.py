"""The telling values of each fact: the finite domain the engine and the static analysis search.

Each enum value, each boolean, the empty set, every single value of a set and the full set, and for
integers the values around each constant the guideline compares them with. Two values of a fact
that no condition can tell apart are represented once.
"""
from __future__ import annotations

from typing import Any, Iterable

from .conditions import walk_atoms
from .model import Condition, Guideline

_INTS: list[tuple[Guideline, frozenset[int]]] = []  # one entry per guideline object seen (identity, not equality)


def all_conditions(guideline: Guideline) -> Iterable[Condition | None]:
    """Every condition of the guideline: definitions, rules, presumptions, results, the flow."""
    yield from (d.when for d in guideline.definitions.values())
    yield from (p.when for p in guideline.presumptions)
    for rule in guideline.qualifications:
        yield from rule.scope
        yield from (e.when for e in rule.elements)
    yield from (r.when for r in guideline.indicator_rules)
    yield from (r.when for r in guideline.aggravating)
    yield from (r.when for r in guideline.notes)
    yield from (r.when for r in guideline.referrals)
    yield from (q.ask_if for s in guideline.stages for q in s.questions)
    yield guideline.end_when


def int_constants(guideline: Guideline) -> frozenset[int]:
    """The integers around every constant the guideline compares an integer fact with."""
    for seen, values in _INTS:
        if seen is guideline:
            return values
    found: set[int] = set()
    for cond in all_conditions(guideline):
        for atom in walk_atoms(cond):
            for op in ("lt", "lte", "gt", "gte", "equals"):
                if isinstance(atom.get(op), int) and not isinstance(atom.get(op), bool):
                    found |= {atom[op] - 1, atom[op], atom[op] + 1}
    values = frozenset(found)
    _INTS.append((guideline, values))
    del _INTS[:-8]
    return values


def candidates(guideline: Guideline, fact_id: str, ints: Iterable[int] | None = None) -> list[Any]:
    """The telling values of one fact."""
    fact = guideline.facts[fact_id]
    if fact.type == "bool":
        return [True, False]
    if fact.type == "enum":
        return list(fact.values)
    if fact.type == "set":  # none, each one alone, and all of them together
        return [frozenset()] + [frozenset({v}) for v in fact.values] + [frozenset(fact.values)]
    low = fact.min if fact.min is not None else 0
    high = fact.max if fact.max is not None else 10**6
    pool = int_constants(guideline) if ints is None else ints
    return sorted(v for v in pool if low <= v <= high) or [low]
