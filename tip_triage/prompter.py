"""What the interview loop needs from whoever answers: the Prompter protocol and the question it asks.

`prompts.QuestionaryPrompter` is the terminal; `tests/scripted.ScriptedPrompter` answers from a
script. Neither the loop (`interview.py`) nor the engine ever imports questionary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


UNKNOWN = _Marker("UNKNOWN")  # "No sé": the fact stays unknown, and is not asked again
BACK = _Marker("BACK")  # go back to an earlier answer
HELP = _Marker("HELP")  # show the help text, then ask again


@dataclass(frozen=True)
class PromptSpec:
    """Everything a Prompter needs to ask one question."""

    fact: str
    kind: str  # bool | int | enum | set
    text: str
    help: str
    lang: str
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) for enum and set
    current: Any = None  # the answer being changed, if any
    minimum: int | None = None
    maximum: int | None = None
    can_go_back: bool = True


class Prompter(Protocol):
    def ask(self, spec: PromptSpec) -> Any:
        """A value of the fact's type, or UNKNOWN, BACK or HELP. Ctrl-C raises KeyboardInterrupt."""

    def pick_previous(self, options: list[tuple[str, str]], lang: str) -> str | None:
        """One of the option keys (fact ids), or None to cancel."""

    def finish(self, lang: str) -> bool:
        """True to finish, False to change an answer."""
