"""The console entry point (`tip-triage`, `python -m tip_triage`).

A batch with plain options (`batch_argv`) runs at once, without typer: analysts run it in pipelines over and
over, and building the typer app is a good part of its start-up. Every other command line, and any batch
command line that is not plain, goes to the typer app (cli.py), with its help and its usage errors.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any


def main() -> None:
    from .cli_common import process_start, stdout_failed, stdout_gone

    closed = process_start()
    if closed is not None:
        raise SystemExit(int(closed))
    try:  # --help and --version write while the command line is parsed, outside `guarded`: their failure ends here
        try:
            raise SystemExit(_dispatch(sys.argv[1:]))
        except SystemExit as done:
            sys.stdout.flush()
            raise done
    except BrokenPipeError:
        raise SystemExit(int(stdout_gone())) from None
    except OSError as exc:  # a full disk, /dev/full: one line, or none if stderr fails too
        raise SystemExit(int(stdout_failed(exc))) from None


def _dispatch(args: list[str]) -> int:
    import os

    from .language import env_lang

    if args[:1] == ["batch"]:
        from .batch_argv import batch_options

        options = batch_options(args[1:])
        if options is not None:
            from .cli_common import guarded_code, real_env
            from .commands import batch

            (paths, fmt, lang, guideline), keywords = batch_arguments(options, os.environ)
            return guarded_code(lambda: batch.run(paths, fmt, lang, guideline, real_env(), **keywords))
    from .cli import _run, app
    from .cli_help import localized_command

    # --help in the reader's language: the help texts are chosen when the app is built, from the environment
    return _run(localized_command(app, env_lang(os.environ)))


def batch_arguments(options: dict[str, Any], environ: Mapping[str, str]) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """What cli.batch passes to commands.batch.run for these options (all but the Env, which comes between)."""
    from .language import env_lang

    lang = options["lang"] or env_lang(environ)  # cli_common.lang_or_env
    keywords = {
        "jobs": options["jobs"],
        "summary": options["summary"],
        "trace": not options["no_trace"],
        "quiet": options["quiet"],
        "excel": options["excel"],
        "redact": options["redact"],
    }
    return (options["paths"], options["fmt"], lang, options["guideline"]), keywords
