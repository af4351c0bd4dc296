"""The one error type users see: where, what, and never a fact's value."""
from __future__ import annotations

from dataclasses import dataclass

from .exit_codes import ExitCode


@dataclass
class TipTriageError(Exception):
    """A problem with the user's input: rendered as one line, `location: message`."""

    message: str
    location: str = ""
    code: str = "invalid"
    exit_code: ExitCode = ExitCode.BAD_INPUT

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "location": self.location}


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
        parts.append(f"{type(item).__module__}.{type(item).__qualname__} (its message is withheld: it may hold case data)\n")
    return "".join(parts).rstrip("\n")
