"""scenarios run, as text: the table of outcomes (stacked when the terminal is too narrow for whole ids and file
names), each failure explained, the coverage; everything in the reader's language, ids and codes as they are."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich import box
from rich.table import Table
from rich.text import Text

from ..expect import difference_text
from ..i18n import UI
from ..messages_es import in_language
from ..scenarios import WHY
from ..textsafe import printable
from .text import Hanging

if TYPE_CHECKING:
    from rich.console import Console

    from ..coverage import Coverage
    from ..scenarios import Broken, Outcome

STYLE = {"pass": "green", "fail": "bold red", "skipped": "yellow", "error": "bold red"}
_EDGES, _BETWEEN = 2, 3  # box.SIMPLE_HEAD without edge padding: one column each side, three between columns


def level_label(level: str, lang: str) -> str:
    """An indicator level ("possible") in the reader's words ("posibles")."""
    return UI[f"level_{level}"][lang] if f"level_{level}" in UI else level


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def outcomes_table(rows: list[tuple[str, str, str]], w: dict[str, str], out: Console) -> None:
    """(status, scenario, file) rows: a table when every id and file name fits whole, else one block per row."""
    heads = (w["result"], w["scenario"], w["file"])
    need = [max([len(heads[0])] + [len(w[r[0]]) for r in rows])]
    need.append(max([len(heads[1])] + [_longest_word(r[1]) for r in rows]))
    need.append(max([len(heads[2])] + [len(r[2]) for r in rows]))
    if sum(need) + _EDGES + 2 * _BETWEEN <= out.width:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column(heads[0], no_wrap=True)
        table.add_column(heads[1], overflow="fold")  # the one column that wraps, at spaces: never inside a word
        table.add_column(heads[2], no_wrap=True)
        for status, name, file in rows:
            table.add_row(Text(w[status], style=STYLE[status]), Text(name), Text(file))
        out.print(table)
        return
    grid = Table.grid(padding=(0, 2, 0, 0), pad_edge=False)  # narrow: the scenario, its file on a line below
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")  # wraps at spaces; folds only a word wider than the terminal
    for status, name, file in rows:
        grid.add_row(Text(w[status], style=STYLE[status]), Text(name or file))
        if name:
            grid.add_row("", Text(file, style="dim"))
    out.print(grid)


def _element_words(o: Outcome, line: str, lang: str) -> str:
    """'regla trafficking (trafficking): se cumple [act=sí, …]' with each element's label: [conducta: sí; …]."""
    match = re.match(rf"^({re.escape(WHY[lang]['rule'])} (\S+) \(\S+\): .*?) \[(.*)\]$", line)
    rule = next((r for r in o.guideline.qualifications if match and r.id == match[2]), None)
    if match is None or rule is None:
        return line
    values = dict(part.split("=", 1) for part in match[3].split(", ") if "=" in part)
    words = []
    for element in rule.elements:
        label = element.label[lang].split(": ", 1)[0]
        label = label[:1].lower() + label[1:] if label[1:2].islower() else label
        words.append(f"{label}: {values.get(element.id, WHY[lang]['unknown'])}")
    return f"{match[1]} [{'; '.join(words)}]"


def why_text(o: Outcome, line: str, lang: str) -> str:
    """One line of a failure's explanation, its element ids and indicator level in words (Spanish only)."""
    if lang != "es":
        return line
    line = _element_words(o, line, lang)
    indicator = re.match(rf"^({re.escape(WHY[lang]['indicator'])} \S+ → )(\w+)(.*)$", line)
    return f"{indicator[1]}{level_label(indicator[2], lang)}{indicator[3]}" if indicator else line


def scenarios_text(
    outcomes: list[Outcome], broken: list[Broken], counts: dict[str, int], w: dict[str, str], lang: str, env: Any
) -> None:
    rows = [(o.status, printable(o.scenario.name), printable(Path(o.scenario.where).name)) for o in outcomes]
    rows += [("error", "", printable(b.where)) for b in broken]
    # names, ids and files come from input: Text (no markup) of printable() (no raw control)
    outcomes_table(rows, w, env.stdout)
    for o in outcomes:
        if o.status != "fail":
            continue
        env.stdout.print(Hanging("", f"{w['fail']}: {printable(o.scenario.name)}", 2, "bold red"))
        # FILE#N on a line of its own, never cut inside (it is what -k or triage --exercise takes): copied whole
        env.stdout.print(Text(f"  {printable(o.scenario.where)}"), soft_wrap=True)
        codes = o.result.qualification + (f" + {', '.join(o.result.concurrent)}" if o.result.concurrent else "")
        level = level_label(o.result.indicator_level, lang)
        env.stdout.print(Hanging("  ", printable(f"{w['got']}: {codes}; {w['level']}: {level}")))
        for d in o.differences:
            env.stdout.print(Hanging("  - ", printable(difference_text(d, lang))))
        for line in o.why:
            env.stdout.print(Hanging("    ", printable(f"{w['why']}: {why_text(o, line, lang)}"), 6, "dim"))
    for b in broken:
        message = in_language(b.error.message, lang)
        line = f"{b.error.location}: {message}" if b.error.location else message
        env.stderr.print(printable(line), markup=False, highlight=False, soft_wrap=True)
    summary = w["summary"].format(p=counts["passed"], f=counts["failed"], s=counts["skipped"], e=counts["errors"])
    env.stdout.print(Text(summary, style="bold"))


def coverage_text(cov: Coverage, w: dict[str, str], env: Any) -> None:
    table = Table(title=w["coverage"], box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(w["category"], overflow="fold")
    table.add_column(w["covered"], justify="right", no_wrap=True)
    table.add_column("%", justify="right", no_wrap=True)
    for category, items in cov.items.items():
        done = sum(1 for n in items.values() if n)
        table.add_row(w[category], f"{done}/{len(items)}", f"{cov.percent(category):.0f}")
    env.stdout.print(table)
    for category in cov.items:
        if category == "elements":
            continue  # three outcomes per element: listed only in JSON, too long for a terminal
        missing = cov.missing(category)
        if missing:
            env.stdout.print(Hanging("", f"{w[category]} — {w['missing']}: {', '.join(missing)}", 2))
