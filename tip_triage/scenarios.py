"""Trainer scenarios: load them (single case files or scenario files with several named cases),
run them against their `expect` blocks, explain each failure by the rules that made the
difference, and measure what of the guideline they exercise (coverage).

Pure apart from reading files: the command prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import schemas
from .casefile import build_case, parse_case
from .conditions import Context
from .conditions import evaluate as value_of
from .engine import evaluate, next_question
from .errors import TipTriageError
from .expect import differences
from .model import Case, Guideline, Result
from .yamlio import dotted, line_of, parse, read_text

SUFFIXES = (".yaml", ".yml", ".json")
WHY = {  # the words of a failure's explanation; ids and codes stay as in the files
    "es": {
        "rule": "regla",
        "referral": "remisión",
        "not_fired": "no se activó",
        "fired": "se activó",
        "when": "cuando",
        "indicator": "regla de indicios",
        "holds": "se cumple",
        "excluded": "descartada",
        "partial": "indicada en parte",
        "silent": "sin indicios",
        "true": "sí",
        "false": "no",
        "unknown": "no se sabe",
    },
    "en": {
        "rule": "rule",
        "referral": "referral",
        "not_fired": "did not fire",
        "fired": "fired",
        "when": "when",
        "indicator": "indicator rule",
        "holds": "holds",
        "excluded": "excluded",
        "partial": "partly indicated",
        "silent": "silent",
        "true": "true",
        "false": "false",
        "unknown": "unknown",
    },
}


@dataclass(frozen=True)
class Scenario:
    case: Case
    where: str  # file, or file#n for the n-th case of a scenario file

    @property
    def name(self) -> str:
        return self.case.name or self.case.id


@dataclass(frozen=True)
class Broken:
    where: str
    error: TipTriageError


def files(paths: Iterable[str]) -> Iterator[str]:
    for arg in paths:
        path = Path(arg)
        if path.is_dir():
            yield from (
                str(p)
                for p in sorted(path.rglob("*"))
                if p.suffix.lower() in SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            yield arg


def load_file(path: str) -> list[Scenario]:
    """Every scenario in one file: a case file, or a scenario file (`tip_triage_scenarios: 1`, `cases: [...]`)."""
    text = read_text(path)
    data = parse(text, path)
    if not (isinstance(data, dict) and "tip_triage_scenarios" in data):
        return [Scenario(parse_case(data, path, text), path)]
    for err_path, message in schemas.errors(data, "scenarios.v1"):
        raise TipTriageError.at(message, path, line_of(text, err_path), dotted(err_path) if err_path else "", "schema")
    shared_tags = list(data.get("tags", []))
    found = []
    ids: set[str] = set()
    for i, item in enumerate(data["cases"]):
        if item["id"] in ids:
            line = line_of(text, ["cases", i, "id"])
            raise TipTriageError.at(
                f"the id '{item['id']}' is used twice", path, line, f"cases[{i}].id" if line else "", "duplicate"
            )
        ids.add(item["id"])
        case_data = {"tip_triage_case": 1, **{k: v for k, v in item.items() if k != "tags"}}
        if "guideline" in data and "guideline" not in item:
            case_data["guideline"] = data["guideline"]
        tags = shared_tags + [t for t in item.get("tags", []) if t not in shared_tags]
        if tags:
            case_data["tags"] = tags
        found.append(Scenario(build_case(case_data, f"{path}#{i + 1}"), f"{path}#{i + 1}"))
    return found


def collect(paths: Iterable[str]) -> tuple[list[Scenario], list[Broken]]:
    scenarios: list[Scenario] = []
    broken: list[Broken] = []
    any_file = False
    for name in files(paths):
        any_file = True
        try:
            scenarios += load_file(name)
        except TipTriageError as exc:
            broken.append(Broken(name, exc))
    if not any_file:
        broken += [
            Broken(p, TipTriageError("no scenario files (*.yaml, *.yml, *.json) here", p, "not_found")) for p in paths
        ]
    return scenarios, broken


def select(scenarios: Iterable[Scenario], keyword: str | None, tags: Iterable[str]) -> list[Scenario]:
    """-k TEXT: in the name, id or file (any case); --tag TAG: carries one of the tags."""
    tags = set(tags)
    chosen = []
    for s in scenarios:
        if keyword and keyword.lower() not in f"{s.name} {s.case.id} {s.where}".lower():
            continue
        if tags and not tags & set(s.case.tags):
            continue
        chosen.append(s)
    return chosen


# ---------------------------------------------------------------- running


@dataclass
class Outcome:
    scenario: Scenario
    guideline: Guideline
    result: Result
    differences: list[str] = field(default_factory=list)
    why: list[str] = field(default_factory=list)  # the rules that made the difference

    @property
    def status(self) -> str:
        if self.scenario.case.expect is None:
            return "skipped"
        return "fail" if self.differences else "pass"


def run(scenario: Scenario, guideline: Guideline, lang: str) -> Outcome:
    result = evaluate(guideline, scenario.case.facts)
    outcome = Outcome(scenario, guideline, result)
    if scenario.case.expect is not None:
        outcome.differences = differences(scenario.case.expect, result)
        if outcome.differences:
            outcome.why = explain_difference(guideline, scenario.case.expect, result, lang, scenario.case.facts)
    return outcome


def _element_values(result: Result) -> dict[str, str]:
    return {s.rule: s.answer for s in result.trace if "." in s.rule}


def explain_difference(
    g: Guideline, expect: Mapping[str, Any], result: Result, lang: str, facts: Mapping[str, Any]
) -> list[str]:
    """For each code expected but not reached (or reached but not expected), its rules' status and elements."""
    from .readable import describe

    codes_expected = set(expect.get("concurrent", [])) | (
        {expect["qualification"]} if "qualification" in expect else set()
    )
    got = set(result.codes)
    wrong = (codes_expected ^ got) if "concurrent" in expect else (codes_expected - got)
    if "qualification" in expect and expect["qualification"] != result.qualification:
        wrong |= {expect["qualification"], result.qualification}
    elements = _element_values(result)
    w = WHY[lang]
    lines = []
    for rule in g.qualifications:
        if rule.code not in wrong:
            continue
        status = w.get(result.rule_status.get(rule.id, ""), result.rule_status.get(rule.id, ""))
        parts = [f"{e.id}={w[elements.get(f'{rule.id}.{e.id}', 'unknown')]}" for e in rule.elements]
        lines.append(f"{w['rule']} {rule.id} ({rule.code}): {status}" + (f" [{', '.join(parts)}]" if parts else ""))
    fired = {r.id for r in result.referrals}
    for rid in [*expect.get("referrals_include", []), *expect.get("referrals_exclude", [])]:
        ref = next((r for r in g.referrals if r.id == rid), None)
        wanted = rid in expect.get("referrals_include", [])
        if ref is not None and (rid in fired) != wanted:
            lines.append(
                f"{w['referral']} {rid} {w['not_fired'] if wanted else w['fired']}: {w['when']} "
                f"{describe(g, ref.when, lang)}"
            )
    if "indicator_level" in expect and expect["indicator_level"] != result.indicator_level:
        which = indicator_rule(g, result, facts)
        rule_text = ""
        if "#" in which:
            rule_text = f": {w['when']} {describe(g, g.indicator_rules[int(which.split('#')[1]) - 1].when, lang)}"
        lines.append(f"{w['indicator']} {which} → {result.indicator_level}{rule_text}")
    return lines


