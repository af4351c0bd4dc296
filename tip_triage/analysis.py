"""Static checks of a guideline that need its meaning: can every rule hold, can every referral fire?

Exact on the finite fact domains (domains.py). A qualification rule is searched
for with the complete search of solver.py: a rule for which no set of facts
exists is dead. A referral is tried over the values of its own facts; when its
condition reads the result (a code, the indicator level), on top of a set of
facts under which each rule it could depend on holds (or nothing at all). Used
by `guideline validate` (errors) and `guideline lint` (findings in es/en).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .domains import Kleene, Reader, assignments, domains
from .engine import evaluate
from .model import Guideline, QualificationRule, Referral
from .solver import HOLDS, Constraint, Solver


def witnesses(
    guideline: Guideline, solver: Solver | None = None
) -> tuple[dict[str, dict[str, Any]], list[str], list[str]]:
    """(a fact set under which each rule holds, by rule id; dead rules; rules not analysed: always none now)."""
    solver = solver or Solver(guideline)
    found: dict[str, dict[str, Any]] = {}
    dead: list[str] = []
    for rule in guideline.qualifications:
        witness = solver.find([Constraint(HOLDS, rule)])
        if witness is None:
            dead.append(rule.id)
        else:
            found[rule.id] = witness
    return found, dead, []


class _Results:
    """The engine on the part of the guideline a set of facts can touch.

    With only some facts known, a rule that reads none of them has the status it has
    with no facts at all; if that status is silent or excluded it adds no code and
    makes nothing "partly indicated", so the result is the same without it. The
    engine runs on the other rules (in their order), the indicator rules and the
    one referral asked about: the same result, in time that does not grow with
    the rules the facts cannot reach.
    """

    def __init__(self, guideline: Guideline, reader: Reader) -> None:
        self.g = guideline
        empty = evaluate(guideline, {})
        self.position = {r.id: i for i, r in enumerate(guideline.qualifications)}
        self.always = [r for r in guideline.qualifications if empty.rule_status[r.id] in ("holds", "partial")]
        self.readers: dict[str, list[QualificationRule]] = {}
        for rule in guideline.qualifications:
            for fact in reader.facts(*rule.scope, *(e.when for e in rule.elements)):
                self.readers.setdefault(fact, []).append(rule)

    def fires(self, ref: Referral, facts: Mapping[str, Any]) -> bool:
        rules = {r.id: r for f in facts for r in self.readers.get(f, [])}
        rules.update((r.id, r) for r in self.always)
        kept = sorted(rules.values(), key=lambda r: self.position[r.id])
        part = replace(self.g, qualifications=tuple(kept), referrals=(ref,), notes=(), aggravating=(), stages=())
        return bool(evaluate(part, facts).referrals)


def silent_referrals(
    guideline: Guideline, found: Mapping[str, Mapping[str, Any]], reader: Reader | None = None
) -> list[int]:
    """Positions of the referrals that can never fire."""
    reader = reader or Reader(guideline)
    kleene = Kleene(guideline)
    results: _Results | None = None
    silent = []
    for i, ref in enumerate(guideline.referrals):
        if ref.when is None:
            continue
        doms = domains(guideline, reader, [ref.when])
        result_atoms = reader.result_atoms(ref.when)
        # true on its facts alone, whatever the result (result atoms undecided): no need to run the engine
        fires = any(kleene.value(ref.when, values) is True for values in assignments(doms))
        if not fires and result_atoms:  # with the results each rule it names (any rule, for the level) gives
            named = {c for a in result_atoms if a.key != "indicator" for c in a.values}
            levels = any(a.key == "indicator" for a in result_atoms)
            bases: list[Mapping[str, Any]] = [{}] + [
                w for rid, w in found.items() if levels or guideline.rule(rid).code in named
            ]
            results = results or _Results(guideline, reader)
            fires = any(results.fires(ref, {**base, **values}) for values in assignments(doms) for base in bases)
        if not fires:
            silent.append(i)
    return silent


def problems(guideline: Guideline) -> list[tuple[list[str | int], str]]:
    """(path, message) for every rule that can never hold and every referral that can never fire."""
    # Notes and aggravating circumstances change no code and no referral: searching without them keeps
    # a guideline with very many notes as fast to analyse as one with a few.
    guideline = replace(guideline, notes=(), aggravating=())
    reader = Reader(guideline)
    found, dead, _ = witnesses(guideline, Solver(guideline, reader))
    out: list[tuple[list[str | int], str]] = []
    for i, rule in enumerate(guideline.qualifications):
        if rule.id in dead:
            out.append(
                (["qualifications", i], f"the rule '{rule.id}' can never hold: its conditions contradict each other")
            )
    for i in silent_referrals(guideline, found, reader):
        message = (
            f"the referral '{guideline.referrals[i].id}' never fires: no combination of its "
            "facts with any qualification makes its condition true"
        )
        out.append((["referrals", i], message))
    return out
