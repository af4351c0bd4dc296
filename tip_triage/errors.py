"""The one error type users see: where, what, and never a fact's value."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .exit_codes import ExitCode


class ErrorCode(str, Enum):
    """What kind of problem: the `code` of an error row in the result format (a string in JSON)."""

    SCHEMA = "schema"  # the file does not fit its JSON Schema (unknown fact, wrong type…)
    SEMANTIC = "semantic"  # a guideline that fits its schema but contradicts itself or the contract
    ANALYSIS = "analysis"  # static analysis: a rule that can never hold, a referral that never fires
    YAML = "yaml"
    JSON = "json"
    ENCODING = "encoding"
    DUPLICATE = "duplicate"  # a key given twice
    INCLUDE = "include"
    LOOP = "loop"
    LIMIT = "limit"  # past one of tip_triage/limits.py
    SPECIAL = "special"  # a FIFO, device or socket where a file was expected
    PATH = "path"
    IO = "io"
    NOT_FOUND = "not_found"
    AMBIGUOUS = "ambiguous"
    LOCKED = "locked"
    DAMAGED = "damaged"
    GUIDELINE = "guideline"  # a case pinned to a guideline that is not available
    INSTALL = "install"
    USAGE = "usage"
    NO_TTY = "no_tty"
    INVALID = "invalid"

    def __str__(self) -> str:
        return self.value


def where(file: str = "", line: int | None = None, path: str = "") -> str:
    """The one way a location is written: `file:line: path`, each part only when known."""
    head = f"{file}:{line}" if file and line else file
    if head and path:
        return f"{head}: {path}"
    return head or path


@dataclass
class TipTriageError(Exception):
    """A problem with the user's input: rendered as one line, `location: message` (see `where`)."""

    message: str
    location: str = ""
    code: ErrorCode | str = ErrorCode.INVALID
    exit_code: ExitCode = ExitCode.BAD_INPUT

    def __post_init__(self) -> None:
        self.code = ErrorCode(self.code)

    @classmethod
    def at(
        cls,
        message: str,
        file: str = "",
        line: int | None = None,
        path: str = "",
        code: ErrorCode | str = ErrorCode.INVALID,
    ) -> TipTriageError:
        return cls(message, where(file, line, path), code)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message

    def as_dict(self) -> dict[str, str]:
        return {"code": str(self.code), "message": self.message, "location": self.location}


def output_failure(exc: BaseException) -> str:
    """The one-line error for an output that cannot be written (a full disk, /dev/full), or ''."""
    import errno

    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EIO, errno.EFBIG, getattr(errno, "EDQUOT", -1)):
        return f"<output>: cannot be written ({exc.strerror})"
    return ""


def sanitised_traceback(exc: BaseException) -> str:
    """A traceback for --debug: where (files, lines, code), never what (no message, no locals: case data)."""
    import traceback

    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    chain: list[BaseException] = []
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or current.__context__
    for item in reversed(chain):
        if parts:
            parts.append("During handling of the above exception, another exception occurred:\n")
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_list(traceback.extract_tb(item.__traceback__)))
        parts.append(
            f"{type(item).__module__}.{type(item).__qualname__} (its message is withheld: it may hold case data)\n"
        )
    return "".join(parts).rstrip("\n")
