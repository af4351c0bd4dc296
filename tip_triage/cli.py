"""The typer app: option parsing only. Each command calls one `run()` in commands/.

Exit codes: 0 ok; 1 an expectation was not met; 2 invalid file, unknown fact or
bad usage; 3 internal error; 130 interrupted (the interview is saved first).
Imports of the heavy parts (jsonschema, questionary) happen inside the commands,
so `tip-triage --version` stays fast.
"""
from __future__ import annotations

import sys
from enum import Enum
from typing import Callable, List, Optional

import typer

from . import formats
from . import __version__
from .exit_codes import ExitCode

EXIT_HELP = ("Exit codes: 0 all fine; 1 some expectation unmet; 2 some file invalid or bad usage; "
             "3 internal error; 130 interrupted; 141 output closed early (| head).")

app = typer.Typer(
    name="tip-triage",
    help="Decision support for Family Defenders (ICBF) facing possible child trafficking. " + EXIT_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
guideline_app = typer.Typer(help="Work with guidelines (the rule tree as data).", no_args_is_help=True,
                            rich_markup_mode=None)
app.add_typer(guideline_app, name="guideline")
scenarios_app = typer.Typer(help="Trainer scenarios: run suites with coverage, make a scenario from a case.",
                            no_args_is_help=True, rich_markup_mode=None)
app.add_typer(scenarios_app, name="scenarios")

_state = {"debug": False}


class Lang(str, Enum):
    es = "es"
    en = "en"


# --format choices come from the registry of formats (tip_triage/formats.py), never a second list
CheckFormat = Enum("CheckFormat", {name: name for name in formats.CHECK}, type=str)  # type: ignore[misc]
BatchFormat = Enum("BatchFormat", {name: name for name in formats.BATCH}, type=str)  # type: ignore[misc]


def _guarded(run: Callable[[], ExitCode]) -> None:
    """Run a command: user errors as one line, no traceback (unless --debug), exit code."""
    from .errors import TipTriageError, output_failure, sanitised_traceback
    from .textsafe import printable

    try:
        code = run()
    except TipTriageError as exc:
        typer.echo(printable(str(exc)), err=True)
        code = exc.exit_code
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        code = ExitCode.INTERRUPTED
    except BrokenPipeError:
        code = _stdout_gone()
    except RecursionError:  # nesting past what the checks allow (see tip_triage/limits.py)
        typer.echo("limit: the input is nested too deeply to be read", err=True)
        code = ExitCode.BAD_INPUT
    except Exception as exc:  # noqa: BLE001 - the one top-level handler
        failure = output_failure(exc)
        if failure:
            typer.echo(failure, err=True)
            raise typer.Exit(int(ExitCode.BAD_INPUT))
        if _state["debug"]:
            # frames and code lines only: exception messages and locals may hold case data
            typer.echo(sanitised_traceback(exc), err=True)
        typer.echo(f"internal error ({type(exc).__name__}): please report it; run with --debug for details",
                   err=True)
        code = ExitCode.INTERNAL
    raise typer.Exit(int(code))


def _stdout_gone() -> ExitCode:
    """The reader of our output went away (`| head`): quiet, and no second error when Python flushes at exit."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return ExitCode.BROKEN_PIPE


def _env():  # type: ignore[no-untyped-def]
    from .env import Env

    return Env.real()


def _lang_or_env(lang: Optional[Lang]) -> str:
    """--lang, else the environment's language (LC_ALL, LC_MESSAGES, LANG: es_* es, en_* en, otherwise es)."""
    import os

    from .language import env_lang

    return lang.value if lang else env_lang(os.environ)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tip-triage {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
    debug: bool = typer.Option(False, "--debug", help="Show a traceback for internal errors (no case data is shown)."),
) -> None:
    _state["debug"] = debug


GUIDELINE_OPT = typer.Option(None, "--guideline", "-g", help="A guideline folder or file, or a bundled guideline id.")
LANG_OPT = typer.Option(None, "--lang", "-l", help="Language of the texts: es or en (default: from LC_ALL/LC_MESSAGES/LANG, else es).")
REDACT_OPT = typer.Option(False, "--redact", help="Replace each case id and file by a stable keyed hash (key in the data folder); drop free text.")


@app.command()
def check(
    cases: List[str] = typer.Argument(..., metavar="CASE", help="One or more case files (YAML or JSON)."),
    fmt: CheckFormat = typer.Option("text", "--format", "-f", help=formats.choices(formats.CHECK)),
    lang: Optional[Lang] = LANG_OPT,
    guideline: Optional[str] = GUIDELINE_OPT,
    redact: bool = REDACT_OPT,
) -> None:
    """Qualify case files: legal basis, concurrent offences, indicator level, referral path, what is unknown.

    Exit codes: 0 all fine; 1 some expectation unmet; 2 some file invalid or bad usage; 3 internal error.
    """
    from .commands import check as command

    _guarded(lambda: command.run(cases, fmt.value, lang.value if lang else None, guideline, _env(), redact=redact))


@app.command()
def batch(
    paths: List[str] = typer.Argument(..., metavar="PATH", help="Files, folders (recursively: *.yaml, *.yml, *.json), *.jsonl files, or - for JSON Lines on stdin."),
    fmt: BatchFormat = typer.Option("table", "--format", "-f", help=formats.choices(formats.BATCH)),
    lang: Optional[Lang] = LANG_OPT,
    guideline: Optional[str] = GUIDELINE_OPT,
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="Processes to use (default: the usable cores); output stays in input order."),
    summary: bool = typer.Option(False, "--summary", help="Add counts by qualification, concurrent offence, indicator level, referral, missing fact and unmet expectation."),
    no_trace: bool = typer.Option(False, "--no-trace", help="Leave out each result's per-rule trace (json, jsonl)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar on stderr."),
    excel: bool = typer.Option(False, "--excel", help="CSV for a spreadsheet in a Spanish locale: BOM and ';' separator."),
    redact: bool = REDACT_OPT,
) -> None:
    """Check many cases and their `expect` blocks; a broken file is reported in its row and never stops the batch.

    Exit codes: 0 all fine; 1 some expectation unmet; 2 some file invalid or bad usage; 3 internal error.
    """
    from .commands import batch as command

    _guarded(lambda: command.run(paths, fmt.value, _lang_or_env(lang), guideline, _env(), jobs=jobs, summary=summary,
                                 trace=not no_trace, quiet=quiet, excel=excel, redact=redact))


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"


