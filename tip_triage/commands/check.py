"""tip-triage check CASE...: evaluate case files and show the result."""
from __future__ import annotations

from ..env import Env
from ..exit_codes import ExitCode
from ..render import CHECK_FORMATS
from ..store import ValidatedCache
from ..textsafe import printable
from .evaluation import Evaluator, exit_code, sources


def redacted(items: list[dict], env: Env) -> list[dict]:
    """--redact: each case id and file replaced by a keyed hash (the key stays in the data folder)."""
    from ..redact import redact_item
    from ..store import user_key

    key = user_key(env.environ)
    return [redact_item(item, key) for item in items]


def run(paths: list[str], fmt: str, lang: str, guideline: str | None, env: Env, redact: bool = False) -> ExitCode:
    evaluator = Evaluator(guideline, ValidatedCache(env.environ))
    items = [evaluator.outcome(name, load, lang) for name, load in sources(paths, env.stdin, recurse=False)]
    if redact:
        items = redacted(items, env)
    if fmt == "text":
        for item in items:
            if item["status"] == "error":
                err = item["error"]
                env.stderr.print(printable(f"{err['location']}: {err['message']}" if err["location"] else err["message"]),
                                 markup=False, highlight=False, soft_wrap=True)
        shown = [i for i in items if i["status"] == "ok"]
    else:
        shown = items
    if shown:
        CHECK_FORMATS[fmt](shown, env.stdout, evaluator.default, lang)
    return exit_code(items)
