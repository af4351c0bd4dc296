"""Batch jobs: the pipeline's tasks evaluated in one process, or in a pool of worker processes, in input order.

Workers get chunks of tasks and send back rendered pieces (JSON Lines as UTF-8 bytes); the parent writes
them in the order the tasks were found, so the output is the serial output byte for byte.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from itertools import islice
from typing import Any

from .pipeline import Digest, Guidelines, Piece, Task, Worker

_worker: Worker | None = None
_forked: Worker | None = None  # the parent's worker, which forked workers inherit (guideline loaded, memos warm)


def _init_worker(
    guideline_arg: str | None,
    environ: dict[str, str],
    fmt: str,
    lang: str,
    trace: bool,
    redact_key: bytes | None = None,
) -> None:
    global _worker
    import signal

    from .store import ValidatedCache

    # Ctrl-C is the parent's to handle (it stops the pool and exits 130): a worker never prints a traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    if _forked is not None:
        _worker = _forked
        return
    _worker = Worker(Guidelines(guideline_arg, ValidatedCache(environ)), fmt, lang, trace, redact_key)


def _work_chunk(chunk: list[Task]) -> Any:
    """A chunk's pieces; for JSON Lines, their text joined into one string (less for the parent to unpickle)."""
    assert _worker is not None
    done = [_worker.piece(t) for t in chunk]
    if _worker.fmt == "jsonl":  # UTF-8 bytes: nothing to decode in the parent, nothing to encode for stdout
        return b"".join([p.text for p in done]), [tuple(p.digest) for p in done]
    return done


def _unpack(answer: Any) -> Iterator[Piece]:
    if isinstance(answer, list):
        yield from answer
        return
    text, digests = answer
    for n, d in enumerate(digests):
        yield Piece(text if n == 0 else b"", Digest(*d))


def _chunks(items: Iterator[Task], size: int) -> Iterator[list[Task]]:
    while True:
        chunk = list(islice(items, size))
        if not chunk:
            return
        yield chunk


SERIAL_BELOW = 200  # fewer cases than this are evaluated in this process: starting workers costs more
CHUNK = 64


def pieces(
    found: Iterator[Task],
    worker: Worker,
    jobs: int,
    init_args: tuple[Any, ...],
    on_start: Callable[[], None] = lambda: None,
) -> Iterator[Piece]:
    """Every task's piece, in task order, with `jobs` processes when there are enough tasks."""
    head = list(islice(found, SERIAL_BELOW))
    if jobs <= 1 or len(head) < SERIAL_BELOW:
        for task in head:
            yield worker.piece(task)
        for task in found:
            yield worker.piece(task)
        return
    import multiprocessing

    global _forked
    methods = multiprocessing.get_all_start_methods()
    fork = "fork" in methods
    context = multiprocessing.get_context("fork" if fork else "spawn")
    all_tasks = _chain(head, found)
    _forked = worker if fork else None
    try:
        pool = context.Pool(jobs, initializer=_init_worker, initargs=init_args)
    finally:
        _forked = None
    window: deque[Any] = deque()  # a few chunks in flight: input is read only as fast as output is written
    try:
        for chunk in _chunks(all_tasks, CHUNK):
            window.append(pool.apply_async(_work_chunk, (chunk,)))
            if len(window) >= jobs * 4:
                yield from _unpack(window.popleft().get())
        while window:
            yield from _unpack(window.popleft().get())
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _chain(head: list[Task], rest: Iterator[Task]) -> Iterator[Task]:
    yield from head
    yield from rest
