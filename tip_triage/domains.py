"""Exact, small domains for the facts a condition reads, and three-valued evaluation over them.

A condition compares each fact with a few constants, so the values that can
change its truth are few:

- an int fact is represented by one value per interval between the constants
  the conditions compare it with (each constant, and the values just below and
  above it, clipped to the fact's range);
- a set fact is split into classes of values that appear in exactly the same
  operand lists (`contains`, `contains_any`, `subset_of`, `equals`); a set is
  then one of {empty, one member, all members} of each class. Every operator
  depends only on those states, so the reduction is exact;
- bool and enum facts keep every value.

`domains(guideline, conditions)` builds the domains from the atoms of the
conditions given (with their definitions), so a fact gets only the values that
matter to those conditions: enumeration stays per condition, never over every
fact of the guideline at once.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .conditions import Context, evaluate
from .condtree import All, AnyOf, FactsRead, FactTest, Not, Ref, ResultTest, as_node, walk_atoms
from .model import Condition, Guideline

UNKNOWN = None


class Reader:
    """The facts (and result atoms) a condition reads, with definitions expanded once each (memoised)."""

    def __init__(self, guideline: Guideline) -> None:
        self.g = guideline
        self._atoms: dict[str, list[Condition]] = {}
        self._facts_read = FactsRead(guideline.definitions)

    def atoms(self, cond: Condition | None) -> list[Condition]:
        """Every fact and result atom inside `cond`, through `ref`s (each definition expanded once)."""
        found: list[Condition] = []
        for atom in walk_atoms(cond):
            if isinstance(atom, Ref):
                found += self._definition_atoms(atom.name)
            else:
                found.append(atom)
        return found

    def _definition_atoms(self, name: str) -> list[Condition]:
        if name not in self._atoms:
            self._atoms[name] = []  # definitions have no cycles (validated); this guards the recursion anyway
            self._atoms[name] = self.atoms(self.g.definitions[name].when)
        return self._atoms[name]

    def facts(self, *conds: Condition | None) -> list[str]:
        """The facts the conditions read, through definitions, in order of first reading."""
        seen: dict[str, None] = {}
        for cond in conds:
            seen.update(dict.fromkeys(self._facts_read(cond)))
        return list(seen)

    def result_atoms(self, *conds: Condition | None) -> list[ResultTest]:
        return [a for c in conds for a in self.atoms(c) if isinstance(a, ResultTest)]


def _operands(atom: Condition) -> list[Any]:
    return [atom.operand] if isinstance(atom, FactTest) and atom.op != "known" else []


def fact_domain(guideline: Guideline, fact_id: str, atoms: Iterable[Condition]) -> list[Any]:
    """Representative values of a fact: one per class of values the atoms cannot tell apart."""
    fact = guideline.facts[fact_id]
    mine = [a for a in atoms if isinstance(a, FactTest) and a.fact == fact_id]
    if fact.type == "bool":
        return [True, False]
    if fact.type == "enum":
        return list(fact.values)
    if fact.type == "int":
        low = fact.min if fact.min is not None else 0
        high = fact.max if fact.max is not None else 10**6
        points = {low, high}
        for atom in mine:
            for operand in _operands(atom):
                for c in operand if isinstance(operand, list) else [operand]:
                    if isinstance(c, int) and not isinstance(c, bool):
                        points |= {c - 1, c, c + 1}
        return sorted(p for p in points if low <= p <= high)
    lists: list[frozenset[str]] = []
    for atom in mine:
        for operand in _operands(atom):
            lists.append(frozenset(operand if isinstance(operand, list) else [operand]))
    classes: dict[tuple[bool, ...], list[str]] = {}
    for value in fact.values:
        classes.setdefault(tuple(value in group for group in lists), []).append(value)
    states = []
    for members in classes.values():
        options = [frozenset(), frozenset(members[:1])]
        if len(members) > 1:
            options.append(frozenset(members))
        states.append(options)
    return [frozenset().union(*combo) for combo in itertools.product(*states)]


def domains(
    guideline: Guideline, reader: Reader, conds: Iterable[Condition | None], with_unknown: bool = False
) -> dict[str, list[Any]]:
    conds = list(conds)
    atoms = [a for c in conds for a in reader.atoms(c)]
    out: dict[str, list[Any]] = {}
    for fact_id in reader.facts(*conds):
        values = fact_domain(guideline, fact_id, atoms)
        out[fact_id] = values + [UNKNOWN] if with_unknown else values
    return out


def assignments(doms: Mapping[str, list[Any]], fixed: Mapping[str, Any] | None = None) -> Iterator[dict[str, Any]]:
    """Every combination of the domains (facts in `fixed` keep their value); None means unknown."""
    names = [f for f in doms if not fixed or f not in fixed]
    for combo in itertools.product(*(doms[f] for f in names)):
        values = dict(fixed or {})
        values.update(zip(names, combo))
        yield values


def size(doms: Mapping[str, list[Any]]) -> int:
    total = 1
    for values in doms.values():
        total *= len(values)
    return total


def tri(
    guideline: Guideline,
    cond: Condition | None,
    values: Mapping[str, Any],
    codes: tuple[str, ...] | None = None,
    indicator: str | None = None,
) -> bool | None:
    """Kleene value of `cond` with these fact values (None or absent: unknown)."""
    facts = {k: v for k, v in values.items() if v is not None}
    return evaluate(cond, Context(facts=facts, definitions=guideline.definitions, codes=codes, indicator=indicator))


def atom_key(atom: Condition) -> str:
    """A stable key for a result atom (qualified / primary / indicator)."""
    assert isinstance(atom, ResultTest)
    return atom.text_key


class Kleene:
    """Three-valued evaluation over a partial assignment, for the analyses.

    `values` maps fact ids to values, None meaning "answered: unknown" (No sé).
    A fact absent from `values` is *free* (not yet chosen by the search): every
    atom on it is undecided, `known` included, so that a True or False found
    here holds for every way of choosing the free facts. Result atoms are looked
    up in `results` by `atom_key` (absent: undecided).
    """

    def __init__(self, guideline: Guideline) -> None:
        self.g = guideline

    def value(
        self,
        cond: Condition | Mapping[str, Any] | None,
        values: Mapping[str, Any],
        results: Mapping[str, bool] | None = None,
    ) -> bool | None:
        memo: dict[str, bool | None] = {}
        ctx = Context(facts=values, definitions=self.g.definitions)
        return self._eval(as_node(cond), values, results or {}, memo, ctx)

    def _eval(
        self,
        cond: Condition | None,
        values: Mapping[str, Any],
        results: Mapping[str, bool],
        memo: dict[str, bool | None],
        ctx: Context,
    ) -> bool | None:
        if cond is None:
            return True
        if isinstance(cond, All):
            seen_unknown = False
            for c in cond.parts:
                v = self._eval(c, values, results, memo, ctx)
                if v is False:
                    return False
                seen_unknown = seen_unknown or v is None
            return None if seen_unknown else True
        if isinstance(cond, AnyOf):
            seen_unknown = False
            for c in cond.parts:
                v = self._eval(c, values, results, memo, ctx)
                if v is True:
                    return True
                seen_unknown = seen_unknown or v is None
            return None if seen_unknown else False
        if isinstance(cond, Not):
            v = self._eval(cond.inner, values, results, memo, ctx)
            return None if v is None else not v
        if isinstance(cond, Ref):
            name = cond.name
            if name not in memo:
                memo[name] = self._eval(self.g.definitions[name].when, values, results, memo, ctx)
            v = memo[name]
            if cond.known is not None:
                return (
                    None
                    if v is None and self._has_free(self.g.definitions[name].when, values)
                    else ((v is not None) == cond.known)
                )
            return v
        if isinstance(cond, FactTest):
            if cond.fact not in values:
                return None
            return evaluate(cond, ctx)
        return results.get(atom_key(cond))

    def _has_free(self, cond: Condition | None, values: Mapping[str, Any]) -> bool:
        for atom in walk_atoms(cond):
            if isinstance(atom, FactTest) and atom.fact not in values:
                return True
            if isinstance(atom, Ref) and self._has_free(self.g.definitions[atom.name].when, values):
                return True
        return False


def all_conditions(guideline: Guideline) -> Iterator[Condition | None]:
    """Every condition of the guideline: definitions, presumptions, rules, results, the flow."""
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


_TELLING: list[tuple[Guideline, dict[str, list[Any]]]] = []  # per guideline object (identity), a few at most


def candidates(guideline: Guideline, fact_id: str) -> list[Any]:
    """The telling values of one fact over every condition of the guideline (the engine's look-ahead)."""
    for seen, values in _TELLING:
        if seen is guideline:
            return values[fact_id]
    reader = Reader(guideline)
    atoms = [a for cond in all_conditions(guideline) for a in reader.atoms(cond)]
    values = {f: fact_domain(guideline, f, atoms) for f in guideline.facts}
    for f, fact in guideline.facts.items():  # a set: none, each value alone, all (a short look-ahead, not exact)
        if fact.type == "set":
            values[f] = [frozenset()] + [frozenset({v}) for v in fact.values] + [frozenset(fact.values)]
    _TELLING.append((guideline, values))
    del _TELLING[:-4]
    return values[fact_id]