@app.command()
def diff(
    cases: List[str] = typer.Option(..., "--cases", help="Case files, folders, *.jsonl files or - (repeat for more)."),
    from_guideline: str = typer.Option(..., "--from", help="The old guideline: a folder, file or bundled id."),
    to_guideline: str = typer.Option(..., "--to", help="The new guideline: a folder, file or bundled id."),
    fmt: DiffFormat = typer.Option(DiffFormat.text, "--format", "-f", help="text, json or csv."),
    lang: Optional[Lang] = LANG_OPT,
) -> None:
    """Which cases two guidelines classify differently (qualification, concurrent, indicator level, referrals), and the rules that made the difference.

    Exit codes: 0 nothing changed; 1 some case changed; 2 some file invalid or bad usage; 3 internal error.
    """
    from .commands import diff as command

    _guarded(lambda: command.run(cases, from_guideline, to_guideline, fmt.value, _lang_or_env(lang), _env()))


@guideline_app.command("validate")
def guideline_validate(
    path: Optional[str] = typer.Argument(None, metavar="[PATH]", help="A guideline folder or guideline.yaml (default: the bundled one)."),
) -> None:
    """Validate a guideline: schema; facts, codes, referral ids, citations, translations, flow cycles; rules that can never hold.

    Exit codes: 0 valid; 2 problems found (each printed as file:line: path: message).
    """
    from .commands import guideline as command

    _guarded(lambda: command.validate(path, _env()))


class LintFormat(str, Enum):
    text = "text"
    json = "json"


