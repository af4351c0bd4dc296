"""tip-triage scenarios run PATH... / scenarios new --from CASE: trainer scenario suites."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from ..coverage import Coverage, coverage
from ..env import Env
from ..errors import TipTriageError
from ..exit_codes import ExitCode
from ..model import Guideline
from ..scenarios import Broken, Outcome, collect, select
from ..scenarios import run as run_one
from ..store import ValidatedCache
from ..textsafe import json_safe, printable
from .evaluation import Evaluator

WORDS = {
    "es": {
        "pass": "pasa",
        "fail": "FALLA",
        "skipped": "sin expect",
        "error": "ERROR",
        "scenario": "Escenario",
        "result": "Resultado",
        "file": "Archivo",
        "got": "obtenido",
        "summary": "{p} pasan, {f} fallan, {s} sin expect, {e} con error",
        "coverage": "Cobertura",
        "category": "Qué",
        "covered": "cubiertos",
        "missing": "sin cubrir",
        "none_selected": "ningún escenario coincide con la selección (-k / --tag)",
        "below": "cobertura de {c} {p:.0f} % por debajo del mínimo {m:.0f} %",
        "questions": "preguntas",
        "codes": "calificaciones",
        "rules": "reglas de calificación",
        "elements": "elementos (sí / no / no se sabe)",
        "indicator": "reglas de indicios",
        "notes": "notas",
        "aggravating": "agravantes",
        "referrals": "remisiones",
        "why": "por qué",
        "level": "indicios de trata",
    },
    "en": {
        "pass": "pass",
        "fail": "FAIL",
        "skipped": "no expect",
        "error": "ERROR",
        "scenario": "Scenario",
        "result": "Result",
        "file": "File",
        "got": "got",
        "summary": "{p} passed, {f} failed, {s} without expect, {e} broken",
        "coverage": "Coverage",
        "category": "What",
        "covered": "covered",
        "missing": "not covered",
        "none_selected": "no scenario matches the selection (-k / --tag)",
        "below": "{c} coverage {p:.0f} % is below the minimum {m:.0f} %",
        "questions": "questions",
        "codes": "qualification codes",
        "rules": "qualification rules",
        "elements": "elements (true / false / unknown)",
        "indicator": "indicator rules",
        "notes": "notes",
        "aggravating": "aggravating circumstances",
        "referrals": "referrals",
        "why": "why",
        "level": "indicator",
    },
}


def run(
    paths: list[str],
    fmt: str,
    lang: str,
    keyword: str | None,
    tags: list[str],
    show_coverage: bool,
    min_coverage: float | None,
    guideline_arg: str | None,
    env: Env,
) -> ExitCode:
    w = WORDS[lang]
    evaluator = Evaluator(guideline_arg, ValidatedCache(env.environ))
    scenarios, broken = collect(paths)
    chosen = select(scenarios, keyword, tags)
    if not chosen and not broken:
        raise TipTriageError(w["none_selected"], "scenarios", "usage")
    outcomes: list[Outcome] = []
    for scenario in chosen:
        try:
            guideline = evaluator.guideline_for(scenario.case)
        except TipTriageError as exc:
            broken.append(Broken(scenario.where, exc))
            continue
        outcomes.append(run_one(scenario, guideline, lang))
    cov = (
        coverage(evaluator.default, outcomes) if (show_coverage or min_coverage is not None or fmt == "json") else None
    )
    below = [
        c for c in Coverage.REQUIRED if cov is not None and min_coverage is not None and cov.percent(c) < min_coverage
    ]
    if fmt == "json":
        _json(outcomes, broken, cov if (show_coverage or min_coverage is not None) else None, evaluator.default, env)
    elif fmt == "junit":
        _junit(outcomes, broken, cov, env)
    else:
        _text(outcomes, broken, cov if show_coverage else None, lang, env)
    for category in below:
        assert cov is not None and min_coverage is not None
        env.stderr.print(
            w["below"].format(c=w[category], p=cov.percent(category), m=min_coverage),
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    if broken:
        return ExitCode.BAD_INPUT
    if any(o.status == "fail" for o in outcomes) or below:
        return ExitCode.FINDINGS
    return ExitCode.OK


def _counts(outcomes: list[Outcome], broken: list[Broken]) -> dict[str, int]:
    return {
        "passed": sum(o.status == "pass" for o in outcomes),
        "failed": sum(o.status == "fail" for o in outcomes),
        "skipped": sum(o.status == "skipped" for o in outcomes),
        "errors": len(broken),
    }


def _text(outcomes: list[Outcome], broken: list[Broken], cov: Coverage | None, lang: str, env: Env) -> None:
    from ..render.scenarios_text import coverage_text, scenarios_text

    scenarios_text(outcomes, broken, _counts(outcomes, broken), WORDS[lang], lang, env)
    if cov is not None:
        coverage_text(cov, WORDS[lang], env)


def _outcome_data(o: Outcome) -> dict[str, Any]:
    return {
        "name": o.scenario.name,
        "id": o.scenario.case.id,
        "file": o.scenario.where,
        "tags": list(o.scenario.case.tags),
        "status": o.status,
        "qualification": o.result.qualification,
        "concurrent": list(o.result.concurrent),
        "indicator_level": o.result.indicator_level,
        "differences": o.differences,
        "why": o.why,
    }


def _coverage_data(cov: Coverage) -> dict[str, Any]:
    return {
        c: {
            "percent": round(cov.percent(c), 1),
            "covered": sorted(k for k, n in items.items() if n),
            "missing": cov.missing(c),
        }
        for c, items in cov.items.items()
    }


def _json(outcomes: list[Outcome], broken: list[Broken], cov: Coverage | None, g: Guideline, env: Env) -> None:
    data: dict[str, Any] = {
        "tip_triage_scenarios_result": 1,
        "guideline": {"id": g.id, "version": g.version, "sha256": g.sha256},
        "summary": _counts(outcomes, broken),
        "scenarios": [_outcome_data(o) for o in outcomes],
        "errors": [{"file": b.where, **b.error.as_dict()} for b in broken],
    }
    if cov is not None:
        data["coverage"] = _coverage_data(cov)
    text = json_safe(json.dumps(data, ensure_ascii=False, indent=2))  # C1 and bidi controls escaped too
    env.stdout.print(text, markup=False, highlight=False, soft_wrap=True)


def _junit(outcomes: list[Outcome], broken: list[Broken], cov: Coverage | None, env: Env) -> None:
    """JUnit XML; every text from input through printable(): a raw control (ESC) is not XML 1.0, nor is it safe."""
    p = printable
    c = _counts(outcomes, broken)
    suites = ET.Element("testsuites", name="tip-triage scenarios")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="tip-triage scenarios",
        tests=str(len(outcomes) + len(broken)),
        failures=str(c["failed"]),
        errors=str(c["errors"]),
        skipped=str(c["skipped"]),
    )
    if cov is not None:
        props = ET.SubElement(suite, "properties")
        for category in cov.items:
            ET.SubElement(props, "property", name=f"coverage.{category}", value=f"{cov.percent(category):.1f}")
    for o in outcomes:
        file = o.scenario.where.split("#")[0]
        case = ET.SubElement(suite, "testcase", classname=p(Path(file).stem), name=p(o.scenario.name), file=p(file))
        if o.status == "fail":
            failure = ET.SubElement(case, "failure", message=p(o.differences[0]), type="expectation")
            failure.text = "\n".join([p(d) for d in o.differences] + [f"why: {p(line)}" for line in o.why])
        elif o.status == "skipped":
            ET.SubElement(case, "skipped", message="no expect block")
    for b in broken:
        case = ET.SubElement(suite, "testcase", classname=p(Path(b.where.split("#")[0]).stem), name=p(b.where))
        ET.SubElement(case, "error", message=p(str(b.error)), type=p(b.error.code))
    ET.indent(suites)
    xml = '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suites, encoding="unicode")
    env.stdout.print(xml, markup=False, highlight=False, soft_wrap=True)
