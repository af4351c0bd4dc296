"""A number in a case file is read as written, or refused: never YAML 1.1's octal, base-60 or '_' readings."""

from __future__ import annotations

import pytest

from tip_triage.casefile import load_case
from tip_triage.errors import TipTriageError
from tip_triage.messages_es import spanish


def _case(tmp_path, value: str):
    path = tmp_path / "n.yaml"
    path.write_text(f"tip_triage_case: 1\nid: N\nfacts:\n  immediate_danger: false\n  age: {value}\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("value", ["010", "07", "1:30", "0x10", "0b10000", "1_6", "-0x1"])
def test_a_number_that_yaml_would_read_otherwise_is_refused_at_its_line(tmp_path, value):
    with pytest.raises(TipTriageError) as caught:
        load_case(_case(tmp_path, value))
    error = caught.value
    assert error.location.endswith("n.yaml:5") and error.code == "yaml"
    assert "plain digits" in error.message and value not in error.message  # the value itself is never shown
    assert spanish(error.message).startswith("un número con un 0 inicial")


@pytest.mark.parametrize(("value", "age"), [("16", 16), ("+16", 16), ("0", 0)])
def test_plain_digits_are_read_as_written(tmp_path, value, age):
    assert load_case(_case(tmp_path, value)).facts["age"] == age


@pytest.mark.parametrize("value", ['"010"', "0o20", "08"])
def test_a_quoted_number_or_a_yaml_1_2_form_stays_text(tmp_path, value):
    with pytest.raises(TipTriageError, match="whole number"):
        load_case(_case(tmp_path, value))