# ---------------------------------------------------------------- coverage


def interview_questions(g: Guideline, facts: Mapping[str, Any]) -> list[str]:
    """The questions the interview would ask with these facts as the answers ("No sé" for the rest)."""
    known: dict[str, Any] = {}
    asked: list[str] = []
    while (q := next_question(g, known, asked)) is not None:
        asked.append(q.fact)
        if q.fact in facts:
            known[q.fact] = facts[q.fact]
    return asked


def indicator_rule(g: Guideline, result: Result, facts: Mapping[str, Any]) -> str:
    """Which indicator rule gave the level: its position (1, 2…) or 'otherwise'."""
    ctx = Context(facts=facts, definitions=g.definitions, codes=result.codes)
    for i, irule in enumerate(g.indicator_rules, 1):
        if value_of(irule.when, ctx) is True:
            return f"{irule.level}#{i}"
    return f"otherwise:{g.indicator_otherwise}"


@dataclass
class Coverage:
    """What the scenarios exercised, by category: {category: {item: times}} over every item of the guideline."""

    items: dict[str, dict[str, int]]

    REQUIRED = ("codes", "rules", "referrals")  # what --min-coverage checks, each on its own

    def percent(self, category: str) -> float:
        items = self.items[category]
        return 100.0 * sum(1 for n in items.values() if n) / len(items) if items else 100.0

    def missing(self, category: str) -> list[str]:
        return [k for k, n in self.items[category].items() if not n]


def coverage(g: Guideline, outcomes: Iterable[Outcome]) -> Coverage:
    questions = {q.fact: 0 for s in g.stages for q in s.questions}
    codes = {c: 0 for c in g.codes}
    rules = {r.id: 0 for r in g.qualifications}
    elements = {
        f"{r.id}.{e.id}={v}": 0 for r in g.qualifications for e in r.elements for v in ("true", "false", "unknown")
    }
    indicator = {f"{r.level}#{i}": 0 for i, r in enumerate(g.indicator_rules, 1)}
    indicator[f"otherwise:{g.indicator_otherwise}"] = 0
    notes = {n.id: 0 for n in g.notes}
    aggravating = {a.id: 0 for a in g.aggravating}
    referrals = {r.id: 0 for r in g.referrals}
    for o in outcomes:
        if o.guideline.sha256 != g.sha256:
            continue
        facts = o.scenario.case.facts
        for fact in interview_questions(g, facts):
            questions[fact] += 1
        for code in o.result.codes:
            codes[code] += 1
        for rule_id, status in o.result.rule_status.items():
            if status == "holds":
                rules[rule_id] += 1
        for key, answer in _element_values(o.result).items():
            elements[f"{key}={answer}"] = elements.get(f"{key}={answer}", 0) + 1
        indicator[indicator_rule(g, o.result, facts)] += 1
        for n in o.result.notes:
            notes[n] += 1
        for a in o.result.aggravating:
            aggravating[a] += 1
        for r in o.result.referrals:
            referrals[r.id] += 1
    return Coverage(
        {
            "questions": questions,
            "codes": codes,
            "rules": rules,
            "elements": elements,
            "indicator": indicator,
            "notes": notes,
            "aggravating": aggravating,
            "referrals": referrals,
        }
    )
