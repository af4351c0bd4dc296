"""PyYAML's side of `yamlio`: the safe loader (libyaml when present), its limits, and locations for errors.

Imported only when a text is outside the fast reader's subset or an error needs a line: a batch of
ordinary case files never imports PyYAML (about 25 ms at every start).
Dates and times stay strings: a case's `recorded: 2026-11-29` is text, as in
JSON. Error messages never quote the file's content (it may be case data).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

import yaml

from . import limits
from .errors import TipTriageError, where

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc]
    """Safe loader without the timestamp resolver, refusing repeated keys."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        # PyYAML keeps the last of two equal keys: a repeated fact would silently change a case.
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":  # '<<' would override keys past the repeated-key rule
                raise yaml.constructor.ConstructorError(
                    None, None, "merge key '<<' is not allowed", key_node.start_mark
                )
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is not None and key in seen:
                shown = f" '{key}'" if key.replace("_", "").isalnum() and key.isascii() else ""
                raise yaml.constructor.ConstructorError(None, None, f"repeated key{shown}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_INT = re.compile(r"[-+]?(?:0b[0-1_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])*)")
_INT_TAG = "tag:yaml.org,2002:int"
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_NOT_PLAIN = (
    "a number with a leading 0, a base (0x, 0o, 0b), '_' or ':' is not read as written: write it in plain digits"
)


def check_limits(text: str, name: str) -> None:
    """Refuse, before building anything, a document past the limits: nesting, aliases, expanded size, long integers.

    One pass over the parser's events (libyaml when present), counting what each
    anchored node holds, so an alias bomb is measured without being expanded.
    """
    if len(text) > limits.MAX_FILE_BYTES:
        raise TipTriageError(limits.too_big("file size", limits.MAX_FILE_BYTES, " bytes"), name, "limit")
    stack: list[list[Any]] = [[None, 0]]  # [anchor, nodes inside] per open collection
    sizes: dict[str, int] = {}
    aliases = 0
    loader = _Loader(text)
    try:
        while True:
            event = loader.get_event()
            if event is None:
                break
            kind = type(event)
            line = f"{name}:{event.start_mark.line + 1}" if event.start_mark else name
            if kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
                if len(stack) > limits.MAX_DEPTH:
                    raise TipTriageError(limits.too_big("nesting depth", limits.MAX_DEPTH), line, "limit")
                stack.append([event.anchor, 1])
            elif kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                anchor, count = stack.pop()
                if anchor is not None:
                    sizes[anchor] = count
                stack[-1][1] += count
            elif kind is yaml.ScalarEvent:
                value = event.value
                if (
                    (event.tag == _INT_TAG or (event.tag is None and event.implicit[0]))
                    and len(value) > limits.MAX_INT_DIGITS
                    and _INT.fullmatch(value)
                    and sum(c.isalnum() for c in value) > limits.MAX_INT_DIGITS
                ):
                    raise TipTriageError(limits.too_big("digits of an integer", limits.MAX_INT_DIGITS), line, "limit")
                if (
                    event.implicit[0]
                    and not _DECIMAL.fullmatch(value)
                    and loader.resolve(yaml.ScalarNode, value, event.implicit) == _INT_TAG
                ):
                    # YAML 1.1 reads 010 as 8 (octal), 1:30 as 90, 0x10 and 1_6 as 16: an age written so would
                    # silently become another; only plain digits are read as a number (the value is not shown)
                    raise TipTriageError(_NOT_PLAIN, line, "yaml")
                if event.anchor is not None:
                    sizes[event.anchor] = 1
                stack[-1][1] += 1
            elif kind is yaml.AliasEvent:
                aliases += 1
                if aliases > limits.MAX_ALIASES:
                    raise TipTriageError(
                        limits.too_big("aliases (*name) in one document", limits.MAX_ALIASES), line, "limit"
                    )
                stack[-1][1] += sizes.get(event.anchor, 1)
            if stack[-1][1] > limits.MAX_NODES or stack[0][1] > limits.MAX_NODES:
                raise TipTriageError(
                    limits.too_big("values in one document, aliases expanded", limits.MAX_NODES), line, "limit"
                )
        total = sum(entry[1] for entry in stack)
        if total > limits.MAX_NODES:
            raise TipTriageError(
                limits.too_big("values in one document, aliases expanded", limits.MAX_NODES), name, "limit"
            )
    except yaml.YAMLError:
        return  # a syntax error: parse() reports it with its line
    finally:
        loader.dispose()


def _problem(exc: yaml.YAMLError) -> str:
    """What YAML says is wrong, without quoting the file (a quoted character is kept only if printable)."""
    text = str(getattr(exc, "problem", None) or getattr(exc, "context", None) or "")

    def keep(match: re.Match[str]) -> str:
        inner = match.group(1)
        if (
            inner == "<<"
            or (inner.startswith("<") and inner.endswith(">"))
            or (len(inner) <= 2 and inner.startswith("\\"))
        ):
            return match.group(0)
        if text.startswith("repeated key") and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,63}", inner):
            return match.group(0)  # our own message: a key name, shown only when it is a plain identifier
        if len(inner) == 1 and inner.isprintable() and not inner.isalnum():
            return match.group(0)
        return "" if inner.startswith("!") or "tag:" in inner else "it"

    text = re.sub(r" ?'([^']*)'", lambda m: (" " + keep(m).lstrip()) if keep(m) else "", text)
    return "".join(c for c in text if c.isprintable()) or "not valid"


def parse(text: str, name: str) -> Any:
    """Parse YAML (or JSON) text within the limits with PyYAML; a syntax error names the line, never the content."""
    check_limits(text, name)
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise TipTriageError(
            f"not valid YAML: {_problem(exc)}", where(name, mark.line + 1 if mark else None), "yaml"
        ) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.position, int) else None
        raise TipTriageError(
            "not valid YAML: a control character that YAML does not allow", where(name, line), "yaml"
        ) from None
    except yaml.YAMLError:
        raise TipTriageError("not valid YAML", name, "yaml") from None
    except RecursionError:
        raise TipTriageError(limits.too_big("nesting depth", limits.MAX_DEPTH), name, "limit") from None
    except (
        ValueError,
        KeyError,
        IndexError,
        TypeError,
        OverflowError,
    ):  # a tag (!!int, !!bool ...) on a value it cannot read
        raise TipTriageError(
            "not valid YAML: a value does not match its tag (!!int, !!bool, !!float ...)", name, "yaml"
        ) from None


@functools.lru_cache(maxsize=8)
def _compose(text: str) -> Any:
    """The node tree of a document, once per text: a guideline with many problems is composed once, not per problem."""
    try:
        return yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        return None


def line_of(text: str, path: Sequence[str | int]) -> int | None:
    """The 1-based line of the node at `path` in a YAML document, if it can be found."""
    node = _compose(text)
    line: int | None = None
    at_key = False
    for key in path:
        if node is None:
            break
        line = int(node.start_mark.line) + 1
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == key), None)
            if match is None:
                return line
            line = int(match[0].start_mark.line) + 1
            node, at_key = match[1], True
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node, at_key = node.value[key], False
        else:
            return line
    # A path that ends at a key names the key's line, not the first line of a block value below it.
    return line if at_key or node is None else int(node.start_mark.line) + 1
