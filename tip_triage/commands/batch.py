"""tip-triage batch PATH...: evaluate folders of case files; one broken file never stops it.

Streams: each case is written as soon as it is evaluated (in the input's order,
whatever the number of processes) and forgotten; the exit code and --summary
need only counters. Machine formats are plain writes to stdout, never rich.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, TextIO

from ..env import Env
from ..exit_codes import ExitCode
from ..jobs import pieces
from ..pipeline import Guidelines, Worker, tasks, usable_cores
from ..render.summary import Summary

if TYPE_CHECKING:  # rich, the table and the CSV writer are imported by the formats that use them
    from ..render.stream import CsvWriter, TablePrinter


def _stream(env: Env) -> TextIO:
    """Where machine output goes: the console's file (stdout, or a test's buffer), written plainly."""
    return env.stdout.file  # type: ignore[return-value]


class _Progress:
    """A progress bar on stderr for runs longer than a second; silent without a terminal or with --quiet."""

    def __init__(self, env: Env, quiet: bool, total: int | None) -> None:
        self.enabled = not quiet and env.stderr.is_terminal
        self.env = env
        self.total = total
        self.started = time.monotonic()
        self.bar: Any = None
        self.task: Any = None
        self.done = 0

    def step(self) -> None:
        self.done += 1
        if not self.enabled or self.done % 64:
            return
        if self.bar is None:
            if time.monotonic() - self.started < 1.0:
                return
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                TextColumn("batch"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.env.stderr,
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("batch", total=self.total)
        self.bar.update(self.task, completed=self.done)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def run(
    paths: list[str],
    fmt: str,
    lang: str,
    guideline: str | None,
    env: Env,
    jobs: int | None = None,
    summary: bool = False,
    trace: bool = True,
    quiet: bool = False,
    excel: bool = False,
    redact: bool = False,
) -> ExitCode:
    from ..store import ValidatedCache

    cache = ValidatedCache(env.environ)
    guidelines = Guidelines(guideline, cache)
    key = None
    if redact:
        from ..store import user_key

        key = user_key(env.environ)
    worker = Worker(guidelines, fmt, lang, trace, key, lean=not summary)
    jobs = usable_cores() if jobs is None else jobs
    progress = _Progress(env, quiet, None)
    # the bar's total needs the list of files first; without a bar, the files are found as they are read
    countable = "-" not in paths and not any(p.lower().endswith(".jsonl") for p in paths)
    found = list(tasks(paths, env.stdin)) if progress.enabled and countable else None
    progress.total = len(found) if found is not None else None
    counts = Summary(detailed=summary)
    out = _stream(env)
    table: TablePrinter | None = None
    csv_out: CsvWriter | None = None
    if fmt == "table":
        from ..render.stream import TablePrinter

        table = TablePrinter(env.stdout, lang)
    elif fmt == "csv":
        from ..render.stream import CsvWriter

        csv_out = CsvWriter(out, excel)
    init = (guideline, dict(env.environ), fmt, lang, trace, key)
    first = True
    binary = getattr(out, "buffer", None)
    utf8 = (getattr(out, "encoding", "") or "").lower().replace("-", "") == "utf8"

    def write_bytes(data: bytes) -> None:
        """JSON Lines come as UTF-8 bytes: straight to the binary stream when it is UTF-8."""
        if not data:
            return
        if binary is not None and utf8:
            out.flush()  # whatever the text layer holds goes first
            binary.write(data)
        else:
            out.write(data.decode("utf-8"))

    if fmt == "json":
        out.write("[")
    try:
        source = iter(found) if found is not None else tasks(paths, env.stdin)
        for piece in pieces(source, worker, jobs, init, _direct_output(out, binary, utf8, fmt)):
            counts.add(piece.digest)
            if fmt == "jsonl":
                write_bytes(piece.text)
            elif fmt == "json":
                out.write(("\n" if first else ",\n") + piece.text)
            elif csv_out is not None:
                csv_out.row(piece.text)
            elif table is not None:
                table.add(piece.text)
            first = False
            progress.step()
    finally:
        progress.stop()
    if fmt == "json":
        if summary:
            out.write(("\n" if first else ",\n") + _indented(counts.as_data()))
            first = False
        out.write("\n]\n" if not first else "]\n")
    elif fmt == "jsonl" and summary:
        from ..render.stream import json_dumps

        out.write(json_dumps(counts.as_data()) + "\n")
    elif table is not None:
        table.flush()
        if summary:
            counts.print(env.stdout, lang, guidelines.default)
        env.stdout.print(counts.totals_line(lang), highlight=False, soft_wrap=True)
    elif csv_out is not None and summary:
        counts.print(env.stderr, lang, guidelines.default)
    out.flush()
    if counts.errors:
        return ExitCode.BAD_INPUT
    if counts.unmet:
        return ExitCode.FINDINGS
    return ExitCode.OK


def _direct_output(out: Any, binary: Any, utf8: bool, fmt: str) -> tuple[int, Any] | None:
    """(descriptor, flush) when worker processes may write JSON Lines to standard output themselves."""
    if fmt != "jsonl" or binary is None or not utf8:
        return None
    try:
        fd = binary.fileno()
    except (AttributeError, OSError, ValueError):  # a test's buffer: the parent writes everything
        return None

    def flush() -> None:
        out.flush()
        binary.flush()

    return fd, flush


def _indented(data: Any) -> str:
    import json

    return "  " + json.dumps(data, ensure_ascii=False, indent=2).replace("\n", "\n  ")
