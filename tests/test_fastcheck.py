"""The compiled fast path of case validation accepts exactly what jsonschema accepts.

It may say "not sure" (then jsonschema runs and writes the message), never
"valid" for an invalid case: on the invalid fixtures, on every valid file, on
generated cases, and on hypothesis-made instances close to the schema.
"""

from __future__ import annotations

import datetime
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
SLOW = schemas.validator("case-file.v1")  # the validator tip-triage writes its messages with


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
    st.sampled_from([14.0, 0.0, 1e1, -0.0, 120.0, 121.0]),  # floats JSON Schema counts as integers
    st.sampled_from(["", "x", "sexual", "colombian", "none", "a\nb"]),
)
_value = st.one_of(
    _scalar,
    st.lists(st.one_of(st.sampled_from(["sexual", "begging", "deception", "x"]), st.integers(0, 2)), max_size=3),
)
_facts = st.dictionaries(st.sampled_from([*FACTS, "recruted"]), _value, max_size=6)
_TIMES = [
    *["2026-11-29", "2024-02-29", "2026-11-29T14:05:02Z", "2026-11-29T14:05", "2026-11-29 14:05:02.5+05:00"],
    *["", "2026", "2026-02-30", "2026-13-01", "2026-11-29T24:00:00Z", "2026-11-29\n", "2026-11-29T14:05:02Z\n", 7],
]
_LINES = ["A-1", "", 7, "a\nb", "x" * 201, "A-1\n", "A-1\r", "\n", "A-1\n\n", "A-1 B"]
_interview = st.fixed_dictionaries(
    {},
    optional={
        "started": st.sampled_from(_TIMES),
        "updated": st.sampled_from(_TIMES),
        "answers": st.sampled_from([0, 3, 3.0, -1, True]),
        "checksum": st.sampled_from(["0" * 64, "0" * 64 + "\n", "0" * 63, "A" * 64]),
    },
)
_case = st.fixed_dictionaries(
    {"tip_triage_case": st.sampled_from([1, 1.0, True, 2]), "id": st.sampled_from(_LINES)},
    optional={
        "name": st.sampled_from(_LINES),
        "tags": st.lists(st.sampled_from(["smuggling", "a b", "a,b", "", "x\n", "x\r", 3]), max_size=2),
        "interview": _interview,
        "facts": st.one_of(_facts, st.lists(st.none(), max_size=1)),
        "guideline": st.sampled_from(["co-icbf-2018", "", 3]),
        "recorded": st.sampled_from(_TIMES),
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
                optional={"at": st.sampled_from(_TIMES)},
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


@settings(max_examples=examples(100), deadline=None)
@given(_case)
def test_the_fast_path_and_the_tools_validator_give_the_same_answer(case):
    assert ACCEPTS(case) == SLOW.is_valid(case)


def test_a_schema_with_unknown_keywords_is_not_compiled():
    assert compile_schema({"oneOf": [{"type": "string"}]}) is None
    assert compile_schema(schemas.load("guideline.v1")) is None


def test_the_marker_is_the_integer_1_where_plain_json_schema_reads_1_0_as_1():
    plain = jsonschema.Draft202012Validator(SCHEMA)  # what a third party's validator says
    for marker in (1.0, True, 2, "1"):
        case = {"tip_triage_case": marker, "id": "A-1"}
        assert not ACCEPTS(case) and not SLOW.is_valid(case), marker
    assert plain.is_valid({"tip_triage_case": 1.0, "id": "A-1"})  # to JSON Schema 1.0 is the number 1
    assert ACCEPTS({"tip_triage_case": 1, "id": "A-1"}) and SLOW.is_valid({"tip_triage_case": 1, "id": "A-1"})


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        *[(v, True) for v in ["2026-11-29T14:05:02Z", "2026-11-29T14:05:02", "2026-11-29T09:05:02.125-05:00"]],
        *[(v, True) for v in ["2026-11-29 14:05:02+00:00", "2024-02-29T00:00Z", "2000-02-29T23:59:59+0530"]],
        *[(v, False) for v in ["2026-11-29", "2026-11-29T14:05:02Z\n", "2026-11-29T24:00:00Z", "2100-02-29T10:00Z"]],
        *[(v, False) for v in ["29/11/2026 14:05", "2026-11-29T14:05:02 Z", "t", "", "2026-11-29t14:05:02z"]],
    ],
)
def test_a_history_time_is_an_iso_8601_date_and_time_on_both_paths(value, valid):
    case = {"tip_triage_case": 1, "id": "A-1", "history": [{"fact": "age", "from": None, "to": 15, "at": value}]}
    assert ACCEPTS(case) == SLOW.is_valid(case) == valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        *[(v, True) for v in ["2026-11-29", "2024-02-29", "2000-02-29", "2026-11-29T14:05:02Z", "2026-12-31 23:59"]],
        *[(v, False) for v in ["2026-02-29", "1900-02-29", "2026-11-31", "2026-00-10", "2026-1-9", "26-11-29"]],
        *[(v, False) for v in ["29/11/2026", "2026-11-29\n", " 2026-11-29", "ayer", "", 20261129, None]],
    ],
)
def test_recorded_is_a_calendar_date_or_a_date_and_time_on_both_paths(value, valid):
    case = {"tip_triage_case": 1, "id": "A-1", "recorded": value}
    assert ACCEPTS(case) == SLOW.is_valid(case) == valid


