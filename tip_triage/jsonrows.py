"""JSON Lines rows as case objects, within the limits (depth, integer digits, no NaN), the same from a file and stdin."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from . import limits
from .errors import TipTriageError


def _int(text: str) -> int:
    if len(text) > limits.MAX_INT_DIGITS and sum(c.isdigit() for c in text) > limits.MAX_INT_DIGITS:
        raise _Refused(limits.too_big("digits of an integer", limits.MAX_INT_DIGITS))
    return int(text)


def _constant(name: str) -> Any:
    raise _Refused("NaN and Infinity are not JSON numbers")


class _Refused(ValueError):
    pass


def depth(value: Any) -> int:
    """Nesting of lists and mappings, without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        if deepest > limits.MAX_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


# made once (json.loads with hooks would make a decoder per row); the hook costs a call per integer, a case has few
_DECODER = json.JSONDecoder(parse_int=_int, parse_constant=_constant)


def loads(text: str, where: str) -> Any:
    """One JSON document; a problem names the column, never the content."""
    try:
        data = _DECODER.decode(text)
    except _Refused as exc:
        raise TipTriageError(str(exc), where, "limit" if str(exc).startswith("limit") else "json") from None
    except json.JSONDecodeError as exc:
        raise TipTriageError(f"not valid JSON at column {exc.colno}", where, "json") from None
    except RecursionError:
        raise TipTriageError(limits.too_big("nesting depth", limits.MAX_DEPTH), where, "limit") from None
    except ValueError:
        raise TipTriageError("not valid JSON", where, "json") from None
    # each level of nesting opens with its own bracket: with few brackets in the text, no walk is needed
    if text.count("{") + text.count("[") > limits.MAX_DEPTH and depth(data) > limits.MAX_DEPTH:
        raise TipTriageError(limits.too_big("nesting depth", limits.MAX_DEPTH), where, "limit")
    # a \uD800-\uDFFF escape that is not half of a pair decodes to no character: no text can hold it (and
    # writing it would fail); a YAML or JSON case file with one is refused the same way
    if "\\" in text and ("\\ud" in text or "\\uD" in text) and _lone_surrogate(data):
        raise TipTriageError("not valid JSON: a lone surrogate escape (\\ud800 to \\udfff)", where, "json")
    # a key written twice (the last would silently win, as a case file's repeated key never does): each key has
    # its colon, so when the mappings hold as many keys as the text has colons, none is repeated. A colon in a
    # string (a time): a key ends in `":` unless a space comes before its colon, so with no quote followed by
    # a space, as many `":` as keys is enough; otherwise an exact second reading decides
    keys = _keys(data, text)
    if text.count(":") != keys and (_spaced(text) or text.count('":') != keys):
        _refuse_repeated_keys(text, where)
    return data


def _spaced(text: str) -> bool:
    return '" ' in text or '"\t' in text or '"\r' in text or '"\n' in text


_SURROGATE = re.compile("[\ud800-\udfff]")


def _walk(value: Any) -> Iterator[Any]:
    """Every value inside a decoded document, mappings' keys included."""
    stack = [value]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _lone_surrogate(data: Any) -> bool:
    return any(isinstance(v, str) and _SURROGATE.search(v) for v in _walk(data))


def _keys(data: Any, text: str) -> int:
    """How many keys the document's mappings hold."""
    # a case and the mappings it holds (facts, interview...): each mapping opens with its own `{`, so with no
    # more `{` in the text than those, there is no other mapping to count
    if type(data) is dict:
        inner = [v for v in data.values() if type(v) is dict]
        if text.count("{") == 1 + len(inner):
            return len(data) + sum(map(len, inner))
    return sum(len(v) for v in _walk(data) if isinstance(v, dict))


def _refuse_repeated_keys(text: str, where: str) -> None:
    """The text has more `":` than keys: a `":` inside a string, or a repeated key (then refused, by name)."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: set[str] = set()
        for key, _ in items:
            if key in seen:
                raise _Repeated(key)
            seen.add(key)
        return dict(items)

    try:
        json.JSONDecoder(object_pairs_hook=pairs, parse_int=_int, parse_constant=_constant).decode(text)
    except _Repeated as exc:
        # named only when it is a plain name (a fact id, a key of the format), never text that could be data
        name = exc.args[0]
        shown = f" '{name}'" if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,63}", name) else " (its name is not shown)"
        raise TipTriageError(f"repeated key{shown}", where, "json") from None


class _Repeated(Exception):
    pass
