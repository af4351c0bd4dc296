"""The semantic checks of a guideline document (after its JSON Schema): the contract's facts, codes and
referral ids, citations and statuses, every condition's facts and operators, the flow, definition cycles,
no control character in any text.

Each check yields (path inside the document, message); `loader.check_guideline` names the file and line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from . import schemas
from .condition_checks import check_all_conditions, conditions_of

SPEC_TYPES = {"boolean": "bool", "integer": "int", "string": "enum", "array": "set"}


def semantic_problems(doc: dict[str, Any]) -> Iterable[tuple[list[str | int], str]]:
    spec_facts = schemas.case_facts()
    vocab = schemas.vocabulary()
    facts = doc["facts"]
    yield from _check_facts(facts, spec_facts)
    for code in vocab["qualification_codes"]:
        if code not in doc["codes"]:
            yield ["codes"], f"the spec's code '{code}' has no entry"
    # A guideline may add codes of its own (the contract grows by adding): each still needs a rule that
    # gives it (checked below), so a misspelt spec code shows up as that spec code having no entry.
    yield from _check_ids(doc)
    yield from _check_citations(doc)
    yield from _check_confirmed_basis(doc)
    for name, members in doc.get("code_sets", {}).items():
        for i, code in enumerate(members):
            if code not in doc["codes"]:
                yield ["code_sets", name, i], f"unknown code '{code}'{schemas.did_you_mean(code, doc['codes'])}"
    yield from check_all_conditions(doc, facts)
    yield from _check_flow(doc, facts)
    yield from _check_definition_cycles(doc)
    yield from _check_control_characters(doc)


def _check_facts(facts: Mapping[str, Any], spec_facts: Mapping[str, Any]) -> Iterable[tuple[list[str | int], str]]:
    for fact_id in spec_facts:
        if fact_id not in facts:
            yield ["facts"], f"the spec's fact '{fact_id}' has no entry"
    for fact_id, fact in facts.items():
        spec = spec_facts.get(fact_id)
        if spec is None:
            yield (
                ["facts", fact_id],
                f"'{fact_id}' is not a fact of the spec{schemas.did_you_mean(fact_id, spec_facts)}",
            )
            continue
        spec_type = _spec_type(spec)
        if fact["type"] != spec_type:
            yield ["facts", fact_id, "type"], f"must be '{spec_type}', as in the spec"
        spec_values = _spec_values(spec)
        values = list(fact.get("values", {}))
        if spec_values != values and spec_type in ("enum", "set"):
            gone = [v for v in spec_values if v not in values]
            extra = [v for v in values if v not in spec_values]
            detail = f"missing {gone}" if gone else (f"not in the spec {extra}" if extra else "not in the spec's order")
            yield ["facts", fact_id, "values"], f"values must be the spec's: {detail}"
        if spec_type == "int" and (fact.get("min"), fact.get("max")) != (spec.get("minimum"), spec.get("maximum")):
            yield ["facts", fact_id], f"min and max must be the spec's ({spec.get('minimum')}, {spec.get('maximum')})"


def _spec_type(spec: Mapping[str, Any]) -> str:
    if "enum" in spec:
        return "enum"
    types = [t for t in ([spec["type"]] if isinstance(spec["type"], str) else spec["type"]) if t != "null"]
    return SPEC_TYPES[types[0]]


def _spec_values(spec: Mapping[str, Any]) -> list[str]:
    values = spec.get("enum") or spec.get("items", {}).get("enum") or []
    return [v for v in values if v is not None]


def _check_ids(doc: dict[str, Any]) -> Iterable[tuple[list[str | int], str]]:
    vocab = schemas.vocabulary()
    for section in ("qualifications", "referrals", "aggravating", "notes"):
        seen: set[str] = set()
        for i, item in enumerate(doc[section]):
            if item["id"] in seen:
                yield [section, i, "id"], f"the id '{item['id']}' is used twice"
            seen.add(item["id"])
    for i, rule in enumerate(doc["qualifications"]):
        if rule["code"] not in doc["codes"]:
            yield (
                ["qualifications", i, "code"],
                f"unknown code '{rule['code']}'{schemas.did_you_mean(rule['code'], doc['codes'])}",
            )
    for i, ref in enumerate(doc["referrals"]):
        if ref["id"] not in vocab["referral_ids"]:
            yield (
                ["referrals", i, "id"],
                f"'{ref['id']}' is not a referral id of the spec{schemas.did_you_mean(ref['id'], vocab['referral_ids'])}",
            )
    for i, item in enumerate(doc.get("presumptions", [])):
        for key, j, fact in [(k, j, f) for k in ("missing", "establish") for j, f in enumerate(item.get(k, []))]:
            if fact not in doc["facts"]:
                yield (
                    ["presumptions", i, key, j],
                    f"unknown fact '{fact}'{schemas.did_you_mean(fact, doc['facts'])}",
                )
    for key, code in doc["undecided"].items():
        if code not in doc["codes"]:
            yield ["undecided", key], f"unknown code '{code}'{schemas.did_you_mean(code, doc['codes'])}"
    urgencies = [u["id"] for u in doc["urgencies"]]
    for i, ref in enumerate(doc["referrals"]):
        if ref["urgency"] not in urgencies:
            yield ["referrals", i, "urgency"], f"must be one of the guideline's urgencies: {', '.join(urgencies)}"
    purposes = doc.get("purposes_fact")
    if purposes is not None and doc["facts"].get(purposes, {}).get("type") != "set":
        yield ["purposes_fact"], f"'{purposes}' is not a set fact of this guideline"
    screens = doc["indicator"].get("screens")
    if screens is not None and screens not in doc["codes"]:
        yield ["indicator", "screens"], f"unknown code '{screens}'{schemas.did_you_mean(screens, doc['codes'])}"
    ruled = {r["code"] for r in doc["qualifications"]}
    for code in doc["codes"]:
        if code not in ruled and code not in doc["undecided"].values():
            yield ["codes", code], f"no qualification rule gives the code '{code}'"


def _cited_items(doc: dict[str, Any]) -> Iterable[tuple[list[str | int], Mapping[str, Any]]]:
    yield [], doc
    yield ["flow"], doc["flow"]
    for name, item in doc["definitions"].items():
        yield ["definitions", name], item
    for name, item in doc["codes"].items():
        yield ["codes", name], item
    for section in ("qualifications", "aggravating", "notes", "referrals"):
        for i, item in enumerate(doc[section]):
            yield [section, i], item
    for i, item in enumerate(doc.get("presumptions", [])):
        yield ["presumptions", i], item
    for i, item in enumerate(doc["indicator"]["rules"]):
        yield ["indicator", "rules", i], item


def _check_citations(doc: dict[str, Any]) -> Iterable[tuple[list[str | int], str]]:
    for path, item in _cited_items(doc):
        for j, source in enumerate(item.get("basis", [])):
            if source not in doc["sources"]:
                yield (
                    path + ["basis", j],
                    f"cites unknown source '{source}'{schemas.did_you_mean(source, doc['sources'])}",
                )


def _check_confirmed_basis(doc: dict[str, Any]) -> Iterable[tuple[list[str | int], str]]:
    """A rule, referral or text marked CONFIRMED may cite only CONFIRMED sources (guideline-format.md)."""
    sources = doc["sources"]
    for path, item in _cited_items(doc):
        if item.get("status") != "CONFIRMED":
            continue
        weak = [s for s in item.get("basis", []) if s in sources and sources[s]["status"] != "CONFIRMED"]
        if weak:
            yield (
                path + ["status"],
                f"is CONFIRMED but cites INFERRED source{'s' if len(weak) > 1 else ''} {', '.join(weak)}: mark it INFERRED",
            )


def _check_flow(doc: dict[str, Any], facts: Mapping[str, Any]) -> Iterable[tuple[list[str | int], str]]:
    position: dict[str, int] = {}
    stage_ids: set[str] = set()
    order = 0
    for i, stage in enumerate(doc["flow"]["stages"]):
        if stage["id"] in stage_ids:
            yield ["flow", "stages", i, "id"], f"the stage id '{stage['id']}' is used twice"
        stage_ids.add(stage["id"])
        for j, q in enumerate(stage["questions"]):
            if q["fact"] not in facts:
                yield (
                    ["flow", "stages", i, "questions", j, "fact"],
                    f"unknown fact '{q['fact']}'{schemas.did_you_mean(q['fact'], facts)}",
                )
            elif q["fact"] in position:
                yield ["flow", "stages", i, "questions", j, "fact"], f"'{q['fact']}' is asked twice"
            position.setdefault(q["fact"], order)
            order += 1
    for fact_id in facts:
        if fact_id not in position:
            yield ["flow"], f"the fact '{fact_id}' is never asked"
    for i, stage in enumerate(doc["flow"]["stages"]):
        for j, q in enumerate(stage["questions"]):
            for dep in _facts_of(q.get("ask_if"), doc["definitions"]):
                if position.get(dep, -1) >= position.get(q["fact"], -1):
                    yield (
                        ["flow", "stages", i, "questions", j, "ask_if"],
                        f"cycle: asking '{q['fact']}' depends on '{dep}', which is not asked before it",
                    )


def _facts_of(cond: Any, definitions: Mapping[str, Any], seen: frozenset[str] = frozenset()) -> set[str]:
    """Every fact a condition reads, through its definitions, each definition visited once (see defgraph)."""
    from .defgraph import analyse, facts_read

    return facts_read(cond, analyse({name: item["when"] for name, item in definitions.items()}))


def _check_definition_cycles(doc: dict[str, Any]) -> Iterable[tuple[list[str | int], str]]:
    from . import limits
    from .defgraph import _cond_depth, analyse

    definitions = doc["definitions"]
    graph = analyse({name: item["when"] for name, item in definitions.items()})
    for name in definitions:
        if name in graph.cyclic:
            yield ["definitions", name, "when"], f"cycle: the definition '{name}' refers back to itself"
        elif graph.depth[name] > limits.MAX_CONDITION_DEPTH:
            yield (
                ["definitions", name, "when"],
                limits.too_big("depth of a condition, its definitions expanded", limits.MAX_CONDITION_DEPTH),
            )
    for path, cond, _ in conditions_of(doc):
        if path[0] != "definitions" and _cond_depth(cond, graph.depth) > limits.MAX_CONDITION_DEPTH:
            yield path, limits.too_big("depth of a condition, its definitions expanded", limits.MAX_CONDITION_DEPTH)


def _check_control_characters(doc: Any) -> Iterable[tuple[list[str | int], str]]:
    """No string of the guideline (label, text, question, help, source...) holds a control character.

    Guideline texts reach terminals and reports as they are: an escape sequence (ESC, BEL), another C0 or C1
    control or a bidirectional override would drive the Defender's terminal or make the text read differently
    from what it is. Line breaks and tabs are allowed.
    """
    from .textsafe import first_control, printable

    stack: list[tuple[list[str | int], Any]] = [([], doc)]
    while stack:  # iterative (a deep document costs no recursion); a path is made only for a container or a problem
        path, container = stack.pop()
        pairs = container.items() if isinstance(container, dict) else enumerate(container)
        inner: list[tuple[list[str | int], Any]] = []
        for key, value in pairs:
            if isinstance(key, str) and first_control(key):
                yield path, f"the key '{printable(key)}' holds a control character ({first_control(key)})"
                continue  # its value is reported with the key
            if isinstance(value, str):
                found = first_control(value)
                if found:
                    yield path + [key], f"holds a control character ({found}): not allowed in a guideline's texts"
            elif isinstance(value, (dict, list)):
                inner.append((path + [key], value))
        stack.extend(reversed(inner))  # in the document's order
