"""Strict readings of a case's values on every way in (a file, a JSON Lines row, the API's dict):
an int fact is a real integer (never 14.0 nor 1e1), a line of text ends at its last character (no final
line break), and an interview's `started` / `updated` is a date and time. Errors name the key, never the value.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tip_triage import api
from tip_triage.casefile import case_to_data, parse_case
from tip_triage.errors import TipTriageError
from tip_triage.interview import State
from tip_triage.model import Case

ENGLISH = {"LC_ALL": "en_US.UTF-8"}
WHOLE = "must be a whole number"


@pytest.mark.parametrize("value", [14.0, 1e1, 0.0, 120.0, 14.5, True])
def test_the_api_refuses_a_float_or_a_bool_for_an_int_fact_as_it_refuses_14_5(value):
    for facts in ({"age": value}, {"tip_triage_case": 1, "id": "A-1", "facts": {"age": value}}):
        result = api.evaluate(facts)
        assert result["status"] == "error", value
        assert result["error"]["message"] == WHOLE and result["error"]["location"].endswith(": facts.age")
    with pytest.raises(TipTriageError, match=WHOLE):
        api.next_question({"age": value})
    assert api.evaluate({"age": 14})["status"] == "ok"


def test_the_api_refuses_a_history_value_that_is_a_float_for_an_int_fact():
    entry = {"fact": "age", "from": 14.0, "to": 15, "at": "2026-11-29T14:05:02Z"}
    result = api.evaluate({"tip_triage_case": 1, "id": "A-1", "facts": {"age": 15}, "history": [entry]})
    assert result["status"] == "error" and result["error"]["message"] == "is not a value of the fact 'age'"
    assert result["error"]["location"].endswith(": history[0].from")
    ok = api.evaluate({"tip_triage_case": 1, "id": "A-1", "facts": {"age": 15}, "history": [{**entry, "from": 14}]})
    assert ok["status"] == "ok"


@pytest.mark.parametrize(
    ("case", "where", "message"),
    [
        ({"id": "Valentina ZQX\n"}, "id", "has characters that are not allowed"),
        ({"name": "Valentina ZQX\n"}, "name", "has characters that are not allowed"),
        ({"tags": ["ok", "ZQX\n"]}, "tags[1]", "has characters that are not allowed"),
        ({"interview": {"started": "ayer ZQX"}}, "interview.started", "must be a date and time (YYYY-MM-DDTHH:MM:SSZ)"),
        (
            {"interview": {"updated": "2026-11-29"}},
            "interview.updated",
            "must be a date and time (YYYY-MM-DDTHH:MM:SSZ)",
        ),
    ],
)
def test_the_api_names_the_key_and_never_the_value(case, where, message):
    result = api.evaluate({"tip_triage_case": 1, "id": "A-1", "facts": {}, **case})
    assert result["status"] == "error" and result["error"]["message"] == message
    assert result["error"]["location"].endswith(f": {where}") and "ZQX" not in json.dumps(result)


def test_json_lines_rows_are_read_as_strictly_as_files():
    from tip_triage.cli import app

    rows = [
        '{"tip_triage_case": 1, "id": "A", "facts": {"age": 14}}',
        '{"tip_triage_case": 1, "id": "B", "facts": {"age": 14.0}}',
        '{"tip_triage_case": 1, "id": "C", "facts": {"age": 1e1}}',
        '{"tip_triage_case": 1, "id": "D", "facts": {"age": 14.5}}',
        '{"tip_triage_case": 1, "id": "E ZQX\\n", "facts": {}}',
        '{"tip_triage_case": 1, "id": "F", "facts": {}, "interview": {"started": "ayer ZQX"}}',
        '{"tip_triage_case": 1, "id": "G", "facts": {}, "interview": {"started": "2026-11-29T14:02:11Z"}}',
    ]
    result = CliRunner().invoke(
        app, ["batch", "-", "--format", "jsonl", "--jobs", "1"], input="\n".join(rows) + "\n", env=ENGLISH
    )
    assert result.exit_code == 2
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["status"] for o in out] == ["ok", "error", "error", "error", "error", "error", "ok"]
    messages = [o["error"]["message"] for o in out if o["status"] == "error"]
    assert messages == [
        WHOLE,
        WHOLE,
        WHOLE,
        "has characters that are not allowed",
        "must be a date and time (YYYY-MM-DDTHH:MM:SSZ)",
    ]
    assert "ZQX" not in result.stdout + result.stderr


def test_what_the_interview_saves_is_read_back():
    """The times the interview writes (State.started, Session.save's updated) are dates and times."""
    from datetime import datetime, timezone

    stamp = datetime(2026, 11, 29, 14, 2, 11, tzinfo=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")  # as triage does
    state = State.from_case(Case(id="A-1", facts={"age": 15}), _guideline(), "es", stamp)
    state.updated = stamp
    data = case_to_data(state.to_case())
    again = parse_case(data, "saved.yaml")
    assert again.interview is not None and again.interview.started == again.interview.updated == stamp


def _guideline():
    from tip_triage.loader import load_guideline

    return load_guideline(None)
