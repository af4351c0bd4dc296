"""A Prompter that answers from a script: the interview loop's test double.

`steps` are consumed in order, each `(fact, answer)`: the interview must ask
exactly that fact next (so tests pin the question order). After the steps,
`defaults` answers by fact (order-independent, like ALKiln's story table), and
any other question gets "No sé". `BACK` steps name the fact to change:
`(fact_asked, Back(target))` then the next step answers the target.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tip_triage.prompter import BACK, HELP, UNKNOWN, PromptSpec


@dataclass(frozen=True)
class Back:
    target: str


class Interrupt:
    """Raise KeyboardInterrupt at this question (as Ctrl-C would)."""


@dataclass
class ScriptedPrompter:
    steps: list[tuple[str, Any]] = field(default_factory=list)
    defaults: dict[str, Any] = field(default_factory=dict)
    finish_answers: list[Any] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    specs: list[PromptSpec] = field(default_factory=list)
    _pending_back: str | None = None

    def ask(self, spec: PromptSpec) -> Any:
        self.asked.append(spec.fact)
        self.specs.append(spec)
        if self.steps:
            fact, answer = self.steps.pop(0)
            assert fact == spec.fact, f"expected to be asked {fact!r}, was asked {spec.fact!r}"
            if isinstance(answer, Back):
                self._pending_back = answer.target
                return BACK
            if isinstance(answer, Interrupt):
                raise KeyboardInterrupt
            return answer
        return self.defaults.get(spec.fact, UNKNOWN)

    def pick_previous(self, options: list[tuple[str, str]], lang: str) -> str | None:
        target, self._pending_back = self._pending_back, None
        assert target is None or target in [k for k, _ in options], f"{target} is not among the earlier answers"
        return target

    def finish(self, lang: str) -> bool:
        answer = self.finish_answers.pop(0) if self.finish_answers else True
        if isinstance(answer, Back):
            self._pending_back = answer.target
            return False
        return bool(answer)


__all__ = ["Back", "Interrupt", "ScriptedPrompter", "UNKNOWN", "HELP"]
