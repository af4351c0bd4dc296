"""The lawyer's checklist: every INFERRED part of a guideline, with its condition in words and its sources.

Written by `tip-triage guideline lint --checklist FILE` (Markdown), for a lawyer to
confirm each item against the text of the law.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .condtree import All
from .model import Guideline
from .readable import describe


def inferred_items(g: Guideline) -> Iterable[tuple[str, str, Any, tuple[str, ...], Mapping[str, str] | None]]:
    """(section, id, condition, basis, label) for every INFERRED part of the guideline."""
    for d in g.definitions.values():
        if d.status == "INFERRED":
            yield "definitions", d.id, d.when, d.basis, d.label
    for r in g.qualifications:
        if r.status == "INFERRED":
            cond = All((*r.scope, *(e.when for e in r.elements))) if (r.scope or r.elements) else None
            yield "qualifications", r.id, cond, r.basis, g.codes[r.code].label
    for i, ir in enumerate(g.indicator_rules):
        if ir.status == "INFERRED":
            yield "indicator", f"{ir.level}#{i + 1}", ir.when, ir.basis, None
    for section, items in (("aggravating", g.aggravating), ("notes", g.notes)):
        for t in items:
            if t.status == "INFERRED":
                yield section, t.id, t.when, t.basis, t.text
    for ref in g.referrals:
        if ref.status == "INFERRED":
            yield "referrals", ref.id, ref.when, ref.basis, ref.action


def checklist_markdown(g: Guideline, lang: str) -> str:
    head = {"es": "Lista de revisión jurídica: elementos INFERRED", "en": "Legal review checklist: INFERRED items"}
    intro = {
        "es": "Cada elemento se reconstruyó o se apoya en una fuente INFERRED. Marque la casilla cuando un "
        "abogado lo haya confirmado contra el texto de la norma, y cambie su `status` a CONFIRMED.",
        "en": "Each item was reconstructed or rests on an INFERRED source. Tick the box once a lawyer has "
        "confirmed it against the text of the law, and change its `status` to CONFIRMED.",
    }
    when_word = {"es": "Cuándo", "en": "When"}
    src_word = {"es": "Fuentes", "en": "Sources"}
    always = {"es": "siempre", "en": "always"}
    lines = [f"# {head[lang]} — {g.id} {g.version}", "", intro[lang], ""]
    for section, item_id, cond, basis, label in inferred_items(g):
        title = f"{section} · `{item_id}`" + (f" — {label[lang]}" if label else "")
        lines.append(f"- [ ] **{title}**")
        lines.append(f"  - {when_word[lang]}: {describe(g, cond, lang) if cond is not None else always[lang]}")
        cites = "; ".join(f"{g.sources[b].cite} ({g.sources[b].status})" for b in basis if b in g.sources)
        lines.append(f"  - {src_word[lang]}: {cites}")
    sources = [s for s in g.sources.values() if s.status == "INFERRED"]
    if sources:
        lines += ["", "## " + {"es": "Fuentes INFERRED", "en": "INFERRED sources"}[lang], ""]
        for s in sources:
            lines.append(f"- [ ] `{s.id}` — {s.cite}" + (f" ({s.note})" if s.note else ""))
    return "\n".join(lines) + "\n"
