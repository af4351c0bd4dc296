"""Property tests (hypothesis) for hostile input and for never losing an answer.

- Random case documents (valid and not) and random YAML text and bytes: the
  loader raises only TipTriageError; the engine never raises on what it accepts.
- Random interviews (answers, "No sé", going back, Ctrl-C at a random moment):
  the resumed interview holds every answer given before the interruption.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import yaml
from budget import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from tip_triage import schemas
from tip_triage.commands import triage
from tip_triage.engine import evaluate
from tip_triage.env import Env
from tip_triage.errors import TipTriageError
from tip_triage.exit_codes import ExitCode
from tip_triage.interview import BACK, UNKNOWN, PromptSpec, Session
from tip_triage.loader import load_case, load_guideline, parse_case
from tip_triage.store import load_session
from tip_triage.yamlio import parse

GUIDELINE = load_guideline()
FACTS = schemas.case_facts()
SETTINGS = settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# ---------------------------------------------------------------- random case documents

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(sorted({v for f in GUIDELINE.facts.values() for v in f.values})),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)
fact_maps = st.dictionaries(st.one_of(st.sampled_from(sorted(FACTS)), st.text(max_size=12)), values, max_size=8)
history = st.lists(
    st.fixed_dictionaries(
        {"fact": st.sampled_from(sorted(FACTS)), "from": values, "to": values, "at": st.text(min_size=1, max_size=5)}
    ),
    max_size=3,
)
documents = st.one_of(
    st.fixed_dictionaries(
        {
            "tip_triage_case": st.sampled_from([1, 1, 1, 2, "1"]),
            "id": st.one_of(st.text(max_size=30), values),
            "facts": st.one_of(fact_maps, values),
        },
        optional={
            "history": st.one_of(history, values),
            "guideline": values,
            "expect": values,
            "interview": values,
            "recorded": values,
        },
    ),
    values,
)


def _load(text: str) -> Any:
    """The loader on a text: a Case, or TipTriageError (anything else fails the test)."""
    try:
        return parse_case(parse(text, "doc.yaml"), "doc.yaml", text)
    except TipTriageError:
        return None


@SETTINGS
@given(documents, st.sampled_from(["yaml", "json"]))
def test_random_documents_raise_only_our_error_and_the_engine_never_raises(doc, form):
    try:
        text = json.dumps(doc, allow_nan=True) if form == "json" else yaml.safe_dump(doc, allow_unicode=True)
    except (ValueError, yaml.YAMLError):
        return
    case = _load(text)
    if case is not None:
        result = evaluate(GUIDELINE, case.facts)
        assert result.qualification in GUIDELINE.codes


@SETTINGS
@given(st.text(max_size=300))
def test_random_yaml_text_raises_only_our_error(text):
    _load(text)


YAML_PIECES = st.sampled_from(
    [
        "tip_triage_case: 1\n",
        "id: X\n",
        "facts:\n",
        "  age: 12\n",
        "  ",
        "&a ",
        "*a",
        "<<: ",
        "[",
        "]",
        "{",
        "}",
        "- ",
        "!!python/object ",
        "!!int ",
        "0x",
        "9" * 30,
        "\t",
        "\ufeff",
        "\x00",
        "\x1b",
        "'",
        '"',
        ": ",
        "\n",
        "? ",
        "---\n",
        "...\n",
        "history:\n",
        "  - {fact: age, to: ",
        "exploitation: [sexual]\n",
        ".nan",
        "~",
    ]
)


@SETTINGS
@given(st.lists(YAML_PIECES, max_size=40).map("".join))
def test_random_yaml_like_text_raises_only_our_error(text):
    _load(text)


@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_random_bytes_in_a_file_raise_only_our_error(tmp_path, data):
    path = tmp_path / "case.yaml"
    path.write_bytes(data)
    try:
        load_case(str(path))
    except TipTriageError:
        pass


# ---------------------------------------------------------------- random interviews


class RandomPrompter:
    """Answers from hypothesis' draws: a value, "No sé", back, or Ctrl-C (once, at a random moment)."""

    def __init__(self, draw: Any, stop_after: int) -> None:
        self.draw = draw
        self.left = stop_after
        self.given: dict[str, Any] = {}

    def ask(self, spec: PromptSpec) -> Any:
        if self.left <= 0:
            raise KeyboardInterrupt
        self.left -= 1
        move = self.draw(st.sampled_from(["value"] * 6 + ["unknown", "back"]))
        if move == "back" and spec.can_go_back:
            return BACK
        if move == "unknown":
            self.given[spec.fact] = None
            return UNKNOWN
        if spec.kind == "bool":
            answer: Any = self.draw(st.booleans())
        elif spec.kind == "int":
            answer = self.draw(st.integers(spec.minimum or 0, min(spec.maximum or 120, 120)))
        elif spec.kind == "enum":
            answer = self.draw(st.sampled_from([v for v, _ in spec.choices]))
        else:
            answer = self.draw(st.lists(st.sampled_from([v for v, _ in spec.choices]), unique=True, max_size=3))
        self.given[spec.fact] = frozenset(answer) if isinstance(answer, list) else answer
        return answer

    def pick_previous(self, options: list[tuple[str, str]], lang: str) -> str | None:
        return self.draw(st.sampled_from([key for key, _ in options] + [None]))

    def finish(self, lang: str) -> bool:
        if self.left <= 0:
            raise KeyboardInterrupt
        self.left -= 1
        return self.draw(st.booleans())


def _env(data_dir: Path, prompter: Any) -> Env:
    return Env(
        stdout=Console(file=io.StringIO(), width=80),
        stderr=Console(file=io.StringIO(), width=80),
        environ={"TIP_TRIAGE_DATA_DIR": str(data_dir)},
        prompter=prompter,
        is_interactive=lambda: True,
    )


@settings(
    max_examples=examples(12, ci=100),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.data(), st.integers(min_value=0, max_value=40))
def test_a_resumed_interview_holds_every_answer_given_before_the_interruption(
    tmp_path_factory, monkeypatch, data, stop_after
):
    data_dir = tmp_path_factory.mktemp("data")
    sessions: list[Session] = []

    class Recording(Session):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            sessions.append(self)

    monkeypatch.setattr(triage, "Session", Recording)
    prompter = RandomPrompter(data.draw, stop_after)
    options = dict(
        lang=None, resume=None, from_case=None, case_id=None, save_path=None, report_path=None, guideline_arg=None
    )
    code = triage.run(env=_env(data_dir, prompter), **options)
    assert code in (ExitCode.OK, ExitCode.INTERRUPTED)
    [path] = sorted((data_dir / "sessions").glob("*.yaml"))
    held = sessions[-1].state
    saved = load_session(path)
    # what the interview held when it stopped is what the file holds: every answer, every "No sé" (asked)
    assert saved.facts == held.facts
    assert list(saved.interview.asked) == list(held.asked)
    for fact, value in held.facts.items():  # each held value is the last answer the Defender gave for it
        assert prompter.given[fact] == value, fact
    if code == ExitCode.INTERRUPTED:  # resuming continues from exactly there
        again = RandomPrompter(data.draw, 0)
        assert triage.run(env=_env(data_dir, again), **{**options, "resume": path.stem}) == ExitCode.INTERRUPTED
        assert sessions[-1].state.facts == held.facts and list(sessions[-1].state.asked) == list(held.asked)
