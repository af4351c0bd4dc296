"""The batch pipeline: tasks found lazily, evaluated in one process or several, in order.

A task is a small picklable tuple, ("file", path) or ("line", where, text) or
("error", where, code, message), so it can go to a worker process. A `Worker`
turns a task into one `Piece`: the text to write (already rendered for the
chosen format) and a `Digest` (what the summary and the exit code need). No
result is kept after its text is written; only counters are.
The engine remembers the parts of results by the facts they read (`partitions`) and the JSON
Lines writer the pieces of their text (`render.jsonl`); both are bounded: memory stays flat.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, NamedTuple

from .errors import TipTriageError
from .expect import differences
from .loader import DEFAULT_GUIDELINE, load_guideline, load_pinned
from .model import Case, Guideline, Result
from .render.data import error_data, result_data
from .textsafe import clean_item, json_safe

_dumps = json.JSONEncoder(ensure_ascii=False).encode


def _json_bytes(value: Any) -> bytes:
    """A case's id or file as JSON, UTF-8 (`json_safe`: no raw control or bidirectional characters)."""
    if value is None:
        return b"null"
    return json_safe(_dumps(value)).encode()


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
    text: Any  # UTF-8 bytes for jsonl; str for json; cells for csv; the result dict for the table
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
        if guideline_arg is not None and not guideline_arg.strip():  # `--from ''`: never the default in silence
            raise TipTriageError(
                "an empty guideline name: give a bundled guideline's id or a path", "guideline", "usage"
            )
        self.override = load_guideline(guideline_arg, cache) if guideline_arg else None
        self._bundled: dict[str, Guideline] = {}

    @property
    def default(self) -> Guideline:
        return self.override or self.bundled(DEFAULT_GUIDELINE)

    def bundled(self, guideline_id: str) -> Guideline:
        if guideline_id not in self._bundled:
            self._bundled[guideline_id] = load_pinned(guideline_id, self.cache)
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


class Worker:
    """Task -> Piece for one output format; holds the guidelines and, per guideline, its JSON pieces."""

    def __init__(
        self,
        guidelines: Guidelines,
        fmt: str,
        lang: str,
        trace: bool = True,
        redact_key: bytes | None = None,
        lean: bool = False,
    ) -> None:
        self.guidelines = guidelines
        self.fmt = fmt
        self.lang = lang
        self.trace = trace
        self.redact_key = redact_key  # --redact: ids and files become keyed hashes
        self.lean = lean  # only status, id, file and expectation of each case are needed (no --summary)
        self._json: dict[int, tuple[Guideline, Any, bool]] = {}  # id(guideline) -> (it, ResultJson, checked)
        from .engine import evaluate  # here, not at import: `--version` and `--help` never load the engine

        self.evaluate: Callable[[Guideline, Any], Result] = evaluate

    def members(self, guideline: Guideline, result: Result) -> bytes:
        """The result's JSON members (all but tip_triage_result, id, file and expect), from pieces made once.

        The first result of each guideline is also written the plain way: if the two ever differ, the plain
        way is used from then on (the fast writer is a cache, never a second source of truth).
        """
        hit = self._json.get(id(guideline))
        if hit is None or hit[0] is not guideline:
            from .render.jsonl import ResultJson

            writer = ResultJson(guideline, self.lang, self.trace)
            fast = writer.members(result)
            ok = fast == writer.plain(result).encode()
            self._json[id(guideline)] = (guideline, writer, ok)
            return fast if ok else writer.plain(result).encode()
        return hit[1].members(result) if hit[2] else hit[1].plain(result).encode()

    def piece(self, task: Task) -> Piece:
        name = task_name(task)
        try:
            case = load_task(task)
            guideline = self.guidelines.for_case(case)
        except TipTriageError as exc:
            return self._error(exc, name)
        result = self.evaluate(guideline, case.facts)
        diffs = differences(case.expect, result) if case.expect is not None else None
        named = {"id": case.id, "file": case.file}
        if self.redact_key is not None:
            from .redact import redact_item

            named = redact_item(named, self.redact_key)
        met = None if diffs is None else not diffs
        if self.lean:  # what the exit code needs (the summary's counts are not asked for)
            digest = Digest("ok", named["id"], named["file"], expect_met=met)
        else:
            digest = Digest(
                "ok",
                named["id"],
                named["file"],
                result.qualification,
                result.concurrent,
                result.indicator_level,
                tuple([r.id for r in result.referrals]),
                result.missing,
                met,
                tuple(diffs or ()),
            )
        expect = None if diffs is None else {"met": met, "differences": diffs}
        if self.fmt == "jsonl":
            head = b"".join(  # = the JSON of {"tip_triage_result": 1, **named} without its closing brace
                (
                    b'{"tip_triage_result": 1, "id": ',
                    _json_bytes(named["id"]),
                    b', "file": ',
                    _json_bytes(named["file"]),
                )
            )
            tail = b"}\n" if expect is None else f', "expect": {_dumps(expect)}}}\n'.encode()
            return Piece(b"".join((head, b", ", self.members(guideline, result), tail)), digest)
        item = result_data(guideline, case, result, self.lang, None)
        item.update(named)
        if not self.trace:
            del item["trace"]
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
            return Piece((json_safe(json.dumps(item, ensure_ascii=False)) + "\n").encode(), digest)
        return Piece(self._render(item), digest)

    def _render(self, item: dict[str, Any]) -> Any:
        if self.fmt == "json":
            return "  " + json_safe(json.dumps(item, ensure_ascii=False, indent=2)).replace("\n", "\n  ")
        if self.fmt == "csv":
            from .render.stream import csv_cells

            return csv_cells(item)
        return clean_item(item)  # the table renders rows itself: ids and files without raw controls
