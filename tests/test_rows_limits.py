"""JSON Lines rows at and past the row-size limit: one error row per line too long, and the rows after it keep
their numbers (the rest of a long line is never read as rows of its own)."""

from __future__ import annotations

import io
import json

from clirun import run

from tip_triage import limits
from tip_triage.errors import TipTriageError
from tip_triage.safeio import rows

MAX = limits.MAX_ROW_BYTES
VALID = '{"tip_triage_case": 1, "id": "ok-%d", "facts": {"age": 15}}\n'


def _long(size: int) -> bytes:
    """A JSON object of `size` bytes (its newline not counted)."""
    head, tail = b'{"a": "', b'"}'
    return head + b"x" * (size - len(head) - len(tail)) + tail


def _read(data: bytes) -> list[tuple[int, str]]:
    return [
        (number, f"error: {item.message}" if isinstance(item, TipTriageError) else "text")
        for number, item in rows(io.BytesIO(data), "<stdin>")
    ]


def test_a_row_past_the_limit_is_one_error_row_and_the_next_keeps_its_number():
    data = b"".join(
        [
            (VALID % 1).encode(),
            _long(MAX + 10) + b"\n",
            (VALID % 3).encode(),
            _long(2 * MAX + 5) + b"\n",  # more than one read past the limit
            (VALID % 5).encode(),
            _long(MAX + 1) + b"\n",  # one byte too many: its newline is all that is left to read past
            (VALID % 7).encode(),
            _long(MAX + 3),  # the last line, with no newline
        ]
    )
    too_long = "error: " + limits.too_big("row size", MAX, " bytes")
    assert _read(data) == [
        (1, "text"),
        (2, too_long),
        (3, "text"),
        (4, too_long),
        (5, "text"),
        (6, too_long),
        (7, "text"),
        (8, too_long),
    ]


def test_a_row_of_the_limits_size_is_read_not_dropped():
    data = _long(MAX) + b"\n" + (VALID % 2).encode() + _long(MAX)
    assert _read(data) == [(1, "text"), (2, "text"), (3, "text")]


def test_batch_gives_one_error_row_per_line_too_long():
    data = (VALID % 1).encode() + _long(MAX + 10) + b"\n" + (VALID % 3).encode() + _long(3 * MAX) + b"\n"
    data += (VALID % 5).encode()
    done = run(["batch", "-", "--format", "jsonl"], stdin=data, timeout=20)
    assert done.code == 2 and "Traceback" not in done.err, done.err
    items = [json.loads(line) for line in done.out.splitlines()]
    assert [(i["file"], i["status"]) for i in items] == [
        ("<stdin>:1", "ok"),
        ("<stdin>:2", "error"),
        ("<stdin>:3", "ok"),
        ("<stdin>:4", "error"),
        ("<stdin>:5", "ok"),
    ]
    assert [i["id"] for i in items if i["status"] == "ok"] == ["ok-1", "ok-3", "ok-5"]
    for item in items[1::2]:
        assert item["error"]["code"] == "limit" and item["error"]["message"].startswith("limit: row size")
