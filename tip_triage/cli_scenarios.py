"""`tip-triage scenarios …`: run trainer scenarios with coverage, make one from a case (options only)."""

from __future__ import annotations

from enum import Enum

import typer

from .cli_common import Lang, guarded, lang_or_env, real_env
from .cli_options import GUIDELINE_OPT, LANG_OPT

scenarios_app = typer.Typer(
    help="Trainer scenarios: run suites with coverage, make a scenario from a case.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


class ScenarioFormat(str, Enum):
    text = "text"
    json = "json"
    junit = "junit"


@scenarios_app.command("run")
def scenarios_run(
    paths: list[str] = typer.Argument(
        ..., metavar="PATH", help="Scenario or case files, or folders (recursively: *.yaml, *.yml, *.json)."
    ),
    fmt: ScenarioFormat = typer.Option(ScenarioFormat.text, "--format", "-f", help="text, json or junit (XML for CI)."),
    keyword: str | None = typer.Option(None, "-k", help="Only scenarios whose name, id or file contains TEXT."),
    tag: list[str] = typer.Option([], "--tag", help="Only scenarios with this tag (repeatable: any of them)."),
    show_coverage: bool = typer.Option(False, "--coverage", help="Show what of the guideline the scenarios exercised."),
    min_coverage: float | None = typer.Option(
        None,
        "--min-coverage",
        metavar="PCT",
        min=0,
        max=100,
        help="Fail when codes, rules or referrals are covered below PCT %.",
    ),
    lang: Lang | None = LANG_OPT,
    guideline: str | None = GUIDELINE_OPT,
) -> None:
    """Run scenarios against their expect blocks: a pass/fail table, and for each failure expected vs got and the rules that made the difference.

    Exit codes: 0 all passed; 1 a scenario failed or coverage is below --min-coverage; 2 a file is invalid or nothing selected.
    """
    from .commands import scenarios as command

    guarded(
        lambda: command.run(
            paths, fmt.value, lang_or_env(lang), keyword, tag, show_coverage, min_coverage, guideline, real_env()
        )
    )


@scenarios_app.command("new")
def scenarios_new(
    from_case: str = typer.Option(..., "--from", metavar="CASE", help="A finished interview's case file."),
    redact: bool = typer.Option(
        False,
        "--redact",
        help="Drop the history, the interview record and any free text (the case reference, dates, names).",
    ),
    output: str | None = typer.Option(
        None, "--output", "-o", help="Write the scenario here (owner-only) instead of the output."
    ),
    guideline: str | None = GUIDELINE_OPT,
) -> None:
    """Turn a case file into a scenario with expect filled from today's result, for the trainer to edit.

    Exit codes: 0 ok; 2 the case file is invalid.
    """
    from .commands import scenario_new as command

    guarded(lambda: command.new(from_case, redact, output, guideline, real_env()))
