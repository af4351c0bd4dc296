"""Safe YAML reading (libyaml when present) with locations for error messages.

Dates and times stay strings: a case's `recorded: 2026-11-29` is text, as in
JSON. Error messages never quote the file's content (it may be case data).
"""
from __future__ import annotations

from typing import Any, Sequence

import yaml

from .errors import TipTriageError

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loader without the timestamp resolver, refusing repeated keys."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        # PyYAML keeps the last of two equal keys: a repeated fact would silently change a case.
        seen: set[Any] = set()
        for key_node, _ in node.value:
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


def parse(text: str, name: str) -> Any:
    """Parse YAML (or JSON) text; a syntax error names the line, never the content."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{name}:{mark.line + 1}" if mark else name
        raise TipTriageError(f"not valid YAML: {exc.problem or exc.context}", where, "yaml") from None
    except yaml.YAMLError:
        raise TipTriageError("not valid YAML", name, "yaml") from None


def read_text(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except FileNotFoundError:
        raise TipTriageError("no such file", path, "not_found") from None
    except IsADirectoryError:
        raise TipTriageError("is a folder, not a file", path, "not_found") from None
    except UnicodeDecodeError:
        raise TipTriageError("not UTF-8 text", path, "encoding") from None
    except OSError as exc:
        raise TipTriageError(f"cannot be read ({exc.strerror})", path, "io") from None


def line_of(text: str, path: Sequence[str | int]) -> int | None:
    """The 1-based line of the node at `path` in a YAML document, if it can be found."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None
    line = None
    at_key = False
    for key in path:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == key), None)
            if match is None:
                return line
            line = match[0].start_mark.line + 1
            node, at_key = match[1], True
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node, at_key = node.value[key], False
        else:
            return line
    # A path that ends at a key names the key's line, not the first line of a block value below it.
    return line if at_key or node is None else node.start_mark.line + 1


def dotted(path: Sequence[str | int]) -> str:
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out
