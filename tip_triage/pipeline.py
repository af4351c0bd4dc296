"""The batch pipeline: tasks found lazily, evaluated in one process or several, in order.

A task is a small picklable tuple, ("file", path) or ("line", where, text) or
("error", where, code, message), so it can go to a worker process. A `Worker`
turns a task into one `Piece`: the text to write (already rendered for the
chosen format) and a `Digest` (what the summary and the exit code need). No
result is kept after its text is written; only counters are.
An evaluation cache keyed by the case's frozen facts saves the engine and the
serialisation of repeated situations (bounded: memory stays flat).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import replace
from typing import Any, NamedTuple

from .errors import TipTriageError
from .expect import differences
from .loader import DEFAULT_GUIDELINE, load_guideline
from .model import Case, Guideline, Result
from .render.data import error_data, referral_data, result_data, step_text
from .textsafe import clean_item, json_safe

_REFERRALS = "\x00referrals\x00"  # where the referrals' JSON, made once per referral and reasons, goes
_REFERRALS_JSON = json.dumps(_REFERRALS)
CACHE_SIZE = 256


class Digest(NamedTuple):
    """What the summary and the exit code need from one case (never a fact's value)."""

    status: str  # ok | error
    id: str | None
    file: str | None
    qualification: str = ""
    concurrent: tuple[str, ...] = ()
    indicator_level: str = ""
    referrals: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    expect_met: bool | None = None
    differences: tuple[str, ...] = ()
    error: str = ""


class Piece(NamedTuple):
    text: Any  # str for json/jsonl (UTF-8 bytes from a worker); cells for csv; the result dict for the table
    digest: Digest


from .sources import (  # noqa: E402,F401 - the pipeline's inputs, re-exported for its callers
    CASE_SUFFIXES,
    Task,
    load_task,
    task_name,
    tasks,
    usable_cores,
)

# ---------------------------------------------------------------- evaluating


class Guidelines:
    """The guideline given (--guideline), or the bundled one each case pins, loaded once each."""

    def __init__(self, guideline_arg: str | None, cache: Any = None) -> None:
        self.cache = cache
        self.override = load_guideline(guideline_arg, cache) if guideline_arg else None
        self._bundled: dict[str, Guideline] = {}

    @property
    def default(self) -> Guideline:
        return self.override or self.bundled(DEFAULT_GUIDELINE)

    def bundled(self, guideline_id: str) -> Guideline:
        if guideline_id not in self._bundled:
            self._bundled[guideline_id] = load_guideline(guideline_id, self.cache)
        return self._bundled[guideline_id]

    def for_case(self, case: Case) -> Guideline:
        if self.override is not None:
            if case.guideline and case.guideline != self.override.id:
                raise TipTriageError(
                    f"the case pins the guideline '{case.guideline}', not '{self.override.id}' given with --guideline",
                    f"{case.file}: guideline",
                    "guideline",
                )
            return self.override
        try:
            return self.bundled(case.guideline or DEFAULT_GUIDELINE)
        except TipTriageError as exc:
            raise TipTriageError(
                f"the pinned guideline is not available: {exc.message}", f"{case.file}: guideline", "guideline"
            ) from None


def _evaluate(guideline: Guideline, facts: Any) -> Result:
    from .engine import evaluate

    return evaluate(guideline, facts)


class Worker:
    """Task -> Piece for one output format; holds the guidelines and a bounded evaluation cache."""

    def __init__(
        self, guidelines: Guidelines, fmt: str, lang: str, trace: bool = True, redact_key: bytes | None = None
    ) -> None:
        self.guidelines = guidelines
        self.fmt = fmt
        self.lang = lang
        self.trace = trace
        self.redact_key = redact_key  # --redact: ids and files become keyed hashes
        self._cache: OrderedDict[Any, tuple[Result, dict[str, Any], str]] = OrderedDict()
        self._fragments: dict[int, tuple[Any, str]] = {}  # id(step) -> (step, its JSON): the step is kept alive
        self._checked: bool | None = None
        self._referral_json: dict[Any, tuple[Guideline, str]] = {}

    def evaluated(self, guideline: Guideline, case: Case) -> tuple[Result, dict[str, Any], str]:
        """(result, result data without id/file/expect, its JSON members) for the case's facts, cached."""
        key = (guideline.sha256, frozenset(case.facts.items()))
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        result = _evaluate(guideline, case.facts)
        if self.fmt != "jsonl":  # the other formats work from the data; only JSON Lines needs speed
            entry = self._plain(guideline, case, result)
        elif self._checked is None:  # the fast serialisation is checked once against the plain one
            entry = self._serialised(guideline, case, result)
            plain = self._plain(guideline, case, result)
            self._checked = plain[2] == entry[2]
            entry = entry if self._checked else plain
        elif self._checked:
            entry = self._serialised(guideline, case, result)
        else:
            entry = self._plain(guideline, case, result)
        self._cache[key] = entry
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return entry

    def _plain(self, guideline: Guideline, case: Case, result: Result) -> tuple[Result, dict[str, Any], str]:
        data = result_data(guideline, case, result, self.lang, None)
        for k in ("tip_triage_result", "id", "file"):
            del data[k]
        if not self.trace:
            del data["trace"]
        return result, data, json.dumps(data, ensure_ascii=False)[1:-1]

    def _serialised(self, guideline: Guideline, case: Case, result: Result) -> tuple[Result, dict[str, Any], str]:
        """As _plain, with the trace written from fragments kept per Step (most Steps are shared by every case)."""
        data = result_data(guideline, case, replace(result, trace=(), referrals=()), self.lang, None)
        for k in ("tip_triage_result", "id", "file"):
            del data[k]
        if list(data)[-1] != "trace":  # the result format put something after the trace: no shortcut
            return self._plain(guideline, case, result)
        fragments = self._fragments
        if len(fragments) > 20_000:
            fragments.clear()
        data["referrals"] = _REFERRALS  # the referrals' JSON, made once per referral and reasons, goes here
        del data["trace"]
        head = json.dumps(data, ensure_ascii=False)[1:-1].replace(
            _REFERRALS_JSON, self._referrals(guideline, result), 1
        )
        data["referrals"] = None  # (the data kept for the table and csv never needs them)
        if not self.trace:
            return result, data, head
        parts = []
        for step in result.trace:
            hit = fragments.get(id(step))
            if hit is None or hit[0] is not step:
                hit = fragments[id(step)] = (
                    step,
                    json.dumps(
                        {
                            "step": step_text(guideline, step, self.lang),
                            "answer": step.answer,
                            "basis": list(step.basis),
                            "status": step.status,
                            "rule": step.rule,
                        },
                        ensure_ascii=False,
                    ),
                )
            parts.append(hit[1])
        data["trace"] = None  # (the data kept for the table and csv never needs the trace)
        return result, data, f'{head}, "trace": [{", ".join(parts)}]'

    def _referrals(self, guideline: Guideline, result: Result) -> str:
        parts = []
        for r in result.referrals:
            key = (id(guideline), r.id, r.because, r.reasons)
            hit = self._referral_json.get(key)
            if hit is None or hit[0] is not guideline:
                if len(self._referral_json) > 20_000:
                    self._referral_json.clear()
                hit = self._referral_json[key] = (
                    guideline,
                    json.dumps(referral_data(guideline, r, self.lang), ensure_ascii=False),
                )
            parts.append(hit[1])
        return f"[{', '.join(parts)}]"

    def piece(self, task: Task) -> Piece:
        name = task_name(task)
        try:
            case = load_task(task)
            guideline = self.guidelines.for_case(case)
        except TipTriageError as exc:
            return self._error(exc, name)
        result, data, members = self.evaluated(guideline, case)
        diffs = differences(case.expect, result) if case.expect is not None else None
        expect = None if diffs is None else {"met": not diffs, "differences": diffs}
        named = {"id": case.id, "file": case.file}
        if self.redact_key is not None:
            from .redact import redact_item

            named = redact_item(named, self.redact_key)
        digest = Digest(
            "ok",
            named["id"],
            named["file"],
            result.qualification,
            tuple(result.concurrent),
            result.indicator_level,
            tuple(r.id for r in result.referrals),
            tuple(result.missing),
            None if diffs is None else not diffs,
            tuple(diffs or ()),
        )
        if self.fmt == "jsonl":
            head = json_safe(json.dumps({"tip_triage_result": 1, **named}, ensure_ascii=False)[:-1])
            tail = "" if expect is None else ', "expect": ' + json.dumps(expect, ensure_ascii=False)
            return Piece(f"{head}, {members}{tail}}}\n", digest)
        item = {"tip_triage_result": 1, **named, **data}
        if expect is not None:
            item["expect"] = expect
        return Piece(self._render(item), digest)

    def _error(self, exc: TipTriageError, name: str) -> Piece:
        item = error_data(exc, name)
        if self.redact_key is not None:
            from .redact import redact_item

            item = redact_item(item, self.redact_key)
        digest = Digest("error", None, name, error=str(exc))
        if self.fmt == "jsonl":
            return Piece(json_safe(json.dumps(item, ensure_ascii=False)) + "\n", digest)
        return Piece(self._render(item), digest)

    def _render(self, item: dict[str, Any]) -> Any:
        if self.fmt == "json":
            return "  " + json_safe(json.dumps(item, ensure_ascii=False, indent=2)).replace("\n", "\n  ")
        if self.fmt == "csv":
            from .render.stream import csv_cells

            return csv_cells(item)
        return clean_item(item)  # the table renders rows itself: ids and files without raw controls
