"""JSON Schemas shipped with the package: the single source of truth for file formats.

`validate()` turns schema errors into one-line messages that name the path and
what is wrong, with a "did you mean" for misspelt keys, and that never quote
a value from the file (a case file holds a child's data).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

TYPE_WORDS = {
    "boolean": "true or false",
    "integer": "a whole number",
    "string": "text",
    "array": "a list",
    "object": "a mapping of keys to values",
    "null": "empty",
}


@cache
def load(name: str) -> dict[str, Any]:
    with resources.files(__package__).joinpath(f"{name}.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def case_facts() -> dict[str, dict[str, Any]]:
    """The fact ids of the case-file spec with their JSON Schemas."""
    return load("case-file.v1")["properties"]["facts"]["properties"]


def vocabulary() -> dict[str, list[str]]:
    return load("vocabulary.v1")


def did_you_mean(word: str, choices: Any) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class HiddenKey(str):
    """A key that may be a case's content: found by the line lookup, shown as '?' in a location."""

    def __format__(self, spec: str) -> str:
        return "?"

    def __str__(self) -> str:
        return "?"


@cache
def _fact_values() -> frozenset[str]:
    """Every value a fact may take (a key that is one of them is a mis-indented value, not a misspelt key)."""
    found: set[str] = set()
    for spec in case_facts().values():
        for value in [*spec.get("enum", []), *spec.get("items", {}).get("enum", [])]:
            if isinstance(value, str):
                found.add(value)
    return frozenset(found)


def _showable_key(key: str) -> bool:
    import re

    return bool(re.fullmatch(r"[a-z][a-z0-9_]{0,63}", key)) and key not in _fact_values()


def _type_words(types: Any) -> str:
    types = [t for t in ([types] if isinstance(types, str) else types) if t != "null"]
    return " or ".join(TYPE_WORDS.get(t, t) for t in types)


def _choices(values: list[Any]) -> str:
    shown = [json.dumps(v) if not isinstance(v, str) else v for v in values if v is not None]
    return ", ".join(shown)


@cache
def _time_words() -> dict[str, str]:
    """What a date or a time of the case file must be, by its pattern: said whatever is wrong with it."""
    props = load("case-file.v1")["properties"]
    return {
        props["recorded"]["pattern"]: "must be a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM:SSZ)",
        props["history"]["items"]["properties"]["at"]["pattern"]: "must be a date and time (YYYY-MM-DDTHH:MM:SSZ)",
    }


def describe(error: Any) -> tuple[list[str | int], str]:
    """(path, message) for one jsonschema error; the message quotes no value."""
    path = list(error.absolute_path)
    kind = error.validator
    schema = error.schema
    words = _time_words().get(schema.get("pattern", "")) if isinstance(schema, dict) else None
    if words:  # a date or a time that is not one (or not text): the form it must have
        return path, words
    if kind == "additionalProperties":
        allowed = schema.get("properties", {})
        extra = [k for k in error.instance if k not in allowed]
        what = "unknown fact" if path and path[-1] == "facts" else "unknown key"
        key = str(extra[0]) if extra else "?"
        if not _showable_key(key):  # a value indented as a key, say: never echo a case's content
            return path + [HiddenKey(key)], f"{what} (its name is not shown: a value indented as a key?)"
        return path + [key], f"{what} '{key}'{did_you_mean(key, allowed)}"
    if kind == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        return path, f"missing required key '{missing[0] if missing else '?'}'"
    if kind == "type":
        return path, f"must be {_type_words(error.validator_value)}"
    if kind == "enum":
        return path, f"must be one of: {_choices(error.validator_value)}"
    if kind == "const":
        return path, f"must be {json.dumps(error.validator_value)}"
    if kind == "minimum":
        return path, f"must be at least {error.validator_value}"
    if kind == "maximum":
        return path, f"must be at most {error.validator_value}"
    if kind == "uniqueItems":
        return path, "has repeated values"
    if kind in ("minProperties", "maxProperties") and isinstance(error.instance, dict) and "fact" in error.instance:
        return (
            path,
            "a fact condition has exactly one operator: equals, in, contains, contains_any, subset_of, lt, lte, gt, gte, known",
        )
    if kind in ("minItems", "minProperties"):
        return path, "must not be empty"
    if kind in ("minLength", "pattern"):
        return (
            path,
            "must be non-empty text on one line" if kind == "minLength" else "has characters that are not allowed",
        )
    if kind == "propertyNames":
        return path, "has a key with characters that are not allowed (use lower_case_with_underscores)"
    if kind in ("oneOf", "anyOf"):
        if _is_condition(schema):
            return path, "is not a valid condition: use one of all, any, not, ref, fact, qualified, primary, indicator"
        return path, "does not match any allowed form"
    return path, f"is not valid ({kind})"


