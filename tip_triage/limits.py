"""Every limit on what tip-triage reads, in one place (documented in the README, "Limits").

A file past a limit is refused with exit 2 and a one-line error that names the
limit (`limit: ...`), before the work it would cost is done: a case file is a
few kilobytes, the bundled guideline about 130 KB, so the limits are far above
any real input and far below what would hang the tool or exhaust its memory.
"""

from __future__ import annotations

# Bytes of one file read whole: a case file, a guideline file, a saved interview, stdin for `check -`.
MAX_FILE_BYTES = 4 * 1024 * 1024
# Bytes of one JSON Lines input (read row by row), of one of its rows, and how many rows it may have.
MAX_JSONL_BYTES = 2 * 1024 * 1024 * 1024  # read as a stream: a year of a region's cases, with room
MAX_ROW_BYTES = 1024 * 1024
MAX_ROWS = 1_000_000
# Rows that are not even a JSON object (bad bytes, too long, no '{'): past this many, when they are most of
# the rows so far, the input is not JSON Lines at all (random bytes, a binary file) and reading stops.
MAX_BAD_ROWS = 1_000
# Nesting of mappings and lists in one YAML or JSON document (a case file needs 4, a guideline about 20).
MAX_DEPTH = 64
# Alias references (`*name`) in one YAML document, and the nodes the document holds once they are expanded.
MAX_ALIASES = 100
MAX_NODES = 500_000
# Digits of one integer (an age needs 3).
MAX_INT_DIGITS = 20
# Characters of a path given or found, and of one name in it.
MAX_PATH_CHARS = 4096
MAX_NAME_CHARS = 255
# Depth of a guideline condition, the definitions it refers to expanded (a chain of definitions counts each link).
MAX_CONDITION_DEPTH = 150
# Entries a folder walk of `batch` visits (files and folders), so a huge tree cannot run forever.
MAX_WALK_ENTRIES = 1_000_000

ALL = {
    "MAX_FILE_BYTES": MAX_FILE_BYTES,
    "MAX_JSONL_BYTES": MAX_JSONL_BYTES,
    "MAX_ROW_BYTES": MAX_ROW_BYTES,
    "MAX_ROWS": MAX_ROWS,
    "MAX_BAD_ROWS": MAX_BAD_ROWS,
    "MAX_DEPTH": MAX_DEPTH,
    "MAX_ALIASES": MAX_ALIASES,
    "MAX_NODES": MAX_NODES,
    "MAX_INT_DIGITS": MAX_INT_DIGITS,
    "MAX_PATH_CHARS": MAX_PATH_CHARS,
    "MAX_NAME_CHARS": MAX_NAME_CHARS,
    "MAX_CONDITION_DEPTH": MAX_CONDITION_DEPTH,
    "MAX_WALK_ENTRIES": MAX_WALK_ENTRIES,
}


def too_big(what: str, limit: int, unit: str = "") -> str:
    """The message for a limit passed: names the limit and its value."""
    return f"limit: {what} (at most {limit:,}{unit})"
