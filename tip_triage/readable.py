"""Conditions as short sentences a lawyer or a trainer reads, in Spanish or English.

The one formatter that `guideline show`, `guideline lint`, the graphs and the
lawyer's checklist use. Facts are named by their question in facts.yaml (the
words the Defender sees), values by their labels, definitions by their label.
"""
from __future__ import annotations

from typing import Any, Mapping

from .model import Condition, Guideline

W = {
    "es": {"and": " y ", "or": " o ", "not": "no se cumple que ", "yes": "sí", "no": "no", "none": "ninguna",
           "unknown": "«No sé»", "includes": "incluye", "any_of": "incluye alguna de", "only": "solo incluye",
           "exactly": "es exactamente", "answered": "tiene respuesta", "unanswered": "no tiene respuesta",
           "lt": "menor que", "lte": "igual o menor que", "gt": "mayor que", "gte": "igual o mayor que",
           "is": "es", "one_of": "es una de", "known": "se sabe si", "not_known": "no se sabe si",
           "qualified": "la calificación (principal o concurrente) es", "primary": "la calificación principal es",
           "indicator": "los indicios de trata son", "always": "siempre", "is_not": "no es"},
    "en": {"and": " and ", "or": " or ", "not": "it is not the case that ", "yes": "yes", "no": "no",
           "none": "none", "unknown": "\"I don't know\"", "includes": "includes", "any_of": "includes any of",
           "only": "includes only", "exactly": "is exactly", "answered": "is answered", "unanswered": "is not answered",
           "lt": "less than", "lte": "at most", "gt": "more than", "gte": "at least", "is": "is",
           "one_of": "is one of", "known": "it is known whether", "not_known": "it is not known whether",
           "qualified": "the qualification (primary or concurrent) is", "primary": "the primary qualification is",
           "indicator": "the trafficking indicators are", "always": "always", "is_not": "is not"},
}
LEVELS = {"es": {"none": "sin indicios", "possible": "posibles", "clear": "claros"},
          "en": {"none": "none", "possible": "possible", "clear": "clear"}}


def fact_name(g: Guideline, fact_id: str, lang: str) -> str:
    """A fact as the Defender reads it: its question, quoted."""
    fact = g.facts.get(fact_id)
    if fact is None:
        return fact_id
    q = fact.question[lang].strip()
    return f"«{q}»" if lang == "es" else f"“{q}”"


def value_text(g: Guideline, fact_id: str, value: Any, lang: str) -> str:
    w = W[lang]
    if value is None:
        return w["unknown"]
    fact = g.facts.get(fact_id)
    if isinstance(value, bool):
        return w["yes"] if value else w["no"]
    if isinstance(value, (list, set, frozenset, tuple)):
        if not value:
            return w["none"]
        order = list(fact.values) if fact else sorted(value)
        return ", ".join(_label(g, fact_id, v, lang) for v in sorted(value, key=lambda v: order.index(v) if v in order else 99))
    if isinstance(value, str):
        return _label(g, fact_id, value, lang)
    return str(value)


def _label(g: Guideline, fact_id: str, value: str, lang: str) -> str:
    fact = g.facts.get(fact_id)
    if fact and value in fact.labels:
        return fact.labels[value][lang]
    return value


def _or_list(g: Guideline, fact_id: str, values: list[Any], lang: str) -> str:
    texts = [value_text(g, fact_id, v, lang) for v in values]
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + W[lang]["or"] + texts[-1]


def _codes(g: Guideline, codes: list[str], lang: str) -> str:
    texts = [g.codes[c].label[lang] if c in g.codes else c for c in codes]
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + W[lang]["or"] + texts[-1]


def describe(g: Guideline, cond: Condition | None, lang: str, negate: bool = False) -> str:
    """One sentence for a condition (`negate`: for the condition being false)."""
    w = W[lang]
    if cond is None:
        return w["always"]
    if negate:
        if "not" in cond:
            return describe(g, cond["not"], lang)
        return w["not"] + _wrap(describe(g, cond, lang), cond)
    if "all" in cond or "any" in cond:
        parts = cond.get("all", cond.get("any"))
        joiner = w["and"] if "all" in cond else w["or"]
        return joiner.join(_wrap(describe(g, c, lang), c) for c in parts)
    if "not" in cond:
        return w["not"] + _wrap(describe(g, cond["not"], lang), cond["not"])
    if "ref" in cond:
        d = g.definitions.get(cond["ref"])
        label = f"[{d.label[lang]}]" if d else cond["ref"]
        if "known" in cond:
            return f"{w['known'] if cond['known'] else w['not_known']} {label}"
        return label
    if "fact" in cond:
        return _atom(g, cond, lang)
    if "qualified" in cond:
        return f"{w['qualified']} {_codes(g, cond['qualified'], lang)}"
    if "primary" in cond:
        return f"{w['primary']} {_codes(g, cond['primary'], lang)}"
    levels = [LEVELS[lang].get(v, v) for v in cond["indicator"]]
    return f"{w['indicator']} {(w['or']).join(levels)}"


def _wrap(text: str, cond: Condition) -> str:
    return f"({text})" if ("all" in cond or "any" in cond) and len(cond.get("all", cond.get("any"))) > 1 else text


def _atom(g: Guideline, atom: Condition, lang: str) -> str:
    w = W[lang]
    fact_id = atom["fact"]
    name = fact_name(g, fact_id, lang)
    if "known" in atom:
        return f"{name} {w['answered'] if atom['known'] else w['unanswered']}"
    if "equals" in atom:
        value = atom["equals"]
        if isinstance(value, list):
            return f"{name} → {value_text(g, fact_id, value, lang)}" if not value else f"{name} {w['exactly']}: {value_text(g, fact_id, value, lang)}"
        return f"{name} → {value_text(g, fact_id, value, lang)}"
    if "in" in atom:
        return f"{name} → {_or_list(g, fact_id, atom['in'], lang)}"
    if "contains" in atom:
        return f"{name} {w['includes']}: {value_text(g, fact_id, atom['contains'], lang)}"
    if "contains_any" in atom:
        return f"{name} {w['any_of']}: {value_text(g, fact_id, atom['contains_any'], lang)}"
    if "subset_of" in atom:
        return f"{name} {w['only']}: {value_text(g, fact_id, atom['subset_of'], lang)}"
    for op in ("lt", "lte", "gt", "gte"):
        if op in atom:
            return f"{name} {w[op]} {atom[op]}"
    return name


def describe_values(g: Guideline, values: Mapping[str, Any], lang: str) -> str:
    """Facts and their values, as the Defender would have answered them."""
    return "; ".join(f"{fact_name(g, f, lang)} → {value_text(g, f, v, lang)}" for f, v in values.items())