class ShowFormat(str, Enum):
    text = "text"
    markdown = "markdown"


class GraphFormat(str, Enum):
    mermaid = "mermaid"
    dot = "dot"


GUIDELINE_PATH_ARG = typer.Argument(None, metavar="[PATH]", help="A guideline folder or guideline.yaml (default: the bundled one).")


@guideline_app.command("lint")
def guideline_lint(
    path: Optional[str] = GUIDELINE_PATH_ARG,
    fmt: LintFormat = typer.Option(LintFormat.text, "--format", "-f", help="text or json."),
    checklist: Optional[str] = typer.Option(None, "--checklist", help="Write the INFERRED items as a Markdown checklist for a lawyer to this file ('-' for the output)."),
    lang: Optional[Lang] = LANG_OPT,
) -> None:
    """Static analysis: unreachable questions, unread facts, rules that never hold, gaps, conflicts, hidden questions, translations, sources.

    Exit codes: 0 no error (warnings allowed); 1 error-level findings; 2 the guideline cannot be read.
    """
    from .commands import guideline as command

    _guarded(lambda: command.lint(path, _lang_or_env(lang), checklist, fmt.value, _env()))


@guideline_app.command("show")
def guideline_show(
    path: Optional[str] = GUIDELINE_PATH_ARG,
    fmt: ShowFormat = typer.Option(ShowFormat.text, "--format", "-f", help="text (a tree and a table) or markdown."),
    lang: Optional[Lang] = LANG_OPT,
) -> None:
    """The flow as a tree (stage, question, the condition that asks it) and each qualification rule with its sources.

    Exit codes: 0 ok; 2 the guideline cannot be read.
    """
    from .commands import guideline as command

    _guarded(lambda: command.show(path, _lang_or_env(lang), fmt.value, _env()))


@guideline_app.command("graph")
def guideline_graph(
    path: Optional[str] = GUIDELINE_PATH_ARG,
    fmt: GraphFormat = typer.Option(GraphFormat.mermaid, "--format", "-f", help="mermaid or dot."),
    lang: Optional[Lang] = LANG_OPT,
) -> None:
    """The flow and the qualification precedence as a diagram (Mermaid or Graphviz DOT).

    Exit codes: 0 ok; 2 the guideline cannot be read.
    """
    from .commands import guideline as command

    _guarded(lambda: command.graph(path, _lang_or_env(lang), fmt.value, _env()))


class ScenarioFormat(str, Enum):
    text = "text"
    json = "json"
    junit = "junit"


@scenarios_app.command("run")
def scenarios_run(
    paths: List[str] = typer.Argument(..., metavar="PATH", help="Scenario or case files, or folders (recursively: *.yaml, *.yml, *.json)."),
    fmt: ScenarioFormat = typer.Option(ScenarioFormat.text, "--format", "-f", help="text, json or junit (XML for CI)."),
    keyword: Optional[str] = typer.Option(None, "-k", help="Only scenarios whose name, id or file contains TEXT."),
    tag: List[str] = typer.Option([], "--tag", help="Only scenarios with this tag (repeatable: any of them)."),
    show_coverage: bool = typer.Option(False, "--coverage", help="Show what of the guideline the scenarios exercised."),
    min_coverage: Optional[float] = typer.Option(None, "--min-coverage", metavar="PCT", min=0, max=100,
                                                 help="Fail when codes, rules or referrals are covered below PCT %."),
    lang: Optional[Lang] = LANG_OPT,
    guideline: Optional[str] = GUIDELINE_OPT,
) -> None:
    """Run scenarios against their expect blocks: a pass/fail table, and for each failure expected vs got and the rules that made the difference.

    Exit codes: 0 all passed; 1 a scenario failed or coverage is below --min-coverage; 2 a file is invalid or nothing selected.
    """
    from .commands import scenarios as command

    _guarded(lambda: command.run(paths, fmt.value, _lang_or_env(lang), keyword, tag, show_coverage, min_coverage, guideline,
                                 _env()))


