"""The one module that imports questionary: the terminal Prompter.

Every prompt uses `unsafe_ask()`, so Ctrl-C raises KeyboardInterrupt (the
interview saves and says how to resume) instead of returning None.
"""

from __future__ import annotations

import shutil
from typing import Any

import questionary
from prompt_toolkit import print_formatted_text
from prompt_toolkit.formatted_text import FormattedText
from questionary import Choice, Separator

from .i18n import t
from .prompter import BACK, HELP, UNKNOWN, PromptSpec
from .render.interview_screens import wrap_question

_NONE = "__none__"
_SPECIAL = {"__unknown__": UNKNOWN, "__help__": HELP, "__back__": BACK}


def _width() -> int:
    return max(40, shutil.get_terminal_size((80, 24)).columns)


def _wrap(text: str, hint: str = "", answer_room: int = 0) -> str:
    """The question and its key hint, broken at spaces to fit the terminal (prompt_toolkit breaks mid-word).

    The hint is wrapped with the question, never appended after it; `answer_room` keeps the last
    line short enough for the answer questionary echoes after it.
    """
    wrapped = wrap_question(text, hint, _width() - 1)
    last = wrapped.split("\n")[-1]
    if answer_room and len(last) + answer_room > _width() - 3:
        wrapped += "\n "  # the echoed answer goes on a line of its own
    return wrapped


# The same keys on every list (the answers take 1, 2, 3…): 0 = "No sé", and a letter for help and back.
SPECIAL_KEYS = {
    "es": {"__unknown__": "0", "__help__": "a", "__back__": "v"},  # ayuda, volver
    "en": {"__unknown__": "0", "__help__": "h", "__back__": "b"},  # help, back
}


def _specials(spec: PromptSpec, keys: bool = True) -> list[Choice]:
    wanted = [("dont_know", "__unknown__"), ("help", "__help__")]
    if spec.can_go_back:
        wanted.append(("back", "__back__"))
    return [
        Choice(t(label, spec.lang), value, shortcut_key=SPECIAL_KEYS[spec.lang][value] if keys else None)
        for label, value in wanted
    ]


YES_NO_KEYS = {"es": ("s", "n"), "en": ("y", "n")}  # besides 1 and 2


def _letters(question: Any, keys: tuple[str, ...]) -> None:
    """Keys that point at the first choices, besides their digits (questionary gives a choice one key)."""
    from questionary.prompts.common import InquirerControl

    control = next(c for c in question.application.layout.find_all_controls() if isinstance(c, InquirerControl))
    for index, key in enumerate(keys):

        def point(event: Any, index: int = index) -> None:
            control.pointed_at = index

        question.application.key_bindings.add(key, eager=True)(point)
        question.application.key_bindings.add(key.upper(), eager=True)(point)


_UNITS = ("años", "año", "anos", "ano", "years", "year")


def _strip_unit(text: str) -> str:
    """'15 años' is 15: a unit after the number is allowed."""
    text = text.strip()
    for unit in _UNITS:
        if text.lower().endswith(unit) and text[: -len(unit)].strip().isdecimal():
            return text[: -len(unit)].strip()
    return text


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
        longest = max(len(str(c.title)) for c in [*options, *_specials(spec)])
        hint = ("yes_no_instruction" if spec.kind == "bool" else "select_instruction") + (
            "" if spec.can_go_back else "_first"
        )
        # the key hint is part of the wrapped question; " " keeps questionary's English hint away
        question = questionary.select(
            _wrap(spec.text, t(hint, spec.lang), longest),
            choices=choices,
            default=default,
            use_shortcuts=True,
            instruction=" ",
            **self.kwargs,
        )
        if spec.kind == "bool":  # the letters a Defender types for yes and no point at Sí / No as 1 and 2 do
            _letters(question, YES_NO_KEYS[spec.lang])
        answer = question.unsafe_ask()
        return _SPECIAL.get(answer, answer) if isinstance(answer, str) else answer

    def _number(self, spec: PromptSpec) -> Any:
        low, high = spec.minimum or 0, spec.maximum if spec.maximum is not None else 10**6

        def valid(text: str) -> bool | str:  # must never raise (int() refuses "²" and >640 digits at worst)
            text = _strip_unit(text)
            if text in ("", "?", "<") or (text.isdecimal() and len(text) <= 100 and low <= int(text) <= high):
                return True
            return t("int_invalid", spec.lang).format(min=low, max=high)

        answer = questionary.text(
            _wrap(spec.text, t("int_instruction", spec.lang), 8),
            default="" if spec.current is None else str(spec.current),
            validate=valid,
            **self.kwargs,
        ).unsafe_ask()
        answer = _strip_unit(answer)
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
            if not picked:  # an empty Enter is never read as "none": that is an answer of its own
                return t("set_empty", spec.lang)
            special = [p for p in picked if p in _SPECIAL or p == _NONE]
            return True if not special or len(picked) == 1 else t("set_mixed", spec.lang)

        nothing = Choice(t("none_of_these", spec.lang), _NONE, checked=spec.current == frozenset())
        # questionary echoes "done (2 selections)" in English: the prompt is erased when done and
        # the answer echoed here, in the reader's language
        picked = questionary.checkbox(
            _wrap(spec.text, t("set_instruction", spec.lang)),
            choices=[*options, Separator(), nothing, *_specials(spec, keys=False)],
            validate=valid,
            instruction=" ",
            erase_when_done=True,
            **self.kwargs,
        ).unsafe_ask()
        labels = dict(spec.choices)
        names = {
            _NONE: t("none_of_these", spec.lang),
            "__unknown__": t("dont_know", spec.lang),
            "__help__": t("help", spec.lang),
            "__back__": t("back", spec.lang),
        }
        self._echo(spec.text, ", ".join(labels.get(p) or names.get(p, str(p)) for p in picked))
        if picked == [_NONE]:
            return frozenset()
        if len(picked) == 1 and picked[0] in _SPECIAL:
            return _SPECIAL[picked[0]]
        return frozenset(picked)

    def _echo(self, question: str, answer: str) -> None:
        """The question and the answer given, as questionary shows a finished prompt."""
        text = wrap_question(f"{question} → {answer}", "", _width() - 1)
        print_formatted_text(FormattedText([("class:qmark", "? "), ("", text)]), output=self.kwargs.get("output"))

    def pick_previous(self, options: list[tuple[str, str]], lang: str) -> str | None:
        choices: list[Any] = [Choice(label, key) for key, label in options]
        choices += [Separator(), Choice(t("cancel", lang), "__cancel__")]
        answer = questionary.select(
            _wrap(t("pick_previous", lang), t("arrows_instruction", lang), 60),
            choices=choices,
            instruction=" ",
            **self.kwargs,
        ).unsafe_ask()
        return None if answer == "__cancel__" else answer

    def finish(self, lang: str) -> bool:
        # only the keys that work here: the two numbers (no "No sé", help or back on this list)
        answer = questionary.select(
            _wrap(t("finish_prompt", lang), t("finish_instruction", lang), 30),
            choices=[Choice(t("finish", lang), "finish"), Choice(t("change", lang), "change")],
            use_shortcuts=True,
            instruction=" ",
            **self.kwargs,
        ).unsafe_ask()
        return answer == "finish"
