"""Guideline and case files: YAML text -> schema check -> semantic checks -> model.

(The session store reads its own saved files through `load_case` as well.)

`load_guideline(path)` and `load_case(path)` raise `TipTriageError` with the
file, the path inside it (and the line where YAML gives it) and what is wrong.
`check_guideline(path)` returns every problem instead of the first.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Any, Iterable, Mapping, Protocol

from . import schemas
from .condtree import RESULT_KEYS, parse as parse_condition, parse_optional
from .errors import TipTriageError, where
from .model import (
    Case, Code, Definition, Element, Fact, Guideline, HistoryEntry, IndicatorRule, Presumption, Interview,
    Question, QualificationRule, Referral, Source, Stage, TextRule, Urgency,
)
from .yamlio import dotted, line_of, parse, read_text

DEFAULT_GUIDELINE = "co-icbf-2018"
SPEC_TYPES = {"boolean": "bool", "integer": "int", "string": "enum", "array": "set"}


def guidelines_root() -> Path:
    """Bundled guidelines: inside the installed package, or the source tree's `guidelines/`."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "guidelines", here.parent / "guidelines"):
        if candidate.is_dir():
            return candidate
    raise TipTriageError("the bundled guidelines are missing from this installation", str(here), "install")


def resolve_guideline(path_or_id: str | None) -> Path:
    if path_or_id is None:
        return guidelines_root() / DEFAULT_GUIDELINE / "guideline.yaml"
    from .safeio import check_path

    check_path(path_or_id)
    path = Path(path_or_id)
    if path.is_dir():
        return path / "guideline.yaml"
    if path.exists() or os.sep in path_or_id or path.suffix in (".yaml", ".yml"):
        return path
    bundled = guidelines_root() / path_or_id / "guideline.yaml"
    if bundled.exists():
        return bundled
    known = sorted(p.name for p in guidelines_root().iterdir() if (p / "guideline.yaml").exists())
    raise TipTriageError(f"unknown guideline '{path_or_id}'{schemas.did_you_mean(path_or_id, known)}", "guideline", "guideline")


# ---------------------------------------------------------------- guideline


class _Sources:
    """Which file each top-level section came from, and its text, for locations."""

    def __init__(self) -> None:
        self.file_of: dict[str, str] = {}
        self.text_of: dict[str, str] = {}

    def where(self, path: list[str | int]) -> str:
        if not path:  # the merged document as a whole: name the index file
            return next(iter(self.text_of), "")
        file = self.file_of.get(str(path[0]), "")
        if not file:
            return dotted(path)
        line = line_of(self.text_of[file], path)
        return where(file, line, dotted(path))


def _read_guideline(index: Path) -> tuple[dict[str, Any], _Sources, str]:
    files = _Sources()
    text = read_text(str(index))
    doc = parse(text, str(index))
    if not isinstance(doc, dict):
        raise TipTriageError("must be a mapping (the guideline index)", str(index), "schema")
    digest = hashlib.sha256(text.encode())
    files.text_of[str(index)] = text
    for key in doc:
        files.file_of[key] = str(index)
    includes = doc.get("include", [])
    if not isinstance(includes, list):
        raise TipTriageError("include: must be a list of file names", str(index), "schema")
    for i, name in enumerate(includes):
        part_path = _include_path(index, name, i)
        part_text = read_text(part_path)
        part = parse(part_text, part_path)
        if not isinstance(part, dict):
            raise TipTriageError("must be a mapping of guideline sections", part_path, "schema")
        digest.update(part_text.encode())
        files.text_of[part_path] = part_text
        for key, value in part.items():
            if key in doc:
                raise TipTriageError(f"section '{key}' is also in {files.file_of[key]}", part_path, "duplicate")
            doc[key] = value
            files.file_of[key] = part_path
    return doc, files, digest.hexdigest()


