"""Frozen data model shared by the loader, the engine and the renderers.

Conditions are the loader's parsed nodes (`condtree`): data, nothing here is executable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .condtree import Cond
from .valueclass import Value as _Value  # eq, hash and repr written once, not compiled per class

Condition = Cond
Text = Mapping[str, str]  # {"es": ..., "en": ...}
FactValue = Any  # bool | int | str | frozenset[str]; absence means unknown


@dataclass(frozen=True, eq=False, repr=False)
class Source(_Value):
    id: str
    cite: str
    status: str
    note: str = ""
    url: str = ""


@dataclass(frozen=True, eq=False, repr=False)
class Fact(_Value):
    id: str
    type: str  # bool | int | enum | set
    question: Text
    help: Text
    values: tuple[str, ...] = ()
    labels: Mapping[str, Text] = field(default_factory=dict)
    min: int | None = None
    max: int | None = None


@dataclass(frozen=True, eq=False, repr=False)
class Definition(_Value):
    id: str
    label: Text
    when: Condition
    basis: tuple[str, ...]
    status: str


@dataclass(frozen=True, eq=False, repr=False)
class Element(_Value):
    id: str
    label: Text
    when: Condition


@dataclass(frozen=True, eq=False, repr=False)
class QualificationRule(_Value):
    id: str
    code: str
    scope: tuple[Condition, ...]
    elements: tuple[Element, ...]
    basis: tuple[str, ...]
    status: str


@dataclass(frozen=True, eq=False, repr=False)
class Code(_Value):
    id: str
    label: Text
    summary: Text
    basis: tuple[str, ...]
    status: str
    offence: bool
    not_label: Text | None = None  # how "the qualification is not this code" reads in a reason


@dataclass(frozen=True, eq=False, repr=False)
class IndicatorRule(_Value):
    level: str
    when: Condition
    basis: tuple[str, ...]
    status: str


@dataclass(frozen=True, eq=False, repr=False)
class TextRule(_Value):
    """An aggravating circumstance or a note: a text that applies when `when` holds."""

    id: str
    when: Condition | None
    text: Text
    basis: tuple[str, ...]
    status: str


@dataclass(frozen=True, eq=False, repr=False)
class Presumption(_Value):
    """A legal presumption in force while `when` holds; its `establish` facts (whatever their recorded value)
    and its unknown `missing` facts come first among the facts to find out."""

    id: str
    when: Condition
    missing: tuple[str, ...]
    basis: tuple[str, ...]
    status: str
    establish: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False, repr=False)
class Urgency(_Value):
    id: str
    label: Text


@dataclass(frozen=True, eq=False, repr=False)
class Referral(_Value):
    id: str
    when: Condition | None
    urgency: str
    institution: Text
    action: Text
    basis: tuple[str, ...]
    status: str
    deadline: Text | None = None
    contact: tuple[str, ...] = ()
    alert: bool = False
    urgency_status: str = ""  # CONFIRMED | INFERRED: the urgency's own source; "" = the referral's status
    task: Text | None = None  # one line for the end-of-interview checklist

    @property
    def urgency_source_status(self) -> str:
        """The status of the urgency itself: its own `urgency_status`, else the referral's status."""
        return self.urgency_status or self.status


@dataclass(frozen=True, eq=False, repr=False)
class Question(_Value):
    fact: str
    stage: str
    ask_if: Condition | None = None
    always: bool = False


@dataclass(frozen=True, eq=False, repr=False)
class Stage(_Value):
    id: str
    title: Text
    questions: tuple[Question, ...]


