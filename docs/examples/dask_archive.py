"""Evaluate a case archive on Dask: every case file under a folder, and JSON Lines files.

    pip install "tip-triage[dask]"
    python docs/examples/dask_archive.py ARCHIVE_FOLDER OUT_FOLDER [--workers N]

Writes OUT_FOLDER/part-*.jsonl (one result per line, the same objects as
`tip-triage batch ARCHIVE_FOLDER --format jsonl`) and prints counts by qualification.
On one machine it uses Dask's local process pool; on a cluster, pass a
dask.distributed Client's scheduler instead (docs/analysts.md).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import dask
import dask.bag as db

from tip_triage import api

CASE_SUFFIXES = (".yaml", ".yml", ".json")


def case_files(folder: str) -> list[str]:
    """Case files under a folder, hidden ones left out (as tip-triage batch finds them)."""
    root = Path(folder)
    return sorted(
        str(p)
        for p in root.rglob("*")
        if p.suffix.lower() in CASE_SUFFIXES
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def results(folder: str, guideline: str | None = None, lang: str = "es", jsonl: list[str] = ()) -> db.Bag:
    """A bag of result dicts: one per case file, then one per line of each JSON Lines file."""
    files = db.from_sequence(case_files(folder), partition_size=500)
    bag = files.map(api.evaluate_file, guideline=guideline, lang=lang)
    for path in jsonl:
        lines = db.read_text(path).filter(str.strip).map(json.loads)
        bag = db.concat([bag, lines.map(api.evaluate, guideline=guideline, lang=lang)])
    return bag


def main(argv: list[str] | None = None) -> dict[str, int]:
    parser = argparse.ArgumentParser(description="Evaluate a case archive on Dask.")
    parser.add_argument("archive")
    parser.add_argument("out")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--guideline", default=None)
    parser.add_argument("--lang", default="es")
    args = parser.parse_args(argv)
    bag = results(args.archive, args.guideline, args.lang)
    Path(args.out).mkdir(parents=True, exist_ok=True)
    with dask.config.set(scheduler="processes", num_workers=args.workers):
        bag.map(json.dumps, ensure_ascii=False).to_textfiles(str(Path(args.out) / "part-*.jsonl"))
        counts = dict(bag.filter(lambda r: r["status"] == "ok").pluck("qualification").frequencies().compute())
    for code, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        print(f"{n:8d}  {code}")
    return counts


if __name__ == "__main__":
    main()
