"""A fast path for JSON Schema validation: the schema compiled once into Python closures.

`compile_schema(schema)` returns `accepts(instance) -> bool`, or None when the
schema uses a keyword this compiler does not know (then jsonschema does all the work).
It only ever accepts what jsonschema accepts: when it says no, or is unsure
(unhashable list items), jsonschema validates the instance
and writes the error messages, so every message stays exactly what it was
(tests/test_fastcheck.py proves both on the invalid fixtures and with hypothesis). "jsonschema" is the
validator of `schemas.validator`, which reads `const` as `_same` does (a format marker's 1.0 or true is not 1)
and "integer" as `_any_type` does (14.0 and 1e1 are not integers).
An object costs one dict lookup per key (`_object`): each property is compiled to the set its values are looked
up in (their exact Python types, and for an enum, a const or a small integer range the strings and integers
themselves), and only a value that set cannot judge (a pattern, a list's items, a nested object) runs a check.
A valid case file, which is almost every file of a batch, costs a few
microseconds instead of a walk through jsonschema.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

_IGNORED = {"$schema", "$id", "title", "description", "$comment", "examples", "default"}
_KEYWORDS = set(
    "type enum const properties additionalProperties required items uniqueItems"
    " minimum maximum minLength maxLength pattern".split()
)
_PY_TYPES: dict[str, type] = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "boolean": bool,
    "null": type(None),
}
_JSON_TYPES = frozenset(_PY_TYPES.values()) | {float}
# the types whose values `_object` may look up in a property's accepted set: a string or a non-bool integer equals
# only itself there; never a bool, as True == 1 and hash(True) == hash(1) while jsonschema tells them apart
_BY_VALUE = frozenset({str, int})
_SMALL_RANGE = 1000  # an integer property with bounds this close has its values in its accepted set


class Unsupported(Exception):
    """The schema uses a keyword the fast path does not implement."""


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same JSON type (jsonschema tells 1 from true)."""
    return type(a) is type(b) and a == b


def _always(v: Any) -> bool:
    return True


def _names(schema: dict[str, Any]) -> list[str]:
    """The names of "type" (none when it is absent)."""
    given = schema.get("type", [])
    return [given] if isinstance(given, str) else list(given)


def _compile(schema: Any) -> Check:
    if schema is True or schema == {}:
        return _always
    if not isinstance(schema, dict):
        raise Unsupported(repr(schema))
    unknown = set(schema) - _IGNORED - _KEYWORDS
    if unknown:
        raise Unsupported(", ".join(sorted(unknown)))
    checks: list[Check] = []
    names = _names(schema)
    if any(n not in _PY_TYPES for n in names):
        raise Unsupported(f"type {names}")
    text = "minLength" in schema or "maxLength" in schema or "pattern" in schema
    strings_only = names == ["string"] and text  # a string's type is checked with its text: a call less
    if "type" in schema and not strings_only:
        checks.append(_any_type(names))
    if "enum" in schema:
        checks.append(_enum(list(schema["enum"])))
    if "const" in schema:
        checks.append(_const(schema["const"]))
    if "minimum" in schema or "maximum" in schema:
        checks.append(_bounds(schema.get("minimum"), schema.get("maximum")))
    if text:
        checks.append(_text(schema.get("minLength", 0), schema.get("maxLength"), schema.get("pattern"), strings_only))
    if "items" in schema:
        checks.append(_items(_compile(schema["items"])))
    if schema.get("uniqueItems"):
        checks.append(_unique)
    if "properties" in schema or "additionalProperties" in schema or "required" in schema:
        checks.append(_object(schema))
    if len(checks) == 1:
        return checks[0]
    return _all(tuple(checks))


def _all(checks: tuple[Check, ...]) -> Check:
    if len(checks) == 2:
        first, second = checks

        def both(v: Any) -> bool:
            return first(v) and second(v)

        return both

    def check(v: Any) -> bool:
        for c in checks:
            if not c(v):
                return False
        return True

    return check


def _any_type(names: list[str]) -> Check:
    """The exact Python types: neither bool nor a float integer (14.0) is an integer, as the tool's jsonschema reads it."""
    allowed = frozenset(_PY_TYPES[n] for n in names)

    def check(v: Any) -> bool:
        return type(v) in allowed

    return check


def _enum(choices: list[Any]) -> Check:
    if all(isinstance(c, (str, type(None))) for c in choices):  # strings and null: a set lookup, types checked
        allowed = frozenset(choices)

        def check(v: Any) -> bool:
            return (v is None or type(v) is str) and v in allowed

        return check

    def check_each(v: Any) -> bool:
        return any(_same(v, c) for c in choices)

    return check_each


def _const(value: Any) -> Check:
    def check(v: Any) -> bool:
        return _same(v, value)

    return check


def _bounds(low: Any, high: Any) -> Check:
    def check(v: Any) -> bool:
        if type(v) not in (int, float):
            return True  # "type" decides
        return (low is None or v >= low) and (high is None or v <= high)

    return check


