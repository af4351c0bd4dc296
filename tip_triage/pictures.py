"""The guideline as pictures: `guideline show` (a tree and a table) and `guideline graph` (Mermaid, DOT).

Pure: each function returns text or rich renderables; the command prints them.
Conditions are worded by readable.describe, the same sentences as the linter's.
"""

from __future__ import annotations

from typing import Any

from .model import Guideline, QualificationRule
from .readable import describe
from .render.show_legend import legend_markdown, legend_text

HEAD = {
    "es": {
        "flow": "Entrevista",
        "asked_if": "solo si",
        "always": "siempre se pregunta",
        "rules": "Reglas de calificación (en orden de precedencia)",
        "code": "Calificación",
        "rule": "Regla",
        "when": "Se cumple cuando",
        "sources": "Fuentes",
        "status": "Estado",
        "precedence": "Precedencia",
        "then": "si ninguna se cumple",
        "scope": "alcance",
        "ends": "termina si",
    },
    "en": {
        "flow": "Interview",
        "asked_if": "only if",
        "always": "always asked",
        "rules": "Qualification rules (in order of precedence)",
        "code": "Qualification",
        "rule": "Rule",
        "when": "Holds when",
        "sources": "Sources",
        "status": "Status",
        "precedence": "Precedence",
        "then": "if none holds",
        "scope": "scope",
        "ends": "ends when",
    },
}


def rule_condition(g: Guideline, rule: QualificationRule, lang: str) -> str:
    parts = [describe(g, c, lang) for c in rule.scope] + [
        f"{e.label[lang]}: {describe(g, e.when, lang)}" for e in rule.elements
    ]
    return "; ".join(parts) if parts else describe(g, None, lang)


def _short(text: str, width: int = 56) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# ---------------------------------------------------------------- show


class _ByWidth:
    """The rules as a table where it fits, as blocks where the table would break a rule's id (under 120 columns)."""

    def __init__(self, wide: Any, narrow: Any) -> None:
        self.wide, self.narrow = wide, narrow

    def __rich_console__(self, console: Any, options: Any) -> Any:
        yield self.wide if options.max_width >= 120 else self.narrow


def show_text(g: Guideline, lang: str) -> list[Any]:
    """rich renderables: the flow as a tree, the rules as a table, and a legend of the marks they print."""
    from rich import box
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text
    from rich.tree import Tree

    h = HEAD[lang]
    tree = Tree(Text(f"{g.title[lang]} — {g.id} {g.version}", style="bold"))
    for i, stage in enumerate(g.stages, 1):
        branch = tree.add(Text(f"{i}. {stage.title[lang]}", style="bold cyan"))
        for q in stage.questions:
            node = branch.add(Text(f"{g.facts[q.fact].question[lang]} [{q.fact}]"))
            if q.ask_if is not None:
                node.add(Text(f"{h['asked_if']}: {describe(g, q.ask_if, lang)}", style="yellow"))
            if q.always:
                node.add(Text(h["always"], style="dim"))
    if g.end_when is not None:
        tree.add(Text(f"{h['ends']}: {describe(g, g.end_when, lang)}", style="yellow"))
    table = Table(title=h["rules"], box=box.SIMPLE_HEAD, show_lines=True, pad_edge=False, expand=True)
    table.add_column("#", no_wrap=True)
    longest = max([len(f"({r.id}, {r.status})") for r in g.qualifications], default=10)
    table.add_column(h["code"], overflow="fold", width=longest)  # as wide as the longest id: never cut
    table.add_column(h["when"], overflow="fold", ratio=5)
    table.add_column(h["sources"], overflow="fold", ratio=3)
    blocks: list[Any] = [Text(h["rules"], style="bold")]  # the same rows, one block each, for a narrow terminal
    for i, rule in enumerate(g.qualifications, 1):
        label, named, when = (
            g.codes[rule.code].label[lang],
            f"({rule.id}, {rule.status})",
            rule_condition(g, rule, lang),
        )
        sources = "; ".join(g.cite(rule.basis))
        table.add_row(str(i), f"{label}\n{named}", when, sources)
        blocks += [
            Text(""),
            Text(f"{i}. {label}", style="bold"),
            Padding(Text(named, no_wrap=True, overflow="ignore"), (0, 0, 0, 3)),
            Padding(Text(when), (0, 0, 0, 3)),
            Padding(Text(f"{h['sources']}: {sources}", style="dim"), (0, 0, 0, 3)),
        ]
    rules = _ByWidth(table, Group(*blocks))
    return [tree, rules, legend_text(lang, ends=g.end_when is not None)]


