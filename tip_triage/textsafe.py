"""Text from input (case ids, file names) made safe to print: no raw control characters reach an output.

A case id or a file name may hold escape sequences (they would drive the
Defender's terminal: change the title, hide lines, rewrite what is shown),
bidirectional overrides (text that reads differently from what it is) or
other control characters. Terminal and Markdown output show them escaped
(`\x1b`); JSON escapes them itself (C1 controls included, see `json_safe`);
Markdown shows input inert (`markdown_text`, `markdown_code`: no inline HTML, no link);
a CSV cell that would start a spreadsheet formula (= + - @, tab, CR) is
neutralised with a leading apostrophe.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029" + _BIDI + "]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: Any) -> str:
    """`text` with every control character shown as an escape (\\x1b), never raw."""
    value = str(text)
    return _UNSAFE.sub(_escape, value) if _UNSAFE.search(value) else value


_UNSAFE_IN_PROSE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029" + _BIDI + "]")


def printable_text(text: Any) -> str:
    """Like `printable`, but line breaks and tabs (\\n, \\t) stay: for prose of several lines (a narrative)."""
    value = str(text)
    return _UNSAFE_IN_PROSE.sub(_escape, value) if _UNSAFE_IN_PROSE.search(value) else value


def first_control(text: str) -> str | None:
    """The first character `printable_text` would escape, shown escaped (\\x1b), or None when there is none."""
    found = _UNSAFE_IN_PROSE.search(text)
    return _escape(found) if found else None


_MARKDOWN_INERT = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MARKDOWN_SPECIAL = re.compile(r"[&<>\\`*_\[\]~|#]")


def markdown_text(text: Any) -> str:
    """Text from input (a case id, a name typed on the command line) for Markdown prose, shown as typed and inert.

    `printable` (one line, no raw control), then `&`, `<`, `>` as entities (a Markdown viewer renders inline
    HTML: `<img onerror=...>` would run) and Markdown's punctuation (backslash, backtick, * _ [ ] ~ | #)
    backslash-escaped (no link, image, emphasis or table cell made from input). Plain ids and names are unchanged.
    """
    value = printable(text)
    return _MARKDOWN_SPECIAL.sub(lambda m: _MARKDOWN_INERT.get(m.group()) or "\\" + m.group(), value)


def markdown_code(text: Any) -> str:
    """Text from input as a Markdown code span (shown literally, HTML included), its fence longer than any ` inside."""
    value = printable(text)
    fence = "`" * (max((len(run) for run in re.findall("`+", value)), default=0) + 1)
    pad = " " if value[:1] == "`" or value[-1:] == "`" else ""
    return f"{fence}{pad}{value}{pad}{fence}"


_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029" + _BIDI + "]")


def json_safe(text: str) -> str:
    """JSON text with C1 controls, line separators and bidi marks escaped as \\uXXXX (json leaves them raw)."""
    if text.isascii() and "\x7f" not in text:  # the usual case, at the cost of one scan
        return text
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def csv_cell(value: Any) -> str:
    """A CSV cell a spreadsheet shows as text: no raw controls, no formula."""
    text = printable(value)
    if text and (
        text[0] in "=+-@" or unicodedata.category(text[0]) == "Zs" and text.lstrip()[:1] in ("=", "+", "-", "@")
    ):
        return "'" + text
    return text


def clean_item(item: dict[str, Any]) -> dict[str, Any]:
    """A result or error item whose input-derived texts (id, file, error) are printable."""
    out = dict(item)
    for key in ("id", "file"):
        if isinstance(out.get(key), str):
            out[key] = printable(out[key])
    if isinstance(out.get("error"), dict):
        out["error"] = {k: printable(v) if isinstance(v, str) else v for k, v in out["error"].items()}
    return out
