"""Where a batch's cases come from: files, folders (walked safely), JSON Lines files or stdin, as small tasks.

A task is a picklable tuple, ("file", path) or ("line", where, text) or ("error", where, code, message),
so it can go to a worker process; `load_task` turns it into a Case or raises the task's error.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from .casefile import load_case, parse_case
from .errors import TipTriageError
from .jsonrows import loads as _loads
from .model import Case

CASE_SUFFIXES = (".yaml", ".yml", ".json")
Task = tuple  # ("file", path) | ("line", where, text) | ("error", where, code, message)


def usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _folder_files(root: str) -> Iterator[Task]:
    """The case files under a folder, in sorted order; an entry that cannot be checked (an unreadable
    folder, a dangling link, a FIFO, a symlink loop) is an error task, never a silent skip (safeio.walk)."""
    from .safeio import walk

    strip = 2 if root in (".", "./") else 0  # pathlib names the files of "." without "./"
    for name, problem in walk(root, CASE_SUFFIXES):
        if problem is not None:
            yield ("error", problem.location or name, problem.code, problem.message)
        else:
            yield ("file", name[strip:] if name.startswith("./") else name)


def tasks(paths: Iterable[str], stdin: TextIO, recurse: bool = True) -> Iterator[Task]:
    """Every case to evaluate, lazily: files, folders (recursively), JSON Lines files, or '-' for stdin."""
    from .safeio import check_path

    for arg in paths:
        if arg == "-":
            yield from _lines("<stdin>", stdin)
            continue
        try:
            check_path(arg)
        except TipTriageError as exc:
            yield ("error", exc.location or "<path>", exc.code, exc.message)
            continue
        if recurse and os.path.isdir(arg):
            empty = True
            for task in _folder_files(arg):
                empty = False
                yield task
            if empty:
                yield ("error", arg, "not_found", "no case files (*.yaml, *.yml, *.json) in this folder")
        elif arg.lower().endswith(".jsonl"):
            yield from _jsonl_file(arg)
        else:
            yield ("file", arg)


def _lines(name: str, stream: Any) -> Iterator[Task]:
    """Each row of a JSON Lines stream, read as bytes (a file or stdin alike): one case, or one error row."""
    from .safeio import rows

    binary = getattr(stream, "buffer", stream)
    for number, row in rows(binary, name):
        where = f"{name}:{number}"
        if isinstance(row, TipTriageError):
            yield ("error", row.location or where, row.code, row.message)
        else:
            yield ("line", where, row)


def _jsonl_file(path: str) -> Iterator[Task]:
    from .safeio import open_rows

    try:
        stream = open_rows(path)
    except TipTriageError as exc:
        yield ("error", exc.location or path, exc.code, exc.message)
        return
    with stream:
        yield from _lines(path, stream)


def load_task(task: Task) -> Case:
    kind = task[0]
    if kind == "file":
        return load_case(task[1])
    if kind == "line":
        return parse_case(_loads(task[2], task[1]), task[1])
    raise TipTriageError(task[3], task[1], task[2])


def task_name(task: Task) -> str:
    return task[1]
