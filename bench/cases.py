"""A seeded generator of realistic synthetic case files (for bench/batch.py and the tests).

Each case starts from one of the trainer scenarios in cases_examples/ (their facts
only, never their expectations) and varies the way real files vary: another age
within the child's range, a few facts not recorded yet (unknown), incidental facts
(disability, health needs, danger, retaliation, documents) recorded differently,
a recording date, and for some an interview block as the guided triage writes it.
The same seed gives the same cases, byte for byte.

    .venv/bin/python bench/cases.py N FOLDER [--seed S] [--jsonl FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "cases_examples"
INCIDENTAL = (
    "indigenous",
    "disability",
    "health_needs",
    "immediate_danger",
    "risk_of_retaliation",
    "has_identity_documents",
    "unaccompanied",
    "child_consented",
)
OFFICES = ("BOG", "MED", "CAL", "BAQ", "CUC", "PAS", "LET", "QUI", "RIO", "IPI")
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def templates() -> list[dict[str, Any]]:
    """The facts of every bundled trainer scenario, in file order."""
    out = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        facts = yaml.safe_load(path.read_text(encoding="utf-8")).get("facts") or {}
        out.append(facts)
    return out


def generate(n: int, seed: int = 2026) -> Iterator[dict[str, Any]]:
    """`n` case objects (case file format v1), deterministic for a seed."""
    rng = random.Random(seed)
    bases = templates()
    for i in range(n):
        facts = dict(rng.choice(bases))
        age = facts.get("age")
        if isinstance(age, int) and age < 18:
            facts["age"] = max(0, min(17, age + rng.randint(-3, 3)))
        for key in INCIDENTAL:
            if rng.random() < 0.15:
                facts[key] = rng.random() < 0.5
        for key in list(facts):
            if rng.random() < 0.06:
                if rng.random() < 0.5:
                    del facts[key]  # not recorded: unknown
                else:
                    facts[key] = None  # recorded as explicitly unknown
        office = OFFICES[i % len(OFFICES)]
        month = 1 + (i * 7) % 12
        case: dict[str, Any] = {
            "tip_triage_case": 1,
            "id": f"{office}-2026-{i:06d}",
            "recorded": f"2026-{month:02d}-{1 + i % 28:02d}",
            "facts": facts,
        }
        if rng.random() < 0.2:
            case["interview"] = {
                "lang": "es",
                "started": f"2026-{month:02d}-{1 + i % 28:02d}T14:02:11Z",
                "updated": f"2026-{month:02d}-{1 + i % 28:02d}T14:19:40Z",
                "finished": True,
                "asked": [k for k in facts],
            }
        yield case


def write(n: int, folder: Path, seed: int = 2026, jsonl: Path | None = None) -> list[Path]:
    """Write `n` case files under `folder` (1,000 per subfolder), and the same cases as JSON Lines."""
    paths = []
    folder.mkdir(parents=True, exist_ok=True)
    partial = jsonl.with_name(jsonl.name + ".partial") if jsonl else None
    out = open(partial, "w", encoding="utf-8") if partial else None
    try:
        for i, case in enumerate(generate(n, seed)):
            sub = folder / f"{i // 1000:04d}"
            if i % 1000 == 0:
                sub.mkdir(parents=True, exist_ok=True)
            path = sub / f"{case['id']}.yaml"
            path.write_text(
                yaml.dump(
                    case, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=None, width=100
                ),
                encoding="utf-8",
            )
            paths.append(path)
            if out:
                out.write(json.dumps(case, ensure_ascii=False) + "\n")
    finally:
        if out:
            out.close()
    if partial and jsonl:
        partial.replace(jsonl)  # complete: a later run may reuse it
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--jsonl", type=Path)
    args = parser.parse_args(argv)
    write(args.n, args.folder, args.seed, args.jsonl)
    return 0


if __name__ == "__main__":
    sys.exit(main())
