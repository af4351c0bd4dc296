"""The compiled fast path of case validation accepts exactly what jsonschema accepts.

It may say "not sure" (then jsonschema runs and writes the message), never
"valid" for an invalid case: on the invalid fixtures, on every valid file, on
generated cases, and on hypothesis-made instances close to the schema.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from tip_triage import schemas
from tip_triage.fastcheck import compile_schema
from tip_triage.yamlio import parse

sys.path.insert(0, str(REPO / "bench"))
import cases as generated  # noqa: E402
from budget import examples

INVALID = REPO / "tests" / "fixtures" / "cases" / "invalid"
SCHEMA = schemas.load("case-file.v1")
ACCEPTS = compile_schema(SCHEMA)
SLOW = jsonschema.Draft202012Validator(SCHEMA)


def _parsed(path: Path):
    try:
        return parse(path.read_text(encoding="utf-8"), str(path))
    except Exception:  # noqa: BLE001 - files that are not even YAML have nothing to validate
        return None


def test_the_case_schema_compiles():
    assert ACCEPTS is not None


@pytest.mark.parametrize(
    "path", sorted(p for p in INVALID.iterdir() if p.name != "expected.yaml"), ids=lambda p: p.name
)
def test_no_invalid_fixture_is_accepted(path):
    data = _parsed(path)
    if data is not None:
        assert not ACCEPTS(data) or SLOW.is_valid(data)
        assert ACCEPTS(data) == SLOW.is_valid(data)


def test_every_valid_file_is_accepted():
    files = [
        *sorted((REPO / "cases_examples").glob("*.yaml")),
        *sorted((REPO / "tests/fixtures/cases/valid").iterdir()),
    ]
    for path in files:
        data = _parsed(path)
        assert SLOW.is_valid(data) and ACCEPTS(data), path


def test_generated_cases_are_accepted():
    for case in generated.generate(300, seed=7):
        assert ACCEPTS(case) and SLOW.is_valid(case)


FACTS = SCHEMA["properties"]["facts"]["properties"]
_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 200),
    st.floats(-1, 130, allow_nan=False),
    st.sampled_from(["", "x", "sexual", "colombian", "none", "a\nb"]),
)
_value = st.one_of(
    _scalar,
    st.lists(st.one_of(st.sampled_from(["sexual", "begging", "deception", "x"]), st.integers(0, 2)), max_size=3),
)
_facts = st.dictionaries(st.sampled_from([*FACTS, "recruted"]), _value, max_size=6)
_case = st.fixed_dictionaries(
    {"tip_triage_case": st.sampled_from([1, 1.0, True, 2]), "id": st.sampled_from(["A-1", "", 7, "a\nb", "x" * 201])},
    optional={
        "facts": st.one_of(_facts, st.lists(st.none(), max_size=1)),
        "guideline": st.sampled_from(["co-icbf-2018", "", 3]),
        "expect": st.dictionaries(
            st.sampled_from(["qualification", "concurrent", "indicator_level", "nope"]),
            st.one_of(
                st.sampled_from(["trafficking", "clear", "zz"]),
                st.lists(st.sampled_from(["trafficking", "child_sale"]), max_size=3),
            ),
            max_size=3,
        ),
        "history": st.lists(
            st.fixed_dictionaries(
                {"fact": st.sampled_from(["age", "edad"]), "to": _scalar},
                optional={"at": st.sampled_from(["", "2026"])},
            ),
            max_size=2,
        ),
    },
)


@settings(max_examples=examples(100), deadline=None)
@given(_case)
def test_the_fast_path_never_accepts_what_jsonschema_rejects(case):
    if ACCEPTS(case):
        assert SLOW.is_valid(case)


def test_a_schema_with_unknown_keywords_is_not_compiled():
    assert compile_schema({"oneOf": [{"type": "string"}]}) is None
    assert compile_schema(schemas.load("guideline.v1")) is None
