"""Batch jobs: the pipeline's tasks evaluated in one process, or in this one and N - 1 workers, in input order.

Workers get chunks of tasks and send back rendered pieces (JSON Lines as UTF-8 bytes); this process
evaluates a chunk itself whenever the workers have enough queued, and writes (or has written) every chunk
in the order the tasks were found, so the output is the serial output byte for byte. `--jobs N` is N
processes in all: this one reads the input and writes the output besides its share of the cases, and
never leaves a core idle (as a pool of N workers beside a busy parent did: N + 1 processes on N cores).
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


def _in_turn(turn: _Direct, number: int, text: bytes) -> None:
    """Chunk `number` written by this process: every chunk before it has been written by now."""
    if not turn.write_if_next(number, text):  # never silently lose a chunk of the output
        raise RuntimeError(f"batch output out of order: chunk {number}, turn {turn.turn.value}")


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
CHUNK = 128  # cases sent at once: small enough that the last chunks leave no process idle for long


def pieces(
    found: Iterator[Task],
    worker: Worker,
    jobs: int,
    init_args: tuple[Any, ...],
    direct: tuple[int, Callable[[], None]] | None = None,
) -> Iterator[Piece]:
    """Every task's piece, in task order, with `jobs` processes (this one among them) when there are enough tasks.

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
    try:  # this process is one of the `jobs`: it evaluates a chunk whenever the workers have enough queued
        pool = context.Pool(jobs - 1, initializer=_init_worker, initargs=init_args)
    finally:
        _forked = None
        _direct = None
    # chunks in input order, each still at a worker (its AsyncResult) or evaluated here (its pieces). The
    # workers keep `ahead` chunks queued each; past that, this process evaluates the next chunk itself, so
    # its own share of the work (reading the folder, writing) never leaves a core idle or oversubscribed
    line: deque[tuple[bool, Any]] = deque()
    ahead = 2 * (jobs - 1)
    queued = 0  # chunks at the workers, not yet taken back
    written = 0  # with `turn`: the chunks taken back (each written by now, by a worker or here)

    def take() -> Iterator[Piece]:
        """The first chunk in line, waiting for its worker if need be; its text written in turn."""
        nonlocal written, queued
        local, held = line.popleft()
        if local:
            if turn is None or worker.fmt != "jsonl":
                yield from held
                return
            _in_turn(turn, written, b"".join([p.text for p in held]))
            written += 1
            for p in held:
                yield Piece(b"", p.digest)
            return
        queued -= 1
        answer = held.get()
        if turn is None:
            yield from _unpack(answer)
            return
        text, digests = answer
        if text:  # the worker was not next in line: written here, in its turn (every chunk before is written)
            _in_turn(turn, written, text)
        written += 1
        yield from _unpack((b"", digests))

    def ready() -> bool:
        return bool(line) and (line[0][0] or line[0][1].ready())

    try:
        for number, chunk in enumerate(_chunks(found, CHUNK)):
            while ready():
                yield from take()
            if queued < ahead:
                line.append((False, pool.apply_async(_work_chunk, (chunk, number if turn is not None else -1))))
                queued += 1
            else:
                line.append((True, [worker.piece(t) for t in chunk]))
            while len(line) > 4 * jobs:  # output held here stays small: wait for the oldest chunk
                yield from take()
        while line:
            yield from take()
        pool.close()
    finally:
        pool.terminate()
        pool.join()
