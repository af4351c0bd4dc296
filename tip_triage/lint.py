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
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping

from .condtree import ResultTest
from .domains import Kleene, Reader, assignments, atom_key, domains, fact_domain
from .model import Condition, Guideline, QualificationRule
from .readable import describe, describe_values, value_text
from .solver import ELEMENTS_TRUE, HOLDS, NOT_HOLDS, SCOPE_NOT_ALL, Constraint, Solver

ERROR, WARNING = "error", "warning"
KIND_ES = {"qualification": "la regla", "indicator": "la regla de indicios", "aggravating": "la agravante",
           "note": "la nota", "referral": "la remisión"}


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
    _hidden(guideline, reader, report)
    _translations(guideline, report)
    _sources(guideline, report)
    return report


# ---------------------------------------------------------------- never holds, never fires


def _dead(g: Guideline, reader: Reader, solver: Solver, report: Report) -> None:
    """What `guideline validate` checks (analysis.py), as findings."""
    from .analysis import silent_referrals, witnesses

    found, dead, _ = witnesses(g, solver)
    for rule_id in dead:
        report.add(ERROR, "never_holds", f"qualifications.{rule_id}",
                   f"la regla '{rule_id}' nunca se cumple: sus condiciones se contradicen",
                   f"the rule '{rule_id}' can never hold: its conditions contradict each other")
    for i in silent_referrals(g, found, reader):
        ref_id = g.referrals[i].id
        report.add(ERROR, "never_fires", f"referrals.{ref_id}",
                   f"la remisión '{ref_id}' nunca se activa con ningún conjunto de hechos",
                   f"the referral '{ref_id}' never fires: no set of facts makes its condition true")


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
                    report.add(WARNING, "unread_fact", where,
                               f"ninguna regla lee el hecho '{q.fact}': se pregunta solo para el registro",
                               f"no rule reads the fact '{q.fact}': it is asked for the record only")
                else:
                    report.add(ERROR, "unreachable_question", where,
                               f"la pregunta sobre '{q.fact}' nunca se hace: ninguna regla lee su respuesta "
                               "y no está marcada `always`",
                               f"the question on '{q.fact}' is never asked: no rule reads its answer and it is "
                               "not marked `always`")
                continue
            if q.ask_if is None:
                continue
            doms = domains(g, reader, [q.ask_if], with_unknown=True)
            if all(kleene.value(q.ask_if, v) is False for v in assignments(doms)):
                report.add(ERROR, "unreachable_question", where,
                           f"la pregunta sobre '{q.fact}' nunca se hace: su ask_if es falso con cualquier "
                           "respuesta, también «No sé»",
                           f"the question on '{q.fact}' is never asked: its ask_if is false whatever the "
                           "answers, \"I don't know\" included")


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
        report.add(ERROR, "gap", f"qualifications.{rule.id}",
                   f"hueco: todos los elementos de '{rule.id}' se cumplen, pero queda fuera de su alcance y "
                   f"ninguna regla califica el caso (p. ej. {describe_values(g, shown, 'es')})",
                   f"gap: every element of '{rule.id}' holds, yet it is out of its scope and no rule "
                   f"qualifies the case (e.g. {describe_values(g, shown, 'en')})")


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
            report.add(WARNING, "conflict", f"qualifications.{rule_a.id}",
                       f"conflicto de precedencia: con hechos en que ambos se cumplen, '{a}' es principal si se "
                       f"cumple la regla '{rule_a.id}', y '{b}' si se cumple '{rule_b.id}' sin ella; "
                       "confirme que es intencional",
                       f"precedence conflict: on facts where both hold, '{a}' is primary when the rule "
                       f"'{rule_a.id}' holds, and '{b}' when '{rule_b.id}' holds without it; confirm it is intended")


def _first_over(g: Guideline, solver: Solver, a: str, b: str) -> tuple[QualificationRule, QualificationRule] | None:
    """(rule of a, rule of b) that can hold together with a primary over b, or None."""
    rules = list(g.qualifications)
    for i, ra in enumerate(rules):
        if ra.code != a:
            continue
        earlier_b = [r for r in rules[:i] if r.code == b]
        for rb in rules[i + 1:]:
            if rb.code != b:
                continue
            constraints = [Constraint(HOLDS, ra), Constraint(HOLDS, rb)] + [Constraint(NOT_HOLDS, r) for r in earlier_b]
            if solver.find(constraints) is not None:
                return ra, rb
    return None


# ---------------------------------------------------------------- hidden questions


def _consumers(g: Guideline) -> Iterator[tuple[str, str, Any]]:
    """(kind, id, what to evaluate) for every part of the result a fact can change."""
    for rule in g.qualifications:
        yield "qualification", rule.id, rule
    for i, irule in enumerate(g.indicator_rules):
        yield "indicator", f"{irule.level}#{i + 1}", irule.when
    for r in g.aggravating:
        yield "aggravating", r.id, r.when
    for r in g.notes:
        yield "note", r.id, r.when
    for ref in g.referrals:
        yield "referral", ref.id, ref.when


