"""Static checks of a guideline that need its meaning: can every rule hold, can every referral fire?

For each qualification rule the facts its conditions read are tried over a small
set of telling values (each enum value, each boolean, the empty set and every
single value of a set, the integers around each constant the guideline uses);
a rule with no such combination that makes it hold is dead. A referral is tried
over its own facts, on top of a combination that makes each code hold. The
search is exhaustive over those values, bounded in size: a rule too large to
search is reported as not analysed rather than guessed.
"""
from __future__ import annotations

import dataclasses
import itertools
from typing import Any, Iterable, Iterator, Mapping

from .conditions import walk_atoms
from .engine import HOLDS, evaluate
from .model import Condition, Guideline

MAX_COMBINATIONS = 50_000


def _facts_read(guideline: Guideline, conditions: Iterable[Condition | None], seen: set[str] | None = None) -> list[str]:
    # `seen` is shared by the whole walk: a definition reached twice adds no new fact, and
    # visiting it once keeps definitions that share sub-definitions ("diamonds") linear.
    seen = set() if seen is None else seen
    found: list[str] = []
    for cond in conditions:
        for atom in walk_atoms(cond):
            if "fact" in atom and atom["fact"] not in found:
                found.append(atom["fact"])
            elif "ref" in atom and atom["ref"] not in seen:
                seen.add(atom["ref"])
                inner = _facts_read(guideline, [guideline.definitions[atom["ref"]].when], seen)
                found += [f for f in inner if f not in found]
    return found


def _int_constants(guideline: Guideline) -> set[int]:
    conditions: list[Any] = [d.when for d in guideline.definitions.values()]
    conditions += [c for r in guideline.qualifications for c in (*r.scope, *(e.when for e in r.elements))]
    values: set[int] = set()
    for cond in conditions:
        for atom in walk_atoms(cond):
            for op in ("lt", "lte", "gt", "gte", "equals"):
                if isinstance(atom.get(op), int) and not isinstance(atom.get(op), bool):
                    values |= {atom[op] - 1, atom[op], atom[op] + 1}
    return values


def _candidates(guideline: Guideline, fact_id: str, ints: set[int]) -> list[Any]:
    fact = guideline.facts[fact_id]
    if fact.type == "bool":
        return [True, False]
    if fact.type == "enum":
        return list(fact.values)
    if fact.type == "set":  # none, each one alone, and all of them together
        return [frozenset()] + [frozenset({v}) for v in fact.values] + [frozenset(fact.values)]
    low = fact.min if fact.min is not None else 0
    high = fact.max if fact.max is not None else 10**6
    return sorted(v for v in ints if low <= v <= high) or [low]


def _assignments(guideline: Guideline, facts: list[str], ints: set[int]) -> Iterator[dict[str, Any]] | None:
    domains = [_candidates(guideline, f, ints) for f in facts]
    size = 1
    for d in domains:
        size *= len(d)
    if size > MAX_COMBINATIONS:
        return None
    return (dict(zip(facts, combo)) for combo in itertools.product(*domains))


def witnesses(guideline: Guideline) -> tuple[dict[str, dict[str, Any]], list[str], list[str]]:
    """(a fact set under which each rule holds, by rule id; dead rules; rules too large to search)."""
    ints = _int_constants(guideline)
    found: dict[str, dict[str, Any]] = {}
    dead: list[str] = []
    skipped: list[str] = []
    for rule in guideline.qualifications:
        facts = _facts_read(guideline, [*rule.scope, *(e.when for e in rule.elements)])
        combos = _assignments(guideline, facts, ints)
        if combos is None:
            skipped.append(rule.id)
            continue
        witness = next((c for c in combos if evaluate(guideline, c).rule_status[rule.id] == HOLDS), None)
        if witness is None:
            dead.append(rule.id)
        else:
            found[rule.id] = witness
    return found, dead, skipped


def problems(guideline: Guideline) -> list[tuple[list[str | int], str]]:
    """(path, message) for every rule that can never hold and every referral that can never fire."""
    # Notes and aggravating circumstances change no code and no referral: searching without them keeps
    # a guideline with very many notes as fast to analyse as one with a few.
    guideline = dataclasses.replace(guideline, notes=(), aggravating=())
    found, dead, _ = witnesses(guideline)
    out: list[tuple[list[str | int], str]] = []
    for i, rule in enumerate(guideline.qualifications):
        if rule.id in dead:
            out.append((["qualifications", i], f"the rule '{rule.id}' can never hold: its conditions contradict each other"))
    ints = _int_constants(guideline)
    bases: list[Mapping[str, Any]] = [{}] + list(found.values())
    for i, ref in enumerate(guideline.referrals):
        if ref.when is None:
            continue
        combos = _assignments(guideline, _facts_read(guideline, [ref.when]), ints)
        if combos is None:
            continue
        own = list(combos)
        if not any(ref.id in {r.id for r in evaluate(guideline, {**base, **combo}).referrals}
                   for combo in own for base in bases):
            out.append((["referrals", i], f"the referral '{ref.id}' never fires: no combination of its facts "
                                          "with any qualification makes its condition true"))
    return out
