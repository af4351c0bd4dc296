"""A fast reader for the YAML that case files are written in, equal to `yamlio`'s loader on what it accepts.

`fast_parse(text)` returns exactly what `yaml.load(text, Loader=yamlfull._Loader)`
returns (same values, same types, same key order) for a text in a small subset
of YAML, and None for anything else: the caller then takes the full path, which
also checks the limits and reports errors with their lines.

The subset is what `tip-triage` and PyYAML's dumper write for a case file:
block mappings with identifier keys, block sequences (indented under their key
or at its indentation), one-level flow lists and mappings (`[a, b]`, `{a: 1}`,
over several lines too), single-quoted strings, double-quoted strings with no
escape but `\\"` and `\\\\`, plain scalars from an allow-list, comment and blank
lines, a comment after a value when no quote comes before it on its line.
Everything else is refused: anchors, aliases, tags, merge keys, block or
multi-line scalars, repeated keys, document markers and directives, tabs, a BOM,
control characters, a text over 64 KiB, nesting deeper than 8, an integer of
more than `limits.MAX_INT_DIGITS` digits.

Plain scalars follow PyYAML's SafeLoader (YAML 1.1) without the timestamp
resolver. Only forms whose resolution is certain are accepted: the null and
bool words (a table), decimal integers without sign `+`, leading zeros or `_`,
text that begins with a letter or `_` (no implicit resolver but null/bool
starts so) made of word characters, `.`, `/`, `-` and single spaces (in block
context any text without `: ` nor ` #` that does not end in `:`), dates,
date-times and dotted versions (never int nor float: a `-` or a second `.`
inside). tests/test_yamlfast.py checks all of it against `yaml.load` itself.
"""

from __future__ import annotations

import re
from typing import Any

from . import limits

MAX_TEXT = 64 * 1024
MAX_DEPTH = 8


class _Refuse(Exception):
    """Not in the subset: the caller takes the full path."""


# PyYAML's null and bool words (yaml.resolver: `y`/`n` are no bools there), with the values SafeConstructor gives.
_WORDS: dict[str, Any] = dict.fromkeys(("~", "null", "Null", "NULL"))  # and "" (a key with no value: handled apart)
for _word, _truth in (("yes", True), ("no", False), ("true", True), ("false", False), ("on", True), ("off", False)):
    _WORDS.update(dict.fromkeys((_word, _word.capitalize(), _word.upper()), _truth))

# What YAML may read: \n, printable ASCII, and the printable rest without NEL/LS/PS (line breaks in YAML 1.1) and BOM.
# Written as the complement, the few characters it may not: the same set, compiled in a tenth of the time (a
# negated class over all of Unicode costs 10 ms at every start); a test checks every code point against the
# allowed ranges.
_ALLOWED = "\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff"
_FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_CONTROL = bytes(range(0x0A)) + bytes(range(0x0B, 0x20)) + b"\x7f"
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]{0,127}):(?: +(.*))?\Z", re.S)
_OPENS = re.compile(r"(?:- +)*(?:[A-Za-z_][A-Za-z0-9_]*: +)?[\[{]")
_STR = re.compile(r"[^\W\d][\w./-]*(?: +[\w./-]+)*")
_TEXT = re.compile(r"[^\W\d][^\n]*")
_INT = re.compile(rf"-?(?:0|[1-9][0-9]{{0,{limits.MAX_INT_DIGITS - 1}}})")
_DATE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,9})?(?:Z|[-+][0-9]{2}:[0-9]{2})?)?"
    r"|[0-9]{1,9}(?:\.[0-9]{1,9}){2,3}"
)
_SINGLE = re.compile(r"'((?:[^'\n]|'')*)'")
_DOUBLE = re.compile(r'"((?:[^"\\\n]|\\["\\])*)"')
_ESCAPE = re.compile(r"\\([\"\\])")
# a plain item ends with a character that is not a space: the spaces after it belong to the separator, with no
# choice to backtrack over (a lazy item followed by optional spaces took quadratic time on a long run of spaces)
_QUOTED = r"""'((?:[^'\n]|'')*)'|"((?:[^"\\\n]|\\["\\])*)"|([^ \n,'"\[\]{}#](?:[^\n,\[\]{}#]*[^ \n,\[\]{}#])?)"""
_FLOW_ITEM = re.compile(rf"[ \n]*(?:{_QUOTED})[ \n]*(,|\Z)")
_FLOW_PAIR = re.compile(rf"[ \n]*([A-Za-z_][A-Za-z0-9_]{{0,127}}):[ \n]+(?:{_QUOTED})[ \n]*(,|\Z)")