@pytest.mark.parametrize(
    ("key", "value", "valid"),
    [
        *[("id", v, True) for v in ["A-1", "BOG 2026/0412", "ñ", "x" * 200]],
        *[("id", v, False) for v in ["A-1\n", "A-1\r", "A-1\r\n", "\n", "A-1\n\n", "a\nb", "\nA-1", ""]],
        *[("name", v, True) for v in ["Paid trochero", "x" * 200]],
        *[("name", v, False) for v in ["Paid trochero\n", "Paid\rtrochero", "\n"]],
        *[("tags", v, True) for v in [["smuggling"], ["a", "b-1"]]],
        *[("tags", v, False) for v in [["smuggling\n"], ["a", "b\n"], ["a b"], ["a,b"], [""]]],
    ],
)
def test_a_line_of_text_ends_at_its_last_character_on_both_paths(key, value, valid):
    case = {"tip_triage_case": 1, "id": "A-1", key: value}
    assert ACCEPTS(case) == SLOW.is_valid(case) == valid


@pytest.mark.parametrize("value", ["0" * 64 + "\n", "0" * 63 + "\n"])
@pytest.mark.parametrize("key", ["checksum", "guideline_sha256"])
def test_a_digest_with_a_line_break_is_refused_on_both_paths(key, value):
    case = {"tip_triage_case": 1, "id": "A-1", "interview": {key: value}}
    assert not ACCEPTS(case) and not SLOW.is_valid(case)
    assert ACCEPTS({**case, "interview": {key: "0" * 64}})


def test_no_case_file_pattern_lets_a_final_line_break_through():
    """Python's `$` also matches before a final line break: every pattern of the case file must refuse one."""
    import re

    found = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                found.append(node["pattern"])
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(SCHEMA)
    walk(schemas.load("scenarios.v1"))
    assert len(found) >= 8
    for pattern in found:
        assert pattern.endswith("$(?!\\n)"), pattern
        for text in ["A-1", "0" * 64, "smuggling", "2026-11-29", "2026-11-29T14:05:02Z"]:
            if re.search(pattern, text):
                assert not re.search(pattern, text + "\n"), pattern


