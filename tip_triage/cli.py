"""The typer app: option parsing only. Each command calls one `run()` in commands/.

Exit codes: 0 ok; 1 an expectation was not met; 2 invalid file, unknown fact or
bad usage; 3 internal error; 130 interrupted (the interview is saved first).
Imports of the heavy parts (jsonschema, questionary) happen inside the commands,
so `tip-triage --version` stays fast.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import typer

from . import __version__, formats
from .cli_common import (
    Lang,
    _words,
    guarded,
    lang_or_env,
    reader_lang,
    real_env,
    state,
)
from .cli_guideline import guideline_app
from .cli_options import GUIDELINE_OPT, LANG_OPT, REDACT_OPT
from .cli_scenarios import scenarios_app
from .entry import main  # noqa: F401 - the console entry point, where it always was (tests/clirun.py)
from .exit_codes import ExitCode

EXIT_HELP = (
    "Exit codes: 0 all fine; 1 some expectation unmet; 2 some file invalid or bad usage; "
    "3 internal error; 130 interrupted; 141 output closed early (| head)."
)

app = typer.Typer(
    name="tip-triage",
    help="Decision support for Family Defenders (ICBF) facing possible child trafficking. " + EXIT_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(guideline_app, name="guideline")
app.add_typer(scenarios_app, name="scenarios")

# --format choices come from the registry of formats (tip_triage/formats.py), never a second list
CheckFormat = Enum("CheckFormat", {name: name for name in formats.CHECK}, type=str)  # type: ignore[misc]
BatchFormat = Enum("BatchFormat", {name: name for name in formats.BATCH}, type=str)  # type: ignore[misc]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tip-triage {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show a traceback for internal errors (no case data is shown)."),
) -> None:
    state["debug"] = debug


@app.command()
def check(
    cases: list[str] = typer.Argument(..., metavar="CASE", help="One or more case files (YAML or JSON)."),
    fmt: CheckFormat = typer.Option("text", "--format", "-f", help=formats.choices(formats.CHECK)),
    lang: Lang | None = LANG_OPT,
    guideline: str | None = GUIDELINE_OPT,
    redact: bool = REDACT_OPT,
) -> None:
    """Qualify case files: legal basis, concurrent offences, indicator level, referral path, what is unknown.

    Exit codes: 0 all fine; 1 some expectation unmet; 2 some file invalid or bad usage; 3 internal error.
    """
    from .commands import check as command

    guarded(lambda: command.run(cases, fmt.value, lang.value if lang else None, guideline, real_env(), redact=redact))


@app.command()
def batch(
    paths: list[str] = typer.Argument(
        ...,
        metavar="PATH",
        help="Files, folders (recursively: *.yaml, *.yml, *.json), *.jsonl files, or - for JSON Lines on stdin.",
    ),
    fmt: BatchFormat = typer.Option("table", "--format", "-f", help=formats.choices(formats.BATCH)),
    lang: Lang | None = LANG_OPT,
    guideline: str | None = GUIDELINE_OPT,
    jobs: int | None = typer.Option(
        None, "--jobs", "-j", min=1, help="Processes to use (default: the usable cores); output stays in input order."
    ),
    summary: bool = typer.Option(
        False,
        "--summary",
        help="Add counts by qualification, concurrent offence, indicator level, referral, missing fact and unmet expectation.",
    ),
    no_trace: bool = typer.Option(False, "--no-trace", help="Leave out each result's per-rule trace (json, jsonl)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar on stderr."),
    excel: bool = typer.Option(
        False, "--excel", help="CSV for a spreadsheet in a Spanish locale: BOM and ';' separator."
    ),
    redact: bool = REDACT_OPT,
) -> None:
    """Check many cases and their `expect` blocks; a broken file is reported in its row and never stops the batch.

    Exit codes: 0 all fine; 1 some expectation unmet; 2 some file invalid or bad usage; 3 internal error.
    """
    from .commands import batch as command

    guarded(
        lambda: command.run(
            paths,
            fmt.value,
            lang_or_env(lang),
            guideline,
            real_env(),
            jobs=jobs,
            summary=summary,
            trace=not no_trace,
            quiet=quiet,
            excel=excel,
            redact=redact,
        )
    )


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"


@app.command()
def diff(
    cases: list[str] = typer.Option(..., "--cases", help="Case files, folders, *.jsonl files or - (repeat for more)."),
    from_guideline: str = typer.Option(..., "--from", help="The old guideline: a folder, file or bundled id."),
    to_guideline: str = typer.Option(..., "--to", help="The new guideline: a folder, file or bundled id."),
    fmt: DiffFormat = typer.Option(DiffFormat.text, "--format", "-f", help="text, json or csv."),
    lang: Lang | None = LANG_OPT,
) -> None:
    """Which cases two guidelines classify differently (qualification, concurrent, indicator level, referrals), and the rules that made the difference.

    Exit codes: 0 nothing changed; 1 some case changed; 2 some file invalid or bad usage; 3 internal error.
    """
    from .commands import diff as command

    guarded(lambda: command.run(cases, from_guideline, to_guideline, fmt.value, lang_or_env(lang), real_env()))


@app.command()
def triage(
    resume: str | None = typer.Option(
        None, "--resume", "-r", help="Continue a saved interview (its id, or the start of it)."
    ),
    from_case: str | None = typer.Option(
        None, "--from", help="Start from a case file's facts and ask only what is missing."
    ),
    case_id: str | None = typer.Option(None, "--id", help="The case reference to record (never a child's name)."),
    save: str | None = typer.Option(None, "--save", help="Also save the finished case file here (owner-only)."),
    report: str | None = typer.Option(
        None,
        "--report",
        help="Write a report for the case record here (owner-only): HTML for a .html file, Markdown otherwise.",
    ),
    lang: Lang | None = typer.Option(
        None, "--lang", "-l", help="es or en (default: from LC_ALL/LC_MESSAGES/LANG, else es)."
    ),
    guideline: str | None = GUIDELINE_OPT,
    defender: str | None = typer.Option(
        None, "--defender", help="The Defender's name, for the report (or 'defender' in the config file)."
    ),
    centro_zonal: str | None = typer.Option(
        None, "--centro-zonal", help="The centro zonal, for the report (or 'centro_zonal' in the config file)."
    ),
    exercise: str | None = typer.Option(
        None,
        "--exercise",
        metavar="SCENARIO",
        help="A class exercise: read the scenario's narrative, answer, then compare with its expectations (FILE or FILE#N); --save keeps the results.",
    ),
    redact: bool = typer.Option(
        False, "--redact", help="The --report names the case by a keyed hash of its id, not the id."
    ),
) -> None:
    """Guided triage in the terminal: asks what still matters, saves after every answer.

    Ctrl-C saves and exits 130; resume with --resume ID. Exit codes: 0 finished; 2 bad input or no terminal;
    130 interrupted (saved).
    """
    if exercise is not None:
        from .commands import exercise as drill

        def run_exercise() -> ExitCode:
            from .errors import TipTriageError

            if resume or from_case or case_id or report:
                raise TipTriageError("--exercise takes only --save, --lang and --guideline", "triage", "usage")
            return drill.run(
                scenario_arg=exercise, lang=lang_or_env(lang), save_path=save, guideline_arg=guideline, env=real_env()
            )

        guarded(run_exercise)
        return
    from .commands import triage as command

    guarded(
        lambda: command.run(
            lang=lang.value if lang else None,
            resume=resume,
            from_case=from_case,
            case_id=case_id,
            save_path=save,
            report_path=report,
            guideline_arg=guideline,
            env=real_env(),
            defender=defender,
            centro_zonal=centro_zonal,
            redact=redact,
        )
    )


@app.command()
def sessions(
    delete: str | None = typer.Option(None, "--delete", help="Delete the saved interview with this id (asks first)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Delete without asking."),
    lang: Lang | None = LANG_OPT,
    purge: bool = typer.Option(False, "--purge", help="Delete every saved interview older than --older-than."),
    older_than: str | None = typer.Option(
        None, "--older-than", help="With --purge: an age such as 90d, 12w or 36h (since last saved)."
    ),
) -> None:
    """List saved interviews (id, dates, stage, qualification so far), or delete one, or purge old ones.

    Exit codes: 0 ok; 2 no such interview, a deletion not confirmed, or bad usage.
    """
    from .commands import sessions as command

    guarded(
        lambda: command.run(
            delete, lang.value if lang else None, real_env(), yes=yes, purge=purge, older_than=older_than
        )
    )


def _run(command: Any) -> int:
    """The command's exit code; a command line the parser refuses is one line in the reader's language
    (`cli_usage`), not click's four lines in English."""
    from typer import Abort
    from typer._click.exceptions import ClickException, NoArgsIsHelpError

    try:
        code = command.main(prog_name="tip-triage", standalone_mode=False)
    except NoArgsIsHelpError as exc:  # no arguments at all: the help, as click shows it
        exc.show()
        return int(exc.exit_code)
    except ClickException as exc:
        from .cli_usage import usage_line

        typer.echo(usage_line(exc, reader_lang()), err=True)
        return int(exc.exit_code)
    except Abort:  # end of input at a click prompt
        typer.echo(_words()["interrupted"], err=True)
        return int(ExitCode.INTERRUPTED)
    return code if isinstance(code, int) else 0
