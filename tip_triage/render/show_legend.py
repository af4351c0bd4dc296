"""`guideline show`: a short legend of the marks it prints, in the reader's language (text and Markdown).

Each entry is (mark, meaning); a mark that differs in Markdown (ids in backticks, the status in a column)
is a pair (text mark, Markdown mark). Fits 80 columns: the marks never wrap, the meanings wrap at spaces.
"""

from __future__ import annotations

from typing import Any

Mark = str | tuple[str, str]

TITLE = {"es": "Cómo leer esta salida", "en": "How to read this"}

LEGEND: dict[str, list[tuple[Mark, str]]] = {
    "es": [
        (("[hecho]", "`hecho`"), "tras una pregunta: el nombre del hecho en el archivo del caso"),
        ("solo si:", "la pregunta se hace solo cuando se cumple esa condición"),
        ("siempre se pregunta", "se hace aunque la respuesta todavía no cambie el resultado"),
        ("«pregunta» → valor", "la respuesta a esa pregunta es ese valor (si hay varios, uno de ellos)"),
        ("[Término]", "un término definido en el lineamiento: se cumple cuando se cumple su definición"),
        ("A y B · A o B", "se cumplen ambas · se cumple al menos una; los paréntesis agrupan"),
        ("#", "precedencia: la primera regla que se cumple da la calificación principal"),
        ("Elemento: …", "un elemento de la regla; «;» separa requisitos que deben cumplirse todos"),
        (("(regla, ESTADO)", "(`regla`), Estado"), "el id de la regla en el lineamiento y su estado:"),
        ("  CONFIRMED", "se apoya solo en fuentes confirmadas"),
        ("  INFERRED", "reconstruida o apoyada en una fuente inferida; la debe revisar un(a) abogado(a)"),
    ],
    "en": [
        (("[fact]", "`fact`"), "after a question: the fact's name in the case file"),
        ("only if:", "the question is asked only when that condition holds"),
        ("always asked", "asked even while the answer cannot change the result yet"),
        ("“question” → value", "the answer to that question is that value (several: one of them)"),
        ("[Term]", "a term defined in the guideline: it holds when its definition holds"),
        ("A and B · A or B", "both hold · at least one holds; parentheses group"),
        ("#", "precedence: the first rule that holds gives the primary qualification"),
        ("Element: …", "an element of the rule; ';' separates requirements that must all hold"),
        (("(rule, STATUS)", "(`rule`), Status"), "the rule's id in the guideline and its status:"),
        ("  CONFIRMED", "rests on confirmed sources only"),
        ("  INFERRED", "reconstructed, or resting on an inferred source; for a lawyer to review"),
    ],
}

ENDS = {
    "es": ("termina si:", "la entrevista termina antes cuando se cumple esa condición"),
    "en": ("ends when:", "the interview ends early when that condition holds"),
}


def _entries(lang: str, markdown: bool, ends: bool) -> list[tuple[str, str]]:
    out = [(mark if isinstance(mark, str) else mark[markdown], meaning) for mark, meaning in LEGEND[lang]]
    return out + ([ENDS[lang]] if ends else [])


def legend_text(lang: str, ends: bool = False) -> Any:
    """A rich renderable: the title, then one mark and its meaning per line."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2, 0, 2))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(overflow="fold")  # wraps at spaces: the meanings hold no long word
    for mark, meaning in _entries(lang, False, ends):
        grid.add_row(Text(mark), Text(meaning))
    return Group(Text(""), Text(TITLE[lang], style="bold underline"), grid)


def legend_markdown(lang: str, ends: bool = False) -> list[str]:
    """The legend as Markdown lines: a heading and a list."""
    lines = [f"## {TITLE[lang]}", ""]
    for mark, meaning in _entries(lang, True, ends):
        mark = mark.strip()
        lines.append(f"- {mark if '`' in mark else f'**{mark}**'} — {meaning}")
    return lines
