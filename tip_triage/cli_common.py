"""What every command of the CLI shares: the one top-level error handler, options, the language.

Kept apart from the typer app so the sub-command modules (`cli_guideline`, `cli_scenarios`) can
use it without importing each other.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import Enum

from .exit_codes import ExitCode

# typer is imported where it is used, not here: `tip-triage batch` runs without it (tip_triage/entry.py); the
# typer options the commands share are in cli_options.py

state = {"debug": False}


class Lang(str, Enum):
    es = "es"
    en = "en"


def guarded(run: Callable[[], ExitCode]) -> None:
    """Run a command under typer: `guarded_code`'s exit code as typer's Exit."""
    import typer

    raise typer.Exit(int(guarded_code(run)))


def _echo(line: str) -> None:
    """One line on stderr, as every command writes its last words (click's echo: written and flushed)."""
    from typer import echo

    echo(line, err=True)


def guarded_code(run: Callable[[], ExitCode]) -> int:
    """Run a command: user errors as one line, no traceback (unless --debug); its exit code."""
    from .errors import TipTriageError, output_failure, sanitised_traceback
    from .textsafe import printable

    try:
        code = run()
    except TipTriageError as exc:
        from .messages_es import in_language

        message = in_language(exc.message, reader_lang())  # the checks write English; the reader may read Spanish
        _echo(printable(f"{exc.location}: {message}" if exc.location else message))
        code = exc.exit_code
    except KeyboardInterrupt:
        _echo(_words()["interrupted"])
        code = ExitCode.INTERRUPTED
    except BrokenPipeError:
        code = stdout_gone()
    except RecursionError:  # nesting past what the checks allow (see tip_triage/limits.py)
        _echo(_words()["nested"])
        code = ExitCode.BAD_INPUT
    except Exception as exc:  # noqa: BLE001 - the one top-level handler
        failure = output_failure(exc)
        if failure:
            _echo(failure)
            return int(ExitCode.BAD_INPUT)
        if state["debug"]:
            # frames and code lines only: exception messages and locals may hold case data
            _echo(sanitised_traceback(exc))
        _echo(_words()["internal"].format(name=type(exc).__name__))
        code = ExitCode.INTERNAL
    return int(code)


_WORDS = {
    "es": {
        "interrupted": "interrumpido",
        "nested": "límite: la entrada está anidada a demasiada profundidad para leerla",
        "internal": "error interno ({name}): por favor repórtelo; ejecute con --debug para ver el detalle",
        "closed": "<stdout>: la salida estándar está cerrada: no se puede escribir ningún resultado",
    },
    "en": {
        "interrupted": "interrupted",
        "nested": "limit: the input is nested too deeply to be read",
        "internal": "internal error ({name}): please report it; run with --debug for details",
        "closed": "<stdout>: standard output is closed: no result can be written",
    },
}


def _words() -> dict[str, str]:
    """The last-resort messages in the reader's language."""
    return _WORDS[reader_lang()]


def reader_lang() -> str:
    """The reader's language before any command has parsed its options: --lang on the command line, else the
    environment."""
    import os

    from .language import env_lang

    argv = sys.argv[1:]
    for i, arg in enumerate(argv):
        value = (
            arg.split("=", 1)[1]
            if arg.startswith("--lang=")
            else (argv[i + 1] if arg in ("--lang", "-l") and i + 1 < len(argv) else None)
        )
        if value in _WORDS:
            return value
    return env_lang(os.environ)


def process_start() -> ExitCode | None:
    """What every command sets up first: SIGTERM and SIGHUP end it as Ctrl-C does (an interview saves and says
    how to resume, a batch stops its workers; one line, exit 130), and standard streams the shell closed."""
    import signal

    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) == signal.SIG_DFL:
            signal.signal(number, interrupted)
    return closed_streams()


def closed_streams() -> ExitCode | None:
    """Standard streams the shell closed (`<&-`, `>&-`, `2>&-`): each descriptor is filled with the null device
    (so no file opened later takes its number, and stdin reads as empty); a closed stdout is a one-line error."""
    import os

    stdout_closed = False
    for fd, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        try:
            os.fstat(fd)
            continue
        except OSError:
            pass
        new = os.open(os.devnull, os.O_RDONLY if fd == 0 else os.O_WRONLY)
        if new != fd:
            os.dup2(new, fd)
            os.close(new)
        setattr(sys, name, open(fd, "r" if fd == 0 else "w", encoding="utf-8", closefd=False))  # noqa: SIM115
        stdout_closed = stdout_closed or fd == 1
    if stdout_closed:
        _echo(_words()["closed"])
        return ExitCode.BAD_INPUT
    return None


def stdout_gone() -> ExitCode:
    """The reader of our output went away (`| head`): quiet, and no second error when Python flushes at exit."""
    _to_devnull(sys.stdout)
    return ExitCode.BROKEN_PIPE


def stdout_failed(exc: OSError) -> ExitCode:
    """Standard output cannot be written (a full disk, /dev/full): one line, exit 2; the bytes left over go nowhere
    at exit."""
    stdout_gone()
    last_words(f"<stdout>: cannot be written ({exc.strerror})")
    return ExitCode.BAD_INPUT


def last_words(line: str) -> None:
    """One line on stderr before exiting; if stderr cannot be written either (a full disk, /dev/full), nothing,
    and nothing left in its buffer for Python to fail on at exit (which would end the process with 1)."""
    try:
        _echo(line)
    except OSError:
        _to_devnull(sys.stderr)


def _to_devnull(stream: object) -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())  # type: ignore[attr-defined]
    except (OSError, ValueError, AttributeError):
        pass


def real_env():  # type: ignore[no-untyped-def]
    from .env import Env

    return Env.real()


def lang_or_env(lang: Lang | None) -> str:
    """--lang, else the environment's language (LC_ALL, LC_MESSAGES, LANG: es_* es, en_* en, otherwise es)."""
    import os

    from .language import env_lang

    return lang.value if lang else env_lang(os.environ)