def _include_path(index: Path, name: Any, position: int) -> str:
    """An include names a file inside the guideline's own folder: no absolute path, no '..', no link out of it."""
    where = f"{index}: include[{position}]"
    if not isinstance(name, str) or not name or "\0" in name:
        raise TipTriageError("must be the name of a file in the guideline's folder", where, "include")
    folder = index.parent.resolve()
    try:
        target = (index.parent / name).resolve()
    except (OSError, RuntimeError):
        raise TipTriageError("cannot be resolved (a link loop?)", where, "include") from None
    if os.path.isabs(name) or ".." in Path(name).parts or folder not in target.parents:
        raise TipTriageError("must be a file inside the guideline's folder", where, "include")
    return str(index.parent / name)


class ValidatedCache(Protocol):
    """Remembers guidelines that passed every check, by a key over their bytes and the checks' code."""

    def known(self, key: str) -> bool: ...

    def add(self, key: str) -> None: ...


def _validation_key(digest: str) -> str:
    from . import __version__

    key = hashlib.sha256(f"{digest}\0{__version__}\0".encode())
    for name in ("guideline.v1", "case-file.v1", "vocabulary.v1"):
        key.update(json.dumps(schemas.load(name), sort_keys=True).encode())
    return key.hexdigest()


def check_guideline(path: str | None = None, cache: ValidatedCache | None = None,
                    deep: bool = False) -> tuple[list[TipTriageError], Guideline | None]:
    """Every problem of a guideline (schema, then meaning) and the model if there are none.

    With a cache, a guideline whose exact bytes already passed every check with this
    version of tip-triage is not checked again (start-up time: see bench/startup.py).
    `deep` adds the static analysis (rules that can never hold, referrals that can never fire).
    """
    index = resolve_guideline(path)
    doc, files, digest = _read_guideline(index)
    key = _validation_key(digest) if cache is not None else ""
    if cache is not None and cache.known(key):
        try:
            return [], _build_guideline(doc, digest, str(index))
        except Exception:  # noqa: BLE001 - a marker that lies (planted, stale) only costs the full checks
            pass
    problems = [TipTriageError(msg, files.where(p), "schema") for p, msg in schemas.errors(doc, "guideline.v1")]
    if problems:
        return problems, None
    problems = [TipTriageError(msg, files.where(p), "semantic") for p, msg in _semantic_problems(doc)]
    if problems:
        return problems, None
    guideline = _build_guideline(doc, digest, str(index))
    if deep:
        from .analysis import problems as analysis_problems

        found = [TipTriageError(msg, files.where(p), "analysis") for p, msg in analysis_problems(guideline)]
        if found:
            return found, None
    if cache is not None:
        cache.add(key)
    return [], guideline


def load_guideline(path: str | None = None, cache: ValidatedCache | None = None) -> Guideline:
    problems, guideline = check_guideline(path, cache)
    if problems:
        first = problems[0]
        others = len(problems) - 1
        plural = "s" if others > 1 else ""
        more = f" (and {others} more problem{plural}: run 'tip-triage guideline validate')" if others else ""
        raise TipTriageError(first.message + more, first.location, first.code)
    assert guideline is not None
    return guideline


def _semantic_problems(doc: dict[str, Any]) -> Iterable[tuple[list[str | int], str]]:
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
    yield from _check_all_conditions(doc, facts)
    yield from _check_flow(doc, facts)
    yield from _check_definition_cycles(doc)


def _check_facts(facts: Mapping[str, Any], spec_facts: Mapping[str, Any]) -> Iterable[tuple[list[str | int], str]]:
    for fact_id in spec_facts:
        if fact_id not in facts:
            yield ["facts"], f"the spec's fact '{fact_id}' has no entry"
    for fact_id, fact in facts.items():
        spec = spec_facts.get(fact_id)
        if spec is None:
            yield ["facts", fact_id], f"'{fact_id}' is not a fact of the spec{schemas.did_you_mean(fact_id, spec_facts)}"
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
            yield ["qualifications", i, "code"], f"unknown code '{rule['code']}'{schemas.did_you_mean(rule['code'], doc['codes'])}"
    for i, ref in enumerate(doc["referrals"]):
        if ref["id"] not in vocab["referral_ids"]:
            yield ["referrals", i, "id"], f"'{ref['id']}' is not a referral id of the spec{schemas.did_you_mean(ref['id'], vocab['referral_ids'])}"
    for i, item in enumerate(doc.get("presumptions", [])):
        for j, fact in enumerate(item["missing"]):
            if fact not in doc["facts"]:
                yield ["presumptions", i, "missing", j], f"unknown fact '{fact}'{schemas.did_you_mean(fact, doc['facts'])}"
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
                yield path + ["basis", j], f"cites unknown source '{source}'{schemas.did_you_mean(source, doc['sources'])}"


