"""Batch output, streamed: one case at a time, machine formats written with plain writes.

JSON Lines, JSON and CSV go straight to the output stream (never through rich);
the table is printed by rich in pages, so a long run never waits for the last
case and never holds every row. `Summary` keeps only counters.
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any, TextIO

from ..expect import difference_text
from ..i18n import UI
from ..messages_es import in_language
from ..textsafe import csv_cell

if TYPE_CHECKING:  # rich is imported by the table only: JSON Lines, JSON and CSV never need it
    from rich.console import Console

CSV_COLUMNS = (
    "id",
    "file",
    "status",
    "qualification",
    "concurrent",
    "indicator_level",
    "referrals",
    "missing",
    "expect_met",
    "differences",
    "error",
    "guideline_id",
    "guideline_version",
    "guideline_sha256",
)
LIST_SEPARATOR = "|"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PAGE = 50  # table rows per page
SUMMARY_VERSION = 1

WORDS = {
    "case": {"es": "caso", "en": "case"},
    "qualification": {"es": "calificación", "en": "qualification"},
    "indicator": {"es": "indicios", "en": "indicator"},
    "expect_error": {"es": "esperado / error", "en": "expect / error"},
    "met": {"es": "cumplido", "en": "met"},
    "unmet": {"es": "NO CUMPLIDO", "en": "UNMET"},
    "error": {"es": "inválido", "en": "error"},
    "summary": {"es": "Resumen", "en": "Summary"},
    "count": {"es": "casos", "en": "cases"},
    "by_qualification": {"es": "Calificación", "en": "Qualification"},
    "by_concurrent": {"es": "Concurrentes", "en": "Concurrent offence"},
    "by_indicator": {"es": "Indicios de trata", "en": "Indicator level"},
    "by_referral": {"es": "Remisión", "en": "Referral"},
    "by_missing": {"es": "Hechos que más faltan", "en": "Most frequent missing facts"},
    "by_expect": {"es": "Expectativas no cumplidas", "en": "Expectation failures"},
    "totals": {
        "es": "{n} casos: {ok} bien, {unmet} con expectativa no cumplida, {error} inválidos",
        "en": "{n} cases: {ok} ok, {unmet} expectation unmet, {error} invalid",
    },
    "guideline": {"es": "Lineamiento", "en": "Guideline"},
    "line": {"es": "línea", "en": "line"},
}


def w(key: str, lang: str) -> str:
    return WORDS[key][lang]


# ---------------------------------------------------------------- CSV


def csv_cells(item: dict[str, Any]) -> list[str]:
    expect = item.get("expect")
    error = item.get("error")
    guideline = item.get("guideline") or {}
    join = LIST_SEPARATOR.join
    cells = [
        item.get("id") or "",
        item.get("file") or "",
        item["status"],
        item.get("qualification", ""),
        join(item.get("concurrent", [])),
        item.get("indicator_level", ""),
        join(r["id"] for r in item.get("referrals", [])),
        join(item.get("missing", [])),
        "" if expect is None else str(expect["met"]).lower(),
        join(expect["differences"]) if expect else "",
        "" if not error else (f"{error['location']}: {error['message']}" if error["location"] else error["message"]),
        guideline.get("id", ""),
        guideline.get("version", ""),
        guideline.get("sha256", ""),
    ]
    return [csv_cell(c) for c in cells]  # no raw controls, no formula


class CsvWriter:
    def __init__(self, out: TextIO, excel: bool) -> None:
        self.out = out
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n")
        if excel:
            out.write("\ufeff")
        self.row(list(CSV_COLUMNS))

    def row(self, cells: list[str]) -> None:
        self.writer.writerow(cells)
        self.out.write(self.buffer.getvalue())
        self.buffer.seek(0)
        self.buffer.truncate()


# ---------------------------------------------------------------- table


def _verdict(item: dict[str, Any], lang: str) -> str:
    if item["status"] == "error":
        error = dict(item["error"], message=in_language(item["error"]["message"], lang))
        file = item.get("file") or ""
        where = error.get("location") or ""
        where = where[len(file) :].lstrip(":") if file and where.startswith(file) else where
        if where[:1].isdigit():  # "6: facts.moved" -> "line 6: facts.moved: "
            line, _, path = where.partition(": ")
            return f"{w('line', lang)} {line}: " + (f"{path}: " if path else "") + error["message"]
        return f"{where}: {error['message']}" if where else error["message"]
    expect = item.get("expect")
    if expect is None:
        return "—"
    if expect["met"]:
        return w("met", lang)
    return f"{w('unmet', lang)}: " + "; ".join(difference_text(d, lang) for d in expect["differences"])


def _cells(item: dict[str, Any], lang: str) -> tuple[str, list[str], str, str]:
    if item["status"] == "error":
        return item.get("file") or "", [w("error", lang)], "", _verdict(item, lang)
    codes = [item["qualification"], *(f"+ {c}" for c in item["concurrent"])]
    level = UI.get(f"level_{item['indicator_level']}", {}).get(lang, item["indicator_level"])
    return str(item["id"]), codes, level, _verdict(item, lang)


class TablePrinter:
    """Pages of a rich table: ids and codes never broken; the last column wraps at spaces."""

    def __init__(self, out: Console, lang: str) -> None:
        self.out = out
        self.lang = lang
        self.rows: list[tuple[str, list[str], str, str, bool]] = []

    def add(self, item: dict[str, Any]) -> None:
        case, codes, level, verdict = _cells(item, self.lang)
        bad = item["status"] == "error" or bool(item.get("expect") and not item["expect"]["met"])
        self.rows.append((case, codes, level, verdict, bad))
        if len(self.rows) >= PAGE:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        rows, self.rows = self.rows, []
        width = self.out.width
        heads = (w("case", self.lang), w("qualification", self.lang), w("indicator", self.lang))
        need = [
            max([len(heads[0])] + [len(r[0]) for r in rows]),
            max([len(heads[1])] + [len(c) for r in rows for c in r[1]]),
            max([len(heads[2])] + [len(r[2]) for r in rows]),
        ]
        if sum(need) + 3 * 2 + 20 <= width:
            self._table(rows, heads, need)
        else:
            self._list(rows)

    def _table(self, rows: list[Any], heads: tuple[str, str, str], need: list[int]) -> None:
        from rich import box
        from rich.markup import escape
        from rich.table import Table

        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=True)
        for head, size in zip(heads, need):
            table.add_column(head, no_wrap=True, min_width=size)
        table.add_column(w("expect_error", self.lang), overflow="fold", ratio=1, min_width=20)
        for case, codes, level, verdict, bad in rows:
            table.add_row(
                escape(case),
                escape("\n".join(codes)),
                level,
                f"[bold red]{escape(verdict)}[/bold red]" if bad else escape(verdict),
            )
        self.out.print(table)

    def _list(self, rows: list[Any]) -> None:
        """Narrow terminals: one block per case, each id and code on a line of its own."""
        from rich.markup import escape
        from rich.padding import Padding
        from rich.text import Text

        for case, codes, level, verdict, bad in rows:
            self.out.print(escape(case), style="bold", soft_wrap=True, highlight=False)
            for code in codes:
                self.out.print(f"  {escape(code)}", soft_wrap=True, highlight=False)
            if level:
                self.out.print(f"  {w('indicator', self.lang)}: {level}", soft_wrap=True, highlight=False)
            self.out.print(Padding(Text(verdict, style="bold red" if bad else ""), (0, 0, 0, 2), expand=False))


def json_dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)
