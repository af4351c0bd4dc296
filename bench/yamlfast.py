"""yamlfast.fast_parse against yaml.load (libyaml, yamlio's loader), measured in the same run.

    .venv/bin/python bench/yamlfast.py [--n 2000] [--rounds 5]

Reads `n` generated case files (bench/cases.py, dumped as it writes them) and the
bundled examples, with each reader, rounds interleaved (so drift hits both alike),
and prints the best µs per file of each, the ratio, the share the fast path
accepts and the full `yamlio.parse` for comparison. It asserts nothing about time;
it exits 1 if fast_parse ever disagrees with yaml.load.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cases  # noqa: E402

from tip_triage.yamlfast import fast_parse  # noqa: E402
from tip_triage.yamlfull import _Loader  # noqa: E402
from tip_triage.yamlio import parse  # noqa: E402


def best_us(texts: list[str], read: Callable[[str], Any], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for text in texts:
            read(text)
        best = min(best, time.perf_counter() - start)
    return best / len(texts) * 1e6


def report(label: str, texts: list[str], rounds: int) -> bool:
    loaded = [yaml.load(t, Loader=_Loader) for t in texts]  # noqa: S506 - a SafeLoader subclass
    fast = [fast_parse(t) for t in texts]
    wrong = sum(f is not None and f != y for f, y in zip(fast, loaded))
    accepted = sum(f is not None for f in fast)
    readers: dict[str, Callable[[str], Any]] = {
        "yaml.load (C loader)": lambda t: yaml.load(t, Loader=_Loader),  # noqa: S506
        "fast_parse": fast_parse,
        "yamlio.parse": lambda t: parse(t, "bench.yaml"),
    }
    times = {name: 0.0 for name in readers}
    for _ in range(rounds):  # interleaved, best of all rounds
        for name, read in readers.items():
            took = best_us(texts, read, 1)
            times[name] = took if times[name] == 0.0 else min(times[name], took)
    lines = sum(t.count("\n") for t in texts) / len(texts)
    base = times["yaml.load (C loader)"]
    print(f"{label}: {len(texts)} files, {lines:.0f} lines each on average, {accepted / len(texts):.1%} accepted")
    for name, took in times.items():
        print(f"  {name:22} {took:8.1f} µs/file   {took / base:5.2f}x yaml.load")
    if wrong:
        print(f"  fast_parse DISAGREES with yaml.load on {wrong} files")
    return not wrong


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    generated = [
        yaml.dump(case, Dumper=cases._Dumper, allow_unicode=True, sort_keys=False, default_flow_style=None, width=100)
        for case in cases.generate(args.n, seed=2026)
    ]
    examples = [p.read_text(encoding="utf-8") for p in sorted(cases.EXAMPLES.glob("*.yaml"))]
    ok = report("generated cases (bench/cases.py)", generated, args.rounds)
    ok = report("bundled examples (cases_examples/)", examples, args.rounds) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
