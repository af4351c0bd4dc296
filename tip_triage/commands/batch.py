"""tip-triage batch PATH...: evaluate folders of case files; one broken file never stops it."""
from __future__ import annotations

from ..env import Env
from ..exit_codes import ExitCode
from ..render import BATCH_FORMATS
from ..store import ValidatedCache
from .evaluation import Evaluator, exit_code, sources


def run(paths: list[str], fmt: str, lang: str, guideline: str | None, env: Env, redact: bool = False) -> ExitCode:
    evaluator = Evaluator(guideline, ValidatedCache(env.environ))
    items = [evaluator.outcome(name, load, lang) for name, load in sources(paths, env.stdin)]
    if redact:
        from .check import redacted

        items = redacted(items, env)
    BATCH_FORMATS[fmt](items, env.stdout, evaluator.default, lang)
    return exit_code(items)
