"""Conditions parsed once: the loader turns each (schema-checked) mapping into these frozen nodes.

`parse(mapping)` is the one reader of the condition syntax; everything after the loader (the engine,
the compiled closures, the analyses, the readable sentences) works on nodes. Operands keep the YAML's
values (lists stay lists): nodes compare by value; one whose operand is a list cannot be hashed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Union

FACT_OPS = ("equals", "in", "contains", "contains_any", "subset_of", "lt", "lte", "gt", "gte", "known", "not_true")


@dataclass(frozen=True)
class All:
    parts: tuple[Cond, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Cond, ...]


@dataclass(frozen=True)
class Not:
    inner: Cond


@dataclass(frozen=True)
class FactTest:
    """`{fact: F, OP: operand}`: OP one of FACT_OPS."""

    fact: str
    op: str
    operand: Any


@dataclass(frozen=True)
class Ref:
    """`{ref: NAME}`, or with `known`: whether the definition's value is known (never unknown)."""

    name: str
    known: bool | None = None


@dataclass(frozen=True)
class ResultTest:
    """A result atom: `qualified` (primary or concurrent is one of `values`), `primary` or `indicator`."""

    key: str
    values: tuple[str, ...]

    @property
    def text_key(self) -> str:
        """A stable key for the atom (the analyses look result values up by it)."""
        return self.key + ":" + ",".join(self.values)


Cond = Union[All, AnyOf, Not, FactTest, Ref, ResultTest]
Atom = Union[FactTest, Ref, ResultTest]
RESULT_KEYS = ("qualified", "primary", "indicator")


def parse(raw: Mapping[str, Any]) -> Cond:
    """A node for a condition mapping already checked against the schema (shorthands already spelt out)."""
    if "fact" in raw:
        op = next(k for k in raw if k != "fact")
        return FactTest(raw["fact"], op, raw[op])
    if "all" in raw:
        return All(tuple(parse(c) for c in raw["all"]))
    if "any" in raw:
        return AnyOf(tuple(parse(c) for c in raw["any"]))
    if "not" in raw:
        return Not(parse(raw["not"]))
    if "ref" in raw:
        return Ref(raw["ref"], raw.get("known"))
    key = next(k for k in RESULT_KEYS if k in raw)
    return ResultTest(key, tuple(raw[key]))


def parse_optional(raw: Mapping[str, Any] | None) -> Cond | None:
    return None if raw is None else parse(raw)


def as_node(cond: Cond | Mapping[str, Any] | None) -> Cond | None:
    """A node, parsing a mapping (tests and callers that write conditions inline)."""
    return parse(cond) if isinstance(cond, Mapping) else cond


def walk_atoms(cond: Cond | None) -> Iterator[Atom]:
    """Every atom (fact, ref or result test) inside a condition, in order; refs are not followed."""
    if cond is None:
        return
    if isinstance(cond, (All, AnyOf)):
        for part in cond.parts:
            yield from walk_atoms(part)
    elif isinstance(cond, Not):
        yield from walk_atoms(cond.inner)
    else:
        yield cond


def raw_atoms(raw: Any) -> Iterator[Mapping[str, Any]]:
    """The atoms of a condition as written, before it is parsed (the loader's checks and `defgraph`)."""
    if not isinstance(raw, Mapping):
        return
    if "all" in raw or "any" in raw:
        for part in raw.get("all", raw.get("any")) or []:
            yield from raw_atoms(part)
    elif "not" in raw:
        yield from raw_atoms(raw["not"])
    else:
        yield raw


class FactsRead:
    """The facts a condition reads, through definitions, each definition expanded once (memoised)."""

    def __init__(self, definitions: Mapping[str, Any]) -> None:
        self.definitions = definitions  # name -> an object with `.when`
        self._of: dict[str, tuple[str, ...]] = {}

    def __call__(self, cond: Cond | None) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for atom in walk_atoms(cond):
            if isinstance(atom, FactTest):
                seen.setdefault(atom.fact, None)
            elif isinstance(atom, Ref):
                seen.update(dict.fromkeys(self.definition(atom.name)))
        return tuple(seen)

    def definition(self, name: str) -> tuple[str, ...]:
        if name not in self._of:
            self._of[name] = ()  # definitions have no cycles (validated); this guards the recursion anyway
            self._of[name] = self(self.definitions[name].when)
        return self._of[name]
