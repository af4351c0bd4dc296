"""The one module that imports questionary: the terminal Prompter.

Every prompt uses `unsafe_ask()`, so Ctrl-C raises KeyboardInterrupt (the
interview saves and says how to resume) instead of returning None.
"""
from __future__ import annotations

from typing import Any

import questionary
from questionary import Choice, Separator

from .i18n import t
from .interview import BACK, HELP, UNKNOWN, PromptSpec

_SPECIAL = {"__unknown__": UNKNOWN, "__help__": HELP, "__back__": BACK}


def _specials(spec: PromptSpec) -> list[Choice]:
    choices = [Choice(t("dont_know", spec.lang), "__unknown__"), Choice(t("help", spec.lang), "__help__")]
    if spec.can_go_back:
        choices.append(Choice(t("back", spec.lang), "__back__"))
    return choices


class QuestionaryPrompter:
    """Asks in the terminal with questionary (prompt_toolkit underneath)."""

    def __init__(self, **prompt_kwargs: Any) -> None:
        self.kwargs = prompt_kwargs  # tests pass input/output here

    def ask(self, spec: PromptSpec) -> Any:
        if spec.kind == "int":
            return self._number(spec)
        if spec.kind == "set":
            return self._several(spec)
        if spec.kind == "bool":
            options = [Choice(t("yes", spec.lang), True), Choice(t("no", spec.lang), False)]
        else:
            options = [Choice(label, value) for value, label in spec.choices]
        choices: list[Any] = [*options, Separator(), *_specials(spec)]
        default = next((c for c in options if spec.current is not None and c.value == spec.current), None)
        answer = questionary.select(spec.text, choices=choices, default=default, use_shortcuts=True,
                                    instruction=t("select_instruction", spec.lang), **self.kwargs).unsafe_ask()
        return _SPECIAL.get(answer, answer) if isinstance(answer, str) else answer

    def _number(self, spec: PromptSpec) -> Any:
        low, high = spec.minimum or 0, spec.maximum if spec.maximum is not None else 10**6

        def valid(text: str) -> bool | str:
            text = text.strip()
            if text in ("", "?", "<") or (text.isdigit() and low <= int(text) <= high):
                return True
            return t("int_invalid", spec.lang).format(min=low, max=high)

        answer = questionary.text(f"{spec.text} {t('int_instruction', spec.lang)}",
                                  default="" if spec.current is None else str(spec.current),
                                  validate=valid, **self.kwargs).unsafe_ask().strip()
        if answer == "":
            return UNKNOWN
        if answer == "?":
            return HELP
        if answer == "<":
            return BACK if spec.can_go_back else HELP
        return int(answer)

    def _several(self, spec: PromptSpec) -> Any:
        current = spec.current or frozenset()
        options = [Choice(label, value, checked=value in current) for value, label in spec.choices]

        def valid(picked: list[Any]) -> bool | str:
            special = [p for p in picked if p in _SPECIAL]
            return True if not special or len(picked) == 1 else t("set_mixed", spec.lang)

        picked = questionary.checkbox(f"{spec.text} {t('set_instruction', spec.lang)}",
                                      choices=[*options, Separator(), *_specials(spec)],
                                      validate=valid, instruction=" ", **self.kwargs).unsafe_ask()
        if len(picked) == 1 and picked[0] in _SPECIAL:
            return _SPECIAL[picked[0]]
        return frozenset(picked)

    def pick_previous(self, options: list[tuple[str, str]], lang: str) -> str | None:
        choices: list[Any] = [Choice(label, key) for key, label in options]
        choices += [Separator(), Choice(t("cancel", lang), "__cancel__")]
        answer = questionary.select(t("pick_previous", lang), choices=choices,
                                    instruction=t("arrows_instruction", lang), **self.kwargs).unsafe_ask()
        return None if answer == "__cancel__" else answer

    def finish(self, lang: str) -> bool:
        answer = questionary.select(t("finish_prompt", lang), choices=[
            Choice(t("finish", lang), "finish"), Choice(t("change", lang), "change")], use_shortcuts=True, instruction=t("select_instruction", lang),
            **self.kwargs).unsafe_ask()
        return answer == "finish"
