"""`Partitioned.evaluate`'s loop over the partitions, written out once per guideline as straight-line Python.

The loop costs a call to a key function, a bound-method lookup and a list append for each of about
twenty-five partitions of every case; written out, a partition's key is a tuple of local variables and its
memo's `get` a local name. The generated function is the same reading, step for step, as the loop in
`Partitioned.evaluate_loop` (kept as the reference): `tests/test_partitions.py` proves the two equal, and
both equal to `engine.evaluate_direct`, on every scenario and on random fact sets.

Only numbers and names made here go into the source (positions of facts, indexes of partitions): nothing
from a guideline's text or a case is ever compiled.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Mapping
from typing import Any

Run = Callable[[Mapping[str, Any]], Any]


def _key(positions: list[int], tag: str = "", classed: Mapping[int, Any] | None = None) -> str:
    """The key of a partition reading the facts at `positions` (as its itemgetter builds it); with `classed`,
    the class of the values at those positions (`c5`) in place of the value (`v5`)."""
    names = [f"c{i}" if classed and i in classed else f"v{i}" for i in positions]
    if not positions:
        inner = "()"
    elif len(positions) == 1:
        inner = names[0]
    else:
        inner = "(" + ", ".join(names) + ")"
    return f"({tag}, {inner})" if tag else inner


def build(parted: Any, index: Mapping[str, int]) -> Run:
    """`run(facts)`: the result, or None when the plain path must decide (as `Partitioned.evaluate`)."""
    first, last, indicator = parted.first, parted.last, parted.indicator
    names: dict[str, Any] = {
        "ids": parted.ids,
        "allowed": parted.allowed,
        "_contains": frozenset.__contains__,
        "fill": parted._fill,
        "remember": parted._remember,
        "assembled": parted.assembled,
        "assembled_get": parted.assembled.get,
        "qualification": parted._qualification,
        "classes_get": parted.classes.get,
        "make_classes": parted._classes,
        "results_get": parted.results.get,
        "store": parted._store,
        "P_i": indicator,
        "g_i": indicator.memo.get,
    }
    n = len(parted.ids)
    lines = [
        "def run(facts):",
        "    vals = tuple(map(facts.get, ids))",
        "    if not all(map(_contains, allowed, map(type, vals))):",
        "        return None",
        f"    {', '.join(f'v{i}' for i in range(n))}{',' if n == 1 else ''} = vals",
    ]
    cuts = parted.cuts
    names["bisect_left"] = bisect_left
    for i, (sorted_points, points) in cuts.items():  # Partitioned.classed, written out
        names[f"cuts{i}"], names[f"points{i}"] = sorted_points, points
        lines.append(f"    c{i} = None if v{i} is None else bisect_left(cuts{i}, v{i}) * 2 + (v{i} in points{i})")
    lines.append("    try:")
    for j, p in enumerate(first):
        names[f"P{j}"], names[f"g{j}"] = p, p.memo.get
        lines.append(f"        k = {_key(sorted(index[f] for f in p.facts), classed=cuts)}")
        lines.append(f"        o{j} = g{j}(k) or fill(P{j}, k, facts, None, None)")
    outs = ", ".join(f"o{j}" for j in range(len(first)))
    lines += [
        f"        key1 = ({''.join(f'o{j}[0], ' for j in range(len(first)))})",
        "        stage = assembled_get(key1)",
        "        if stage is None:",
        f"            stage = remember(assembled, key1, qualification([{outs}]))",
        "        codes = stage[1]",
        f"        k = {_key(sorted(index[f] for f in indicator.facts), 'codes', cuts)}",
        "        level = g_i(k) or fill(P_i, k, facts, codes, None)",
        "        lvl = level[1][0][0]",
        "        serial = level[1][0][2]",
        "        classes = classes_get(serial)",
        "        if classes is None:",
        "            classes = make_classes(serial, codes, lvl)",
    ]
    for j, p in enumerate(last):
        names[f"L{j}"], names[f"h{j}"] = p, p.memo.get
        positions = sorted(index[f] for f in p.facts)
        lines.append(f"        k = {_key(positions, f'classes[{j}]') if p.tests else _key(positions)}")
        lines.append(f"        q{j} = h{j}(k) or fill(L{j}, k, facts, codes, lvl)")
    lines += [
        "    except TypeError:",
        "        return None",
        f"    last = ({''.join(f'q{j}[0], ' for j in range(len(last)))})",
        "    whole = (key1, level[0], last)",
        "    result = results_get(whole)",
        "    if result is None:",
        f"        result = store(whole, stage, level, last, [{', '.join(f'q{j}' for j in range(len(last)))}])",
        "    return result",
    ]
    exec(compile("\n".join(lines) + "\n", "<tip_triage.unrolled>", "exec"), names)  # noqa: S102
    run: Run = names["run"]
    return run
