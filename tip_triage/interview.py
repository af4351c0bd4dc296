"""The guided triage: asks what still matters, in the guideline's order, through a Prompter.

The loop never talks to questionary: `prompts.QuestionaryPrompter` is the
terminal, `ScriptedPrompter` (tests, training scripts) answers from a script.
After every answer the case is handed to `save` (atomic, owner-only), so an
interrupted interview loses nothing but the answer being typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rich.console import Console

from .conditions import Context
from .conditions import evaluate as value_of
from .engine import evaluate, next_question
from .model import Case, Guideline, HistoryEntry, Interview, Question, Result
from .prompter import BACK, HELP, UNKNOWN, Prompter, PromptSpec
from .render.data import value_label
from .render.interview_screens import alert_panel, dropped_line, end_screen, help_panel, stage_header

__all__ = ["BACK", "HELP", "UNKNOWN", "PromptSpec", "Prompter", "Session", "State", "start_state"]


@dataclass
class State:
    """The interview as it stands; `to_case()` is what gets saved."""

    case_id: str
    guideline_id: str
    lang: str
    started: str
    facts: dict[str, Any] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    updated: str = ""
    finished: bool = False
    recorded: str | None = None
    expect: Any = None
    guideline_version: str = ""
    guideline_sha256: str = ""

    @classmethod
    def from_case(cls, case: Case, guideline: Guideline, lang: str, now: str) -> State:
        interview = case.interview or Interview(lang=lang, started=now)
        return cls(
            case_id=case.id,
            guideline_id=case.guideline or guideline.id,
            lang=lang,
            started=interview.started or now,
            facts=dict(case.facts),
            asked=list(interview.asked),
            history=list(case.history),
            updated=interview.updated,
            finished=False,
            recorded=case.recorded or now[:10],
            expect=case.expect,
        )

    def to_case(self) -> Case:
        return Case(
            id=self.case_id,
            facts=dict(self.facts),
            guideline=self.guideline_id,
            recorded=self.recorded,
            expect=self.expect,
            interview=Interview(
                self.lang,
                self.started,
                self.updated,
                self.finished,
                tuple(self.asked),
                self.guideline_version,
                self.guideline_sha256,
            ),
            history=tuple(self.history),
        )


def _short(text: str, width: int = 48) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


class Session:
    """Runs one interview over a State, saving after every change."""

    def __init__(
        self,
        guideline: Guideline,
        state: State,
        prompter: Prompter,
        console: Console,
        save: Callable[[Case], None],
        clock: Callable[[], datetime],
    ) -> None:
        self.g = guideline
        self.state = state
        self.prompter = prompter
        self.out = console
        self.save_case = save
        self.clock = clock
        self.alerted: set[str] = set()
        self._evaluated: tuple[Any, Result] | None = None

    def _result(self) -> Result:
        """The evaluation of the current answers, computed once per change (header, alerts, result)."""
        key = (self.state.lang, frozenset(self.state.facts.items()))
        if self._evaluated is None or self._evaluated[0] != key:
            self._evaluated = (key, evaluate(self.g, self.state.facts))
        return self._evaluated[1]

    # ------------------------------------------------------------ the loop

    def run(self) -> Case:
        lang = self.state.lang
        self._alerts()
        while True:
            question = next_question(self.g, self.state.facts, self.state.asked)
            if question is None:
                self.show_result()
                if self.prompter.finish(lang):
                    self.state.finished = True
                    self.save()
                    return self.state.to_case()
                self.go_back()
                continue
            self._header(question)
            answer = self._ask(question, None)
            if answer is BACK:
                self.go_back()
                continue
            self.record(question.fact, answer)
            self._alerts()

    def _ask(self, question: Question, current: Any) -> Any:
        spec = self.spec(question.fact, current)
        while True:
            answer = self.prompter.ask(spec)
            if answer is not HELP:
                return answer
            self.out.print(help_panel(spec.help, spec.lang))

    def spec(self, fact_id: str, current: Any = None) -> PromptSpec:
        fact = self.g.facts[fact_id]
        lang = self.state.lang
        return PromptSpec(
            fact=fact_id,
            kind=fact.type,
            text=fact.question[lang],
            help=fact.help[lang],
            lang=lang,
            choices=tuple((v, fact.labels[v][lang]) for v in fact.values),
            current=current,
            minimum=fact.min,
            maximum=fact.max,
            can_go_back=bool(self._answered()),
        )

    # ------------------------------------------------------------ answers

    def record(self, fact: str, answer: Any) -> None:
        """Store an answer (or 'No sé'), log a change in the history, save."""
        old = self.state.facts.get(fact)
        new = (
            None if answer is UNKNOWN else (frozenset(answer) if isinstance(answer, (list, set, frozenset)) else answer)
        )
        if new is None:
            self.state.facts.pop(fact, None)
        else:
            self.state.facts[fact] = new
        after_dont_know = old is None and fact in self.state.asked  # asked before, answered "No sé"
        if fact not in self.state.asked:
            self.state.asked.append(fact)
        if old != new:
            self.state.history.append(
                HistoryEntry(fact, old, new, self._now(), "after_dont_know" if after_dont_know else "")
            )
        self._drop_inapplicable()
        self.save()

    def _drop_inapplicable(self) -> None:
        """Answers whose question no longer applies (its ask_if is now false) are dropped."""
        while (question := self._first_inapplicable()) is not None:
            old = self.state.facts.pop(question.fact, None)
            self.state.asked.remove(question.fact)
            if old is not None:
                self.state.history.append(HistoryEntry(question.fact, old, None, self._now(), "dropped"))
                label = self.g.facts[question.fact].question[self.state.lang]
                self.out.print(dropped_line(label, self.state.lang))

    def _first_inapplicable(self) -> Question | None:
        ctx = Context(facts=self.state.facts, definitions=self.g.definitions)
        return next(
            (
                q
                for stage in self.g.stages
                for q in stage.questions
                if q.fact in self.state.asked and q.ask_if is not None and value_of(q.ask_if, ctx) is False
            ),
            None,
        )

    def _answered(self) -> list[str]:
        order = [q.fact for s in self.g.stages for q in s.questions]
        done = set(self.state.facts) | set(self.state.asked)
        return [f for f in order if f in done]

    def go_back(self) -> None:
        lang = self.state.lang
        options = [
            (
                f,
                f"{_short(self.g.facts[f].question[lang], 44)} → {_short(value_label(self.g, f, self.state.facts.get(f), lang), 26)}",
            )
            for f in self._answered()
        ]
        if not options:
            return
        fact = self.prompter.pick_previous(options, lang)
        if fact is None:
            return
        answer = self._ask(self.g.question(fact), self.state.facts.get(fact))
        if answer is BACK:
            return
        self.record(fact, answer)
        self._alerts()

    # ------------------------------------------------------------ output

    def save(self) -> None:
        self.state.updated = self._now()
        self.state.guideline_version, self.state.guideline_sha256 = self.g.version, self.g.sha256
        self.save_case(self.state.to_case())

    def _now(self) -> str:
        return self.clock().strftime("%Y-%m-%dT%H:%M:%SZ")

    def _header(self, question: Question) -> None:
        self.out.print(stage_header(self.g, question, self._result(), self.state.lang, self.out.width))

    def _alerts(self) -> None:
        alerts = {r.id for r in self.g.referrals if r.alert}
        for ref in self._result().referrals:
            if ref.id in alerts and ref.id not in self.alerted:
                self.alerted.add(ref.id)
                self.out.print(alert_panel(ref, self.state.lang))

    def result_data(self) -> dict[str, Any]:
        from .render.data import result_data

        case = self.state.to_case()
        return result_data(self.g, case, self._result(), self.state.lang, None)

    def show_result(self) -> None:
        end_screen(self.out, self.g, self.result_data(), self.state.facts, self.state.lang)


def start_state(guideline: Guideline, case: Case | None, case_id: str, lang: str, now: str) -> State:
    return State.from_case(case or Case(id=case_id, facts={}, guideline=guideline.id), guideline, lang, now)
