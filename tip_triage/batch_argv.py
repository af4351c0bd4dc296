"""`tip-triage batch`'s command line read without typer, for the common forms only; anything else is typer's.

Building the typer app (importing typer and click, reading every command's signature) is a good part of the
start-up of a batch, which analysts run in pipelines over and over. `batch_options(args)` reads the arguments
after `batch` when each is one of the plain forms below, and returns exactly the keyword arguments typer would
pass on (`cli.batch`); for anything else (help, an unknown or repeated option, a value typer would refuse or
convert, short options run together, `--`) it returns None and typer parses the whole command line, with its
errors. tests/test_batch_argv.py checks, on every command line it generates, that the two never disagree.
"""

from __future__ import annotations

from typing import Any

from . import formats

# option -> (its keyword in cli.batch, whether it takes a value); the names are cli.batch's (a test compares them)
OPTIONS: dict[str, tuple[str, bool]] = {
    "--format": ("fmt", True),
    "-f": ("fmt", True),
    "--lang": ("lang", True),
    "-l": ("lang", True),
    "--guideline": ("guideline", True),
    "-g": ("guideline", True),
    "--jobs": ("jobs", True),
    "-j": ("jobs", True),
    "--summary": ("summary", False),
    "--no-trace": ("no_trace", False),
    "--quiet": ("quiet", False),
    "-q": ("quiet", False),
    "--excel": ("excel", False),
    "--redact": ("redact", False),
}
DEFAULTS: dict[str, Any] = {
    "fmt": "table",
    "lang": None,
    "guideline": None,
    "jobs": None,
    "summary": False,
    "no_trace": False,
    "quiet": False,
    "excel": False,
    "redact": False,
}
_LANGS = ("es", "en")


def batch_options(args: list[str]) -> dict[str, Any] | None:
    """The options and paths of `tip-triage batch ARGS` as cli.batch receives them, or None: typer decides."""
    found: dict[str, Any] = {}
    paths: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "-" or not arg.startswith("-"):
            paths.append(arg)
            continue
        name, has_value, value = arg.partition("=")
        spec = OPTIONS.get(name)
        if spec is None or spec[0] in found or (has_value and not name.startswith("--")):
            return None  # unknown (--help, --), repeated, or `-f=x` (click reads "=x" as the value)
        key, takes_value = spec
        if not takes_value:
            if has_value:
                return None
            found[key] = True
            continue
        if not has_value:
            if i == len(args) or args[i].startswith("-"):
                return None  # no value, or one that looks like an option: typer says what is wrong
            value = args[i]
            i += 1
        converted = _value(key, value)
        if converted is None:
            return None
        found[key] = converted
    if not paths:
        return None
    return {"paths": paths, **DEFAULTS, **found}


def _value(key: str, value: str) -> Any:
    """An option's value as typer converts it, or None where typer would refuse it (or read it otherwise)."""
    if key == "fmt":
        return value if value in formats.BATCH else None
    if key == "lang":
        return value if value in _LANGS else None
    if key == "jobs":
        return int(value) if value.isascii() and value.isdigit() and int(value) >= 1 else None
    return value  # --guideline: any text (an empty one is refused by the command itself, in its words)
