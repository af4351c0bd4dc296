"""The I/O a command may use, injected so tests can swap every part of it."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, TextIO

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
        return cls(stdout=_Console(soft_wrap=False), stderr=_Console(stderr=True, soft_wrap=False))


class _Console(Console):
    """A closed pipe (`| head`) is the CLI's to report (exit 141), not Rich's (which exits 1: "expectation unmet")."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError
