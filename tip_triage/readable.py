"""Conditions as short sentences a lawyer or a trainer reads, in Spanish or English.

The one formatter that `guideline show`, `guideline lint`, the graphs and the
lawyer's checklist use. Facts are named by their question in facts.yaml (the
words the Defender sees), values by their labels, definitions by their label.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .condtree import All, AnyOf, FactTest, Not, Ref, as_node
from .model import Condition, Guideline

W = {
    "es": {
        "and": " y ",
        "or": " o ",
        "not": "no se cumple que ",
        "yes": "sí",
        "no": "no",
        "none": "ninguna",
        "unknown": "«No sé»",
        "includes": "incluye",
        "any_of": "incluye alguna de",
        "only": "solo incluye",
        "exactly": "es exactamente",
        "answered": "tiene respuesta",
        "unanswered": "no tiene respuesta",
        "not_true": "no es cierto (es «no» o no se sabe)",
        "lt": "menor que",
        "lte": "igual o menor que",
        "gt": "mayor que",
        "gte": "igual o mayor que",
        "is": "es",
        "one_of": "es una de",
        "known": "se sabe si",
        "not_known": "no se sabe si",
        "qualified": "la calificación (principal o concurrente) es",
        "primary": "la calificación principal es",
        "indicator": "los indicios de trata son",
        "always": "siempre",
        "is_not": "no es",
    },
    "en": {
        "and": " and ",
        "or": " or ",
        "not": "it is not the case that ",
        "yes": "yes",
        "no": "no",
        "none": "none",
        "unknown": '"I don\'t know"',
        "includes": "includes",
        "any_of": "includes any of",
        "only": "includes only",
        "exactly": "is exactly",
        "answered": "is answered",
        "unanswered": "is not answered",
        "not_true": 'is not true ("no" or not known)',
        "lt": "less than",
        "lte": "at most",
        "gt": "more than",
        "gte": "at least",
        "is": "is",
        "one_of": "is one of",
        "known": "it is known whether",
        "not_known": "it is not known whether",
        "qualified": "the qualification (primary or concurrent) is",
        "primary": "the primary qualification is",
        "indicator": "the trafficking indicators are",
        "always": "always",
        "is_not": "is not",
    },
}
LEVELS = {
    "es": {"none": "sin indicios", "possible": "posibles", "clear": "claros"},
    "en": {"none": "none", "possible": "possible", "clear": "clear"},
}


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
        return ", ".join(
            _label(g, fact_id, v, lang) for v in sorted(value, key=lambda v: order.index(v) if v in order else 99)
        )
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


def describe(g: Guideline, cond: Condition | Mapping[str, Any] | None, lang: str, negate: bool = False) -> str:
    """One sentence for a condition (`negate`: for the condition being false)."""
    w = W[lang]
    cond = as_node(cond)
    if cond is None:
        return w["always"]
    if negate:
        if isinstance(cond, Not):
            return describe(g, cond.inner, lang)
        return w["not"] + _wrap(describe(g, cond, lang), cond)
    if isinstance(cond, (All, AnyOf)):
        joiner = w["and"] if isinstance(cond, All) else w["or"]
        return joiner.join(_wrap(describe(g, c, lang), c) for c in cond.parts)
    if isinstance(cond, Not):
        return w["not"] + _wrap(describe(g, cond.inner, lang), cond.inner)
    if isinstance(cond, Ref):
        d = g.definitions.get(cond.name)
        label = f"[{d.label[lang]}]" if d else cond.name
        if cond.known is not None:
            return f"{w['known'] if cond.known else w['not_known']} {label}"
        return label
    if isinstance(cond, FactTest):
        return _atom(g, cond, lang)
    if cond.key == "qualified":
        return f"{w['qualified']} {_codes(g, list(cond.values), lang)}"
    if cond.key == "primary":
        return f"{w['primary']} {_codes(g, list(cond.values), lang)}"
    levels = [LEVELS[lang].get(v, v) for v in cond.values]
    return f"{w['indicator']} {(w['or']).join(levels)}"


def _wrap(text: str, cond: Condition) -> str:
    return f"({text})" if isinstance(cond, (All, AnyOf)) and len(cond.parts) > 1 else text


def _atom(g: Guideline, atom: FactTest, lang: str) -> str:
    w = W[lang]
    fact_id, op, operand = atom.fact, atom.op, atom.operand
    name = fact_name(g, fact_id, lang)
    if op == "known":
        return f"{name} {w['answered'] if operand else w['unanswered']}"
    if op == "not_true":
        return f"{name} {w['not_true']}"
    if op == "equals":
        if isinstance(operand, list):
            return (
                f"{name} → {value_text(g, fact_id, operand, lang)}"
                if not operand
                else f"{name} {w['exactly']}: {value_text(g, fact_id, operand, lang)}"
            )
        return f"{name} → {value_text(g, fact_id, operand, lang)}"
    if op == "in":
        return f"{name} → {_or_list(g, fact_id, operand, lang)}"
    if op == "contains":
        return f"{name} {w['includes']}: {value_text(g, fact_id, operand, lang)}"
    if op == "contains_any":
        return f"{name} {w['any_of']}: {value_text(g, fact_id, operand, lang)}"
    if op == "subset_of":
        return f"{name} {w['only']}: {value_text(g, fact_id, operand, lang)}"
    if op in ("lt", "lte", "gt", "gte"):
        return f"{name} {w[op]} {operand}"
    return name


def describe_values(g: Guideline, values: Mapping[str, Any], lang: str) -> str:
    """Facts and their values, as the Defender would have answered them."""
    return "; ".join(f"{fact_name(g, f, lang)} → {value_text(g, f, v, lang)}" for f, v in values.items())