class _Outcomes:
    """The value of a result atom's codes that the facts known so far still allow (for the hidden check)."""

    def __init__(self, g: Guideline, reader: Reader, kleene: Kleene) -> None:
        self.g, self.reader, self.kleene = g, reader, kleene
        self._cache: dict[tuple[str, tuple[Any, ...]], tuple[bool, bool]] = {}
        self.rules_of: dict[str, list[QualificationRule]] = {}
        for rule in g.qualifications:
            self.rules_of.setdefault(rule.code, []).append(rule)

    def rule_can(self, rule: QualificationRule, values: Mapping[str, Any]) -> tuple[bool, bool]:
        """(can hold, can fail to hold) given `values` (None: unknown), the other facts free."""
        conds = [*rule.scope, *(e.when for e in rule.elements)]
        facts = self.reader.facts(*conds)
        key = (rule.id, tuple(values.get(f, "free") for f in facts))
        if key not in self._cache:
            atoms = [a for c in conds for a in self.reader.atoms(c)]
            free = {f: [*fact_domain(self.g, f, atoms), None] for f in facts if f not in values}  # None: "No sé"
            fixed = {f: values[f] for f in facts if f in values}
            can_hold = can_fail = False
            for combo in assignments(free, fixed):
                vals = [self.kleene.value(c, combo) for c in conds]
                if all(v is True for v in vals):
                    can_hold = True
                else:
                    can_fail = True
                if can_hold and can_fail:
                    break
            self._cache[key] = (can_hold, can_fail)
        return self._cache[key]

    def atom_values(self, atom: Condition, values: Mapping[str, Any]) -> list[bool]:
        assert isinstance(atom, ResultTest)
        if atom.key == "indicator":
            return [True, False]
        codes = atom.values
        rules = [r for code in codes for r in self.rules_of.get(code, [])]
        can_true = any(self.rule_can(r, values)[0] for r in rules)
        can_false = True  # another rule may take precedence, or none of them holds
        if atom.key == "qualified":
            can_false = all(self.rule_can(r, values)[1] for r in rules)  # no rule of these codes is forced to hold
        return [v for v, ok in ((True, can_true), (False, can_false)) if ok] or [False]


def _status(kleene: Kleene, rule: QualificationRule, values: Mapping[str, Any]) -> str:
    scope = [kleene.value(c, values) for c in rule.scope]
    elements = [kleene.value(e.when, values) for e in rule.elements]
    if False in scope + elements:
        return "excluded"
    if all(v is True for v in scope + elements):
        return "holds"
    return "partial" if True in elements else "silent"


def _hidden(g: Guideline, reader: Reader, report: Report) -> None:
    kleene = Kleene(g)
    outcomes = _Outcomes(g, reader, kleene)
    readers: dict[str, list[tuple[str, str, Any, list[Condition]]]] = {}  # fact -> the parts of the result it feeds
    for kind, item_id, what in _consumers(g):
        conds = [*what.scope, *(e.when for e in what.elements)] if kind == "qualification" else [what]
        for fact in reader.facts(*conds):
            readers.setdefault(fact, []).append((kind, item_id, what, conds))
    for stage in g.stages:
        for q in stage.questions:
            if q.ask_if is None:
                continue
            for kind, item_id, what, conds in readers.get(q.fact, []):
                example = _hiding_example(g, reader, kleene, outcomes, q.fact, q.ask_if, kind, what, conds)
                if example is None:
                    continue
                others = {k: v for k, v in example.items() if k != q.fact}
                shown = describe_values(g, others, "es") + f"; respuesta: {value_text(g, q.fact, example[q.fact], 'es')}"
                shown_en = describe_values(g, others, "en") + f"; answer: {value_text(g, q.fact, example[q.fact], 'en')}"
                report.add(WARNING, "hidden_question", f"flow.{stage.id}.{q.fact}",
                           f"el ask_if de '{q.fact}' la omite cuando {describe(g, q.ask_if, 'es', negate=True)}, "
                           f"pero su respuesta aún cambia {KIND_ES[kind]} '{item_id}' (p. ej. {shown})",
                           f"the ask_if of '{q.fact}' skips it when {describe(g, q.ask_if, 'en', negate=True)}, "
                           f"yet its answer still changes the {kind} '{item_id}' (e.g. {shown_en})")
                break  # one finding per question: the first part of the result it changes


def _hiding_example(g: Guideline, reader: Reader, kleene: Kleene, outcomes: _Outcomes, fact: str,
                    ask_if: Condition, kind: str, what: Any, conds: list[Condition]) -> dict[str, Any] | None:
    doms = domains(g, reader, [ask_if, *conds], with_unknown=True)
    answers = [v for v in doms.pop(fact, []) if v is not None] or fact_domain(g, fact, [])
    result_atoms = reader.result_atoms(*conds)
    for values in assignments(doms):
        if kleene.value(ask_if, values) is not False:
            continue
        choices = [outcomes.atom_values(a, values) for a in result_atoms]
        for combo in itertools.product(*choices):
            results = {atom_key(a): v for a, v in zip(result_atoms, combo)}
            skipped = _value(kleene, kind, what, {**values, fact: None}, results)
            for answer in answers:
                if _value(kleene, kind, what, {**values, fact: answer}, results) != skipped:
                    return {**values, fact: answer}
    return None


def _value(kleene: Kleene, kind: str, what: Any, values: Mapping[str, Any], results: Mapping[str, bool]) -> Any:
    if kind == "qualification":
        return _status(kleene, what, values)  # partly indicated or silent also changes the result
    return kleene.value(what, values, results) is True  # the rest apply only when true


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
            report.add(ERROR, "missing_translation", where, f"falta el texto en {', '.join(missing)}",
                       f"the text is missing in {', '.join(missing)}")
        elif es == en and any(ch.isalpha() for ch in es):
            report.add(WARNING, "same_translation", where, "el texto es idéntico en español y en inglés",
                       "the text is identical in Spanish and English")


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
