"""yamlfast.fast_parse gives exactly what yaml.load gives with yamlio's loader, or None (then the full path runs).

Checked against yaml.load itself, never against reasoning: the bundled examples and
every fixture, 500 generated bench cases, random documents dumped by PyYAML, and
random texts built from line fragments (often not YAML at all). Values are compared
with their types (True is not 1, '1' is not 1) and key order.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from budget import examples
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tip_triage import limits, yamlfast
from tip_triage.errors import TipTriageError
from tip_triage.yamlfull import _Loader
from tip_triage.yamlio import parse

sys.path.insert(0, str(REPO / "bench"))
import cases as generated  # noqa: E402

SETTINGS = settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
FILES = sorted([*(REPO / "cases_examples").glob("*.yaml"), *(REPO / "tests" / "fixtures").rglob("*.yaml")])
_ERROR = object()


def same(a: Any, b: Any) -> bool:
    """Equal values of equal types, recursively, dictionaries in the same key order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return len(a) == len(b) and all(same(ka, kb) and same(a[ka], b[kb]) for ka, kb in zip(a, b))
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return bool(a == b)


def fast(text: str) -> Any:
    """yamlfast's answer without its safety net: a defect raises here instead of becoming a silent None."""
    try:
        return yamlfast._parse(text)
    except yamlfast._Refuse:
        return None


def loaded(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except Exception:
        return _ERROR


def check(text: str) -> Any:
    """fast_parse is None, or exactly yaml's value (and None whenever yaml fails)."""
    got = fast(text)
    if got is not None:
        expected = loaded(text)
        assert expected is not _ERROR, f"accepted a text yaml refuses: {text!r}"
        assert same(got, expected), f"{text!r}: {got!r} != {expected!r}"
    assert yamlfast.fast_parse(text) is None or same(yamlfast.fast_parse(text), got)
    return got


def dumped(case: dict[str, Any]) -> str:
    return str(
        yaml.dump(
            case, Dumper=generated._Dumper, allow_unicode=True, sort_keys=False, default_flow_style=None, width=100
        )
    )


GENERATED = [dumped(case) for case in generated.generate(500)]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_example_and_fixture_is_read_as_yaml_reads_it(path: Path):
    text = path.read_bytes().decode("utf-8", "surrogateescape")  # a hostile file may hold bad bytes
    got = check(text)
    if path.parent.name == "cases_examples":
        assert got is not None, "a bundled example must take the fast path"


def test_generated_cases_are_all_accepted_and_equal():
    for text in GENERATED:
        got = check(text)
        assert got is not None, text


def test_the_accepted_values_are_fresh_objects():
    text = "a: [x, y]\nb: {c: 1}\nd:\n- e\n"
    first = yamlfast.fast_parse(text)
    first["a"].append("z")
    first["b"]["c"] = 2
    assert yamlfast.fast_parse(text) == {"a": ["x", "y"], "b": {"c": 1}, "d": ["e"]}


ACCEPTED = {
    "a: yes\nb: No\nc: ON\nd: off\ne: ~\nf: Null\ng:\nh: y\ni: n": None,
    "a: 0\nb: -12\nc: 2026-11-29\nd: 2026-11-29T14:02:11Z\ne: 1.1.1\nf: _x\ng: ñu": None,
    "a: 'it''s'\nb: \"say \\\"hi\\\"\"\nc: A boy, pay withheld [x] {y}\nd: x # a comment": None,
    "a:\n- b: 1\n  c:\n  - d\n- - e\n  - f\n-\n- [g, 'h', \"i\"]\n- {j: k, l: ''}": None,
    "a: [b, c,\n  d]\n# comment\n\nz:   \n  - 1\n": None,
    "  a: 1\n  b: 2\n": None,
}


@pytest.mark.parametrize("text", list(ACCEPTED))
def test_the_subset_is_accepted(text: str):
    assert check(text) is not None


REFUSED = [
    "a: &x 1\nb: *x",  # anchors, aliases
    "a: !!str 1",  # tags
    "a: {b: 1}\n<<: {c: 2}",  # merge key
    "? a\n: b",  # complex key
    "a: |\n  text",  # block scalar
    "a: >\n  text",
    "a: one\n  two",  # multi-line plain scalar
    "a: 'one\n  two'",  # multi-line quoted
    "a: 1\na: 2",  # repeated key
    "---\na: 1",  # document marker
    "%YAML 1.1\n---\na: 1",  # directive
    "\ufeffa: 1",  # BOM
    "a:\t1",  # tab
    "a: b\x07",  # control character
    "a: 'x' # comment after a quote",
    "a: 012",  # YAML 1.1 octal
    "a: 1_000",
    "a: 1:30",  # sexagesimal
    "a: .5",
    "a: 1e3",
    "a: -.inf",
    "a: +1",
    "a: 0x1F",
    "a: " + "9" * (limits.MAX_INT_DIGITS + 1),
    "yes: 1",  # a bool key
    "a: [[b]]",  # nested flow
    "a: [b, c,]",
    'a: "\\n"',  # an escape other than \" and \\
    "plain text only",
    "a: x" + "\n" * 70_000,  # over 64 KiB
    "".join(f"{'  ' * d}k{d}:\n" for d in range(7)) + "  " * 7 + "x: [1]",  # nine levels
]


@pytest.mark.parametrize("text", REFUSED)
def test_outside_the_subset_is_refused(text: str):
    assert yamlfast.fast_parse(text) is None
    assert fast(text) is None


def test_depth_eight_is_accepted():
    text = "".join(f"{'  ' * d}k{d}:\n" for d in range(6)) + "  " * 6 + "x: [1]"  # seven mappings, a list
    assert check(text) is not None


# ------------------------------------------------------------------ random documents, dumped by PyYAML

FRAGMENTS = [
    *("yes", "No", "ON", "off", "y", "n", "null", "Null", "~", "true", "False", "0x1F", "1_000", "012", "0"),
    *("1:30", ".5", "-.inf", ".NaN", "1e3", "1.0e+3", "2026-01-01", "2026-01-01T10:00:00Z", "1.1.1", "-7"),
    *("'", '"', "#", " #", ": ", ":", "-", "- ", "?", "&a", "*a", "!", "%", "@", "`", "|", ">", "<<", "="),
    *(" ", "  ", ",", "[", "]", "{", "}", "\\", "ñ", "Ä", "a", "Z", "_", ".", "/", "x y", "\n", "\t", "…"),
]
tricky_text = st.lists(st.sampled_from(FRAGMENTS), max_size=5).map("".join)
keys = st.one_of(st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}", fullmatch=True), tricky_text, st.integers(-5, 5))
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**22), 10**22),
    st.floats(allow_nan=False, width=32),
    tricky_text,
    st.from_regex(r"[a-z_]{1,12}", fullmatch=True),
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=25,
)


