"""`tip-triage guideline lint`: what a guideline maintainer must know before a version reaches the field.

Every check works from the YAML alone and is exact on the finite fact domains
(domains.py) without enumerating every combination of facts: each check
enumerates only the facts of the few conditions it is about, and the two
checks that need the whole rule set at once (gaps, conflicts) use the
complete search of solver.py. Definitions:

- unreachable question: its `ask_if` is false whatever is known or unknown of
  the facts it reads, or it is not `always` and no rule reads its fact (the
  interview asks only what can change something): error;
- unread fact: no qualification, indicator, aggravating, note or referral rule
  reads it (it is asked for the record only): warning;
- never holds / never fires: what `guideline validate` checks (analysis.py), made exact: a rule is
  searched with solver.py, a referral over its own facts with each result a rule can give: error;
- gap: a complete set of facts (every fact known) under which no qualification
  rule holds, although some rule has every element true and is excluded only
  by its scope. The result would be `no_crime_indicators` while the facts show
  every element of an offence: the spec's "no_crime_indicators" (for every
  offence an element is known to be absent) is not justified. Error;
- conflict: two codes whose precedence depends on the facts: on some facts
  where both hold one is primary, on others the other (a code ranks at the
  first of its rules that holds, so a code with rules on both sides of
  another's is ordered by whichever of its rules holds). Warning: the spec
  itself has one such tiered order (use of minors in crime, trafficking); a
  lawyer confirms each;
- hidden question: an `ask_if` can be false (the question is skipped and its
  fact stays unknown) in a situation where some answer to it would still change
  a qualification rule's status, the indicator, a referral, a note or an
  aggravating circumstance. Warning: the guideline may hide it on purpose (a
  combination it deems impossible), and a lawyer confirms;
- translations: a text missing in a language is an error; a text identical in
  both languages is a warning;
- sources: a rule, definition, referral, note or aggravating circumstance
  without `basis` is an error.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .domains import Kleene, Reader, assignments, domains
from .lint_hidden import hidden_questions
from .model import Condition, Guideline, QualificationRule
from .readable import describe_values
from .solver import ELEMENTS_TRUE, HOLDS, NOT_HOLDS, SCOPE_NOT_ALL, Constraint, Solver

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    level: str
    kind: str
    where: str  # a path inside the guideline: section.id
    message: Mapping[str, str]  # es, en


@dataclass
class Report:
    guideline: Guideline
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == ERROR]

    def add(self, level: str, kind: str, where: str, es: str, en: str) -> None:
        self.findings.append(Finding(level, kind, where, {"es": es, "en": en}))


def lint(guideline: Guideline) -> Report:
    report = Report(guideline)
    reader = Reader(guideline)
    solver = Solver(guideline, reader)
    _dead(guideline, reader, solver, report)
    _questions(guideline, reader, report)
    _gaps(guideline, solver, reader, report)
    _conflicts(guideline, solver, report)
    hidden_questions(guideline, reader, report)
    _translations(guideline, report)
    _sources(guideline, report)
    return report


# ---------------------------------------------------------------- never holds, never fires


def _dead(g: Guideline, reader: Reader, solver: Solver, report: Report) -> None:
    """What `guideline validate` checks (analysis.py), as findings."""
    from .analysis import silent_referrals, witnesses

    found, dead, _ = witnesses(g, solver)
    for rule_id in dead:
        report.add(
            ERROR,
            "never_holds",
            f"qualifications.{rule_id}",
            f"la regla '{rule_id}' nunca se cumple: sus condiciones se contradicen",
            f"the rule '{rule_id}' can never hold: its conditions contradict each other",
        )
    for i in silent_referrals(g, found, reader):
        ref_id = g.referrals[i].id
        report.add(
            ERROR,
            "never_fires",
            f"referrals.{ref_id}",
            f"la remisión '{ref_id}' nunca se activa con ningún conjunto de hechos",
            f"the referral '{ref_id}' never fires: no set of facts makes its condition true",
        )


# ---------------------------------------------------------------- questions and facts


def _rule_conditions(g: Guideline) -> list[Condition | None]:
    conds: list[Condition | None] = [c for r in g.qualifications for c in (*r.scope, *(e.when for e in r.elements))]
    conds += [r.when for r in g.indicator_rules] + [t.when for t in (*g.aggravating, *g.notes)]
    conds += [ref.when for ref in g.referrals]
    return conds


def _questions(g: Guideline, reader: Reader, report: Report) -> None:
    read = set(reader.facts(*_rule_conditions(g)))
    kleene = Kleene(g)
    for stage in g.stages:
        for q in stage.questions:
            where = f"flow.{stage.id}.{q.fact}"
            if q.fact not in read:
                if q.always:
                    report.add(
                        WARNING,
                        "unread_fact",
                        where,
                        f"ninguna regla lee el hecho '{q.fact}': se pregunta solo para el registro",
                        f"no rule reads the fact '{q.fact}': it is asked for the record only",
                    )
                else:
                    report.add(
                        ERROR,
                        "unreachable_question",
                        where,
                        f"la pregunta sobre '{q.fact}' nunca se hace: ninguna regla lee su respuesta "
                        "y no está marcada `always`",
                        f"the question on '{q.fact}' is never asked: no rule reads its answer and it is "
                        "not marked `always`",
                    )
                continue
            if q.ask_if is None:
                continue
            doms = domains(g, reader, [q.ask_if], with_unknown=True)
            if all(kleene.value(q.ask_if, v) is False for v in assignments(doms)):
                report.add(
                    ERROR,
                    "unreachable_question",
                    where,
                    f"la pregunta sobre '{q.fact}' nunca se hace: su ask_if es falso con cualquier "
                    "respuesta, también «No sé»",
                    f"the question on '{q.fact}' is never asked: its ask_if is false whatever the "
                    'answers, "I don\'t know" included',
                )


# ---------------------------------------------------------------- gaps and conflicts


def _gaps(g: Guideline, solver: Solver, reader: Reader, report: Report) -> None:
    for rule in g.qualifications:
        if not rule.elements or not rule.scope:
            continue
        constraints = [Constraint(ELEMENTS_TRUE, rule), Constraint(SCOPE_NOT_ALL, rule)]
        constraints += [Constraint(NOT_HOLDS, r) for r in g.qualifications]
        witness = solver.find(constraints)
        if witness is None:
            continue
        shown = _witness_facts(g, reader, [*rule.scope], witness)
        report.add(
            ERROR,
            "gap",
            f"qualifications.{rule.id}",
            f"hueco: todos los elementos de '{rule.id}' se cumplen, pero queda fuera de su alcance y "
            f"ninguna regla califica el caso (p. ej. {describe_values(g, shown, 'es')})",
            f"gap: every element of '{rule.id}' holds, yet it is out of its scope and no rule "
            f"qualifies the case (e.g. {describe_values(g, shown, 'en')})",
        )


def _witness_facts(g: Guideline, reader: Reader, conds: list[Condition], witness: Mapping[str, Any]) -> dict[str, Any]:
    facts = reader.facts(*conds)
    return {f: witness[f] for f in facts if f in witness}


def _conflicts(g: Guideline, solver: Solver, report: Report) -> None:
    positions: dict[str, list[int]] = {}
    for i, rule in enumerate(g.qualifications):
        positions.setdefault(rule.code, []).append(i)
    codes = list(positions)
    for a, b in itertools.combinations(codes, 2):
        pa, pb = positions[a], positions[b]
        if max(pa) < min(pb) or max(pb) < min(pa):  # one code's rules all come first: the order decides
            continue
        a_first = _first_over(g, solver, a, b)
        b_first = _first_over(g, solver, b, a)
        if a_first and b_first:
            rule_a, rule_b = a_first[0], b_first[0]
            report.add(
                WARNING,
                "conflict",
                f"qualifications.{rule_a.id}",
                f"conflicto de precedencia: con hechos en que ambos se cumplen, '{a}' es principal si se "
                f"cumple la regla '{rule_a.id}', y '{b}' si se cumple '{rule_b.id}' sin ella; "
                "confirme que es intencional",
                f"precedence conflict: on facts where both hold, '{a}' is primary when the rule "
                f"'{rule_a.id}' holds, and '{b}' when '{rule_b.id}' holds without it; confirm it is intended",
            )


def _first_over(g: Guideline, solver: Solver, a: str, b: str) -> tuple[QualificationRule, QualificationRule] | None:
    """(rule of a, rule of b) that can hold together with a primary over b, or None."""
    rules = list(g.qualifications)
    for i, ra in enumerate(rules):
        if ra.code != a:
            continue
        earlier_b = [r for r in rules[:i] if r.code == b]
        for rb in rules[i + 1 :]:
            if rb.code != b:
                continue
            constraints = [Constraint(HOLDS, ra), Constraint(HOLDS, rb)] + [Constraint(NOT_HOLDS, r) for r in earlier_b]
            if solver.find(constraints) is not None:
                return ra, rb
    return None


# ---------------------------------------------------------------- texts and sources


def _texts(g: Guideline) -> Iterator[tuple[str, Mapping[str, str]]]:
    yield "guideline.title", g.title
    yield "guideline.issuer", g.issuer
    yield "guideline.disclaimer", g.disclaimer
    for f in g.facts.values():
        yield f"facts.{f.id}.question", f.question
        yield f"facts.{f.id}.help", f.help
        for v, label in f.labels.items():
            yield f"facts.{f.id}.values.{v}", label
    for d in g.definitions.values():
        yield f"definitions.{d.id}.label", d.label
    for c in g.codes.values():
        yield f"codes.{c.id}.label", c.label
        yield f"codes.{c.id}.summary", c.summary
    for r in g.qualifications:
        for e in r.elements:
            yield f"qualifications.{r.id}.{e.id}.label", e.label
    for section, items in (("aggravating", g.aggravating), ("notes", g.notes)):
        for t in items:
            yield f"{section}.{t.id}.text", t.text
    for ref in g.referrals:
        yield f"referrals.{ref.id}.institution", ref.institution
        yield f"referrals.{ref.id}.action", ref.action
        if ref.deadline is not None:
            yield f"referrals.{ref.id}.deadline", ref.deadline
    for s in g.stages:
        yield f"flow.{s.id}.title", s.title


def _translations(g: Guideline, report: Report) -> None:
    for where, text in _texts(g):
        es, en = (text.get("es") or "").strip(), (text.get("en") or "").strip()
        missing = [lang for lang, value in (("es", es), ("en", en)) if not value]
        if missing:
            report.add(
                ERROR,
                "missing_translation",
                where,
                f"falta el texto en {', '.join(missing)}",
                f"the text is missing in {', '.join(missing)}",
            )
        elif es == en and any(ch.isalpha() for ch in es):
            report.add(
                WARNING,
                "same_translation",
                where,
                "el texto es idéntico en español y en inglés",
                "the text is identical in Spanish and English",
            )


def _sources(g: Guideline, report: Report) -> None:
    items: list[tuple[str, tuple[str, ...]]] = [(f"definitions.{d.id}", d.basis) for d in g.definitions.values()]
    items += [(f"qualifications.{r.id}", r.basis) for r in g.qualifications]
    items += [(f"indicator.{r.level}#{i + 1}", r.basis) for i, r in enumerate(g.indicator_rules)]
    items += [(f"aggravating.{r.id}", r.basis) for r in g.aggravating]
    items += [(f"notes.{r.id}", r.basis) for r in g.notes]
    items += [(f"referrals.{r.id}", r.basis) for r in g.referrals]
    for where, basis in items:
        if not basis:
            report.add(ERROR, "no_source", where, "no cita ninguna fuente", "cites no source")
