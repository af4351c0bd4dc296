"""The one module that imports questionary: the terminal Prompter.

Every prompt uses `unsafe_ask()`, so Ctrl-C raises KeyboardInterrupt (the
interview saves and says how to resume) instead of returning None.
"""

from __future__ import annotations

import shutil
import textwrap
from typing import Any

import questionary
from prompt_toolkit import print_formatted_text
from prompt_toolkit.formatted_text import FormattedText
from questionary import Choice, Separator

from .i18n import t
from .prompter import BACK, BACK_SIGN, HELP, HELP_SIGN, KEYS, UNKNOWN, PromptSpec, key_hint
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


# The same keys on every kind of question (prompter.KEYS): 0 = "No sé", and a letter for help and back, with
# ? and < besides; on a list a key points at its choice and Enter takes it, as the digits of the answers do.
SPECIAL_KEYS = {lang: {f"__{k}__": v for k, v in keys.items()} for lang, keys in KEYS.items()}
_SIGNS = {"__help__": HELP_SIGN, "__back__": BACK_SIGN}


def _special_pairs(spec: PromptSpec) -> list[tuple[str, str]]:
    """(label key, value) of the choices that are not a value: No sé, help, and back when there is an answer."""
    wanted = [("dont_know", "__unknown__"), ("help", "__help__")]
    return wanted + [("back", "__back__")] if spec.can_go_back else wanted


def _specials(spec: PromptSpec, keys: bool = True, marked: frozenset[Any] = frozenset()) -> list[Choice]:
    if keys:
        return [
            Choice(t(label, spec.lang), value, shortcut_key=SPECIAL_KEYS[spec.lang][value])
            for label, value in _special_pairs(spec)
        ]
    # a checkbox shows no shortcut: the key is written before the label, as a list shows it ("0) No sé")
    return [
        Choice(f"{SPECIAL_KEYS[spec.lang][value]}) {t(label, spec.lang)}", value, checked=value in marked)
        for label, value in _special_pairs(spec)
    ]


def _special_keys(spec: PromptSpec, first: int) -> dict[str, int]:
    """Every key of the special choices (the letter, its capital, ? and <) -> its index; they start at `first`."""
    out: dict[str, int] = {}
    for n, (_, value) in enumerate(_special_pairs(spec)):
        key = SPECIAL_KEYS[spec.lang][value]
        out.update({key: first + n, key.upper(): first + n})
        if value in _SIGNS:
            out[_SIGNS[value]] = first + n
    return out


YES_NO_KEYS = {"es": ("s", "n"), "en": ("y", "n")}  # besides 1 and 2


def _control(question: Any) -> Any:
    from questionary.prompts.common import InquirerControl

    return next(c for c in question.application.layout.find_all_controls() if isinstance(c, InquirerControl))


def _letters(question: Any, keys: dict[str, int], mark: bool = False) -> None:
    """Keys that point at choices (by index), besides the one key questionary gives a choice; on a checkbox
    (`mark`) the key also marks or unmarks the choice, as space does there."""
    control = _control(question)
    bindings = question.application.key_bindings
    space = bindings.get_bindings_for_keys((" ",))[-1].handler if mark else None
    for key, index in keys.items():

        def point(event: Any, index: int = index) -> None:
            control.pointed_at = index
            if space is not None:
                space(event)

        bindings.add(key, eager=True)(point)


def _answer_keys(question: Any, keys: dict[str, str], keep: Any) -> None:
    """On a checkbox, keys that answer at once (key -> the special value: help, back), as the numbers can't
    there; `keep` is told the boxes marked and the choice pointed at, to ask again as they were. questionary's
    own letters, a (mark all, with "No sé" among them) and i (invert), do nothing where they are no answer key."""
    control = _control(question)
    bindings = question.application.key_bindings
    for key in ("a", "i"):
        bindings.add(key, eager=True)(lambda event: None)
    for key, value in keys.items():

        def answer(event: Any, value: str = value) -> None:
            keep(frozenset(control.selected_options), control.get_pointed_at().value)
            event.app.exit(result=[value])

        bindings.add(key, eager=True)(answer)