def _check_confirmed_basis(doc: dict[str, Any]) -> Iterable[tuple[list[str | int], str]]:
    """A rule, referral or text marked CONFIRMED may cite only CONFIRMED sources (guideline-format.md)."""
    sources = doc["sources"]
    for path, item in _cited_items(doc):
        if item.get("status") != "CONFIRMED":
            continue
        weak = [s for s in item.get("basis", []) if s in sources and sources[s]["status"] != "CONFIRMED"]
        if weak:
            yield path + ["status"], f"is CONFIRMED but cites INFERRED source{'s' if len(weak) > 1 else ''} {', '.join(weak)}: mark it INFERRED"


def _conditions(doc: dict[str, Any]) -> Iterable[tuple[list[str | int], Any, bool]]:
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


def _check_all_conditions(doc: dict[str, Any], facts: Mapping[str, Any]) -> Iterable[tuple[list[str | int], str]]:
    for path, cond, results_allowed in _conditions(doc):
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
        return "" if name in doc["definitions"] else f"unknown definition '{name}'{schemas.did_you_mean(name, doc['definitions'])}"
    if "fact" not in atom:
        key = next(k for k in RESULT_KEYS if k in atom)
        if not results_allowed:
            return f"'{key}' needs the result: it is allowed only in indicator, aggravating, note and referral rules"
        allowed = ["none", "possible", "clear"] if key == "indicator" else list(doc["codes"])
        if isinstance(atom[key], dict):  # {qualified: {set: NAME}}
            name, sets = atom[key]["set"], doc.get("code_sets", {})
            return "" if name in sets else f"unknown code set '{name}'{schemas.did_you_mean(name, sets)}"
        bad = [v for v in atom[key] if v not in allowed]
        return f"unknown {'level' if key == 'indicator' else 'code'} '{bad[0]}'{schemas.did_you_mean(bad[0], allowed)}" if bad else ""
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
                yield ["flow", "stages", i, "questions", j, "fact"], f"unknown fact '{q['fact']}'{schemas.did_you_mean(q['fact'], facts)}"
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
                    yield (["flow", "stages", i, "questions", j, "ask_if"],
                           f"cycle: asking '{q['fact']}' depends on '{dep}', which is not asked before it")


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
            yield (["definitions", name, "when"],
                   limits.too_big("depth of a condition, its definitions expanded", limits.MAX_CONDITION_DEPTH))
    for path, cond, _ in _conditions(doc):
        if path[0] != "definitions" and _cond_depth(cond, graph.depth) > limits.MAX_CONDITION_DEPTH:
            yield path, limits.too_big("depth of a condition, its definitions expanded", limits.MAX_CONDITION_DEPTH)


def _text(value: Mapping[str, str]) -> Mapping[str, str]:
    return {"es": value["es"], "en": value["en"]}


def _expanded(value: Any, code_sets: Mapping[str, list[str]]) -> Any:
    """The guideline with its code sets spelt out: `{qualified: {set: NAME}}` is `{qualified: [the set's codes]}`."""
    if isinstance(value, list):
        return [_expanded(v, code_sets) for v in value]
    if not isinstance(value, dict):
        return value
    if isinstance(value.get("qualified"), dict):
        return {"qualified": list(code_sets[value["qualified"]["set"]])}
    return {k: _expanded(v, code_sets) for k, v in value.items()}