def _text(low: int, high: int | None, pattern: str | None, strings_only: bool) -> Check:
    """A string's length and pattern; anything else is left to "type", or refused with `strings_only`."""
    search = re.compile(pattern).search if pattern is not None else None
    other = not strings_only

    def check(v: Any) -> bool:
        if type(v) is not str:
            return other
        return len(v) >= low and (high is None or len(v) <= high) and (search is None or search(v) is not None)

    return check


def _items(item: Check) -> Check:
    def check(v: Any) -> bool:
        return type(v) is not list or all(item(x) for x in v)

    return check


def _unique(v: Any) -> bool:
    """Strings only (the case file's sets); anything else is left to jsonschema."""
    return type(v) is not list or (all(type(x) is str for x in v) and len(set(v)) == len(v))


def _strings(allowed: frozenset[str]) -> Check:
    """A list of strings of `allowed`, none twice (the case file's set facts)."""

    def check(v: Any) -> bool:
        if type(v) is not list:
            return False
        try:  # C-level set operations; no item needs a look of its own
            return allowed.issuperset(v) and (len(v) < 2 or len(set(v)) == len(v))
        except TypeError:  # an unhashable item: not a string
            return False

    return check


def _property(schema: Any) -> tuple[frozenset[Any], Check | None]:
    """What `_object` looks a property's value up in: its exact types, or (`_BY_VALUE`) the strings and integers
    it may be, null as its type; and the check of what that set cannot say (None: the set says it all)."""
    if schema is True or schema == {}:
        return _JSON_TYPES, _always
    if isinstance(schema, dict):
        keys, names = set(schema) - _IGNORED, _names(schema)
        if keys == {"type"} and all(n in _PY_TYPES for n in names):
            return frozenset(_PY_TYPES[n] for n in names), None
        values = _values(schema, keys, names)
        if values is not None:
            return values, None
        items = _string_items(schema, keys, names)
        if items is not None:
            return frozenset([type(None)] if "null" in names else []), _strings(items)
    return frozenset(), _compile(schema)


def _values(schema: dict[str, Any], keys: set[str], names: list[str]) -> frozenset[Any] | None:
    """All the values of an enum or a const of strings and integers (never a bool: see `_BY_VALUE`), or of a small
    integer range (an age: looked up like an enum's strings, no call); null as its type. None for another schema."""
    choices = schema["enum"] if keys == {"enum"} else [schema["const"]] if keys == {"const"} else None
    if choices is not None and all(type(c) in (str, int, type(None)) for c in choices):
        return frozenset(type(None) if c is None else c for c in choices)
    low, high = schema.get("minimum"), schema.get("maximum")
    if (
        keys == {"type", "minimum", "maximum"}
        and "integer" in names
        and set(names) <= {"integer", "null"}
        and type(low) is int
        and type(high) is int
        and high - low < _SMALL_RANGE
    ):
        return frozenset(range(low, high + 1)) | ({type(None)} if "null" in names else set())
    return None


def _string_items(schema: dict[str, Any], keys: set[str], names: list[str]) -> frozenset[str] | None:
    """The items a set of strings may hold (unique items of an enum of strings: the case file's set facts)."""
    items = schema.get("items")
    if (
        keys == {"type", "items", "uniqueItems"}
        and schema["uniqueItems"] is True
        and "array" in names
        and set(names) <= {"array", "null"}
        and isinstance(items, dict)
        and set(items) - _IGNORED == {"enum"}
        and all(isinstance(c, str) for c in items["enum"])
    ):
        return frozenset(items["enum"])
    return None


class _Open(dict[str, frozenset[Any]]):
    """The accepted sets of an object that may have other properties: any JSON value for those."""

    def __missing__(self, key: str) -> frozenset[Any]:
        return _JSON_TYPES


def _object(schema: dict[str, Any]) -> Check:
    """One lookup per key, in the property's accepted set (see `_property`); a call only for what it cannot say.

    Measured (CPython 3.11) cheaper than C-level set operations over the keys (issuperset, `&` with a group's keys,
    zip into (key, type) pairs): each is one more pass over the keys with a call or a tuple hash per key, and the
    lookup already finds a key the schema does not allow (KeyError) and a bool among integers (by type)."""
    extra = schema.get("additionalProperties", True)
    if extra not in (True, False):
        raise Unsupported("additionalProperties with a schema")
    compiled = {key: _property(s) for key, s in schema.get("properties", {}).items()}
    accepted = {key: allowed for key, (allowed, _) in compiled.items()}
    if extra:
        accepted = _Open(accepted)
    checks = {key: rest for key, (_, rest) in compiled.items() if rest is not None}
    required = frozenset(schema.get("required", ()))

    def check(v: Any) -> bool:
        if type(v) is not dict:
            return True  # "type" decides
        if required and not v.keys() >= required:
            return False
        try:
            for key, value in v.items():
                allowed = accepted[key]
                if type(value) in allowed or type(value) in _BY_VALUE and value in allowed:
                    continue
                rest = checks.get(key)
                if rest is None or not rest(value):
                    return False
        except KeyError:  # a property the schema does not allow
            return False
        return True

    return check


def compile_schema(schema: dict[str, Any]) -> Check | None:
    """`accepts(instance)`: True only for an instance jsonschema finds valid; None if not compilable."""
    try:
        return _compile(schema)
    except Unsupported:
        return None
