"""tip-triage guideline validate [PATH]: schema and semantic checks of a guideline."""
from __future__ import annotations

from collections import Counter
from typing import Any

from ..env import Env
from ..exit_codes import ExitCode
from ..loader import check_guideline
from ..textsafe import printable


def validate(path: str | None, env: Env) -> ExitCode:
    problems, guideline = check_guideline(path, deep=True)
    for problem in problems:
        env.stderr.print(printable(str(problem)), markup=False, highlight=False, soft_wrap=True)
    if guideline is None:
        env.stderr.print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found", markup=False)
        return ExitCode.BAD_INPUT
    rules: list[Any] = [*guideline.qualifications, *guideline.referrals, *guideline.aggravating, *guideline.notes,
             *guideline.indicator_rules, *guideline.definitions.values()]
    status = Counter(r.status for r in rules)
    env.stdout.print(
        f"ok: {guideline.id} {guideline.version} — {len(guideline.facts)} facts, {len(guideline.qualifications)} "
        f"qualification rules, {len(guideline.referrals)} referrals, {len(guideline.sources)} sources; "
        f"rules {status['CONFIRMED']} CONFIRMED, {status['INFERRED']} INFERRED (sha256 {guideline.sha256[:12]})",
        markup=False, highlight=False, soft_wrap=True)
    return ExitCode.OK
