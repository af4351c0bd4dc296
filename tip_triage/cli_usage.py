"""A command line the parser refuses, as one line in the reader's language.

click writes a usage error as four lines in English ("Usage: …", "Try … for help.", a blank line,
"Error: …"). A Defender reads Spanish, and every other bad input of this tool is one line that says where
and what: `usage_line` says which command, what was wrong and where the help is, e.g.

    tip-triage batch: opción desconocida '--bogus' (¿quiso decir '--jobs'?); vea 'tip-triage batch --help'

The exit code stays click's (2: bad usage, as the README's table says).
"""

from __future__ import annotations

import difflib
import re
from typing import Any

# typer (pinned in pyproject.toml) carries its own copy of click: its exceptions are these
from typer._click.exceptions import BadOptionUsage, BadParameter, ClickException, MissingParameter, NoSuchOption

from .textsafe import printable

_WORDS = {
    "es": {
        "see": "vea '{help}'",
        "no_option": "opción desconocida '{name}'",
        "did_you_mean": " (¿quiso decir {names}?)",
        "or": " o ",
        "missing_argument": "falta el argumento {hint}",
        "missing_option": "falta la opción {hint}",
        "invalid": "valor no válido para {hint}",
        "choices": "; los valores posibles son: {choices}",
        "not_int": ": debe ser un número entero",
        "range": ": debe estar en el rango {range}",
        "needs_value": "la opción '{name}' necesita un valor",
        "no_value": "la opción '{name}' no lleva valor",
        "no_command": "comando desconocido '{name}'",
        "missing_command": "falta el comando",
        "extra": "sobra(n) argumento(s): {args}",
    },
    "en": {
        "see": "see '{help}'",
        "no_option": "no such option '{name}'",
        "did_you_mean": " (did you mean {names}?)",
        "or": " or ",
        "missing_argument": "missing argument {hint}",
        "missing_option": "missing option {hint}",
        "invalid": "invalid value for {hint}",
        "choices": "; the possible values are: {choices}",
        "not_int": ": must be a whole number",
        "range": ": must be in the range {range}",
        "needs_value": "option '{name}' needs a value",
        "no_value": "option '{name}' takes no value",
        "no_command": "no such command '{name}'",
        "missing_command": "missing command",
        "extra": "unexpected extra argument(s): {args}",
    },
}


def usage_line(exc: ClickException, lang: str) -> str:
    """One line: the command, what was wrong, and where its help is."""
    words = _WORDS.get(lang, _WORDS["es"])
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "tip-triage"
    what = _what(exc, ctx, words)
    return printable(f"{command}: {what}; {words['see'].format(help=command + ' --help')}")


def _what(exc: ClickException, ctx: Any, words: dict[str, str]) -> str:
    if isinstance(exc, NoSuchOption):
        names = sorted(exc.possibilities or ())
        suggestion = words["did_you_mean"].format(names=words["or"].join(f"'{n}'" for n in names[:3])) if names else ""
        return words["no_option"].format(name=exc.option_name) + suggestion
    if isinstance(exc, MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "option")
        return words["missing_argument" if kind == "argument" else "missing_option"].format(hint=_hint(exc, ctx))
    if isinstance(exc, BadParameter):
        text = words["invalid"].format(hint=_hint(exc, ctx))
        choices = getattr(getattr(exc.param, "type", None), "choices", None)
        if choices:
            return text + words["choices"].format(choices=", ".join(str(getattr(c, "value", c)) for c in choices))
        found = re.search(r"is not in the range (.+)\.?$", exc.message)
        if found:
            return text + words["range"].format(range=found[1].rstrip("."))
        if re.search(r"is not a valid (integer|int range)", exc.message):
            return text + words["not_int"]
        return f"{text}: {exc.message}"
    if isinstance(exc, BadOptionUsage):
        if "requires" in exc.message:
            return words["needs_value"].format(name=exc.option_name)
        if "does not take a value" in exc.message:
            return words["no_value"].format(name=exc.option_name)
        return exc.message
    message = exc.message
    found = re.match(r"No such command '(.*?)'\.", message)
    if found:
        commands = sorted(getattr(ctx.command, "commands", {})) if ctx is not None else []
        close = difflib.get_close_matches(found[1], commands, n=3)
        suggestion = words["did_you_mean"].format(names=words["or"].join(f"'{c}'" for c in close)) if close else ""
        return words["no_command"].format(name=found[1]) + suggestion
    if message.startswith("Missing command"):
        return words["missing_command"]
    found = re.match(r"Got unexpected extra arguments? \((.*)\)$", message)
    if found:
        return words["extra"].format(args=found[1])
    return exc.format_message()


def _hint(exc: BadParameter, ctx: Any) -> str:
    """The parameter as the command line names it: 'PATH', or '--format' / '-f'."""
    hint = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint(ctx)
    if hint is None:
        return "?"
    return hint if isinstance(hint, str) else " / ".join(f"'{h}'" for h in hint)