@dataclass(frozen=True, eq=False, repr=False)
class Guideline(_Value):
    id: str
    version: str
    sha256: str
    title: Text
    issuer: Text
    disclaimer: Text
    date: str
    status: str
    path: str
    sources: Mapping[str, Source]
    facts: Mapping[str, Fact]
    definitions: Mapping[str, Definition]
    codes: Mapping[str, Code]
    qualifications: tuple[QualificationRule, ...]
    indicator_rules: tuple[IndicatorRule, ...]
    indicator_otherwise: str
    aggravating: tuple[TextRule, ...]
    notes: tuple[TextRule, ...]
    referrals: tuple[Referral, ...]
    stages: tuple[Stage, ...]
    end_when: Condition | None = None
    presumptions: tuple[Presumption, ...] = ()
    screening_code: str = ""  # the code the indicator level screens for (`indicator.screens`)
    urgencies: tuple[Urgency, ...] = ()  # most urgent first
    partly_indicated: str = ""  # the `undecided` codes: no rule holds and some offence is partly indicated,
    nothing_indicated: str = ""  # ... or none is
    purposes_fact: str = ""  # the set fact whose values are the exploitation purposes

    def urgency_rank(self, urgency: str) -> int:
        return next(i for i, u in enumerate(self.urgencies) if u.id == urgency)

    def urgency_label(self, urgency: str, lang: str) -> str:
        return next((u.label[lang] for u in self.urgencies if u.id == urgency), urgency)

    def question(self, fact_id: str) -> Question:
        for stage in self.stages:
            for q in stage.questions:
                if q.fact == fact_id:
                    return q
        raise KeyError(fact_id)

    def rule(self, rule_id: str) -> QualificationRule:
        return next(r for r in self.qualifications if r.id == rule_id)

    def stage(self, stage_id: str) -> Stage:
        return next(s for s in self.stages if s.id == stage_id)

    def cite(self, basis: tuple[str, ...]) -> list[str]:
        return [self.sources[b].cite for b in basis]


@dataclass(frozen=True, eq=False, repr=False)
class HistoryEntry(_Value):
    fact: str
    old: FactValue
    new: FactValue
    at: str
    kind: str = ""  # "" an answer; "after_dont_know" an answer to a question first answered "No sé"; "dropped"


@dataclass(frozen=True, eq=False, repr=False)
class Interview(_Value):
    lang: str = "es"
    started: str = ""
    updated: str = ""
    finished: bool = False
    asked: tuple[str, ...] = ()
    guideline_version: str = ""
    guideline_sha256: str = ""  # pins the record to the exact rules it was reached with


@dataclass(frozen=True, eq=False, repr=False)
class Case(_Value):
    id: str
    facts: Mapping[str, FactValue]
    guideline: str | None = None
    recorded: str | None = None
    expect: Mapping[str, Any] | None = None
    interview: Interview | None = None
    history: tuple[HistoryEntry, ...] = ()
    file: str | None = None
    name: str | None = None  # a scenario's title (trainers)
    tags: tuple[str, ...] = ()
    narrative: Text | None = None  # the story a trainee reads in a class exercise, es and en


@dataclass(frozen=True, eq=False, repr=False)
class ReferralResult(_Value):
    id: str
    urgency: str
    institution: Text
    action: Text
    basis: tuple[str, ...]
    status: str
    because: tuple[str, ...]
    reasons: tuple[tuple[Any, ...], ...] = ()  # structured `because`, for texts in the reader's language
    deadline: Text | None = None
    contact: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False, repr=False)
class Step(_Value):
    """One line of the trace: what was examined, what came out, on what basis."""

    step: str
    answer: str
    basis: tuple[str, ...]
    status: str
    rule: str = ""
    kind: str = ""  # "rule" / "element": `step` is the rule or element id, put into words by the renderers


@dataclass(frozen=True, eq=False, repr=False)
class Result(_Value):
    qualification: str
    concurrent: tuple[str, ...]
    indicator_level: str
    purposes: tuple[str, ...]
    aggravating: tuple[str, ...]
    referrals: tuple[ReferralResult, ...]
    missing: tuple[str, ...]
    notes: tuple[str, ...]  # note rule ids
    trace: tuple[Step, ...]
    rule_status: Mapping[str, str]  # qualification rule id -> holds/excluded/partial/silent

    @property
    def codes(self) -> tuple[str, ...]:
        return (self.qualification, *self.concurrent)


def bilingual(value: Mapping[str, str]) -> Text:
    """A text in both languages, as the model keeps it."""
    return {"es": value["es"], "en": value["en"]}
