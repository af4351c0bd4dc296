"""Is there a complete set of facts under which these rules hold and those do not?

A backtracking search over the facts the rules read, each over its exact small
domain (domains.py), that prunes a branch as soon as three-valued evaluation
decides a constraint against it and stops as soon as every constraint is
decided in its favour (the remaining facts can then take any value). It is
complete: "no" means no combination of facts exists. Rules that share no fact
with the constraint's own facts are decided independently, so the search is
linear in the number of independent rules rather than exponential in the
number of facts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .domains import Kleene, Reader, fact_domain
from .model import Condition, Guideline, QualificationRule

HOLDS, NOT_HOLDS, ELEMENTS_TRUE, SCOPE_NOT_ALL = "holds", "not_holds", "elements_true", "scope_not_all"


@dataclass(frozen=True)
class Constraint:
    kind: str
    rule: QualificationRule

    def parts(self) -> tuple[Condition, ...]:
        if self.kind == ELEMENTS_TRUE:
            return tuple(e.when for e in self.rule.elements)
        if self.kind == SCOPE_NOT_ALL:
            return tuple(self.rule.scope)
        return (*self.rule.scope, *(e.when for e in self.rule.elements))

    def decide(self, kleene: Kleene, values: Mapping[str, Any]) -> bool | None:
        """True: satisfied whatever the free facts; False: violated whatever they are; None: not yet."""
        vals = [kleene.value(c, values) for c in self.parts()]
        every = False not in vals and None not in vals  # every part true
        some_false = False in vals
        if self.kind in (HOLDS, ELEMENTS_TRUE):
            return False if some_false else (True if every else None)
        return False if every else (True if some_false else None)


class Solver:
    def __init__(self, guideline: Guideline, reader: Reader | None = None) -> None:
        self.g = guideline
        self.reader = reader or Reader(guideline)
        self.kleene = Kleene(guideline)
        conds = [c for r in guideline.qualifications for c in (*r.scope, *(e.when for e in r.elements))]
        atoms = [a for c in conds for a in self.reader.atoms(c)]
        self.domains = {f: fact_domain(guideline, f, atoms) for f in self.reader.facts(*conds)}
        self._rule_facts = {
            r.id: set(self.reader.facts(*r.scope, *(e.when for e in r.elements))) for r in guideline.qualifications
        }
        self.nodes = 0
        self._groups: dict[frozenset[tuple[str, str]], dict[str, Any] | None] = {}
        self._negative: set[str] = set()

    def find(self, constraints: Iterable[Constraint]) -> dict[str, Any] | None:
        """A fact assignment satisfying every constraint, or None when there is none."""
        constraints = list(constraints)
        groups = self._independent(constraints)
        found: dict[str, Any] = {}
        for group in groups:
            key = frozenset((c.kind, c.rule.id) for c in group)
            if key not in self._groups:  # the same independent group recurs across questions: solve it once
                self._groups[key] = self._search(group, self._order(group), {}, 0)
            witness = self._groups[key]
            if witness is None:
                return None
            found.update(witness)
        return found

    def _independent(self, constraints: list[Constraint]) -> list[list[Constraint]]:
        """Constraints joined when they read a common fact (union-find over facts)."""
        parent: dict[int, int] = {i: i for i in range(len(constraints))}

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        owner: dict[str, int] = {}
        for i, c in enumerate(constraints):
            for fact in self._rule_facts[c.rule.id]:
                if fact in owner:
                    parent[root(i)] = root(owner[fact])
                else:
                    owner[fact] = i
        groups: dict[int, list[Constraint]] = {}
        for i, c in enumerate(constraints):
            groups.setdefault(root(i), []).append(c)
        # the groups with positive constraints first: they fail fastest
        return sorted(groups.values(), key=lambda g: not any(c.kind in (HOLDS, ELEMENTS_TRUE) for c in g))

    def _order(self, group: list[Constraint]) -> list[str]:
        """Facts of the positive constraints first (they decide fastest), then by how many rules read them."""
        first: dict[str, None] = {}
        for c in group:
            if c.kind in (HOLDS, ELEMENTS_TRUE, SCOPE_NOT_ALL):
                for f in self.reader.facts(*c.parts()):
                    first.setdefault(f, None)
        count: dict[str, int] = {}
        for c in group:
            for f in self._rule_facts[c.rule.id]:
                count[f] = count.get(f, 0) + 1
        rest = sorted((f for f in count if f not in first), key=lambda f: -count[f])
        self._negative = set(rest)
        # smallest domains first: a contradiction among few values is found before a wide fact branches
        return sorted((f for f in first if f in self.domains), key=lambda f: len(self.domains[f])) + rest

    def _search(
        self, group: list[Constraint], facts: list[str], values: dict[str, Any], depth: int
    ) -> dict[str, Any] | None:
        self.nodes += 1
        open_constraints = []
        for c in group:
            verdict = c.decide(self.kleene, values)
            if verdict is False:
                return None
            if verdict is None:
                open_constraints.append(c)
        if not open_constraints:
            return dict(values)
        if depth >= len(facts):  # every fact chosen and still undecided: cannot happen with exact domains
            return None
        fact = facts[depth]
        # a fact only the "does not hold" constraints read: its last values (false, none, the empty set…)
        # tend to make rules fail, so they are tried first
        values_to_try = self.domains[fact][::-1] if fact in self._negative else self.domains[fact]
        for value in values_to_try:
            values[fact] = value
            found = self._search(open_constraints, facts, values, depth + 1)
            if found is not None:
                del values[fact]
                return found
        del values[fact]
        return None
