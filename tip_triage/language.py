"""The reader's language from the environment, and the command line to print back to the reader.

POSIX order: LC_ALL overrides LC_MESSAGES, which overrides LANG. `es_*` is
Spanish, `en_*` English; anything else (C, POSIX, unset, another language) is
Spanish, the language of the Defenders the tool is for.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from collections.abc import Mapping, Sequence

LANG_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
PROGRAM = "tip-triage"


def env_lang(environ: Mapping[str, str]) -> str:
    for key in LANG_VARIABLES:
        value = (environ.get(key) or "").strip()
        if value:
            return "en" if value.lower().startswith("en") else "es"
    return "es"


def program(environ: Mapping[str, str], argv: Sequence[str] | None = None, executable: str | None = None) -> str:
    """How to start tip-triage again from a shell, so that a printed command works when pasted.

    `tip-triage` when that name on PATH is this very program; otherwise the path it was
    started with (made absolute), or `python -m tip_triage` with this interpreter.
    """
    argv = list(sys.argv if argv is None else argv)
    executable = executable or sys.executable
    started = argv[0] if argv else ""
    on_path = shutil.which(PROGRAM, path=environ.get("PATH", os.defpath))
    name = os.path.basename(started)
    if name in ("__main__.py", "-m", "") or started.endswith(os.path.join("tip_triage", "__main__.py")):
        own = None
        launcher = f"{shlex.quote(executable)} -m tip_triage"
    else:
        own = os.path.abspath(started) if os.sep in started else shutil.which(started, path=environ.get("PATH"))
        launcher = shlex.quote(own) if own else shlex.quote(started)
    if on_path and (own is None and _same_python(on_path, executable) or own and _same_file(on_path, own)):
        return PROGRAM
    return launcher


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _same_python(script: str, executable: str) -> bool:
    """Whether the tip-triage script on PATH runs this interpreter (its #! line)."""
    try:
        with open(script, "rb") as fh:
            first = fh.readline(4096).decode("utf-8", "replace")
    except OSError:
        return False
    interpreter = first[2:].strip().split(" ")[0] if first.startswith("#!") else ""
    return bool(interpreter) and _same_file(interpreter, executable)


def command(environ: Mapping[str, str], *args: str) -> str:
    """A full command line for the reader to paste: the program, then its arguments (quoted)."""
    return " ".join([program(environ), *(shlex.quote(a) for a in args)])
