"""The guideline's definitions as a graph, each one visited once (polynomial, never expanded).

A definition may refer to others (`ref`); a guideline whose definitions refer
to the next layer twice (a "diamond") would take 2^n steps if each reference
were expanded. Here the definitions are taken in the order of their strongly
connected components (Tarjan, without recursion), sinks first, so every
question about a definition — which facts it reads, how deep it goes, whether
it refers back to itself — is answered from answers already known.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .condtree import raw_atoms as walk_atoms


def refs_in(cond: Any) -> list[str]:
    return [a["ref"] for a in walk_atoms(cond) if isinstance(a, Mapping) and "ref" in a]


def facts_in(cond: Any) -> list[str]:
    return [a["fact"] for a in walk_atoms(cond) if isinstance(a, Mapping) and "fact" in a]


def components(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Strongly connected components, each after every component it reaches (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for start in edges:
        if start in index:
            continue
        work: list[tuple[str, Any]] = [(start, iter(edges[start]))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in edges:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges[child])))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                out.append(component)
    return out


@dataclass(frozen=True)
class Graph:
    cyclic: frozenset[str]  # definitions that refer back to themselves, directly or not
    facts: Mapping[str, frozenset[str]]  # every fact a definition reads, through the definitions it refers to
    depth: Mapping[str, int]  # nesting of a definition's condition, the definitions it refers to expanded


def _cond_depth(cond: Any, depth_of: Mapping[str, int]) -> int:
    """Nesting of one condition (bounded by the YAML nesting limit), a ref counting its definition's depth."""
    if not isinstance(cond, Mapping):
        return 1
    if "all" in cond or "any" in cond:
        parts = cond.get("all", cond.get("any")) or []
        return 1 + max((_cond_depth(p, depth_of) for p in parts if isinstance(p, Mapping)), default=0)
    if "not" in cond:
        return 1 + _cond_depth(cond["not"], depth_of)
    if "ref" in cond:
        return 1 + depth_of.get(cond["ref"], 0)
    return 1


def analyse(definitions: Mapping[str, Any]) -> Graph:
    """`definitions`: name -> its condition (the `when`)."""
    edges = {name: [r for r in refs_in(when) if r in definitions] for name, when in definitions.items()}
    cyclic: set[str] = set()
    facts: dict[str, frozenset[str]] = {}
    depth: dict[str, int] = {}
    for component in components(edges):
        members = set(component)
        if len(component) > 1 or any(name in edges[name] for name in component):
            cyclic |= members
        found: set[str] = set()
        for name in component:
            found.update(facts_in(definitions[name]))
            for target in edges[name]:
                if target not in members:
                    found |= facts[target]
        deepest = 0
        for name in component:
            for target in members:  # inside a cycle the depth is unbounded: count the members once
                depth.setdefault(target, 0)
            deepest = max(deepest, _cond_depth(definitions[name], depth))
        for name in component:
            facts[name] = frozenset(found)
            depth[name] = deepest + (len(component) - 1)
    return Graph(frozenset(cyclic), facts, depth)


def facts_read(cond: Any, graph: Graph) -> set[str]:
    """The facts a condition reads, through every definition it refers to."""
    found = set(facts_in(cond))
    for name in refs_in(cond):
        found |= graph.facts.get(name, frozenset())
    return found
