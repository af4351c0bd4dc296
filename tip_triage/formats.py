"""The output formats: the one registry that `--format` choices, their help and the renderers come from.

Names map to "module:function" so that the command line can list them without importing the
renderers (rich, the templates): a renderer is imported only when it is used.
"""

from __future__ import annotations

import importlib
from typing import Any

# check: one result per case file, rendered by tip_triage.render
CHECK: dict[str, str] = {
    "text": "tip_triage.render:render_text",
    "json": "tip_triage.render:render_json",
    "jsonl": "tip_triage.render:render_jsonl",
    "markdown": "tip_triage.render:render_markdown",
}

# batch: streamed by tip_triage.pipeline (each format written as the cases are evaluated)
BATCH: dict[str, str] = {
    "table": "tip_triage.render.stream:TablePrinter",
    "json": "tip_triage.pipeline:Worker",
    "jsonl": "tip_triage.pipeline:Worker",
    "csv": "tip_triage.render.stream:CsvWriter",
}


def choices(registry: dict[str, str]) -> str:
    """'a, b, c or d': the help text of a --format option."""
    names = list(registry)
    return f"{', '.join(names[:-1])} or {names[-1]}."


def resolve(registry: dict[str, str], name: str) -> Any:
    module, attr = registry[name].split(":")
    return getattr(importlib.import_module(module), attr)