@scenarios_app.command("new")
def scenarios_new(
    from_case: str = typer.Option(..., "--from", metavar="CASE", help="A finished interview's case file."),
    redact: bool = typer.Option(False, "--redact", help="Drop the history, the interview record and any free text (the case reference, dates, names)."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write the scenario here (owner-only) instead of the output."),
    guideline: Optional[str] = GUIDELINE_OPT,
) -> None:
    """Turn a case file into a scenario with expect filled from today's result, for the trainer to edit.

    Exit codes: 0 ok; 2 the case file is invalid.
    """
    from .commands import scenarios as command

    _guarded(lambda: command.new(from_case, redact, output, guideline, _env()))


@app.command()
def triage(
    resume: Optional[str] = typer.Option(None, "--resume", "-r", help="Continue a saved interview (its id, or the start of it)."),
    from_case: Optional[str] = typer.Option(None, "--from", help="Start from a case file's facts and ask only what is missing."),
    case_id: Optional[str] = typer.Option(None, "--id", help="The case reference to record (never a child's name)."),
    save: Optional[str] = typer.Option(None, "--save", help="Also save the finished case file here (owner-only)."),
    report: Optional[str] = typer.Option(None, "--report", help="Write a report for the case record here (owner-only): HTML for a .html file, Markdown otherwise."),
    lang: Optional[Lang] = typer.Option(None, "--lang", "-l", help="es or en (default: from LC_ALL/LC_MESSAGES/LANG, else es)."),
    guideline: Optional[str] = GUIDELINE_OPT,
    defender: Optional[str] = typer.Option(None, "--defender", help="The Defender's name, for the report (or 'defender' in the config file)."),
    centro_zonal: Optional[str] = typer.Option(None, "--centro-zonal", help="The centro zonal, for the report (or 'centro_zonal' in the config file)."),
    exercise: Optional[str] = typer.Option(None, "--exercise", metavar="SCENARIO", help="A class exercise: read the scenario's narrative, answer, then compare with its expectations (FILE or FILE#N); --save keeps the results."),
    redact: bool = typer.Option(False, "--redact", help="The --report names the case by a keyed hash of its id, not the id."),
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
            return drill.run(scenario_arg=exercise, lang=_lang_or_env(lang), save_path=save,
                             guideline_arg=guideline, env=_env())

        _guarded(run_exercise)
        return
    from .commands import triage as command

    _guarded(lambda: command.run(lang=lang.value if lang else None, resume=resume, from_case=from_case,
                                 case_id=case_id, save_path=save, report_path=report, guideline_arg=guideline,
                                 env=_env(), defender=defender, centro_zonal=centro_zonal, redact=redact))


@app.command()
def sessions(
    delete: Optional[str] = typer.Option(None, "--delete", help="Delete the saved interview with this id (asks first)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Delete without asking."),
    lang: Optional[Lang] = LANG_OPT,
    purge: bool = typer.Option(False, "--purge", help="Delete every saved interview older than --older-than."),
    older_than: Optional[str] = typer.Option(None, "--older-than", help="With --purge: an age such as 90d, 12w or 36h (since last saved)."),
) -> None:
    """List saved interviews (id, dates, stage, qualification so far), or delete one, or purge old ones.

    Exit codes: 0 ok; 2 no such interview, a deletion not confirmed, or bad usage.
    """
    from .commands import sessions as command

    _guarded(lambda: command.run(delete, lang.value if lang else None, _env(), yes=yes, purge=purge,
                                 older_than=older_than))


def main() -> None:
    import os

    from .cli_help import localized_command
    from .language import env_lang

    # --help in the reader's language: the help texts are chosen when the app is built, from the environment
    try:
        localized_command(app, env_lang(os.environ))(prog_name="tip-triage")
    except SystemExit as done:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            raise SystemExit(int(_stdout_gone())) from None
        except OSError as exc:
            typer.echo(f"<stdout>: cannot be written ({exc.strerror})", err=True)
            raise SystemExit(int(ExitCode.BAD_INPUT)) from None
        raise done
