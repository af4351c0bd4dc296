"""JSON Lines rows within the limits: the digits of an integer counted exactly at the boundary."""

from __future__ import annotations

import pytest

from tip_triage import limits
from tip_triage.errors import TipTriageError
from tip_triage.jsonrows import loads

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