def _is_condition(schema: dict[str, Any]) -> bool:
    return any("all" in s.get("properties", {}) for s in schema.get("oneOf", []))


@cache
def validator(schema_name: str) -> Any:
    """The jsonschema validator tip-triage reads a shipped schema with (draft 2020-12, `const` and `integer` read
    strictly)."""
    from referencing import Registry, Resource

    # a schema may point into another shipped one (scenarios.v1 reuses case-file.v1's parts)
    shipped = [load(name) for name in ("case-file.v1", "scenarios.v1")]
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in shipped)
    return _strict()(load(schema_name), registry=registry)


@cache
def _strict() -> Any:
    """Draft 2020-12 as the fast path reads it: `const` strictly, and an integer is a Python int (never 14.0 nor
    1e1, which JSON Schema counts as integers, and never true)."""
    import jsonschema  # heavy: imported only when a file is validated
    from jsonschema import validators

    base = jsonschema.Draft202012Validator
    checker = base.TYPE_CHECKER.redefine("integer", lambda _checker, instance: type(instance) is int)
    return validators.extend(base, validators={"const": _strict_const(base.VALIDATORS["const"])}, type_checker=checker)


@cache
def _fact_checks(fact: str) -> tuple[Any, Any]:
    from ..fastcheck import compile_schema

    spec = case_facts()[fact]
    return compile_schema(spec), lambda: _strict()(spec)


def is_fact_value(fact: str, value: Any) -> bool:
    """`value` is a value of the case-file fact `fact` (an int fact's value a real integer), read as a fact is:
    by the compiled fast path, and by jsonschema only for a value it does not accept."""
    fast, slow = _fact_checks(fact)
    return bool(fast is not None and fast(value)) or bool(slow().is_valid(value))


def _strict_const(const: Any) -> Any:
    """`const` as the fast path reads it: a format marker's 1 is the integer 1, never 1.0 (to JSON Schema the same
    number) nor true. Any other constant is compared as jsonschema does."""

    def check(checker: Any, value: Any, instance: Any, schema: Any) -> Any:
        if type(value) is int and type(instance) is not int:
            from jsonschema.exceptions import ValidationError

            yield ValidationError(f"{value!r} was expected")
            return
        yield from const(checker, value, instance, schema)

    return check


@cache
def _fast(schema_name: str) -> Any:
    from ..fastcheck import compile_schema

    return compile_schema(load(schema_name))


def accepts(instance: Any, schema_name: str) -> bool:
    """True only for an instance the schema finds valid (the compiled fast path; False when unsure)."""
    check = _fast(schema_name)
    return check is not None and check(instance)


def errors(instance: Any, schema_name: str) -> Iterator[tuple[list[str | int], str]]:
    """Every schema problem of `instance`, as (path, message), in document order.

    A valid instance is recognised by the schema compiled once (fastcheck.py); only an
    instance it does not accept goes through jsonschema, which writes the messages.
    """
    if accepts(instance, schema_name):
        return
    found = sorted(validator(schema_name).iter_errors(instance), key=lambda e: [str(p) for p in e.absolute_path])
    for error in found:
        yield describe(_narrow(error))


def _narrow(error: Any) -> Any:
    """For a condition that matches no form, the error of the form it was meant to be."""
    while error.validator in ("oneOf", "anyOf") and error.context and isinstance(error.instance, dict):
        branches = error.schema.get(error.validator, [])
        chosen = None
        for index, branch in enumerate(branches):
            required = branch.get("required", [])
            if required and required[0] in error.instance:
                chosen = [e for e in error.context if e.relative_schema_path[0] == index]
                break
        if not chosen:
            return error
        error = sorted(chosen, key=lambda e: -len(e.absolute_path))[0]
    return error