_MISS = object()
_CACHE: dict[str, Any] = {}  # plain scalar -> its value (immutable: str, int, bool, None), bounded
_KEYS: set[str] = set()  # keys already checked
_CACHE_MAX = 4096


def fast_parse(text: str) -> Any | None:
    """The document `yamlfull._Loader` would build from `text`, or None when the text is outside the subset.

    Never raises: a text it cannot read with certainty gives None.
    """
    try:
        return _parse(text)
    except _Refuse:
        return None
    except Exception:  # a safety net: a defect here must cost only speed (the tests call _parse directly)
        return None


def _parse(text: str) -> Any:
    if len(text) > MAX_TEXT:
        raise _Refuse
    if text.isascii():  # the common case: deleting the control bytes is faster than searching with a regex
        if len(text.encode().translate(None, _CONTROL)) != len(text):
            raise _Refuse
    elif _FORBIDDEN.search(text):
        raise _Refuse
    tokens = _tokens(text)
    if not tokens:
        raise _Refuse
    value, i = _node(tokens, 0, 1)
    if i != len(tokens):
        raise _Refuse
    return value


def _tokens(text: str) -> list[tuple[int, str]]:
    """(indent, content) of each line that is not blank nor a comment; a flow collection's lines joined."""
    tokens: list[tuple[int, str]] = []
    append = tokens.append
    open_at = -1  # indentation of the line whose flow collection is not closed yet
    for raw in text.split("\n"):
        body = raw.lstrip(" ")
        indent = len(raw) - len(body)
        if body and body[-1] == " ":
            body = body.rstrip(" ")
        if "#" in body and body[0] != "#":
            cut = body.find(" #")
            if cut > 0:  # a comment after a value; refused where it might be inside quotes
                if "'" in body[:cut] or '"' in body[:cut]:
                    raise _Refuse
                body = body[:cut].rstrip(" ")
        if open_at >= 0:
            if not body or body[0] == "#" or indent <= open_at:
                raise _Refuse
            tokens[-1] = (open_at, tokens[-1][1] + "\n" + body)
            if body[-1] in "]}":
                open_at = -1
        elif body and body[0] != "#":
            append((indent, body))
            if body[-1] not in "]}" and ("[" in body or "{" in body) and _OPENS.match(body):
                open_at = indent
    if open_at >= 0:
        raise _Refuse
    return tokens


def _key(key: str) -> bool:
    """An identifier key that resolves to itself (`yes:` or `null:` is no string key); remembered."""
    if len(key) <= 128 and key.isascii() and key.isidentifier() and key not in _WORDS:
        if len(_KEYS) < _CACHE_MAX:
            _KEYS.add(key)
        return True
    return False


def _is_dash(body: str) -> bool:
    return body[0] == "-" and (len(body) == 1 or body[1] == " ")


def _node(tokens: list[tuple[int, str]], i: int, depth: int) -> tuple[Any, int]:
    """The block collection starting at token i (a bare scalar on its own line is refused)."""
    if depth > MAX_DEPTH:
        raise _Refuse
    indent, body = tokens[i]
    if _is_dash(body):
        return _seq(tokens, i, indent, depth)
    return _map(tokens, i, indent, depth)


def _map(tokens: list[tuple[int, str]], i: int, indent: int, depth: int) -> tuple[Any, int]:
    out: dict[str, Any] = {}
    n = len(tokens)
    while True:
        key, colon, rest = tokens[i][1].partition(":")
        if key not in _KEYS and not _key(key) or not colon or key in out:  # a repeated key is an error
            raise _Refuse
        i += 1
        if rest:
            if rest[0] != " ":
                raise _Refuse
            rest = rest.lstrip(" ")
            value = _CACHE.get(rest, _MISS)
            out[key] = _value(rest, depth) if value is _MISS else value
        elif i < n and tokens[i][0] > indent:
            out[key], i = _node(tokens, i, depth + 1)
        elif i < n and tokens[i][0] == indent and _is_dash(tokens[i][1]):
            if depth >= MAX_DEPTH:
                raise _Refuse
            out[key], i = _seq(tokens, i, indent, depth + 1)
        else:
            out[key] = None
        if i >= n or tokens[i][0] < indent:
            return out, i
        if tokens[i][0] > indent:
            raise _Refuse


