"""How `tip-triage guideline lint` grows with the size of the guideline, measured in one run.

    .venv/bin/python bench/lint.py [--runs 5] [--sizes 1,2,5,10]

Synthetic guidelines k times the bundled one are built in memory: k copies of
every fact, definition, qualification rule (each copy with its own codes),
aggravating circumstance, note, referral and stage of the flow, renamed so the
copies share nothing (the same shape, k times over). The baseline is the lint
of the bundled guideline (k = 1) measured in this same run; for each k the
script prints the median time, its ratio to the baseline, and that ratio
divided by k (about 1 when the time grows linearly with the number of facts,
about k when it grows quadratically). The fitted exponent is log(t_max / t_1) /
log(k_max): 1 is linear, 2 quadratic. Nothing enumerates every combination of
facts (that would be exponential: the bundled guideline alone has more than
10^20 complete fact assignments).

It asserts nothing about time (machines differ).
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tip_triage.condtree import All, AnyOf, FactTest, Not, Ref  # noqa: E402
from tip_triage.lint import lint  # noqa: E402
from tip_triage.loader import load_guideline  # noqa: E402
from tip_triage.model import Guideline  # noqa: E402

KEEP_CODES = ("insufficient_information", "no_crime_indicators")


def _rename(cond: Any, k: int) -> Any:
    """A parsed condition (tip_triage.condtree) with its facts, definitions and codes renamed for copy k."""
    if cond is None or k == 0:
        return cond
    if isinstance(cond, (All, AnyOf)):
        return replace(cond, parts=tuple(_rename(c, k) for c in cond.parts))
    if isinstance(cond, Not):
        return replace(cond, inner=_rename(cond.inner, k))
    if isinstance(cond, FactTest):
        return replace(cond, fact=f"{cond.fact}_{k}")
    if isinstance(cond, Ref):
        return replace(cond, name=f"{cond.name}_{k}")
    if cond.key in ("qualified", "primary"):
        return replace(cond, values=tuple(c if c in KEEP_CODES else f"{c}_{k}" for c in cond.values))
    return cond


def scaled(g: Guideline, times: int) -> Guideline:
    """The guideline `times` over: every copy after the first renamed with a suffix _k."""

    def name(x: str, k: int) -> str:
        return x if k == 0 else f"{x}_{k}"

    facts, definitions, codes = {}, {}, dict(g.codes)
    qualifications, aggravating, notes, referrals, stages = [], [], [], [], []
    for k in range(times):
        for f in g.facts.values():
            facts[name(f.id, k)] = replace(f, id=name(f.id, k))
        for d in g.definitions.values():
            definitions[name(d.id, k)] = replace(d, id=name(d.id, k), when=_rename(d.when, k))
        for c in g.codes.values():
            if c.id not in KEEP_CODES:
                codes[name(c.id, k)] = replace(c, id=name(c.id, k))
        for r in g.qualifications:
            qualifications.append(
                replace(
                    r,
                    id=name(r.id, k),
                    code=name(r.code, k),
                    scope=tuple(_rename(c, k) for c in r.scope),
                    elements=tuple(replace(e, when=_rename(e.when, k)) for e in r.elements),
                )
            )
        aggravating += [replace(t, id=name(t.id, k), when=_rename(t.when, k)) for t in g.aggravating]
        notes += [replace(t, id=name(t.id, k), when=_rename(t.when, k)) for t in g.notes]
        referrals += [replace(r, id=name(r.id, k), when=_rename(r.when, k)) for r in g.referrals]
        for s in g.stages:
            stages.append(
                replace(
                    s,
                    id=name(s.id, k),
                    questions=tuple(
                        replace(q, fact=name(q.fact, k), stage=name(s.id, k), ask_if=_rename(q.ask_if, k))
                        for q in s.questions
                    ),
                )
            )
    return replace(
        g,
        facts=facts,
        definitions=definitions,
        codes=codes,
        qualifications=tuple(qualifications),
        aggravating=tuple(aggravating),
        notes=tuple(notes),
        referrals=tuple(referrals),
        stages=tuple(stages),
    )


def median_time(g: Guideline, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        lint(g)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1,2,5,10")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if sizes[0] != 1:
        sizes.insert(0, 1)
    base = load_guideline()
    findings = len(lint(base).findings)
    print(f"guideline lint on {base.id} {base.version} and synthetic copies ({args.runs} runs each, medians)")
    print(f"{'size':>5} {'facts':>6} {'rules':>6} {'seconds':>9} {'x baseline':>11} {'ratio / size':>13}")
    baseline = 0.0
    for k in sizes:
        g = scaled(base, k)
        report = lint(g)
        assert len(report.findings) == findings * k, "the copies must lint exactly like the original"
        t = median_time(g, args.runs)
        baseline = baseline or t
        print(
            f"{k:>4}x {len(g.facts):>6} {len(g.qualifications):>6} {t:>9.3f} {t / baseline:>11.2f} {t / baseline / k:>13.2f}"
        )
    last = sizes[-1]
    if last > 1:
        exponent = math.log(t / baseline) / math.log(last)
        print(f"growth exponent (1 = linear in the number of facts, 2 = quadratic): {exponent:.2f}")


if __name__ == "__main__":
    main()