def _build_guideline(doc: dict[str, Any], digest: str, path: str) -> Guideline:
    doc = {k: (v if k in ("sources", "facts", "codes", "code_sets") else _expanded(v, doc.get("code_sets", {})))
           for k, v in doc.items()}
    def basis(item: Mapping[str, Any]) -> tuple[str, ...]:
        return tuple(item["basis"])

    stages = tuple(
        Stage(s["id"], _text(s["title"]), tuple(
            Question(q["fact"], s["id"], parse_optional(q.get("ask_if")), bool(q.get("always", False))) for q in s["questions"]))
        for s in doc["flow"]["stages"]
    )
    return Guideline(
        id=doc["id"], version=doc["version"], sha256=digest, title=_text(doc["title"]),
        issuer=_text(doc["issuer"]), disclaimer=_text(doc["disclaimer"]), date=str(doc["date"]),
        status=doc["status"], path=path,
        sources={k: Source(k, v["cite"], v["status"], v.get("note", ""), v.get("url", "")) for k, v in doc["sources"].items()},
        facts={k: Fact(k, v["type"], _text(v["question"]), _text(v["help"]), tuple(v.get("values", {})),
                       {vk: _text(vv) for vk, vv in v.get("values", {}).items()}, v.get("min"), v.get("max"))
               for k, v in doc["facts"].items()},
        definitions={k: Definition(k, _text(v["label"]), parse_condition(v["when"]), basis(v), v["status"]) for k, v in doc["definitions"].items()},
        codes={k: Code(k, _text(v["label"]), _text(v["summary"]), basis(v), v["status"], v["offence"]) for k, v in doc["codes"].items()},
        qualifications=tuple(
            QualificationRule(r["id"], r["code"], tuple(parse_condition(c) for c in r.get("scope", [])),
                              tuple(Element(e["id"], _text(e["label"]), parse_condition(e["when"])) for e in r["elements"]),
                              basis(r), r["status"]) for r in doc["qualifications"]),
        indicator_rules=tuple(IndicatorRule(r["level"], parse_condition(r["when"]), basis(r), r["status"]) for r in doc["indicator"]["rules"]),
        indicator_otherwise=doc["indicator"]["otherwise"],
        screening_code=doc["indicator"].get("screens", ""),
        urgencies=tuple(Urgency(u["id"], _text(u["label"])) for u in doc["urgencies"]),
        partly_indicated=doc["undecided"]["partly_indicated"],
        nothing_indicated=doc["undecided"]["nothing_indicated"],
        purposes_fact=doc.get("purposes_fact", ""),
        aggravating=tuple(TextRule(r["id"], parse_optional(r.get("when")), _text(r["text"]), basis(r), r["status"]) for r in doc["aggravating"]),
        notes=tuple(TextRule(r["id"], parse_optional(r.get("when")), _text(r["text"]), basis(r), r["status"]) for r in doc["notes"]),
        referrals=tuple(
            Referral(r["id"], parse_optional(r.get("when")), r["urgency"], _text(r["institution"]), _text(r["action"]), basis(r),
                     r["status"], _text(r["deadline"]) if "deadline" in r else None, tuple(r.get("contact", [])),
                     bool(r.get("alert", False)), r.get("urgency_status", ""),
                     _text(r["task"]) if "task" in r else None)
            for r in doc["referrals"]),
        stages=stages,
        end_when=parse_optional(doc["flow"].get("end_when")),
        presumptions=tuple(Presumption(p["id"], parse_condition(p["when"]), tuple(p["missing"]), basis(p), p["status"])
                           for p in doc.get("presumptions", [])),
    )


# ---------------------------------------------------------------- cases


def load_case(path: str) -> Case:
    """Read one case file (YAML or JSON)."""
    text = read_text(path)
    return parse_case(parse(text, path), path, text)


def parse_case(data: Any, name: str, text: str | None = None) -> Case:
    """Validate a case object (from a file or a JSON Lines row) and build the model."""
    if not isinstance(data, dict):
        raise TipTriageError("a case file must be a mapping with tip_triage_case, id and facts", name, "schema")
    if "tip_triage_scenarios" in data and "tip_triage_case" not in data:
        raise TipTriageError("a scenario file (several cases): run it with 'tip-triage scenarios run'", name, "schema")
    import itertools

    # lazily: the checks after the schema's run only on a document the schema accepted
    for path, message in itertools.chain(schemas.errors(data, "case-file.v1"), _guideline_field_problems(data),
                                         _history_problems(data)):
        line = line_of(text, path) if text is not None else None
        raise TipTriageError.at(message, name, line, dotted(path) if path else "", "schema")
    return build_case(data, name)


