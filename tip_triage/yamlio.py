"""Safe YAML reading with locations for error messages: the fast reader first, PyYAML when it must.

`parse` reads a case file in the subset of YAML case files are written in with `yamlfast` (equal to
PyYAML's result on everything it accepts); anything else, and every error, goes to `yamlfull`, which
imports PyYAML. Dates and times stay strings: a case's `recorded: 2026-11-29` is text, as in JSON.
Error messages never quote the file's content (it may be case data).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .yamlfast import fast_parse


def parse(text: str, name: str) -> Any:
    """Parse YAML (or JSON) text within the limits; a syntax error names the line, never the content."""
    value = fast_parse(text)
    if value is not None:
        # No limit can be passed on the fast path: it takes at most 64 KiB (MAX_FILE_BYTES is 4 MiB, and so
        # fewer than MAX_NODES values), nesting at most 8 (MAX_DEPTH 64), no anchor nor alias, and integers
        # of at most MAX_INT_DIGITS digits; anything else is refused and read by PyYAML within the limits.
        return value
    from .yamlfull import parse as full

    return full(text, name)


def line_of(text: str, path: Sequence[str | int]) -> int | None:
    """The 1-based line of the node at `path` in a YAML document, if it can be found."""
    from .yamlfull import line_of as find

    return find(text, path)


def read_text(path: str) -> str:
    from .safeio import read_text as read

    return read(path)


def dotted(path: Sequence[str | int]) -> str:
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out
