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
_direct: _Direct | None = None  # set before forking when the workers write JSON Lines themselves


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

    # Ctrl-C is the parent's to handle (it stops the pool and exits 130): a worker never prints a traceback;
    # SIGTERM (how the parent stops the pool) and SIGHUP end a worker quietly, not as the parent's interruption
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)

    if _forked is not None:
        _worker = _forked
        return
    _worker = Worker(Guidelines(guideline_arg, ValidatedCache(environ)), fmt, lang, trace, redact_key)


def _work_chunk(chunk: list[Task], number: int = -1) -> Any:
    """A chunk's pieces; for JSON Lines, their text joined into one string (less for the parent to unpickle).

    With `_Direct` (the parent handed its output over), a worker whose chunk is next in line writes it
    itself and sends back only the digests; otherwise it sends the text and the parent writes it in turn.
    A worker never waits for another.
    """
    assert _worker is not None
    done = [_worker.piece(t) for t in chunk]
    if _worker.fmt != "jsonl":
        return done
    text = b"".join([p.text for p in done])
    if _direct is not None and number >= 0 and _direct.write_if_next(number, text):
        text = b""
    if _worker.lean:  # what the exit code needs, no more (less to pickle here and to unpickle in the parent)
        return text, [(d.status, d.id, d.file, d.expect_met) for d in [p.digest for p in done]]
    return text, [tuple(p.digest) for p in done]


class _Direct:
    """JSON Lines written straight to the inherited standard output, chunk after chunk in input order.

    `turn` (shared by the processes) is the number of the chunk to be written next; only the writer of chunk
    k moves it from k to k + 1, after the write. A worker that finishes chunk k when its turn has come writes
    it (most chunks: 20 KB a case need not go through the parent); otherwise the parent writes it when the
    result reaches it in order, by which time every chunk before k has been written.
    """

    def __init__(self, context: Any, fd: int) -> None:
        self.fd = fd
        self.turn = context.Value("q", 0)

    def write_if_next(self, number: int, text: bytes) -> bool:
        if self.turn.value != number:
            return False
        self.write(text)
        self.turn.value = number + 1
        return True

    def write(self, text: bytes) -> None:
        import os

        view = memoryview(text)
        while view:
            view = view[os.write(self.fd, view) :]


def _unpack(answer: Any) -> Iterator[Piece]:
    if isinstance(answer, list):
        yield from answer
        return
    text, digests = answer
    for n, d in enumerate(digests):
        yield Piece(text if n == 0 else b"", Digest(*d) if len(d) > 4 else Digest(d[0], d[1], d[2], expect_met=d[3]))


def _chunks(items: Iterator[Task], size: int) -> Iterator[list[Task]]:
    while True:
        chunk = list(islice(items, size))
        if not chunk:
            return
        yield chunk


SERIAL_BELOW = 200  # fewer cases than this are evaluated in this process: starting workers costs more
CHUNK = 256


def pieces(
    found: Iterator[Task],
    worker: Worker,
    jobs: int,
    init_args: tuple[Any, ...],
    direct: tuple[int, Callable[[], None]] | None = None,
) -> Iterator[Piece]:
    """Every task's piece, in task order, with `jobs` processes when there are enough tasks.

    `direct` = (standard output's descriptor, a flush of what the caller wrote so far): JSON Lines from forked
    workers are written by them, in order, and their pieces come back with no text.
    """
    head = list(islice(found, SERIAL_BELOW))
    if jobs <= 1 or len(head) < SERIAL_BELOW:
        for task in head:
            yield worker.piece(task)
        for task in found:
            yield worker.piece(task)
        return
    # the first cases here: the guideline loaded, its plan built and the memos warm once, before the workers
    # are forked (they inherit all of it) instead of once in each
    for task in head:
        yield worker.piece(task)
    import multiprocessing

    global _forked
    methods = multiprocessing.get_all_start_methods()
    fork = "fork" in methods
    context = multiprocessing.get_context("fork" if fork else "spawn")
    global _direct
    turn: _Direct | None = None
    if direct is not None and fork and worker.fmt == "jsonl":
        direct[1]()  # the first cases, written by this process, go out before any worker writes
        turn = _direct = _Direct(context, direct[0])
    _forked = worker if fork else None
    try:
        pool = context.Pool(jobs, initializer=_init_worker, initargs=init_args)
    finally:
        _forked = None
        _direct = None
    window: deque[Any] = deque()  # a few chunks in flight: input is read only as fast as output is written
    written = 0  # with `turn`: the chunks whose answers were taken (each written by now, by a worker or here)

    def answers(answer: Any) -> Iterator[Piece]:
        nonlocal written
        if turn is not None:
            text, digests = answer
            if text:  # the worker was not next in line: written here, in its turn (every chunk before is written)
                turn.write_if_next(written, text)
            written += 1
            return _unpack((b"", digests))
        return _unpack(answer)

    try:
        for number, chunk in enumerate(_chunks(found, CHUNK)):
            window.append(pool.apply_async(_work_chunk, (chunk, number if turn is not None else -1)))
            if len(window) >= jobs * 4:
                yield from answers(window.popleft().get())
        while window:
            yield from answers(window.popleft().get())
        pool.close()
    finally:
        pool.terminate()
        pool.join()
