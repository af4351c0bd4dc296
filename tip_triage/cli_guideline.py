"""`tip-triage guideline …`: validate, lint, show and graph a guideline (options only; logic in commands/guideline)."""

from __future__ import annotations

from enum import Enum

import typer

from .cli_common import Lang, guarded, lang_or_env, real_env
from .cli_options import LANG_OPT

guideline_app = typer.Typer(
    help="Work with guidelines (the rule tree as data).", no_args_is_help=True, rich_markup_mode=None
)


@guideline_app.command("validate")
def guideline_validate(
    path: str | None = typer.Argument(
        None, metavar="[PATH]", help="A guideline folder or guideline.yaml (default: the bundled one)."
    ),
    lang: Lang | None = LANG_OPT,
) -> None:
    """Validate a guideline: schema; facts, codes, referral ids, citations, translations, flow cycles; rules that can never hold.

    Exit codes: 0 valid; 2 problems found (each printed as file:line: path: message).
    """
    from .commands import guideline as command

    guarded(lambda: command.validate(path, real_env(), lang_or_env(lang)))


class LintFormat(str, Enum):
    text = "text"
    json = "json"


class ShowFormat(str, Enum):
    text = "text"
    markdown = "markdown"


class GraphFormat(str, Enum):
    mermaid = "mermaid"
    dot = "dot"


GUIDELINE_PATH_ARG = typer.Argument(
    None, metavar="[PATH]", help="A guideline folder or guideline.yaml (default: the bundled one)."
)


@guideline_app.command("lint")
def guideline_lint(
    path: str | None = GUIDELINE_PATH_ARG,
    fmt: LintFormat = typer.Option(LintFormat.text, "--format", "-f", help="text or json."),
    checklist: str | None = typer.Option(
        None,
        "--checklist",
        help="Write the INFERRED items as a Markdown checklist for a lawyer to this file ('-' for the output).",
    ),
    lang: Lang | None = LANG_OPT,
) -> None:
    """Static analysis: unreachable questions, unread facts, rules that never hold, gaps, conflicts, hidden questions, translations, sources.

    Exit codes: 0 no error (warnings allowed); 1 error-level findings; 2 the guideline cannot be read.
    """
    from .commands import guideline as command

    guarded(lambda: command.lint(path, lang_or_env(lang), checklist, fmt.value, real_env()))


@guideline_app.command("show")
def guideline_show(
    path: str | None = GUIDELINE_PATH_ARG,
    fmt: ShowFormat = typer.Option(ShowFormat.text, "--format", "-f", help="text (a tree and a table) or markdown."),
    lang: Lang | None = LANG_OPT,
) -> None:
    """The flow as a tree (stage, question, the condition that asks it) and each qualification rule with its sources.

    Exit codes: 0 ok; 2 the guideline cannot be read.
    """
    from .commands import guideline as command

    guarded(lambda: command.show(path, lang_or_env(lang), fmt.value, real_env()))


@guideline_app.command("graph")
def guideline_graph(
    path: str | None = GUIDELINE_PATH_ARG,
    fmt: GraphFormat = typer.Option(GraphFormat.mermaid, "--format", "-f", help="mermaid or dot."),
    lang: Lang | None = LANG_OPT,
) -> None:
    """The flow and the qualification precedence as a diagram (Mermaid or Graphviz DOT).

    Exit codes: 0 ok; 2 the guideline cannot be read.
    """
    from .commands import guideline as command

    guarded(lambda: command.graph(path, lang_or_env(lang), fmt.value, real_env()))
