"""What the keys of the engine's memo (`partitions`) are made of: the facts a part reads, what its result tests
give, and the classes of an int fact's values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .condtree import All, AnyOf, Cond, FactTest, Not, Ref, ResultTest, walk_atoms
from .model import Guideline

# the tests an int fact may have for its values to be grouped into classes (lt 14, gte 18, equals 12, in [..])
_CLASSABLE = frozenset({"lt", "lte", "gt", "gte", "equals", "in", "known", "not_true"})


def atoms(cond: Cond | None, definitions: Mapping[str, Any], out: list[FactTest]) -> list[FactTest]:
    """Every fact test a condition makes (through its definitions)."""
    stack: list[Cond | None] = [cond]
    seen: set[str] = set()
    while stack:
        for atom in walk_atoms(stack.pop()):
            if isinstance(atom, FactTest):
                out.append(atom)
            elif isinstance(atom, Ref) and atom.name not in seen:
                seen.add(atom.name)
                stack.append(definitions[atom.name].when)
    return out


def value_classes(tests: list[FactTest]) -> tuple[tuple[Any, ...], frozenset[Any]] | None:
    """The numbers an int fact is compared with, as (sorted, set): two values with the same
    `bisect_left(sorted, v) * 2 + (v in set)` lie between the same two numbers or on the same one, so every
    one of `tests` gives them the same answer. None when a test is of another kind (then values stay as they are)."""
    points: set[Any] = set()
    for test in tests:
        if test.op not in _CLASSABLE:
            return None
        if test.op in ("known", "not_true"):  # known: None or not (kept apart); not_true: false for every int
            continue
        targets = test.operand if test.op == "in" else [test.operand]
        if not isinstance(targets, (list, tuple)):
            return None
        for t in targets:
            if isinstance(t, (int, float)) and t == t:  # a number (True is 1); never NaN
                points.add(t)
            elif test.op not in ("equals", "in"):  # an int compared with what is not a number
                return None
    return tuple(sorted(points)), frozenset(points)


def reads(
    cond: Cond | None, definitions: Mapping[str, Any], out: set[str], tests: list[ResultTest] | None = None
) -> tuple[set[str], bool]:
    """The facts a condition reads (through its definitions), and whether it reads the result (its result
    tests added to `tests`)."""
    results = False
    stack: list[Cond | None] = [cond]
    seen: set[str] = set()
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if isinstance(node, FactTest):
            out.add(node.fact)
        elif isinstance(node, (All, AnyOf)):
            stack.extend(node.parts)
        elif isinstance(node, Not):
            stack.append(node.inner)
        elif isinstance(node, Ref):
            if node.name not in seen:
                seen.add(node.name)
                stack.append(definitions[node.name].when)
        else:
            results = True
            if tests is not None and node not in tests:
                tests.append(node)
    return out, results


def signature(test: ResultTest, codes: tuple[str, ...], level: str) -> Any:
    """What a result test gives a part: its value and the reason it writes (conditions.explain's `_reason`)."""
    if test.key == "qualified":
        return tuple([c for c in codes if c in test.values])  # the codes the reason names, in their order
    if test.key == "primary":
        return codes[0] if codes[0] in test.values else False
    return level


def int_classes(guideline: Guideline, plan: Any, index: Mapping[str, int]) -> dict[int, tuple[tuple[Any, ...], Any]]:
    """For each int fact whose tests in the first parts and the indicator can be placed (`value_classes`), by
    its position in `index`: the numbers it is compared with.

    Those parts give a result step by step, never a fact's value (the last parts write values in a referral's
    `because`, so they keep the value itself): there an int fact's key is its value's class, and an age of 15
    or 16 is one key when the guideline only asks whether it is below 14 or 18.
    """
    d = guideline.definitions
    tested: list[FactTest] = []
    for presumption, _, _ in plan.presumptions:
        atoms(presumption.when, d, tested)
    for entry in plan.rules:
        for cond in (*entry[0].scope, *(e.when for e in entry[0].elements)):
            atoms(cond, d, tested)
    for irule in guideline.indicator_rules:
        atoms(irule.when, d, tested)
    cuts = {}
    for fact, spec in guideline.facts.items():
        found = value_classes([t for t in tested if t.fact == fact]) if spec.type == "int" else None
        if found is not None:
            cuts[index[fact]] = found
    return cuts
