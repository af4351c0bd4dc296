"""Conditions compiled once per guideline into closures: the engine's fast path.

Each closure takes a `Context` and returns exactly what `conditions.evaluate` returns for the same
condition (Kleene logic, the same operators); `tests/test_engine.py` checks the two against each other
on every condition of the bundled guideline. Definitions are compiled once and memoised per case in
the context's `_refs`, which `conditions.evaluate` shares, so both paths see the same values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .conditions import Context, Tri, fact_test
from .condtree import All, AnyOf, Cond, FactTest, Not, Ref, ResultTest
from .model import Definition

Compiled = Callable[[Context], Tri]


def _always(ctx: Context) -> Tri:
    return True


class Compiler:
    """Compiles the conditions of one guideline; each node once (by identity), definitions once by name."""

    def __init__(self, definitions: Mapping[str, Definition]) -> None:
        self.definitions = definitions
        self._done: dict[int, tuple[Cond, Compiled]] = {}  # id(node) -> (node kept alive, closure)
        self.refs: dict[str, Compiled] = {}

    def __call__(self, cond: Cond | None) -> Compiled:
        if cond is None:
            return _always
        hit = self._done.get(id(cond))
        if hit is None or hit[0] is not cond:
            hit = self._done[id(cond)] = (cond, self._compile(cond))
        return hit[1]

    def definition(self, name: str) -> Compiled:
        fn = self.refs.get(name)
        if fn is None:
            fn = self.refs[name] = self(self.definitions[name].when)
        return fn

    def _compile(self, cond: Cond) -> Compiled:
        if isinstance(cond, FactTest):
            return _fact(cond)
        if isinstance(cond, All):
            return _all(tuple(self(c) for c in cond.parts))
        if isinstance(cond, AnyOf):
            return _any(tuple(self(c) for c in cond.parts))
        if isinstance(cond, Not):
            return _not(self(cond.inner))
        if isinstance(cond, Ref):
            return self._ref(cond.name, cond.known)
        return _result(cond)

    def _ref(self, name: str, known: bool | None) -> Compiled:
        definition = self.definition

        def ref(ctx: Context) -> Tri:
            refs = ctx._refs
            if name in refs:
                value = refs[name]
            else:
                value = refs[name] = definition(name)(ctx)
            return value if known is None else (value is not None) == known

        return ref


def _all(parts: tuple[Compiled, ...]) -> Compiled:
    def all_(ctx: Context) -> Tri:
        unknown = False
        for part in parts:
            value = part(ctx)
            if value is False:
                return False
            if value is None:
                unknown = True
        return None if unknown else True

    return all_


def _any(parts: tuple[Compiled, ...]) -> Compiled:
    def any_(ctx: Context) -> Tri:
        unknown = False
        for part in parts:
            value = part(ctx)
            if value is True:
                return True
            if value is None:
                unknown = True
        return None if unknown else False

    return any_


def _not(inner: Compiled) -> Compiled:
    def not_(ctx: Context) -> Tri:
        value = inner(ctx)
        return None if value is None else not value

    return not_


def _fact(atom: FactTest) -> Compiled:
    fact, op, operand = atom.fact, atom.op, atom.operand
    if op == "known":
        return lambda ctx: (ctx.facts.get(fact) is not None) == operand
    if op == "not_true":  # never unknown: an unknown fact is "not true"

        def not_true_(ctx: Context) -> Tri:
            value = ctx.facts.get(fact)
            return value is None or fact_test(atom, value)

        return not_true_
    if op == "equals" and not isinstance(operand, list):  # the most frequent test, in one closure
        kind = type(operand)

        def equals_(ctx: Context) -> Tri:
            value = ctx.facts.get(fact)
            if value is None:
                return None
            return value == operand and type(value) is kind  # a set (frozenset) never equals a scalar

        return equals_
    if op == "subset_of":  # the operand made a set once
        allowed = frozenset(operand)

        def subset_(ctx: Context) -> Tri:
            value = ctx.facts.get(fact)
            return None if value is None else value <= allowed

        return subset_

    def fact_(ctx: Context) -> Tri:
        value = ctx.facts.get(fact)
        return None if value is None else fact_test(atom, value)

    return fact_


def _result(atom: ResultTest) -> Compiled:
    def codes_of(ctx: Context) -> tuple[str, ...]:
        if ctx.codes is None:
            raise ValueError("a result condition was used before the qualification was known")
        return ctx.codes

    if atom.key == "qualified":
        wanted = frozenset(atom.values)
        return lambda ctx: not wanted.isdisjoint(codes_of(ctx))
    if atom.key == "primary":
        primaries = atom.values
        return lambda ctx: codes_of(ctx)[0] in primaries
    levels = atom.values

    def indicator(ctx: Context) -> Tri:
        codes_of(ctx)
        return ctx.indicator in levels

    return indicator
