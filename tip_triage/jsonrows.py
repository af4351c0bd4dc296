"""JSON Lines rows as case objects, within the limits (depth, integer digits, no NaN), the same from a file and stdin."""

from __future__ import annotations

import json
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
    return data
