"""Three-valued (Kleene) evaluation of the guideline's declarative conditions.

`True`, `False` and `None` (unknown). A fact absent from the facts mapping is
unknown; every comparison with it is unknown, except `known`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from .model import Condition, Definition

Tri = bool | None

RESULT_KEYS = ("qualified", "primary", "indicator")


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


def _fact_value(cond: Condition, ctx: Context) -> Tri:
    value = ctx.facts.get(cond["fact"])
    if "known" in cond:
        return (value is not None) == cond["known"]
    if value is None:
        return None
    if "equals" in cond:
        target = cond["equals"]
        if isinstance(value, frozenset):
            return isinstance(target, list) and value == frozenset(target)
        return value == target and type(value) is type(target)
    if "in" in cond:
        return value in cond["in"]
    if "contains" in cond:
        return cond["contains"] in value
    if "contains_any" in cond:
        return not value.isdisjoint(cond["contains_any"])
    if "subset_of" in cond:
        return value <= frozenset(cond["subset_of"])
    for op, test in _COMPARE.items():
        if op in cond:
            return test(value, cond[op])
    raise ValueError(f"condition without an operator: {sorted(cond)}")


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
}


def _result_value(cond: Condition, ctx: Context) -> bool:
    if ctx.codes is None:
        raise ValueError("a result condition was used before the qualification was known")
    if "qualified" in cond:
        return any(code in ctx.codes for code in cond["qualified"])
    if "primary" in cond:
        return ctx.codes[0] in cond["primary"]
    return ctx.indicator in cond["indicator"]


def evaluate(cond: Condition | None, ctx: Context) -> Tri:
    """The value of a condition: True, False or None (unknown). No condition is True."""
    if cond is None:
        return True
    if "fact" in cond:  # the most frequent form first
        return _fact_value(cond, ctx)
    if "all" in cond:
        values = [evaluate(c, ctx) for c in cond["all"]]
        if False in values:
            return False
        return None if None in values else True  # values are True, False or None
    if "any" in cond:
        values = [evaluate(c, ctx) for c in cond["any"]]
        if True in values:
            return True
        return None if None in values else False
    if "not" in cond:
        value = evaluate(cond["not"], ctx)
        return None if value is None else not value
    if "ref" in cond:
        value = ctx.ref(cond["ref"])
        if "known" in cond:
            return (value is not None) == cond["known"]
        return value
    return _result_value(cond, ctx)


def undecided_facts(cond: Condition | None, ctx: Context) -> list[str]:
    """The unknown facts on which an unknown condition still depends, in order."""
    found: list[str] = []
    _collect_undecided(cond, ctx, found, set())
    return found


def _collect_undecided(cond: Condition | None, ctx: Context, found: list[str], seen: set[str]) -> None:
    # `seen`: each definition is visited once (a definition reached twice adds nothing new), so
    # definitions that share sub-definitions ("diamonds") take linear, not exponential, time.
    if cond is None or evaluate(cond, ctx) is not None:
        return
    if "all" in cond or "any" in cond:
        for c in cond.get("all", cond.get("any")):
            _collect_undecided(c, ctx, found, seen)
    elif "not" in cond:
        _collect_undecided(cond["not"], ctx, found, seen)
    elif "ref" in cond:
        if cond["ref"] not in seen:
            seen.add(cond["ref"])
            _collect_undecided(ctx.definitions[cond["ref"]].when, ctx, found, seen)
    elif "fact" in cond and cond["fact"] not in found:
        found.append(cond["fact"])


Reason = tuple[Any, ...]  # ("fact", id, value|None) | ("ref", name, known) | (result key, want, codes...)


def explain(cond: Condition | None, ctx: Context, want: bool = True,
            _seen: set[tuple[str, bool]] | None = None) -> list[Reason]:
    """The facts and results that give `cond` the value `want`, as structured reasons.

    A definition is explained once per call (callers drop repeated reasons anyway), so
    shared sub-definitions cost linear, not exponential, time.
    """
    seen = set() if _seen is None else _seen
    if cond is None:
        return []
    if "all" in cond or "any" in cond:
        parts = cond.get("all", cond.get("any"))
        every = ("all" in cond) == want  # all-true or any-false needs every part
        if every:
            return [s for c in parts for s in explain(c, ctx, want, seen)]
        first = next((c for c in parts if evaluate(c, ctx) is want), None)
        return explain(first, ctx, want, seen)
    if "not" in cond:
        return explain(cond["not"], ctx, not want, seen)
    if "ref" in cond and "known" not in cond:
        if (cond["ref"], want) in seen:
            return []
        seen.add((cond["ref"], want))
        return explain(ctx.definitions[cond["ref"]].when, ctx, want, seen)
    return [_reason(cond, ctx, want)]


def _reason(cond: Condition, ctx: Context, want: bool) -> Reason:
    if "fact" in cond:
        return ("fact", cond["fact"], ctx.facts.get(cond["fact"]))
    if "ref" in cond:
        return ("ref", cond["ref"], want == cond["known"])
    assert ctx.codes is not None
    if "indicator" in cond:
        return ("indicator", True, ctx.indicator)
    if "primary" in cond:  # when it is false, what matters is which code it is not
        return ("primary", True, ctx.codes[0]) if want else ("primary", False, *cond["primary"])
    if want:
        return ("qualified", True, *[c for c in ctx.codes if c in cond["qualified"]])
    return ("qualified", False, *cond["qualified"])


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


def walk_atoms(cond: Condition | None) -> Iterable[Condition]:
    """Every atom (fact, ref or result condition) inside a condition."""
    if cond is None:
        return
    if "all" in cond or "any" in cond:
        for c in cond.get("all", cond.get("any")):
            yield from walk_atoms(c)
    elif "not" in cond:
        yield from walk_atoms(cond["not"])
    else:
        yield cond