@functools.lru_cache(maxsize=1)
def _set_facts() -> frozenset[str]:
    return frozenset(k for k, spec in schemas.case_facts().items() if _spec_type(spec) == "set")


def _guideline_field_problems(data: Mapping[str, Any]) -> Iterable[tuple[list[str | int], str]]:
    """A case names a bundled guideline by its id, never by a path (a case file must not make us read any file)."""
    import re

    value = data.get("guideline")
    if isinstance(value, str) and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}", value) or value in ("..",):
        yield ["guideline"], "must be the id of a bundled guideline, not a path (use --guideline PATH for another one)"


def _history_problems(data: Mapping[str, Any]) -> Iterable[tuple[list[str | int], str]]:
    """Each history entry's `from` and `to` is empty or a value of its fact (the report shows them by label)."""
    import jsonschema

    spec_facts = schemas.case_facts()
    history = data.get("history")
    for i, entry in enumerate(history if isinstance(history, list) else []):
        fact = entry.get("fact") if isinstance(entry, dict) else None
        if fact not in spec_facts:
            continue
        for key in ("from", "to"):
            value = entry.get(key)
            if value is not None and not jsonschema.Draft202012Validator(spec_facts[fact]).is_valid(value):
                yield ["history", i, key], f"is not a value of the fact '{fact}'"


def build_case(data: Mapping[str, Any], name: str | None) -> Case:
    set_facts = _set_facts()
    facts: dict[str, Any] = {}
    for key, value in (data.get("facts") or {}).items():
        if value is None:
            continue
        facts[key] = frozenset(value) if key in set_facts else value
    interview = data.get("interview")
    return Case(
        id=str(data["id"]), facts=facts, guideline=data.get("guideline"), recorded=data.get("recorded"),
        expect=data.get("expect"), file=name,
        interview=Interview(interview.get("lang", "es"), interview.get("started", ""), interview.get("updated", ""),
                            bool(interview.get("finished", False)), tuple(interview.get("asked", [])),
                            interview.get("guideline_version", ""), interview.get("guideline_sha256", ""))
        if interview else None,
        history=tuple(HistoryEntry(h["fact"], h.get("from"), h["to"], h["at"], h.get("kind", ""))
                      for h in data.get("history", [])),
        name=data.get("name"), tags=tuple(data.get("tags", ())),
        narrative=_text(data["narrative"]) if "narrative" in data else None,
    )


def case_to_data(case: Case, guideline: Guideline | None = None) -> dict[str, Any]:
    """The case file v1 mapping of a case (sets as sorted lists in the spec's value order)."""
    facts: dict[str, Any] = {}
    for key, value in case.facts.items():
        if isinstance(value, frozenset):
            order = list(guideline.facts[key].values) if guideline else sorted(value)
            value = sorted(value, key=lambda v: order.index(v) if v in order else len(order))
        facts[key] = value
    data: dict[str, Any] = {"tip_triage_case": 1, "id": case.id}
    if case.guideline:
        data["guideline"] = case.guideline
    if case.recorded:
        data["recorded"] = case.recorded
    if case.name:
        data["name"] = case.name
    if case.tags:
        data["tags"] = list(case.tags)
    if case.narrative:
        data["narrative"] = dict(case.narrative)
    data["facts"] = facts
    if case.expect:
        data["expect"] = dict(case.expect)
    if case.interview:
        iv = case.interview
        data["interview"] = {"lang": iv.lang, "started": iv.started, "updated": iv.updated,
                             "finished": iv.finished, "asked": list(iv.asked)}
        if iv.guideline_sha256:
            data["interview"].update(guideline_version=iv.guideline_version, guideline_sha256=iv.guideline_sha256)
    if case.history:
        data["history"] = [{"fact": h.fact, "from": _plain(h.old), "to": _plain(h.new), "at": h.at,
                            **({"kind": h.kind} if h.kind else {})} for h in case.history]
    return data


def _plain(value: Any) -> Any:
    return sorted(value) if isinstance(value, (frozenset, set)) else value
