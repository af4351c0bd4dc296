"""A fast path for JSON Schema validation: the schema compiled once into Python closures.

`compile_schema(schema)` returns `accepts(instance) -> bool`, or None when the
schema uses a keyword this compiler does not know (then jsonschema does all the work).
It only ever accepts what jsonschema accepts: when it says no, or is unsure
(unhashable list items), jsonschema validates the instance
and writes the error messages, so every message stays exactly what it was
(tests/test_fastcheck.py proves both on the invalid fixtures and with hypothesis). "jsonschema" is the
validator of `schemas.validator`, which reads `const` as `_same` does (a format marker's 1.0 or true is not 1)
and "integer" as `_any_type` does (14.0 and 1e1 are not integers).
A valid case file, which is almost every file of a batch, costs a few
microseconds instead of a walk through jsonschema.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

_IGNORED = {"$schema", "$id", "title", "description", "$comment", "examples", "default"}


_PY_TYPES: dict[str, type] = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "boolean": bool,
    "null": type(None),
}


class Unsupported(Exception):
    """The schema uses a keyword the fast path does not implement."""


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same JSON type (jsonschema tells 1 from true)."""
    return type(a) is type(b) and a == b


def _compile(schema: Any) -> Check:
    if schema is True or schema == {}:
        return lambda v: True
    if not isinstance(schema, dict):
        raise Unsupported(repr(schema))
    unknown = (
        set(schema)
        - _IGNORED
        - {
            "type",
            "enum",
            "const",
            "properties",
            "additionalProperties",
            "required",
            "items",
            "uniqueItems",
            "minimum",
            "maximum",
            "minLength",
            "maxLength",
            "pattern",
        }
    )
    if unknown:
        raise Unsupported(", ".join(sorted(unknown)))
    checks: list[Check] = []
    if "type" in schema:
        names = [schema["type"]] if isinstance(schema["type"], str) else list(schema["type"])
        if any(n not in _PY_TYPES for n in names):
            raise Unsupported(f"type {names}")
        checks.append(_any_type(names))
    if "enum" in schema:
        checks.append(_enum(list(schema["enum"])))
    if "const" in schema:
        checks.append(_const(schema["const"]))
    if "minimum" in schema or "maximum" in schema:
        checks.append(_bounds(schema.get("minimum"), schema.get("maximum")))
    if "minLength" in schema or "maxLength" in schema or "pattern" in schema:
        checks.append(_text(schema.get("minLength", 0), schema.get("maxLength"), schema.get("pattern")))
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


def _text(low: int, high: int | None, pattern: str | None) -> Check:
    search = re.compile(pattern).search if pattern is not None else None

    def check(v: Any) -> bool:
        if type(v) is not str:
            return True
        return len(v) >= low and (high is None or len(v) <= high) and (search is None or search(v) is not None)

    return check


def _items(item: Check) -> Check:
    def check(v: Any) -> bool:
        return type(v) is not list or all(item(x) for x in v)

    return check


def _unique(v: Any) -> bool:
    """Strings only (the case file's sets); anything else is left to jsonschema."""
    return type(v) is not list or (all(type(x) is str for x in v) and len(set(v)) == len(v))


def _simple(schema: Any) -> tuple[int, Any]:
    """(1, allowed types) for a schema of "type" alone, (2, allowed strings) for an enum of strings and null,
    checked inline by `_object` (a call less per property); else (0, its compiled check)."""
    if isinstance(schema, dict):
        keys = set(schema) - _IGNORED
        if keys == {"type"}:
            names = [schema["type"]] if isinstance(schema["type"], str) else list(schema["type"])
            if all(n in _PY_TYPES for n in names):
                return 1, frozenset(_PY_TYPES[n] for n in names)
        if keys == {"enum"} and all(isinstance(c, (str, type(None))) for c in schema["enum"]):
            return 2, frozenset(schema["enum"])
        types = [schema.get("type")] if isinstance(schema.get("type"), str) else list(schema.get("type") or ())
        items = schema.get("items")
        if (  # a set of strings: unique items of an enum of strings (the case file's set facts)
            keys == {"type", "items", "uniqueItems"}
            and schema["uniqueItems"] is True
            and "array" in types
            and set(types) <= {"array", "null"}
            and isinstance(items, dict)
            and set(items) - _IGNORED == {"enum"}
            and all(isinstance(c, str) for c in items["enum"])
        ):
            return 3, ("null" in types, frozenset(items["enum"]))
    return 0, _compile(schema)


def _strings_within(items: list[Any], allowed: frozenset[str]) -> bool:
    """Every item one of `allowed` (all strings), none twice."""
    try:
        return allowed.issuperset(items) and len(set(items)) == len(items)
    except TypeError:  # an unhashable item: not a string
        return False


def _object(schema: dict[str, Any]) -> Check:
    props = {k: _simple(s) for k, s in schema.get("properties", {}).items()}
    extra = schema.get("additionalProperties", True)
    if extra not in (True, False):
        raise Unsupported("additionalProperties with a schema")
    required = tuple(schema.get("required", ()))

    def check(v: Any) -> bool:
        if type(v) is not dict:
            return True  # "type" decides
        for key in required:
            if key not in v:
                return False
        for key, value in v.items():
            entry = props.get(key)
            if entry is None:
                if not extra:  # a property the schema does not allow
                    return False
                continue
            kind, test = entry
            if kind == 1:
                if type(value) not in test:
                    return False
            elif kind == 2:
                if not ((value is None or type(value) is str) and value in test):
                    return False
            elif kind == 3:
                if value is None:
                    if not test[0]:
                        return False
                elif type(value) is not list or not _strings_within(value, test[1]):
                    return False
            elif not test(value):
                return False
        return True

    return check


def compile_schema(schema: dict[str, Any]) -> Check | None:
    """`accepts(instance)`: True only for an instance jsonschema finds valid; None if not compilable."""
    try:
        return _compile(schema)
    except Unsupported:
        return None
