"""Shared by check and batch: find the case sources, evaluate each, never stop for one."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from ..casefile import load_case, parse_case
from ..engine import evaluate
from ..errors import TipTriageError
from ..exit_codes import ExitCode
from ..expect import differences
from ..model import Case, Guideline
from ..pipeline import Guidelines
from ..render.data import error_data, result_data

CASE_SUFFIXES = (".yaml", ".yml", ".json")
Source = tuple[str, Callable[[], Case]]


class Evaluator(Guidelines):
    """Evaluates cases against the guideline given (--guideline), or the bundled one each case pins.

    The same rules as the batch (`pipeline.Guidelines`): a case pinned to another guideline than the
    one given, or to one that is not available, is an error for that case, never quietly evaluated.
    """

    def guideline_for(self, case: Case) -> Guideline:
        return self.for_case(case)

    def outcome(self, name: str, load: Callable[[], Case], lang: str) -> dict[str, Any]:
        try:
            case = load()
            guideline = self.guideline_for(case)
        except TipTriageError as exc:
            return error_data(exc, name)
        result = evaluate(guideline, case.facts)
        diffs = differences(case.expect, result) if case.expect is not None else None
        return result_data(guideline, case, result, lang, diffs)


def exit_code(items: Iterable[dict[str, Any]]) -> ExitCode:
    items = list(items)
    if any(i["status"] == "error" for i in items):
        return ExitCode.BAD_INPUT
    if any(i.get("expect") and not i["expect"]["met"] for i in items):
        return ExitCode.FINDINGS
    return ExitCode.OK


def _lines(name: str, stream: Any) -> Iterator[Source]:
    """Each row of a JSON Lines stream (bytes, from a file or stdin): one case, or one error row."""
    from ..safeio import rows

    binary = getattr(stream, "buffer", stream)
    for number, row in rows(binary, name):
        where = f"{name}:{number}"
        yield where, _failing(row) if isinstance(row, TipTriageError) else _json_case(row, where)


def _json_case(line: str, where: str) -> Callable[[], Case]:
    def load() -> Case:
        from ..jsonrows import loads

        return parse_case(loads(line, where), where)

    return load


def _case_file(path: str) -> Callable[[], Case]:
    return lambda: load_case(path)


def _failing(error: TipTriageError) -> Callable[[], Case]:
    def load() -> Case:
        raise error

    return load


def _jsonl_file(arg: str) -> Iterator[Source]:
    from ..safeio import open_rows

    try:
        stream = open_rows(arg)
    except TipTriageError as exc:
        yield arg, _failing(exc)
        return
    with stream:
        yield from _lines(arg, stream)


def sources(paths: Iterable[str], stdin: TextIO, recurse: bool = True) -> Iterator[Source]:
    """Every case to evaluate: files, folders (recursively), JSON Lines files, or '-' for stdin.

    An entry that cannot be checked (an unreadable folder, a dangling link, a FIFO) is an error row.
    """
    from ..safeio import check_path, walk

    for arg in paths:
        if arg == "-":
            yield from _lines("<stdin>", stdin)
            continue
        try:
            check_path(arg)
        except TipTriageError as exc:
            yield "<path>", _failing(exc)
            continue
        path = Path(arg)
        if recurse and path.is_dir():
            found = 0
            for name, problem in walk(arg, CASE_SUFFIXES):
                found += 1
                yield name, _failing(problem) if problem else _case_file(name)
            if not found:
                yield (
                    arg,
                    _failing(TipTriageError("no case files (*.yaml, *.yml, *.json) in this folder", arg, "not_found")),
                )
        elif path.suffix.lower() == ".jsonl":
            yield from _jsonl_file(arg)
        else:
            yield arg, _case_file(arg)