def _fit(message: str) -> str:
    """A message for questionary's bottom line, broken at spaces to fit the terminal (it would cut it)."""
    return textwrap.fill(message, _width() - 1, break_long_words=False)


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
        # a check-box question left by its help or back key: (fact, boxes marked, choice pointed at), to ask it
        # again so (after the help, or going back and cancelling, the interview asks the same question again with
        # the same spec: spec.current can't carry them); only the very next question asked takes them
        self._kept: tuple[str, frozenset[Any], Any] | None = None

    def ask(self, spec: PromptSpec) -> Any:
        kept, self._kept = self._kept, None  # only for the very next question, and only if it is the same
        if spec.kind == "set":
            return self._several(spec, kept[1:] if kept is not None and kept[0] == spec.fact else None)
        if spec.kind == "int":
            return self._number(spec)
        if spec.kind == "bool":
            options = [Choice(t("yes", spec.lang), True), Choice(t("no", spec.lang), False)]
        else:
            options = [Choice(label, value) for value, label in spec.choices]
        specials = _specials(spec)
        choices: list[Any] = [*options, Separator(), *specials]
        # the pointer starts on the current answer; on a new question (or one answered "No sé") on "No sé", so
        # that a stray Enter never asserts a fact (as an empty answer to a number is "No sé")
        default = next((c for c in options if spec.current is not None and c.value == spec.current), specials[0])
        longest = max(len(str(c.title)) for c in [*options, *specials])
        # the key hint is part of the wrapped question; " " keeps questionary's English hint away
        question = questionary.select(
            _wrap(spec.text, key_hint(spec.kind, spec.lang, spec.can_go_back), longest),
            choices=choices,
            default=default,
            use_shortcuts=True,
            instruction=" ",
            **self.kwargs,
        )
        letters = _special_keys(spec, len(options) + 1)  # past the separator
        if spec.kind == "bool":  # the letters a Defender types for yes and no point at Sí / No as 1 and 2 do
            letters.update({k: i for i, key in enumerate(YES_NO_KEYS[spec.lang]) for k in (key, key.upper())})
        _letters(question, letters)
        answer = question.unsafe_ask()
        return _SPECIAL.get(answer, answer) if isinstance(answer, str) else answer

    def _number(self, spec: PromptSpec) -> Any:
        low, high = spec.minimum or 0, spec.maximum if spec.maximum is not None else 10**6
        keys = KEYS[spec.lang]
        helps, backs = (HELP_SIGN, keys["help"]), (BACK_SIGN, keys["back"])  # the lists' letters, typed here

        def valid(text: str) -> bool | str:  # must never raise (int() refuses "²" and >640 digits at worst)
            text = _strip_unit(text).lower()
            if text in ("", *helps, *backs) or (text.isdecimal() and len(text) <= 100 and low <= int(text) <= high):
                return True
            return t("int_invalid", spec.lang).format(min=low, max=high)

        answer = questionary.text(
            _wrap(spec.text, key_hint("int", spec.lang, spec.can_go_back), 8),
            default="" if spec.current is None else str(spec.current),
            validate=valid,
            **self.kwargs,
        ).unsafe_ask()
        answer = _strip_unit(answer).lower()
        if answer == "":
            return UNKNOWN
        if answer in helps:
            return HELP
        if answer in backs:
            return BACK if spec.can_go_back else HELP
        return int(answer)

    def _several(self, spec: PromptSpec, kept: tuple[frozenset[Any], Any] | None = None) -> Any:
        # the boxes marked: those left for the help (`kept`), else the answer being changed ("none": nothing)
        marked = (
            kept[0] if kept is not None else spec.current or frozenset({_NONE} if spec.current == frozenset() else ())
        )
        options = [Choice(label, value, checked=value in marked) for value, label in spec.choices]

        def valid(picked: list[Any]) -> bool | str:
            if not picked:  # an empty Enter is never read as "none": that is an answer of its own
                return _fit(t("set_empty", spec.lang))
            special = [p for p in picked if p in _SPECIAL or p == _NONE]
            return True if not special or len(picked) == 1 else _fit(t("set_mixed", spec.lang))

        nothing = Choice(t("none_of_these", spec.lang), _NONE, checked=_NONE in marked)
        # questionary echoes "done (2 selections)" in English: the prompt is erased when done and
        # the answer echoed here, in the reader's language
        question = questionary.checkbox(
            _wrap(spec.text, key_hint("set", spec.lang, spec.can_go_back)),
            choices=[*options, Separator(), nothing, *_specials(spec, keys=False, marked=marked)],
            validate=valid,
            instruction=" ",
            erase_when_done=True,
            initial_choice=kept[1] if kept is not None else None,
            **self.kwargs,
        )
        # 0 points at "No sé" and marks it (Enter answers), as space would; the help keys (a/h, ?) and the back
        # keys (v/b, <) answer at once, whatever is marked: the boxes marked are kept for the help
        unknown = len(options) + 2  # "No sé": past the separator and "Ninguna de estas"
        keys = _special_keys(spec, unknown)
        _letters(question, {k: i for k, i in keys.items() if i == unknown}, mark=True)
        values = dict(enumerate((value for _, value in _special_pairs(spec)), unknown))
        now = {k: values[i] for k, i in keys.items() if i != unknown}
        _answer_keys(question, now, lambda boxes, pointed: setattr(self, "_kept", (spec.fact, boxes, pointed)))
        picked = question.unsafe_ask()
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
