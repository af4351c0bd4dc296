"""A pure, picklable API for pipelines and clusters (Dask, multiprocessing, Spark): plain dicts in and out.

    from tip_triage import api
    api.evaluate({"age": 15, "recruited": True, "exploitation": ["sexual"], "someone_profits": True})
    api.evaluate_file("cases/bog-0412.yaml")          # what `tip-triage batch FILE --format jsonl` prints
    api.next_question({"age": 15})                    # the interview's next question, or None

Every function is module-level and takes only picklable arguments (a guideline is
named by its bundled id or its path, never passed as an object), so it can be
shipped to worker processes; each process loads a guideline once and keeps it.
Results are the result format v1 (docs/case-file.md), identical to the CLI's JSON
Lines output for the same case; a case that is not valid gives a `status: error`
result, as in a batch. No I/O but reading the case file you name; no network.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from .casefile import load_case, parse_case
from .errors import TipTriageError
from .expect import differences
from .model import Case, Guideline
from .pipeline import Guidelines
from .render.data import error_data, result_data

__all__ = ["evaluate", "evaluate_file", "next_question", "guideline_info"]

_loaded: dict[str | None, Guidelines] = {}


def _guidelines(guideline: str | None) -> Guidelines:
    if guideline not in _loaded:
        _loaded[guideline] = Guidelines(guideline)
    return _loaded[guideline]


def _result(case: Case, guideline: str | None, lang: str, trace: bool) -> dict[str, Any]:
    from .engine import evaluate as engine_evaluate

    try:
        g = _guidelines(guideline).for_case(case)
    except TipTriageError as exc:
        return error_data(exc, case.file)
    result = engine_evaluate(g, case.facts)
    diffs = differences(case.expect, result) if case.expect is not None else None
    data = result_data(g, case, result, lang, diffs)
    if not trace:
        del data["trace"]
    return data


def evaluate(
    facts: Mapping[str, Any],
    guideline: str | None = None,
    lang: str = "es",
    *,
    name: str | None = None,
    trace: bool = True,
) -> dict[str, Any]:
    """The result (format v1) for a case's facts, or for a whole case object (with `tip_triage_case`).

    `facts` is as in a case file: sets as lists, `null` or absent for unknown. `guideline` is a
    bundled id or a path (default: the case's pinned guideline, else the bundled one). `name`
    fills the result's `file` (and the id of bare facts). Invalid input gives `status: error`.
    """
    if lang not in ("es", "en"):
        raise ValueError("lang must be 'es' or 'en'")
    whole = "tip_triage_case" in facts
    data = dict(facts) if whole else {"tip_triage_case": 1, "id": name or "-", "facts": dict(facts)}
    try:
        case = parse_case(data, name or ("<case>" if whole else "<facts>"))
    except TipTriageError as exc:
        return error_data(exc, name)
    if name is None:
        case = replace(case, file=None)
    return _result(case, guideline, lang, trace)


def evaluate_file(path: str, guideline: str | None = None, lang: str = "es", *, trace: bool = True) -> dict[str, Any]:
    """The result (format v1) for one case file (YAML or JSON), exactly as `tip-triage batch` gives it."""
    try:
        case = load_case(path)
    except TipTriageError as exc:
        return error_data(exc, path)
    return _result(case, guideline, lang, trace)


def next_question(
    facts: Mapping[str, Any], guideline: str | None = None, lang: str = "es", asked: Iterable[str] = ()
) -> dict[str, Any] | None:
    """The interview's next question for these facts (its fact id, stage, text, help, type, choices), or None."""
    from .engine import next_question as engine_next

    data = {"tip_triage_case": 1, "id": "-", "facts": dict(facts)}
    case = parse_case(data, "<facts>")  # raises TipTriageError for facts that are not valid
    g: Guideline = _guidelines(guideline).for_case(case)
    q = engine_next(g, case.facts, tuple(asked))
    if q is None:
        return None
    fact = g.facts[q.fact]
    return {
        "fact": q.fact,
        "stage": q.stage,
        "type": fact.type,
        "question": fact.question[lang],
        "help": fact.help[lang],
        "values": [{"value": v, "label": fact.labels[v][lang]} for v in fact.values],
        "min": fact.min,
        "max": fact.max,
    }


def guideline_info(guideline: str | None = None) -> dict[str, str]:
    """The id, version and sha256 of a guideline, as every result names them."""
    g = _guidelines(guideline).default
    return {"id": g.id, "version": g.version, "sha256": g.sha256}
