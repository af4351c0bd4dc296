"""Case files: read (YAML or JSON, schema, history checked against its facts) and write (the saved interview).

`load_case(path)` and `parse_case(data, name)` raise `TipTriageError` naming the file, the line and the key;
`case_to_data(case)` is what `tip-triage triage` saves.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

from . import schemas
from .errors import TipTriageError
from .guideline_checks import _spec_type
from .model import Case, Guideline, HistoryEntry, Interview, bilingual
from .valueclass import made


def load_case(path: str) -> Case:
    """Read one case file (YAML or JSON)."""
    from .yamlio import parse, read_text  # here: a JSON Lines batch needs no YAML

    text = read_text(path)
    return parse_case(parse(text, path), path, text)


def parse_case(data: Any, name: str, text: str | None = None) -> Case:
    """Validate a case object (from a file or a JSON Lines row) and build the model."""
    if not isinstance(data, dict):
        raise TipTriageError("a case file must be a mapping with tip_triage_case, id and facts", name, "schema")
    if "tip_triage_scenarios" in data and "tip_triage_case" not in data:
        raise TipTriageError("a scenario file (several cases): run it with 'tip-triage scenarios run'", name, "schema")
    if "guideline" not in data and "history" not in data and schemas.accepts(data, "case-file.v1"):
        return build_case(data, name)  # a valid case with nothing more to check: almost every case of a batch
    import itertools

    from .yamlio import dotted, line_of

    # lazily: the checks after the schema's run only on a document the schema accepted
    for path, message in itertools.chain(
        schemas.errors(data, "case-file.v1"), _guideline_field_problems(data), _history_problems(data)
    ):
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
    spec_facts = schemas.case_facts()
    history = data.get("history")
    for i, entry in enumerate(history if isinstance(history, list) else []):
        fact = entry.get("fact") if isinstance(entry, dict) else None
        if fact not in spec_facts:
            continue
        for key in ("from", "to"):
            value = entry.get(key)
            if value is not None and not schemas.is_fact_value(fact, value):
                yield ["history", i, key], f"is not a value of the fact '{fact}'"


def build_case(data: Mapping[str, Any], name: str | None) -> Case:
    raw = data.get("facts") or {}
    # unknown facts (null) are left out; sets become frozensets (a copy and a look at the two set facts is
    # cheaper than a comprehension over every fact, and a batch builds a case per row)
    facts = dict(raw) if None not in raw.values() else {k: v for k, v in raw.items() if v is not None}
    for key in _set_facts():
        if key in facts:
            facts[key] = frozenset(facts[key])
    interview = data.get("interview")
    return made(  # a case per row of a batch: made without the generated __init__ (valueclass.made)
        Case,
        dict(
            id=str(data["id"]),
            facts=facts,
            guideline=data.get("guideline"),
            recorded=data.get("recorded"),
            expect=data.get("expect"),
            file=name,
            interview=Interview(
                interview.get("lang", "es"),
                interview.get("started", ""),
                interview.get("updated", ""),
                bool(interview.get("finished", False)),
                tuple(interview.get("asked", [])),
                interview.get("guideline_version", ""),
                interview.get("guideline_sha256", ""),
            )
            if interview
            else None,
            history=tuple(
                [HistoryEntry(h["fact"], h.get("from"), h["to"], h["at"], h.get("kind", "")) for h in data["history"]]
            )
            if "history" in data
            else (),
            name=data.get("name"),
            tags=tuple(data["tags"]) if "tags" in data else (),
            narrative=bilingual(data["narrative"]) if "narrative" in data else None,
        ),
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
        data["interview"] = {
            "lang": iv.lang,
            "started": iv.started,
            "updated": iv.updated,
            "finished": iv.finished,
            "asked": list(iv.asked),
        }
        if iv.guideline_sha256:
            data["interview"].update(guideline_version=iv.guideline_version, guideline_sha256=iv.guideline_sha256)
    if case.history:
        data["history"] = [
            {
                "fact": h.fact,
                "from": _plain(h.old),
                "to": _plain(h.new),
                "at": h.at,
                **({"kind": h.kind} if h.kind else {}),
            }
            for h in case.history
        ]
    return data


def _plain(value: Any) -> Any:
    return sorted(value) if isinstance(value, (frozenset, set)) else value
