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
from .engine import evaluate
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
        from .coverage import indicator_rule

        which = indicator_rule(g, result, facts)
        rule_text = ""
        if "#" in which:
            rule_text = f": {w['when']} {describe(g, g.indicator_rules[int(which.split('#')[1]) - 1].when, lang)}"
        lines.append(f"{w['indicator']} {which} → {result.indicator_level}{rule_text}")
    return lines