@pytest.mark.parametrize("value", [14.0, 1e1, 0.0, -0.0, 120.0, 14.5, True, False, "14"])
def test_an_int_fact_is_a_real_integer_where_plain_json_schema_reads_14_0_as_14(value):
    plain = jsonschema.Draft202012Validator(SCHEMA)  # what a third party's validator says
    case = {"tip_triage_case": 1, "id": "A-1", "facts": {"age": value}}
    assert not ACCEPTS(case) and not SLOW.is_valid(case)
    assert plain.is_valid(case) == (type(value) is float and value.is_integer())
    assert schemas.is_fact_value("age", 14) and not schemas.is_fact_value("age", value)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        *[(v, True) for v in ["2026-11-29T14:02:11Z", "2026-11-29 14:02:11", "2026-11-29T09:02:11.5-05:00"]],
        *[(v, False) for v in ["2026-11-29", "2026-11-29T14:02:11Z\n", "ayer", "t", "", "2026-02-30T10:00Z", 7]],
    ],
)
@pytest.mark.parametrize("key", ["started", "updated"])
def test_an_interview_time_is_a_date_and_time_as_a_history_time_is(key, value, valid):
    case = {"tip_triage_case": 1, "id": "A-1", "interview": {key: value}}
    assert ACCEPTS(case) == SLOW.is_valid(case) == valid
    at = {"tip_triage_case": 1, "id": "A-1", "history": [{"fact": "age", "from": None, "to": 15, "at": value}]}
    assert SLOW.is_valid(at) == valid


_EDGE_FACTS = [
    *[("indigenous", v) for v in [True, False, None, 1, 0, 1.0, 0.0, "true", [], {}, [True]]],
    *[("nationality", v) for v in ["colombian", None, 1, 0, True, False, ["colombian"], {"colombian": 1}, "Colombian"]],
    *[("means", v) for v in [[], None, ["deception"], ["deception", "deception"], [["deception"]], [{"a": 1}], [1]]],
    *[("means", v) for v in [["deception", "threats"], "deception", [True], ["deception", None], {"deception"}]],
    *[("age", v) for v in [0, 120, None, True, False, 14.0, -1, 121, "14", [14]]],
    *[("unknown_fact", v) for v in [True, None]],
]


@pytest.mark.parametrize(("key", "value"), _EDGE_FACTS)
def test_a_fact_is_judged_by_its_type_and_value_as_jsonschema_does(key, value):
    """bool is not int (True == 1, hash(True) == hash(1)), lists are unhashable, a set repeats no item."""
    case = {"tip_triage_case": 1, "id": "A-1", "facts": {"age": 9, key: value, "moved": "none"}}
    assert ACCEPTS(case) == SLOW.is_valid(case), (key, value)


_AT = "2026-11-29T14:05:02Z"
_PARTS = [
    *[("interview", i) for i in [{"lang": "es", "finished": True}, {"lang": True}, {"finished": 1}, {"x": 1}]],
    *[("interview", {"asked": a}) for a in [["age", "means"], ["age", "age"]]],
    *[("narrative", n) for n in [{"es": "a", "en": "b"}, {"es": "a"}, {"es": 1, "en": ""}]],
    *[("expect", {"qualification": q}) for q in ["trafficking", 1]],
    *[("history", [{"fact": f, "to": 3, "at": _AT}]) for f in ["age", "x"]],
    ("history", [{"fact": "age", "from": datetime.date(2026, 1, 1), "to": None, "at": _AT}]),  # any value: no JSON
    *[("idd", "x"), ("id", None), ("tip_triage_case", None)],  # an unknown key; a required one missing
]


@pytest.mark.parametrize(("key", "value"), _PARTS, ids=repr)
def test_required_unknown_and_nested_keys_are_judged_as_jsonschema_does(key, value):
    case = {k: v for k, v in {"tip_triage_case": 1, "id": "A-1", key: value}.items() if v is not None}
    assert ACCEPTS(case) == SLOW.is_valid(case)


_RANGE = {"type": "integer", "minimum": 0, "maximum": 3}  # an open object: by-value integers and an integer enum
_GENERIC = {"type": "object", "properties": {"b": {"type": "boolean"}, "n": _RANGE, "e": {"enum": [1, "a"]}}}


@pytest.mark.parametrize(
    "instance",
    [{"b": True, "c": [1]}, {"b": 1}, *[{"n": v} for v in [3, 4, True, None]], *[{"e": v} for v in [1, True, "a"]]],
    ids=repr,
)
def test_an_object_of_a_generic_schema_is_judged_as_jsonschema_does(instance):
    accepts = compile_schema(_GENERIC)
    assert accepts is not None and accepts(instance) == jsonschema.Draft202012Validator(_GENERIC).is_valid(instance)
