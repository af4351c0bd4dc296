"""--jobs N: this process and N - 1 workers share the chunks; the output is the serial output, byte for byte.

The chunks are made small here so that a few hundred cases give many: some go to the workers, some are
evaluated by this process while the workers have enough queued, and the two kinds interleave.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest
from conftest import REPO

from tip_triage import jobs
from tip_triage.pipeline import Guidelines, Worker, tasks

sys.path.insert(0, str(REPO / "bench"))
import cases as generated  # noqa: E402


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("jobs")
    generated.write(330, where / "cases", seed=8, jsonl=where / "cases.jsonl")
    (where / "cases" / "zz-broken.yaml").write_text("tip_triage_case: 1\nid: [\n", encoding="utf-8")
    return where / "cases"


def _batch(folder: Path, n: int, fmt: str, out: io.BufferedWriter | None = None) -> list:
    """The pieces of a batch with `n` jobs; with `out` (a real file), JSON Lines written as batch writes them."""
    worker = Worker(Guidelines(None), fmt, "es", True)
    init = (None, dict(os.environ), fmt, "es", True, None)
    direct = (out.fileno(), out.flush) if out is not None else None
    made = []
    for piece in jobs.pieces(tasks([str(folder)], sys.stdin), worker, n, init, direct):
        if out is not None:
            out.write(piece.text)
        made.append(piece)
    return made


@pytest.mark.parametrize("n", [2, 3])
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json"])
def test_shared_chunks_give_the_serial_pieces(folder, monkeypatch, n, fmt):
    monkeypatch.setattr(jobs, "CHUNK", 8)
    serial, shared = _batch(folder, 1, fmt), _batch(folder, n, fmt)
    assert len(serial) == 331 and [p.digest.status for p in serial].count("error") == 1
    if fmt == "jsonl":  # workers' chunks come back as one text on their first piece: compare the whole
        assert b"".join(p.text for p in shared) == b"".join(p.text for p in serial)
    else:
        assert [p.text for p in shared] == [p.text for p in serial]
    assert [p.digest for p in shared] == [p.digest for p in serial]


@pytest.mark.parametrize("n", [2, 3])
def test_workers_and_this_process_writing_in_turn_keep_the_serial_bytes(folder, tmp_path, monkeypatch, n):
    """With a real descriptor, workers write their chunks themselves when their turn has come."""
    monkeypatch.setattr(jobs, "CHUNK", 8)
    written = {}
    for jobs_n in (1, n):
        path = tmp_path / f"out-{jobs_n}.jsonl"
        with open(path, "wb") as out:
            _batch(folder, jobs_n, "jsonl", out)
        written[jobs_n] = path.read_bytes()
    assert written[n] == written[1] and written[1].count(b"\n") == 331
