"""The I/O a command may use, injected so tests can swap every part of it."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, TextIO, cast

if TYPE_CHECKING:
    from rich.console import Console


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


@dataclass
class Env:
    stdout: Console
    stderr: Console
    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    now: Callable[[], datetime] = utc_now
    prompter: Any = None  # a prompts.Prompter; built on demand by the triage command
    # a terminal on both sides (stdin and stdout): with stdout redirected the prompts would go to the file
    is_interactive: Callable[[], bool] = field(
        default_factory=lambda: lambda: sys.stdin.isatty() and sys.stdout.isatty()
    )

    @classmethod
    def real(cls) -> Env:
        return cls(stdout=cast("Console", _LazyConsole(False)), stderr=cast("Console", _LazyConsole(True)))


class _LazyConsole:
    """The real stdout or stderr Console, made (and rich imported) on first use.

    Until then `file` is the plain stream: a run that only writes plain text (batch --format jsonl)
    never imports rich.
    """

    def __init__(self, stderr: bool) -> None:
        object.__setattr__(self, "_stderr", stderr)
        object.__setattr__(self, "_console", None)

    def _real(self) -> Console:
        console = object.__getattribute__(self, "_console")
        if console is None:
            console = _console_class()(stderr=object.__getattribute__(self, "_stderr"), soft_wrap=False)
            object.__setattr__(self, "_console", console)
        return cast("Console", console)

    @property
    def file(self) -> Any:
        console = object.__getattribute__(self, "_console")
        if console is not None:
            return console.file
        return sys.stderr if object.__getattribute__(self, "_stderr") else sys.stdout

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._real(), name, value)


_CONSOLE: list[type] = []


def _console_class() -> type:
    if not _CONSOLE:
        from rich.console import Console

        class _Console(Console):
            """A closed pipe (`| head`) is the CLI's to report (exit 141), not Rich's (which exits 1: "expectation unmet")."""

            def on_broken_pipe(self) -> None:
                self.quiet = True
                raise BrokenPipeError

        _CONSOLE.append(_Console)
    return _CONSOLE[0]
