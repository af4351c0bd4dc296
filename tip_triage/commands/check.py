"""tip-triage check CASE...: evaluate case files and show the result.

Without --lang, each case is answered in the language of the interview that
saved it, and a case without one in the environment's language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import formats
from ..env import Env
from ..errors import TipTriageError
from ..exit_codes import ExitCode
from ..language import env_lang
from ..messages_es import in_language
from ..model import Case
from ..store import ValidatedCache
from ..textsafe import printable
from .evaluation import Evaluator, exit_code, sources


def redacted(items: list[dict], env: Env) -> list[dict]:
    """--redact: each case id and file replaced by a keyed hash (the key stays in the data folder)."""
    from ..redact import redact_item
    from ..store import user_key

    key = user_key(env.environ)
    return [redact_item(item, key) for item in items]


def _case_lang(load: Callable[[], Case], default: str) -> tuple[str, Callable[[], Case]]:
    """The interview's language of a case (loaded once), and a loader that returns the loaded case."""
    try:
        case = load()
    except TipTriageError:
        return default, load
    lang = case.interview.lang if case.interview and case.interview.lang in ("es", "en") else default
    return lang, lambda: case


def run(
    paths: list[str], fmt: str, lang: str | None, guideline: str | None, env: Env, redact: bool = False
) -> ExitCode:
    evaluator = Evaluator(guideline, ValidatedCache(env.environ))
    default = lang or env_lang(env.environ)
    items: list[dict[str, Any]] = []
    for name, load in sources(paths, env.stdin, recurse=False):
        item_lang, load = (lang, load) if lang else _case_lang(load, default)
        item = evaluator.outcome(name, load, item_lang)
        item.setdefault("lang", item_lang)
        items.append(item)
    if redact:
        items = redacted(items, env)
    if fmt == "text":
        for item in items:
            if item["status"] == "error":
                err = item["error"]
                env.stderr.print(
                    printable(
                        f"{err['location']}: {in_language(err['message'], item_lang_of(item, default))}"
                        if err["location"]
                        else in_language(err["message"], item_lang_of(item, default))
                    ),
                    markup=False,
                    highlight=False,
                    soft_wrap=True,
                )
        shown = [i for i in items if i["status"] == "ok"]
    else:
        shown = items
    if not shown:
        return exit_code(items)
    render = formats.resolve(formats.CHECK, fmt)
    if fmt in ("text", "markdown"):  # prose: each case in its own language
        for item in shown:
            render([item], env.stdout, evaluator.default, item["lang"])
    else:
        render(shown, env.stdout, evaluator.default, default)
    return exit_code(items)


def item_lang_of(item: dict[str, Any], default: str) -> str:
    return str(item.get("lang") or default)