def show_markdown(g: Guideline, lang: str) -> str:
    h = HEAD[lang]
    lines = [f"# {g.title[lang]} — {g.id} {g.version}", "", f"## {h['flow']}", ""]
    for i, stage in enumerate(g.stages, 1):
        lines.append(f"{i}. **{stage.title[lang]}**")
        for q in stage.questions:
            extra = []
            if q.ask_if is not None:
                extra.append(f"{h['asked_if']}: {describe(g, q.ask_if, lang)}")
            if q.always:
                extra.append(h["always"])
            lines.append(
                f"   - {g.facts[q.fact].question[lang]} `{q.fact}`" + (f" — _{'; '.join(extra)}_" if extra else "")
            )
    if g.end_when is not None:
        lines += ["", f"{h['ends']}: {describe(g, g.end_when, lang)}"]
    lines += [
        "",
        f"## {h['rules']}",
        "",
        f"| # | {h['code']} | {h['when']} | {h['sources']} | {h['status']} |",
        "|---|---|---|---|---|",
    ]
    for i, rule in enumerate(g.qualifications, 1):
        cells = [
            str(i),
            f"{g.codes[rule.code].label[lang]} (`{rule.id}`)",
            rule_condition(g, rule, lang),
            "; ".join(g.cite(rule.basis)),
            rule.status,
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    lines += ["", *legend_markdown(lang, ends=g.end_when is not None)]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- graphs


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def mermaid(g: Guideline, lang: str) -> str:
    """One Mermaid flowchart: the interview stage by stage, and the precedence of the qualification rules."""
    h = HEAD[lang]
    out = ["flowchart TD"]
    previous = ""
    for i, stage in enumerate(g.stages, 1):
        out.append(f'  subgraph stage_{stage.id}["{i}. {_mermaid_text(stage.title[lang])}"]')
        for q in stage.questions:
            label = _short(g.facts[q.fact].question[lang])
            shape = ("{{", "}}") if q.ask_if is not None else ("[", "]")
            out.append(f'    q_{q.fact}{shape[0]}"{_mermaid_text(label)}"{shape[1]}')
        out.append("  end")
        for q in stage.questions:
            if previous:
                if q.ask_if is not None:
                    cond = _short(f"{h['asked_if']}: {describe(g, q.ask_if, lang)}", 70)
                    out.append(f'  q_{previous} -->|"{_mermaid_text(cond)}"| q_{q.fact}')
                else:
                    out.append(f"  q_{previous} --> q_{q.fact}")
            previous = q.fact
    out.append(f'  subgraph precedence["{_mermaid_text(h["precedence"])}"]')
    out.append("    direction LR")
    for i, rule in enumerate(g.qualifications, 1):
        out.append(f'    r_{rule.id}["{i}. {_mermaid_text(g.codes[rule.code].label[lang])}"]')
    out.append(f'    r_insufficient(["{_mermaid_text(g.codes["insufficient_information"].label[lang])}"])')
    out.append(f'    r_none(["{_mermaid_text(g.codes["no_crime_indicators"].label[lang])}"])')
    ids = [f"r_{r.id}" for r in g.qualifications]
    for a, b in zip(ids, ids[1:]):
        out.append(f"    {a} --> {b}")
    if ids:
        out.append(f'    {ids[-1]} -->|"{_mermaid_text(h["then"])}"| r_insufficient')
    out.append("    r_insufficient --> r_none")
    out.append("  end")
    if previous:
        out.append(f"  q_{previous} --> {ids[0] if ids else 'r_insufficient'}")
    return "\n".join(out) + "\n"


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def dot(g: Guideline, lang: str) -> str:
    h = HEAD[lang]
    out = [f'digraph "{_dot_text(g.id)}" {{', "  rankdir=TB;", '  node [shape=box, fontname="Helvetica"];']
    previous = ""
    for i, stage in enumerate(g.stages, 1):
        out.append(f"  subgraph cluster_{stage.id} {{")
        out.append(f'    label="{_dot_text(f"{i}. {stage.title[lang]}")}";')
        for q in stage.questions:
            shape = ", shape=hexagon" if q.ask_if is not None else ""
            out.append(f'    q_{q.fact} [label="{_dot_text(_short(g.facts[q.fact].question[lang]))}"{shape}];')
        out.append("  }")
        for q in stage.questions:
            if previous:
                label = (
                    f' [label="{_dot_text(_short(h["asked_if"] + ": " + describe(g, q.ask_if, lang), 70))}"]'
                    if q.ask_if
                    else ""
                )
                out.append(f"  q_{previous} -> q_{q.fact}{label};")
            previous = q.fact
    out.append("  subgraph cluster_precedence {")
    out.append(f'    label="{_dot_text(h["precedence"])}";')
    for i, rule in enumerate(g.qualifications, 1):
        out.append(f'    r_{rule.id} [label="{_dot_text(f"{i}. {g.codes[rule.code].label[lang]}")}"];')
    out.append(
        f'    r_insufficient [label="{_dot_text(g.codes["insufficient_information"].label[lang])}", shape=ellipse];'
    )
    out.append(f'    r_none [label="{_dot_text(g.codes["no_crime_indicators"].label[lang])}", shape=ellipse];')
    ids = [f"r_{r.id}" for r in g.qualifications]
    for a, b in zip(ids, ids[1:]):
        out.append(f"    {a} -> {b};")
    if ids:
        out.append(f'    {ids[-1]} -> r_insufficient [label="{_dot_text(h["then"])}"];')
    out.append("    r_insufficient -> r_none;")
    out.append("  }")
    if previous and ids:
        out.append(f"  q_{previous} -> {ids[0]};")
    out.append("}")
    return "\n".join(out) + "\n"


GRAPHS = {"mermaid": mermaid, "dot": dot}


def flow_doc(g: Guideline) -> str:
    """docs/guideline-flow.md: the Mermaid diagram of a guideline, in Spanish and English."""
    lines = [
        f"# The bundled guideline as a diagram ({g.id} {g.version})",
        "",
        "Generated by `tip-triage guideline graph --format mermaid`; GitHub renders it. Do not edit by hand:",
        "`UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_pictures.py` regenerates this file after a",
        "change of the guideline (a test fails while it is stale).",
        "",
        "Questions in a hexagon are asked only under a condition (their `ask_if`, on the arrow); the",
        "qualification rules are tried in order, and the first that holds gives the primary qualification.",
        "",
    ]
    for lang, title in (("es", "Español"), ("en", "English")):
        lines += [f"## {title}", "", "```mermaid", mermaid(g, lang).rstrip("\n"), "```", ""]
    return "\n".join(lines)
