"""Three-valued (Kleene) evaluation of the guideline's declarative conditions.

`True`, `False` and `None` (unknown). A fact absent from the facts mapping is
unknown; every comparison with it is unknown, except `known`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .condtree import All, AnyOf, Cond, FactTest, Not, Ref, ResultTest, as_node
from .model import Definition

Tri = bool | None


@dataclass
class Context:
    facts: Mapping[str, Any]
    definitions: Mapping[str, Definition]
    codes: tuple[str, ...] | None = None  # primary first, then concurrent
    indicator: str | None = None
    _refs: dict[str, Tri] = field(default_factory=dict)

    def ref(self, name: str) -> Tri:
        if name not in self._refs:
            self._refs[name] = evaluate(self.definitions[name].when, self)
        return self._refs[name]


def fact_test(atom: FactTest, value: Any) -> bool:
    """The value of a fact test on a known value (not `known`)."""
    op, target = atom.op, atom.operand
    if op == "not_true":  # a bool fact: "not true" is false (unknown is taken care of by the caller)
        return value == False and type(value) is bool  # noqa: E712 (exactly `equals: false`)
    if op == "equals":
        if isinstance(value, frozenset):
            return isinstance(target, list) and value == frozenset(target)
        return bool(value == target) and type(value) is type(target)
    if op == "in":
        return value in target
    if op == "contains":
        return target in value
    if op == "contains_any":
        return not value.isdisjoint(target)
    if op == "subset_of":
        return bool(value <= frozenset(target))
    return bool(_COMPARE[op](value, target))


def _fact_value(atom: FactTest, ctx: Context) -> Tri:
    value = ctx.facts.get(atom.fact)
    if atom.op == "known":
        return bool((value is not None) == atom.operand)
    if value is None:
        return True if atom.op == "not_true" else None
    return fact_test(atom, value)


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
}


def result_value(atom: ResultTest, codes: tuple[str, ...] | None, indicator: str | None) -> bool:
    if codes is None:
        raise ValueError("a result condition was used before the qualification was known")
    if atom.key == "qualified":
        return any(code in codes for code in atom.values)
    if atom.key == "primary":
        return codes[0] in atom.values
    return indicator in atom.values


def evaluate(cond: Cond | Mapping[str, Any] | None, ctx: Context) -> Tri:
    """The value of a condition: True, False or None (unknown). No condition is True.

    A mapping is parsed first (conditions written inline); the guideline's are parsed by the loader.
    """
    return _value(as_node(cond), ctx)


def _value(cond: Cond | None, ctx: Context) -> Tri:
    if cond is None:
        return True
    if isinstance(cond, FactTest):  # the most frequent form first
        return _fact_value(cond, ctx)
    if isinstance(cond, All):
        values = [_value(c, ctx) for c in cond.parts]
        if False in values:
            return False
        return None if None in values else True  # values are True, False or None
    if isinstance(cond, AnyOf):
        values = [_value(c, ctx) for c in cond.parts]
        if True in values:
            return True
        return None if None in values else False
    if isinstance(cond, Not):
        value = _value(cond.inner, ctx)
        return None if value is None else not value
    if isinstance(cond, Ref):
        value = ctx.ref(cond.name)
        return value if cond.known is None else (value is not None) == cond.known
    return result_value(cond, ctx.codes, ctx.indicator)


def undecided_facts(cond: Cond | Mapping[str, Any] | None, ctx: Context) -> list[str]:
    """The unknown facts on which an unknown condition still depends, in order."""
    found: list[str] = []
    _collect_undecided(as_node(cond), ctx, found, set())
    return found


def _collect_undecided(cond: Cond | None, ctx: Context, found: list[str], seen: set[str]) -> None:
    # `seen`: each definition is visited once (a definition reached twice adds nothing new), so
    # definitions that share sub-definitions ("diamonds") take linear, not exponential, time.
    if cond is None or _value(cond, ctx) is not None:
        return
    if isinstance(cond, (All, AnyOf)):
        for c in cond.parts:
            _collect_undecided(c, ctx, found, seen)
    elif isinstance(cond, Not):
        _collect_undecided(cond.inner, ctx, found, seen)
    elif isinstance(cond, Ref):
        if cond.name not in seen:
            seen.add(cond.name)
            _collect_undecided(ctx.definitions[cond.name].when, ctx, found, seen)
    elif isinstance(cond, FactTest) and cond.fact not in found:
        found.append(cond.fact)


Reason = tuple[Any, ...]  # ("fact", id, value|None) | ("ref", name, known) | (result key, want, codes...)


def explain(
    cond: Cond | None,
    ctx: Context,
    want: bool = True,
    value: Callable[[Cond, Context], Tri] | None = None,
    _seen: set[tuple[str, bool]] | None = None,
) -> list[Reason]:
    """The facts and results that give `cond` the value `want`, as structured reasons.

    `value` gives a condition's value (the engine passes its compiled conditions); by default `evaluate`.
    A definition is explained once per call (callers drop repeated reasons anyway), so
    shared sub-definitions cost linear, not exponential, time.
    """
    seen = set() if _seen is None else _seen
    if cond is None:
        return []
    if isinstance(cond, (All, AnyOf)):
        every = isinstance(cond, All) == want  # all-true or any-false needs every part
        if every:
            return [s for c in cond.parts for s in explain(c, ctx, want, value, seen)]
        of = value or _value
        first = next((c for c in cond.parts if of(c, ctx) is want), None)
        return explain(first, ctx, want, value, seen)
    if isinstance(cond, Not):
        return explain(cond.inner, ctx, not want, value, seen)
    if isinstance(cond, Ref) and cond.known is None:
        if (cond.name, want) in seen:
            return []
        seen.add((cond.name, want))
        return explain(ctx.definitions[cond.name].when, ctx, want, value, seen)
    return [_reason(cond, ctx, want)]


def _reason(cond: FactTest | Ref | ResultTest, ctx: Context, want: bool) -> Reason:
    if isinstance(cond, FactTest):
        return ("fact", cond.fact, ctx.facts.get(cond.fact))
    if isinstance(cond, Ref):
        return ("ref", cond.name, want == cond.known)
    assert ctx.codes is not None
    if cond.key == "indicator":
        return ("indicator", True, ctx.indicator)
    if cond.key == "primary":  # when it is false, what matters is which code it is not
        return ("primary", True, ctx.codes[0]) if want else ("primary", False, *cond.values)
    if want:
        return ("qualified", True, *[c for c in ctx.codes if c in cond.values])
    return ("qualified", False, *cond.values)


def format_reason(reason: Reason) -> str:
    """The stable English form of a reason (the result format's `because`)."""
    kind = reason[0]
    if kind == "fact":
        return f"{reason[1]} unknown" if reason[2] is None else f"{reason[1]} = {format_value(reason[2])}"
    if kind == "ref":
        return f"{reason[1]} {'known' if reason[2] else 'unknown'}"
    if kind == "indicator":
        return f"indicator_level = {reason[2]}"
    if kind == "primary":
        return f"qualification = {reason[2]}" if reason[1] else f"qualification is not {' or '.join(reason[2:])}"
    return f"qualified: {', '.join(reason[2:])}" if reason[1] else f"not qualified: {', '.join(reason[2:])}"


def format_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, frozenset):
        return "[" + ", ".join(sorted(value)) + "]"
    return str(value)
