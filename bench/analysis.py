"""Growth of guideline validation with "diamond" definitions, as ratios to the bundled guideline, in the same run.

    .venv/bin/python bench/analysis.py [--runs 3] [--layers 5,10,15,20,25,30]

A diamond of n layers: definition d_i refers twice to d_{i+1} (2^n paths when
references are expanded). Each size is validated in full (`check_guideline`,
schema, meaning and the static analysis of `guideline validate`), interleaved
with the bundled guideline (the baseline: what the checks cost anyway), and
the median of each is printed with its ratio to the baseline. Expanding each
reference grew as 2^n (3 s at 14 layers, 110 s at 20, no end at 30); visiting
each definition once grows linearly: the ratio rises by a small, steady step
per layer. Nothing is asserted (machines differ); tests/test_hostile.py bounds
a 30-layer diamond in time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

import hostile_guidelines as hg  # noqa: E402

from tip_triage.loader import check_guideline  # noqa: E402


def timed(path: str | None) -> float:
    start = time.perf_counter()
    problems, guideline = check_guideline(path, deep=True)
    elapsed = time.perf_counter() - start
    if guideline is None:
        raise SystemExit(f"{path}: {problems[0]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--layers", default="5,10,15,20,25,30")
    options = parser.parse_args()
    layers = [int(n) for n in options.layers.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        folders = {n: str(hg.diamond(Path(tmp) / f"d{n}", n)) for n in layers}
        base: list[float] = []
        times: dict[int, list[float]] = {n: [] for n in layers}
        for _ in range(options.runs):
            for n in layers:
                base.append(timed(None))
                times[n].append(timed(folders[n]))
    baseline = statistics.median(base)
    print(f"{'guideline':<28} {'median':>9} {'ratio':>7}")
    print(f"{'bundled (baseline)':<28} {baseline * 1000:>7.0f}ms {1:>7.2f}")
    for n in layers:
        median = statistics.median(times[n])
        print(f"{f'diamond, {n} layers':<28} {median * 1000:>7.0f}ms {median / baseline:>7.2f}")


if __name__ == "__main__":
    main()