@SETTINGS
@given(documents, st.sampled_from([False, None]), st.sampled_from([yaml.SafeDumper, generated._Dumper]))
def test_random_dumped_documents(document: Any, flow: bool | None, dumper: Any):
    text = yaml.dump(document, Dumper=dumper, allow_unicode=True, sort_keys=False, default_flow_style=flow)
    got = check(text)
    if got is not None:
        assert same(got, document) or not same(loaded(text), document)


# ------------------------------------------------------------------ random texts from line fragments

line_scalars = st.one_of(
    st.sampled_from(
        ["x", "a b", "yes", "null", "~", "12", "-3", "012", "'q'", "'it''s'", '"d"', '"e\\"f"', "[]", "{}"]
    ),
    st.sampled_from(
        ["[a, b]", "[a,", "b]", "{k: v}", "{k: 'v'}", "'", "x # c", "#c", "&a x", "*a", "!t x", "2026-01-01"]
    ),
    tricky_text,
)
line_keys = st.sampled_from(["a", "b", "c", "yes", "k_1", "1", "<<", "? a", "a b"])


@st.composite
def lines(draw: st.DrawFn) -> str:
    indent = " " * draw(st.sampled_from([0, 0, 1, 2, 2, 3, 4, 6]))
    key, value = draw(line_keys), draw(line_scalars)
    form = draw(
        st.sampled_from(["{k}:", "{k}: {v}", "-", "- {v}", "- {k}: {v}", "- {k}:", "- - {v}", "# c", "", "{v}"])
    )
    tail = draw(st.sampled_from(["", "", "", " ", " # c", "---"]))
    return indent + form.format(k=key, v=value) + tail


@SETTINGS
@given(st.lists(lines(), min_size=1, max_size=12), st.sampled_from(["", "\n"]))
def test_random_line_texts(body: list[str], end: str):
    check("\n".join(body) + end)


@SETTINGS
@given(st.lists(lines(), min_size=1, max_size=8))
def test_random_line_texts_under_a_key(body: list[str]):
    check("top:\n" + "\n".join("  " + line for line in body))


# ------------------------------------------------------------------ wired into yamlio.parse


def test_parse_takes_the_fast_path_and_still_checks_limits_on_the_full_path():
    assert same(parse(GENERATED[0], "x.yaml"), yaml.load(GENERATED[0], Loader=_Loader))  # noqa: S506
    long_int = "age: " + "9" * (limits.MAX_INT_DIGITS + 1)
    assert yamlfast.fast_parse(long_int) is None
    with pytest.raises(TipTriageError, match="limit"):
        parse(long_int, "x.yaml")
    with pytest.raises(TipTriageError, match="not valid YAML"):
        parse("a: 1\na: 2\n", "x.yaml")


def test_forbidden_characters_are_exactly_those_outside_the_allowed_ranges() -> None:
    """`_FORBIDDEN` is written as the complement of `_ALLOWED` (cheaper to compile): every code point agrees."""
    import re

    from tip_triage import yamlfast

    outside = re.compile(f"[^{yamlfast._ALLOWED}]")
    everything = "".join(map(chr, range(0x110000)))
    assert [m.start() for m in yamlfast._FORBIDDEN.finditer(everything)] == [
        m.start() for m in outside.finditer(everything)
    ]
