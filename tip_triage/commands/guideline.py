"""tip-triage guideline validate [PATH]: schema and semantic checks of a guideline."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..env import Env
from ..exit_codes import ExitCode
from ..loader import check_guideline
from ..textsafe import printable

_VALID = {
    "es": (
        "{facts} hechos, {rules} reglas de calificación, {referrals} remisiones, {sources} fuentes",
        "{confirmed} CONFIRMED, {inferred} INFERRED (reglas, remisiones, notas, indicios, definiciones)",
    ),
    "en": (
        "{facts} facts, {rules} qualification rules, {referrals} referrals, {sources} sources",
        "{confirmed} CONFIRMED, {inferred} INFERRED (rules, referrals, notes, indicators, definitions)",
    ),
}


def validate(path: str | None, env: Env, lang: str = "en") -> ExitCode:
    problems, guideline = check_guideline(path, deep=True)
    for problem in problems:
        env.stderr.print(printable(str(problem)), markup=False, highlight=False, soft_wrap=True)
    if guideline is None:
        env.stderr.print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found", markup=False)
        return ExitCode.BAD_INPUT
    rules: list[Any] = [
        *guideline.qualifications,
        *guideline.referrals,
        *guideline.aggravating,
        *guideline.notes,
        *guideline.indicator_rules,
        *guideline.definitions.values(),
    ]
    status = Counter(r.status for r in rules)
    counts, statuses = _VALID.get(lang, _VALID["en"])
    lines = [
        f"ok: {guideline.id} {guideline.version} (sha256 {guideline.sha256[:12]})",
        "  "
        + counts.format(
            facts=len(guideline.facts),
            rules=len(guideline.qualifications),
            referrals=len(guideline.referrals),
            sources=len(guideline.sources),
        ),
        "  " + statuses.format(confirmed=status["CONFIRMED"], inferred=status["INFERRED"]),
    ]
    for line in lines:
        env.stdout.print(printable(line), markup=False, highlight=False)
    return ExitCode.OK


def _load(path: str | None, env: Env) -> Any:
    """The guideline model, or None after printing why it cannot be read (exit 2)."""
    problems, guideline = check_guideline(path)
    for problem in problems:
        env.stderr.print(str(problem), markup=False, highlight=False, soft_wrap=True)
    return guideline


def lint(path: str | None, lang: str, checklist: str | None, fmt: str, env: Env) -> ExitCode:
    """tip-triage guideline lint [PATH]: static analysis from the YAML alone (tip_triage/lint.py)."""
    import json
    from pathlib import Path

    from rich.text import Text

    from ..checklist import checklist_markdown
    from ..lint import lint as run_lint
    from ..store import save_file

    guideline = _load(path, env)
    if guideline is None:
        return ExitCode.BAD_INPUT
    report = run_lint(guideline)
    out = env.stderr if checklist == "-" else env.stdout  # the checklist alone on standard output (`> list.md`)
    if fmt == "json":
        out.print_json(
            json.dumps(
                {
                    "tip_triage_lint": 1,
                    "guideline": {"id": guideline.id, "version": guideline.version},
                    "errors": len(report.errors),
                    "warnings": len(report.findings) - len(report.errors),
                    "findings": [
                        {"level": f.level, "kind": f.kind, "where": f.where, "message": f.message[lang]}
                        for f in report.findings
                    ],
                },
                ensure_ascii=False,
            )
        )
    else:
        style = {"error": "bold red", "warning": "yellow"}
        level = {"error": "error", "warning": "advertencia" if lang == "es" else "warning"}
        for f in report.findings:
            out.print(
                Text.assemble(
                    (f"{level[f.level]} ", style[f.level]), (f"[{f.kind}] ", "bold"), f"{f.where}: ", f.message[lang]
                ),
                highlight=False,
            )
        errors, warnings = len(report.errors), len(report.findings) - len(report.errors)
        words = {
            "es": f"{guideline.id} {guideline.version}: {errors} error(es), {warnings} advertencia(s)",
            "en": f"{guideline.id} {guideline.version}: {errors} error(s), {warnings} warning(s)",
        }
        out.print(Text(words[lang], style="bold"), highlight=False)
    if checklist:
        text = checklist_markdown(guideline, lang)
        if checklist == "-":
            env.stdout.print(text, markup=False, highlight=False, soft_wrap=True, end="")
        else:
            save_file(Path(checklist), text)
    return ExitCode.FINDINGS if report.errors else ExitCode.OK


def show(path: str | None, lang: str, fmt: str, env: Env) -> ExitCode:
    """tip-triage guideline show: the flow as a tree, the qualification rules as a table."""
    from ..pictures import show_markdown, show_text

    guideline = _load(path, env)
    if guideline is None:
        return ExitCode.BAD_INPUT
    if fmt == "markdown":
        env.stdout.print(show_markdown(guideline, lang), markup=False, highlight=False, soft_wrap=True, end="")
    else:
        for part in show_text(guideline, lang):
            env.stdout.print(part)
    return ExitCode.OK


def graph(path: str | None, lang: str, fmt: str, env: Env) -> ExitCode:
    """tip-triage guideline graph: the flow and the precedence as a Mermaid or DOT diagram."""
    from ..pictures import GRAPHS

    guideline = _load(path, env)
    if guideline is None:
        return ExitCode.BAD_INPUT
    env.stdout.print(GRAPHS[fmt](guideline, lang), markup=False, highlight=False, soft_wrap=True, end="")
    return ExitCode.OK
