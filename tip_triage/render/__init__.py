"""Renderers of results; `tip_triage.formats` maps each `--format` name to one of them.

Every renderer takes result dicts (the spec's result format v1, errors
included) and writes to a rich Console, so tests can capture any of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..model import Guideline
from ..textsafe import clean_item, json_safe
from .stream import CSV_COLUMNS  # noqa: F401 - CSV_COLUMNS is public

if TYPE_CHECKING:  # rich and the text renderers are imported when a human format is asked for
    from rich.console import Console

Renderer = Callable[[list[dict[str, Any]], "Console", Guideline, str], None]


def _json(items: list[dict[str, Any]], out: Console, guideline: Guideline, lang: str) -> None:
    payload: Any = items[0] if len(items) == 1 else items
    out.out(json_safe(json.dumps(payload, ensure_ascii=False, indent=2)), highlight=False)


def _jsonl(items: list[dict[str, Any]], out: Console, guideline: Guideline, lang: str) -> None:
    for item in items:
        out.out(json_safe(json.dumps(item, ensure_ascii=False)), highlight=False)


def _printable(render: Renderer) -> Renderer:
    """A human renderer fed items whose ids, files and errors carry no raw control character."""

    def wrapped(items: list[dict[str, Any]], out: Console, guideline: Guideline, lang: str) -> None:
        render([clean_item(i) for i in items], out, guideline, lang)

    wrapped.__name__ = getattr(render, "__name__", "render")
    return wrapped


# The renderers of `check` (their names are the registry in tip_triage/formats.py)
render_json = _json
render_jsonl = _jsonl


def __getattr__(name: str) -> Any:
    """render_text and render_markdown, made on first use (they import rich and the text renderer)."""
    if name in ("render_text", "render_markdown"):
        from . import text

        render = _printable(text.render_panels if name == "render_text" else text.render_markdown)
        globals()[name] = render
        return render
    raise AttributeError(name)
