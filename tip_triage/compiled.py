"""Conditions compiled once per guideline into closures: the engine's fast path.

Each closure takes a `Context` and returns exactly what `conditions.evaluate` returns for the same
condition (Kleene logic, the same operators); `tests/test_engine.py` checks the two against each other
on every condition of the bundled guideline. Definitions are compiled once and memoised per case in
the context's `_refs`, which `conditions.evaluate` shares, so both paths see the same values.
"""
from __future__ import annotations

import operator
from typing import Any, Callable, Mapping

from .conditions import Context, Tri
from .model import Condition, Definition

Compiled = Callable[[Context], Tri]

_COMPARE = {"lt": operator.lt, "lte": operator.le, "gt": operator.gt, "gte": operator.ge}


def _always(ctx: Context) -> Tri:
    return True


class Compiler:
    """Compiles the conditions of one guideline; each mapping once (by identity), definitions once by name."""

    def __init__(self, definitions: Mapping[str, Definition]) -> None:
        self.definitions = definitions
        self._done: dict[int, tuple[Condition, Compiled]] = {}  # id(mapping) -> (mapping kept alive, closure)
        self.refs: dict[str, Compiled] = {}

    def __call__(self, cond: Condition | None) -> Compiled:
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

    def _compile(self, cond: Condition) -> Compiled:
        if "fact" in cond:
            return _fact(cond)
        if "all" in cond:
            return _all(tuple(self(c) for c in cond["all"]))
        if "any" in cond:
            return _any(tuple(self(c) for c in cond["any"]))
        if "not" in cond:
            return _not(self(cond["not"]))
        if "ref" in cond:
            return self._ref(cond["ref"], cond.get("known"))
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


def _fact(cond: Condition) -> Compiled:
    fact = cond["fact"]
    if "known" in cond:
        want = cond["known"]
        return lambda ctx: (ctx.facts.get(fact) is not None) == want
    if "equals" in cond and not isinstance(cond["equals"], list):  # the most frequent test, in one closure
        target = cond["equals"]
        kind = type(target)

        def equals_(ctx: Context) -> Tri:
            value = ctx.facts.get(fact)
            if value is None:
                return None
            return value == target and type(value) is kind  # a set (frozenset) never equals a scalar

        return equals_
    test = _test(cond)

    def fact_(ctx: Context) -> Tri:
        value = ctx.facts.get(fact)
        return None if value is None else test(value)

    return fact_


def _test(cond: Condition) -> Callable[[Any], bool]:
    if "equals" in cond:
        target = cond["equals"]
        as_set = frozenset(target) if isinstance(target, list) else None
        kind = type(target)

        def equals(value: Any) -> bool:
            if isinstance(value, frozenset):
                return as_set is not None and value == as_set
            return bool(value == target) and type(value) is kind

        return equals
    if "in" in cond:
        options = cond["in"]
        return lambda value: value in options
    if "contains" in cond:
        member = cond["contains"]
        return lambda value: member in value
    if "contains_any" in cond:
        members = cond["contains_any"]
        return lambda value: not value.isdisjoint(members)
    if "subset_of" in cond:
        allowed = frozenset(cond["subset_of"])
        return lambda value: value <= allowed
    for op, compare in _COMPARE.items():
        if op in cond:
            return _compare(compare, cond[op])
    raise ValueError(f"condition without an operator: {sorted(cond)}")


def _compare(compare: Callable[[Any, Any], Any], bound: Any) -> Callable[[Any], bool]:
    return lambda value: bool(compare(value, bound))


def _result(cond: Condition) -> Compiled:
    def codes_of(ctx: Context) -> tuple[str, ...]:
        if ctx.codes is None:
            raise ValueError("a result condition was used before the qualification was known")
        return ctx.codes

    if "qualified" in cond:
        wanted = frozenset(cond["qualified"])
        return lambda ctx: not wanted.isdisjoint(codes_of(ctx))
    if "primary" in cond:
        primaries = tuple(cond["primary"])
        return lambda ctx: codes_of(ctx)[0] in primaries
    levels = tuple(cond["indicator"])

    def indicator(ctx: Context) -> Tri:
        codes_of(ctx)
        return ctx.indicator in levels

    return indicator
