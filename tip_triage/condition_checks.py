"""The checks of every condition in a guideline document: each atom's fact, operator and operand,
definitions that exist, result atoms only where the result is known (indicator, notes, referrals).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from . import schemas
from .condtree import RESULT_KEYS


def conditions_of(doc: dict[str, Any]) -> Iterable[tuple[list[str | int], Any, bool]]:
    """(path, condition, may use result atoms) for every condition in the guideline."""
    for name, item in doc["definitions"].items():
        yield ["definitions", name, "when"], item["when"], False
    for i, item in enumerate(doc.get("presumptions", [])):
        yield ["presumptions", i, "when"], item["when"], False
    for i, rule in enumerate(doc["qualifications"]):
        for j, cond in enumerate(rule.get("scope", [])):
            yield ["qualifications", i, "scope", j], cond, False
        for j, element in enumerate(rule["elements"]):
            yield ["qualifications", i, "elements", j, "when"], element["when"], False
    for i, rule in enumerate(doc["indicator"]["rules"]):
        yield ["indicator", "rules", i, "when"], rule["when"], True
    for section in ("aggravating", "notes", "referrals"):
        for i, item in enumerate(doc[section]):
            if "when" in item:
                yield [section, i, "when"], item["when"], True
    if "end_when" in doc["flow"]:
        yield ["flow", "end_when"], doc["flow"]["end_when"], True
    for i, stage in enumerate(doc["flow"]["stages"]):
        for j, q in enumerate(stage["questions"]):
            if "ask_if" in q:
                yield ["flow", "stages", i, "questions", j, "ask_if"], q["ask_if"], False


def check_all_conditions(doc: dict[str, Any], facts: Mapping[str, Any]) -> Iterable[tuple[list[str | int], str]]:
    for path, cond, results_allowed in conditions_of(doc):
        for atom_path, atom in _atoms_at(cond, path):
            problem = _atom_problem(atom, doc, facts, results_allowed)
            if problem:
                yield atom_path, problem


def _atoms_at(cond: Any, path: list[str | int]) -> Iterable[tuple[list[str | int], Any]]:
    """Every atom of a condition as written, with its path, so a problem names the atom's own line."""
    for key in ("all", "any"):
        if key in cond:
            for i, part in enumerate(cond[key]):
                yield from _atoms_at(part, path + [key, i])
            return
    if "not" in cond:
        yield from _atoms_at(cond["not"], path + ["not"])
    else:
        yield path, cond


_OPS_BY_TYPE = {
    "bool": {"equals", "in", "known", "not_true"},
    "int": {"equals", "in", "lt", "lte", "gt", "gte", "known"},
    "enum": {"equals", "in", "known"},
    "set": {"equals", "contains", "contains_any", "subset_of", "known"},
}


def _atom_problem(atom: Mapping[str, Any], doc: dict[str, Any], facts: Mapping[str, Any], results_allowed: bool) -> str:
    if "ref" in atom:
        name = atom["ref"]
        return (
            ""
            if name in doc["definitions"]
            else f"unknown definition '{name}'{schemas.did_you_mean(name, doc['definitions'])}"
        )
    if "fact" not in atom:
        key = next(k for k in RESULT_KEYS if k in atom)
        if not results_allowed:
            return f"'{key}' needs the result: it is allowed only in indicator, aggravating, note and referral rules"
        allowed = ["none", "possible", "clear"] if key == "indicator" else list(doc["codes"])
        if isinstance(atom[key], dict):  # {qualified: {set: NAME}}
            name, sets = atom[key]["set"], doc.get("code_sets", {})
            return "" if name in sets else f"unknown code set '{name}'{schemas.did_you_mean(name, sets)}"
        bad = [v for v in atom[key] if v not in allowed]
        return (
            f"unknown {'level' if key == 'indicator' else 'code'} '{bad[0]}'{schemas.did_you_mean(bad[0], allowed)}"
            if bad
            else ""
        )
    fact_id = atom["fact"]
    fact = facts.get(fact_id)
    if fact is None:
        return f"unknown fact '{fact_id}'{schemas.did_you_mean(fact_id, facts)}"
    op = next(k for k in atom if k != "fact")
    if op not in _OPS_BY_TYPE[fact["type"]]:
        return f"'{op}' does not apply to the {fact['type']} fact '{fact_id}'"
    return _value_problem(fact_id, fact, op, atom[op])


def _value_problem(fact_id: str, fact: Mapping[str, Any], op: str, operand: Any) -> str:
    kind = fact["type"]
    if op in ("known", "not_true"):
        return ""
    operands = operand if isinstance(operand, list) and (op != "equals" or kind != "set") else [operand]
    if kind == "set" and op == "equals":
        operands = operand if isinstance(operand, list) else [None]
    for value in operands:
        if kind == "bool" and not isinstance(value, bool):
            return f"'{fact_id}' is true or false"
        if kind == "int" and (isinstance(value, bool) or not isinstance(value, int)):
            return f"'{fact_id}' is a whole number"
        if kind in ("enum", "set") and value not in fact.get("values", {}):
            return f"'{value}' is not a value of '{fact_id}'{schemas.did_you_mean(str(value), fact.get('values', {}))}"
    return ""
