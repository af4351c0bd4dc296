"""tip-triage scenarios new: a scenario from a finished interview's case file, `expect` filled from today's result."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from ..casefile import case_to_data, load_case
from ..engine import evaluate
from ..env import Env
from ..exit_codes import ExitCode
from ..model import Case, Guideline
from ..store import ValidatedCache, dump_yaml, save_file
from .evaluation import Evaluator

# ---------------------------------------------------------------- new


def new(from_case: str, redact: bool, output: str | None, guideline_arg: str | None, env: Env) -> ExitCode:
    """A scenario from a finished interview's case file, `expect` filled from the result."""
    case = load_case(from_case)
    evaluator = Evaluator(guideline_arg, ValidatedCache(env.environ))
    guideline = evaluator.guideline_for(case)
    data = case_to_data(scenario_case(case, guideline, redact), guideline)
    header = (
        "# A scenario made by 'tip-triage scenarios new' from a case file: check the facts and the expect\n"
        "# block (filled from today's result, not from a lawyer), and add a narrative {es: ..., en: ...}\n"
        "# for a class exercise.\n"
    )
    text = header + dump_yaml(data)
    if output:
        save_file(Path(output), text)
        env.stdout.print(f"{output}", markup=False, highlight=False, soft_wrap=True)
    else:
        env.stdout.print(text, markup=False, highlight=False, soft_wrap=True, end="")
    return ExitCode.OK


def scenario_case(case: Case, guideline: Guideline, redact: bool) -> Case:
    result = evaluate(guideline, case.facts)
    expect: dict[str, Any] = {
        "qualification": result.qualification,
        "concurrent": list(result.concurrent),
        "indicator_level": result.indicator_level,
        "referrals_include": [r.id for r in result.referrals],
    }
    fired = {r.id for r in result.referrals}
    not_fired = [r.id for r in guideline.referrals if r.id not in fired]
    if not_fired:
        expect["referrals_exclude"] = not_fired
    if result.missing:
        expect["missing_include"] = list(result.missing)
    if redact:  # no history, no interview record, no free text: a case reference or a date can identify a child
        return Case(
            id=f"scenario-{secrets.token_hex(4)}",
            facts=dict(case.facts),
            guideline=case.guideline,
            expect=expect,
            tags=case.tags,
        )
    return Case(
        id=case.id,
        facts=dict(case.facts),
        guideline=case.guideline,
        recorded=case.recorded,
        expect=expect,
        history=case.history,
        interview=case.interview,
        name=case.name,
        tags=case.tags,
        narrative=case.narrative,
    )
