"""Renderers: a registry from format name to function; `--format` choices are its keys.

Every renderer takes result dicts (the spec's result format v1, errors
included) and writes to a rich Console, so tests can capture any of them.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any, Callable

from rich.console import Console

from ..model import Guideline
from . import text

Renderer = Callable[[list[dict[str, Any]], Console, Guideline, str], None]


def _json(items: list[dict[str, Any]], out: Console, guideline: Guideline, lang: str) -> None:
    payload: Any = items[0] if len(items) == 1 else items
    out.out(json.dumps(payload, ensure_ascii=False, indent=2), highlight=False)


def _json_array(items: list[dict[str, Any]], out: Console, guideline: Guideline, lang: str) -> None:
    out.out(json.dumps(items, ensure_ascii=False, indent=2), highlight=False)


def _jsonl(items: list[dict[str, Any]], out: Console, guideline: Guideline, lang: str) -> None:
    for item in items:
        out.out(json.dumps(item, ensure_ascii=False), highlight=False)


CSV_COLUMNS = ("id", "file", "status", "qualification", "concurrent", "indicator_level", "referrals", "missing",
               "expect_met", "differences", "error")


def csv_row(item: dict[str, Any]) -> dict[str, str]:
    expect = item.get("expect")
    return {
        "id": item.get("id") or "",
        "file": item.get("file") or "",
        "status": item["status"],
        "qualification": item.get("qualification", ""),
        "concurrent": " ".join(item.get("concurrent", [])),
        "indicator_level": item.get("indicator_level", ""),
        "referrals": " ".join(r["id"] for r in item.get("referrals", [])),
        "missing": " ".join(item.get("missing", [])),
        "expect_met": "" if expect is None else str(expect["met"]).lower(),
        "differences": " | ".join(expect["differences"]) if expect else "",
        "error": str_error(item),
    }


def str_error(item: dict[str, Any]) -> str:
    error = item.get("error")
    if not error:
        return ""
    return f"{error['location']}: {error['message']}" if error["location"] else error["message"]


def _csv(items: list[dict[str, Any]], out: Console, guideline: Guideline, lang: str) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for item in items:
        writer.writerow(csv_row(item))
    out.out(buffer.getvalue().rstrip("\n"), highlight=False)


CHECK_FORMATS: dict[str, Renderer] = {
    "text": text.render_panels,
    "json": _json,
    "jsonl": _jsonl,
    "markdown": text.render_markdown,
}

BATCH_FORMATS: dict[str, Renderer] = {
    "table": text.render_table,
    "json": _json_array,
    "jsonl": _jsonl,
    "csv": _csv,
}
