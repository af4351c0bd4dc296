"""JSON Lines rows within the limits: the digits of an integer counted exactly at the boundary."""

from __future__ import annotations

import pytest

from tip_triage import limits
from tip_triage.errors import TipTriageError
from tip_triage.jsonrows import loads
from tip_triage.messages_es import spanish

N = limits.MAX_INT_DIGITS


@pytest.mark.parametrize("text", ["9" * N, "-" + "9" * N, "0", "-1", "1" * (N - 1)])
def test_an_integer_of_at_most_the_limit_in_digits_is_read(text):
    assert loads('{"a": ' + text + "}", "x")["a"] == int(text)


@pytest.mark.parametrize("text", ["9" * (N + 1), "-" + "9" * (N + 1), "1" * 5000])
def test_an_integer_past_the_limit_is_refused_by_name_not_content(text):
    with pytest.raises(TipTriageError) as caught:
        loads('{"a": ' + text + "}", "rows.jsonl:3")
    assert caught.value.code == "limit" and "digits" in caught.value.message
    assert "999" not in str(caught.value) and "111" not in str(caught.value)


def test_a_lone_surrogate_is_refused_and_a_pair_is_read():
    with pytest.raises(TipTriageError) as caught:
        loads('{"id": "\\ud800"}', "rows.jsonl:2")
    assert caught.value.code == "json" and "surrogate" in caught.value.message
    assert loads('{"id": "\\ud83d\\ude00"}', "x")["id"] == "\U0001f600"  # a pair is one character


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ('{"facts": {"age": 15, "age": 30}}', "repeated key 'age'"),
        ('{"facts": {"age" : 15, "x": {"Juan Perez": 1, "Juan Perez": 2}}}', "repeated key (its name is not shown)"),
        ('{"a": 1, "a": 1}', "repeated key 'a'"),
    ],
)
def test_a_repeated_key_is_refused_naming_it_only_when_it_is_a_plain_name(text, shown):
    with pytest.raises(TipTriageError) as caught:
        loads(text, "rows.jsonl:3")
    assert caught.value.message == shown and "Juan" not in str(caught.value)
    assert spanish(shown).startswith("clave repetida")


@pytest.mark.parametrize(
    "text",
    [
        '{"narrative": {"es": "dijo \\":\\" y \\"x\\": y", "en": "a"}, "facts": {"age": 15}}',  # `":` in a string
        '{"a": [{"b": 1}, {"b": 2}], "c": {"b": 3}}',  # the same key in different mappings
        "{}",
        "[1, 2]",
    ],
)
def test_keys_that_only_look_repeated_are_read(text):
    assert loads(text, "x") is not None


def test_a_batch_reports_the_broken_rows_and_goes_on():
    from typer.testing import CliRunner

    from tip_triage.cli import app

    rows = [
        '{"tip_triage_case": 1, "id": "A", "facts": {}}',
        '{"tip_triage_case": 1, "id": "\\ud800", "facts": {}}',
        '{"tip_triage_case": 1, "id": "C", "facts": {"age": 15, "age": 30}}',
        '{"tip_triage_case": 1, "id": "D", "facts": {}}',
    ]
    result = CliRunner().invoke(app, ["batch", "-", "--format", "jsonl", "--jobs", "1"], input="\n".join(rows) + "\n")
    assert result.exit_code == 2
    import json

    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["status"] for o in out] == ["ok", "error", "error", "ok"]
    assert [o["id"] for o in out if o["status"] == "ok"] == ["A", "D"]


@pytest.mark.parametrize("text", ['{"age" : 1, "age": 2}', '{"age"\t:1,"age":2}', '{"a": {"age" :1, "age" :2}}'])
def test_a_repeated_key_with_a_space_before_its_colon_is_refused(text):
    with pytest.raises(TipTriageError, match="repeated key 'age'"):
        loads(text, "x")
