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

    # Ctrl-C is the parent's to handle (it stops the pool and exits 130): a worker never prints a traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    if _forked is not None:
        _worker = _forked
        return
    _worker = Worker(Guidelines(guideline_arg, ValidatedCache(environ)), fmt, lang, trace, redact_key)


def _work_chunk(chunk: list[Task], number: int = -1) -> Any:
    """A chunk's pieces; for JSON Lines, their text joined into one string (less for the parent to unpickle),
    or, when the parent handed its output over (`_Direct`), written by the worker in its turn (only the
    digests go back)."""
    assert _worker is not None
    direct = _direct
    try:
        done = [_worker.piece(t) for t in chunk]
        if _worker.fmt != "jsonl":
            return done
        text = b"".join([p.text for p in done])
        if direct is not None and number >= 0:
            direct.write_in_turn(number, text)
            text = b""
        return text, [tuple(p.digest) for p in done]
    finally:
        if direct is not None and number >= 0:
            direct.pass_turn(number)  # after a failure too: the next chunks never wait for this one for ever


class _Direct:
    """JSON Lines written by the workers themselves to the inherited standard output, chunk after chunk in
    input order (a turn number shared by the processes): 20 KB per case need not go through the parent."""

    def __init__(self, context: Any, fd: int) -> None:
        self.fd = fd
        self.turn = context.Value("q", 0)  # the number of the chunk whose text is written next
        self.written = -1  # in a worker: the last chunk it passed the turn of

    def write_in_turn(self, number: int, text: bytes) -> None:
        import os

        self._wait(number)
        view = memoryview(text)
        while view:
            view = view[os.write(self.fd, view) :]

    def pass_turn(self, number: int) -> None:
        self._wait(number)
        with self.turn.get_lock():
            if self.turn.value == number:
                self.turn.value = number + 1

    def _wait(self, number: int) -> None:
        import time

        pause = 0.00005
        while self.turn.value < number:  # the chunks before it are being written or computed by other workers
            time.sleep(pause)
            pause = min(pause * 2, 0.002)


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
    hand_over = direct is not None and fork and worker.fmt == "jsonl"
    if hand_over:
        assert direct is not None
        direct[1]()  # the first cases, written by this process, go out before any worker writes
        _direct = _Direct(context, direct[0])
    _forked = worker if fork else None
    try:
        pool = context.Pool(jobs, initializer=_init_worker, initargs=init_args)
    finally:
        _forked = None
        _direct = None
    window: deque[Any] = deque()  # a few chunks in flight: input is read only as fast as output is written
    try:
        for number, chunk in enumerate(_chunks(found, CHUNK)):
            window.append(pool.apply_async(_work_chunk, (chunk, number if hand_over else -1)))
            if len(window) >= jobs * 4:
                yield from _unpack(window.popleft().get())
        while window:
            yield from _unpack(window.popleft().get())
        pool.close()
    finally:
        pool.terminate()
        pool.join()
