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


# The keys for the answers that are not a value, the same on every kind of question: "No sé" is 0 on the lists
# (the answers there take 1, 2, 3…) and an empty answer on a number (0 is a number); help and back are a letter
# of the reader's language, and ? and < in both languages, on the lists and on a number alike.
KEYS = {
    "es": {"unknown": "0", "help": "a", "back": "v"},  # ayuda, volver
    "en": {"unknown": "0", "help": "h", "back": "b"},  # help, back
}
HELP_SIGN, BACK_SIGN = "?", "<"

_HINT = {
    "es": {
        "bool": "s/n, número o flechas",
        "enum": "número o flechas",
        "set": "flechas mueven, espacio marca, enter confirma",
        "int": "número",
        "empty": "vacío",
        "unknown": "No sé",
        "help": "ayuda",
        "back": "volver",
    },
    "en": {
        "bool": "y/n, number or arrows",
        "enum": "number or arrows",
        "set": "arrows move, space marks, enter confirms",
        "int": "number",
        "empty": "empty",
        "unknown": "don't know",
        "help": "help",
        "back": "back",
    },
}


def key_hint(kind: str, lang: str, can_go_back: bool) -> str:
    """The keys a question of `kind` takes, as the hint after it: "(número o flechas; 0 = No sé, a = ayuda, v =
    volver)"; no back key where there is nothing to go back to."""
    words, keys = _HINT[lang], KEYS[lang]
    unknown = words["empty"] if kind == "int" else keys["unknown"]
    parts = [f"{unknown} = {words['unknown']}", f"{keys['help']} = {words['help']}"]
    if can_go_back:
        parts.append(f"{keys['back']} = {words['back']}")
    return f"({words.get(kind, words['enum'])}; {', '.join(parts)})"


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