def _seq(tokens: list[tuple[int, str]], i: int, indent: int, depth: int) -> tuple[Any, int]:
    out: list[Any] = []
    n = len(tokens)
    while True:
        body = tokens[i][1]
        if body == "-":
            i += 1
            if i < n and tokens[i][0] > indent:
                item, i = _node(tokens, i, depth + 1)
            else:
                item = None
        elif body[:2] == "- ":
            rest = body[2:].lstrip(" ")
            if _is_dash(rest) or _KEY.match(rest):  # `- - a` or `- key: value`: a collection at the content's column
                tokens[i] = (indent + len(body) - len(rest), rest)
                item, i = _node(tokens, i, depth + 1)
            else:
                item = _value(rest, depth)
                i += 1
        else:
            return out, i  # the next key of a mapping at this indentation (checked there)
        out.append(item)
        if i >= n or tokens[i][0] < indent:
            return out, i
        if tokens[i][0] > indent:
            raise _Refuse


def _value(text: str, depth: int) -> Any:
    """A value written on its key's (or dash's) line: a scalar or a flow collection one level deeper."""
    first = text[0]
    if first == "[" or first == "{":
        if depth >= MAX_DEPTH or text[-1] != ("]" if first == "[" else "}"):
            raise _Refuse
        inner = text[1:-1]
        if not inner.strip(" \n"):
            return [] if first == "[" else {}
        if first == "[":
            if "'" in inner or '"' in inner:
                return [_quoted_or_plain(m) for m in _flow(_FLOW_ITEM, inner)]
            return [_plain(item.strip(" \n")) for item in inner.split(",")]
        out: dict[str, Any] = {}
        for m in _flow(_FLOW_PAIR, inner):
            key = m.group(1)
            if key in out or key in _WORDS:
                raise _Refuse
            out[key] = _quoted_or_plain(m, 1)
        return out
    if first == "'":
        match = _SINGLE.fullmatch(text)
        if match is None:
            raise _Refuse
        return match.group(1).replace("''", "'")
    if first == '"':
        match = _DOUBLE.fullmatch(text)
        if match is None:
            raise _Refuse
        inner = match.group(1)
        return _ESCAPE.sub(r"\1", inner) if "\\" in inner else inner
    return _plain(text, True)


def _flow(pattern: re.Pattern[str], inner: str) -> list[re.Match[str]]:
    """The items of a one-level flow collection's inside, each ending at a comma or at the end (no trailing comma)."""
    out = []
    pos, end = 0, len(inner)
    while pos < end:
        match = pattern.match(inner, pos)
        if match is None:
            raise _Refuse
        out.append(match)
        pos = match.end()
    if not out or out[-1].group(pattern.groups) != "":
        raise _Refuse
    return out


def _quoted_or_plain(match: re.Match[str], shift: int = 0) -> Any:
    single, double, plain = match.group(1 + shift, 2 + shift, 3 + shift)
    if single is not None:
        return single.replace("''", "'")
    if double is not None:
        return _ESCAPE.sub(r"\1", double) if "\\" in double else double
    return _plain(plain)


def _plain(text: str, block: bool = False) -> Any:
    """A plain scalar's value; in block context also a text with commas, quotes, brackets (never cached)."""
    value = _CACHE.get(text, _MISS)
    if value is not _MISS:
        return value
    value = _WORDS.get(text, _MISS)
    if value is _MISS:
        if _STR.fullmatch(text) or _DATE.fullmatch(text):
            value = text
        elif _INT.fullmatch(text):
            value = int(text)
        elif block and _TEXT.fullmatch(text) and ": " not in text and " #" not in text and text[-1] != ":":
            return text  # begins with a letter: no resolver but null/bool applies; `: `, ` #` would end it
        else:
            raise _Refuse
    if len(_CACHE) < _CACHE_MAX:
        _CACHE[text] = value
    return value
