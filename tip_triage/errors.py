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
