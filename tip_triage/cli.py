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

_state = {"debug": False}


class Lang(str, Enum):
    es = "es"
    en = "en"


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"


class BatchFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


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
LANG_OPT = typer.Option(Lang.es, "--lang", "-l", help="Language of the texts: es (default) or en.")
REDACT_OPT = typer.Option(False, "--redact", help="Replace each case id and file by a stable keyed hash (key in the data folder); drop free text.")


@app.command()
def check(
    cases: List[str] = typer.Argument(..., metavar="CASE", help="One or more case files (YAML or JSON)."),
    fmt: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f", help="text, json, jsonl or markdown."),
    lang: Lang = LANG_OPT,
    guideline: Optional[str] = GUIDELINE_OPT,
    redact: bool = REDACT_OPT,
) -> None:
    """Qualify case files: legal basis, concurrent offences, indicator level, referral path, what is unknown.

    Exit codes: 0 all fine; 1 some expectation unmet; 2 some file invalid or bad usage; 3 internal error.
    """
    from .commands import check as command

    _guarded(lambda: command.run(cases, fmt.value, lang.value, guideline, _env(), redact=redact))


@app.command()
def batch(
    paths: List[str] = typer.Argument(..., metavar="PATH", help="Files, folders (recursively: *.yaml, *.yml, *.json), *.jsonl files, or - for JSON Lines on stdin."),
    fmt: BatchFormat = typer.Option(BatchFormat.table, "--format", "-f", help="table, json, jsonl or csv."),
    lang: Lang = LANG_OPT,
    guideline: Optional[str] = GUIDELINE_OPT,
    redact: bool = REDACT_OPT,
) -> None:
    """Check many cases and their `expect` blocks; a broken file is reported in its row and never stops the batch.

    Exit codes: 0 all fine; 1 some expectation unmet; 2 some file invalid or bad usage; 3 internal error.
    """
    from .commands import batch as command

    _guarded(lambda: command.run(paths, fmt.value, lang.value, guideline, _env(), redact=redact))


@guideline_app.command("validate")
def guideline_validate(
    path: Optional[str] = typer.Argument(None, metavar="[PATH]", help="A guideline folder or guideline.yaml (default: the bundled one)."),
) -> None:
    """Validate a guideline: schema; facts, codes, referral ids, citations, translations, flow cycles; rules that can never hold.

    Exit codes: 0 valid; 2 problems found (each printed as file:line: path: message).
    """
    from .commands import guideline as command

    _guarded(lambda: command.validate(path, _env()))


@app.command()
def triage(
    resume: Optional[str] = typer.Option(None, "--resume", "-r", help="Continue a saved interview (its id, or the start of it)."),
    from_case: Optional[str] = typer.Option(None, "--from", help="Start from a case file's facts and ask only what is missing."),
    case_id: Optional[str] = typer.Option(None, "--id", help="The case reference to record (never a child's name)."),
    save: Optional[str] = typer.Option(None, "--save", help="Also save the finished case file here (owner-only)."),
    report: Optional[str] = typer.Option(None, "--report", help="Write a Markdown report for the case record here (owner-only)."),
    lang: Optional[Lang] = typer.Option(None, "--lang", "-l", help="es (default) or en."),
    guideline: Optional[str] = GUIDELINE_OPT,
    redact: bool = typer.Option(False, "--redact", help="The --report names the case by a keyed hash of its id, not the id."),
) -> None:
    """Guided triage in the terminal: asks what still matters, saves after every answer.

    Ctrl-C saves and exits 130; resume with --resume ID. Exit codes: 0 finished; 2 bad input or no terminal;
    130 interrupted (saved).
    """
    from .commands import triage as command

    _guarded(lambda: command.run(lang=lang.value if lang else None, resume=resume, from_case=from_case,
                                 case_id=case_id, save_path=save, report_path=report, guideline_arg=guideline,
                                 env=_env(), redact=redact))


@app.command()
def sessions(
    delete: Optional[str] = typer.Option(None, "--delete", help="Delete the saved interview with this id."),
    lang: Lang = LANG_OPT,
    purge: bool = typer.Option(False, "--purge", help="Delete every saved interview older than --older-than."),
    older_than: Optional[str] = typer.Option(None, "--older-than", help="With --purge: an age such as 90d, 12w or 36h (since last saved)."),
) -> None:
    """List saved interviews (id, dates, stage, qualification so far), or delete one, or purge old ones.

    Exit codes: 0 ok; 2 no such interview or bad usage.
    """
    from .commands import sessions as command

    _guarded(lambda: command.run(delete, lang.value, _env(), purge=purge, older_than=older_than))


def main() -> None:
    try:
        app(prog_name="tip-triage")
    except SystemExit as done:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            raise SystemExit(int(_stdout_gone())) from None
        except OSError as exc:
            typer.echo(f"<stdout>: cannot be written ({exc.strerror})", err=True)
            raise SystemExit(int(ExitCode.BAD_INPUT)) from None
        raise done
