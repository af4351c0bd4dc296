"""The engine's fast path: a result assembled from parts memoised by the few facts each part reads.

Every part of a result is a pure function of the facts its conditions read: a qualification rule's
status, steps and open facts; a presumption; the indicator level (and the codes); an aggravating
circumstance, a note or a referral (and the codes and the level). The parts are grouped, in guideline
order, into partitions that read at most `MAX_KEY` facts, and each partition remembers its outcome for
each combination of those facts. A case then costs a few dictionary lookups: the partitions' outcomes,
the qualification assembled from them (remembered by the partitions' outcomes), and the whole result
(remembered likewise, so the same `Result` object comes back for the same situation).

`engine.evaluate_direct` is the plain reading; `tests/test_partitions.py` proves the two equal on every
scenario and on random fact sets. Values of an unexpected type (an int where the fact is a bool: 1 == True
for a dictionary) are never memoised: such a case goes the plain way. Memory is bounded (`MAX_ENTRIES`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Mapping
from itertools import chain
from operator import itemgetter
from typing import Any

from .conditions import Context
from .condtree import ResultTest
from .keys import int_classes, reads, signature
from .model import Guideline, Result, Step
from .parts import Part, Parts
from .valueclass import made

MAX_KEY = 6  # facts read by one partition
# facts read by one partition of the last parts, whose keys also hold what their result tests give: smaller
# partitions have fewer keys to fill (measured on bench/cases.py: fewer parts computed per case than with 4 or 6)
MAX_KEY_LAST = 3
MAX_ENTRIES = 8_192  # remembered outcomes per partition (then it starts afresh)
MAX_RESULTS = 2_048  # whole results remembered (each holds its trace)
MAX_TAILS = 4_096  # what the last partitions give together (aggravating, notes, referrals in order, their steps)
_KINDS = {"bool": (bool,), "int": (int,), "enum": (str,), "set": (frozenset,)}
_contains = frozenset.__contains__
_chain = chain.from_iterable
_BY_RANK = itemgetter(0, 1)  # a referral's urgency, then its place in the guideline


class _Partition:
    """Parts that read few facts, with their outcomes remembered by those facts' values."""

    def __init__(self, parts: list[Part], facts: set[str], index: Mapping[str, int], stage: str = "") -> None:
        self.stage = stage  # first (before the codes are known) | indicator | last
        self.parts = parts
        self.facts = facts
        positions = sorted(index[f] for f in facts)
        self.key: Callable[[tuple[Any, ...]], Any] = (
            itemgetter(*positions) if positions else (lambda vals: ())  # one position: the value itself
        )
        self.memo: dict[Any, tuple[int, tuple[Any, ...]]] = {}
        self.tests: list[ResultTest] = []  # the result tests its parts read (last parts)


def _group(parts: list[tuple[Part, set[str], bool]], index: Mapping[str, int], stage: str) -> list[_Partition]:
    """Consecutive parts joined while the facts they read together stay within MAX_KEY."""
    out: list[_Partition] = []
    for part, facts, _ in parts:
        last = out[-1] if out else None
        if last is not None and len(last.facts | facts) <= (MAX_KEY_LAST if stage == "last" else MAX_KEY):
            last.parts.append(part)
            last.facts |= facts
            positions = sorted(index[f] for f in last.facts)
            last.key = itemgetter(*positions) if positions else (lambda vals: ())
        else:
            out.append(_Partition([part], set(facts), index, stage))
    return out


class Partitioned(Parts):
    """`evaluate(facts)` for one guideline, from memoised partitions; built once per guideline (engine._Plan)."""

    def __init__(self, guideline: Guideline, plan: Any) -> None:
        self.g = guideline
        self.plan = plan
        self.ids = tuple(guideline.facts)
        index = {f: i for i, f in enumerate(self.ids)}
        # the types a value of each fact may have (None: unknown); anything else goes the plain way
        self.allowed = tuple(frozenset((type(None), *_KINDS.get(spec.type, ()))) for spec in guideline.facts.values())
        d = guideline.definitions
        first: list[tuple[Part, set[str], bool]] = []
        for i, (presumption, _, _) in enumerate(plan.presumptions):
            facts, res = reads(presumption.when, d, set(presumption.missing))
            first.append((("presumption", i, None), facts, res))
        for rank, entry in enumerate(plan.rules):
            rule = entry[0]
            facts = set()
            res = False
            for cond in (*rule.scope, *(e.when for e in rule.elements)):
                res = reads(cond, d, facts)[1] or res
            first.append((("rule", rank, None), facts, res))
        if guideline.purposes_fact:
            first.append((("purposes", 0, None), {guideline.purposes_fact}, False))
        self.first = _group(first, index, "first")
        indicator: set[str] = set()
        for irule in guideline.indicator_rules:
            reads(irule.when, d, indicator)
        self.indicator = _Partition([("indicator", 0, None)], indicator, index, "indicator")
        # the first partitions and the indicator key an int fact by its value's class (keys.int_classes)
        self.cuts = int_classes(guideline, plan, index)
        last: list[tuple[Part, set[str], bool]] = []
        for i, (r, _) in enumerate(plan.aggravating):
            last.append((("aggravating", i, None), *reads(r.when, d, set())))
        for i, (r, _) in enumerate(plan.notes):
            last.append((("note", i, None), *reads(r.when, d, set())))
        for i, (r, _, _) in enumerate(plan.referrals):
            last.append((("referral", i, None), *reads(r.when, d, set())))
        self.last = _group(last, index, "last")
        # a last part reads the codes and the level only through its result tests: keyed by what those give
        # (their signatures), not by the whole situation, parts are shared by situations that differ elsewhere
        whens = {
            "aggravating": [r.when for r, _ in plan.aggravating],
            "note": [r.when for r, _ in plan.notes],
            "referral": [r.when for r, _, _ in plan.referrals],
        }
        for p in self.last:
            for kind, i, _ in p.parts:
                reads(whens[kind][i], d, set(), p.tests)
        self.classes: dict[int, tuple[Any, ...]] = {}  # situation -> each last partition's signatures (or None)
        self._signature_numbers: dict[tuple[Any, ...], int] = {}
        self._numbered: dict[Any, int] = {}  # (stage, a partition's outcome) -> its number
        self.assembled: dict[Any, Any] = {}
        self.referred = {}
        self.situations: dict[tuple[Any, str], int] = {}  # (codes, level) -> a number, for the last keys
        self.results: dict[Any, Result] = {}
        self.tails: dict[tuple[int, ...], Any] = {}  # the last partitions' outcome numbers -> their assembly
        self._serial = 0
        from .unrolled import build

        self._run: Callable[[Mapping[str, Any]], Result | None] = build(self, index)

    # ------------------------------------------------------------ per case

    def evaluate(self, facts: Mapping[str, Any]) -> Result | None:
        """The result, or None when a value's type asks for the plain path (the engine falls back)."""
        return self._run(facts)

    def evaluate_loop(self, facts: Mapping[str, Any]) -> Result | None:
        """The same as `evaluate`, as a loop over the partitions: the reference `unrolled` is written from."""
        vals = tuple(map(facts.get, self.ids))
        if not all(map(_contains, self.allowed, map(type, vals))):
            return None
        cvals = self.classed(vals)
        try:
            outs = []
            for p in self.first:
                k = p.key(cvals)
                outs.append(p.memo.get(k) or self._fill(p, k, facts, None, None))
            key1 = tuple([o[0] for o in outs])
            stage = self.assembled.get(key1)
            if stage is None:
                stage = self._remember(self.assembled, key1, self._qualification(outs))
            codes = stage[1]
            k = (codes, self.indicator.key(cvals))
            level = self.indicator.memo.get(k) or self._fill(self.indicator, k, facts, codes, None)
            lvl, _, serial = level[1][0]  # serial: one number per (codes, level)
            classes = self.classes.get(serial) or self._classes(serial, codes, lvl)
            outs = []
            for p, c in zip(self.last, classes):
                k = p.key(vals) if c is None else (c, p.key(vals))
                outs.append(p.memo.get(k) or self._fill(p, k, facts, codes, lvl))
        except TypeError:  # a value that cannot be remembered (not hashable): the plain path
            return None
        # the indicator's outcome number, not `serial`: two rules may give the same level with different steps
        last = tuple([o[0] for o in outs])
        whole = (key1, level[0], last)
        return self.results.get(whole) or self._store(whole, stage, level, last, outs)

    def classed(self, vals: tuple[Any, ...]) -> tuple[Any, ...]:
        """The values as the first partitions and the indicator key them: an int fact's by its class."""
        if not self.cuts:
            return vals
        out = list(vals)
        for i, (cuts, points) in self.cuts.items():
            v = vals[i]
            if v is not None:
                out[i] = bisect_left(cuts, v) * 2 + (v in points)
        return tuple(out)

    def _classes(self, serial: int, codes: tuple[str, ...], level: str) -> tuple[Any, ...]:
        """For one situation, what each last partition's result tests give it, as a small number (None: no
        test), so its parts are shared by the situations where those tests give the same."""
        self.classes[serial] = found = tuple(
            self._signature_numbers.setdefault(
                tuple([signature(t, codes, level) for t in p.tests]), len(self._signature_numbers)
            )
            if p.tests
            else None
            for p in self.last
        )
        return found

    def _store(self, whole: Any, stage: Any, level: Any, last: tuple[int, ...], outs: list[Any]) -> Result:
        if len(self.results) >= MAX_RESULTS:
            self.results.clear()
        tail = self.tails.get(last)
        if tail is None:
            tail = self._remember_tail(last, self._tail(outs))
        result = self.results[whole] = self._result(stage, level, tail)
        return result

    def _remember_tail(self, last: tuple[int, ...], tail: Any) -> Any:
        if len(self.tails) >= MAX_TAILS:
            self.tails.clear()
        self.tails[last] = tail
        return tail

    @staticmethod
    def _remember(memo: dict[Any, Any], key: Any, value: Any) -> Any:
        if len(memo) >= MAX_ENTRIES:
            memo.clear()
        memo[key] = value
        return value

    def _fill(self, p: _Partition, key: Any, facts: Mapping[str, Any], codes: Any, level: str | None) -> Any:
        ctx = Context(facts=facts, definitions=self.g.definitions, codes=codes, indicator=level)
        values = tuple(self._part(part, ctx) for part in p.parts)
        summary = self._first if p.stage == "first" else self._last if p.stage == "last" else None
        outcome = summary(p, values) if summary else values
        # one number per distinct outcome of the partition, not per key: the keys of the assembly (the
        # qualification's, the whole result's) are these numbers, so cases whose facts differ but whose parts
        # come out the same share the assembled qualification and the same Result object
        try:
            number = self._numbered.get((p.stage, outcome))
            if number is None:
                self._serial += 1
                number = self._remember(self._numbered, (p.stage, outcome), self._serial)
        except TypeError:  # an outcome that cannot be hashed: a number of its own
            self._serial += 1
            number = self._serial
        return self._remember(p.memo, key, (number, outcome))

    # ------------------------------------------------------------ assembly (once per situation)

    def _qualification(self, outs: list[Any]) -> Any:
        g = self.g
        steps, pres, sts, holds, parts, ops, purps = zip(*[o[1] for o in outs])  # each: the first partitions'
        trace: list[Step] = list(_chain(steps))
        presumed = list(dict.fromkeys(_chain(pres)))  # in order, each once
        statuses = dict(_chain(sts))
        holding = list(dict.fromkeys(_chain(holds)))
        partial = True in parts
        opened: list[tuple[int, str, tuple[str, ...]]] = list(_chain(ops))
        purposes: tuple[str, ...] = next((p for p in reversed(purps) if p is not None), ())
        votes: dict[str, list[int]] = {}
        for r, code, undecided in opened:
            if code in holding:  # another rule already gives this code: its open facts change nothing
                continue
            for fact in undecided:
                votes.setdefault(fact, []).append(r)
        order = self.plan.order
        missing = sorted(votes, key=lambda f: (-len(set(votes[f])), min(votes[f]), order.get(f, 999)))
        missing = presumed + [f for f in missing if f not in presumed]
        primary = holding[0] if holding else (g.partly_indicated if partial else g.nothing_indicated)
        codes = tuple(holding) if holding else (primary,)
        trace.append(self.plan.qualification_steps[primary])
        return primary, codes, tuple(holding), tuple(trace), tuple(missing), statuses, purposes

    @staticmethod
    def _tail(outs: list[Any]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[Any, ...], tuple[Step, ...]]:
        """What the last partitions give together, shared by every situation whose last parts come out the same:
        the aggravating circumstances, the notes, the referrals in order (urgency, then place) and their steps."""
        aggravating, notes, referred = zip(*[o[1] for o in outs])  # each: the last partitions' tuples
        fired = sorted(_chain(referred), key=_BY_RANK)
        return (
            tuple(_chain(aggravating)),
            tuple(_chain(notes)),
            tuple([f[2] for f in fired]),
            tuple([f[3] for f in fired]),
        )

    def _result(self, stage: Any, level: Any, tail: Any) -> Result:
        primary, codes, holding, trace, missing, statuses, purposes = stage
        lvl, step, _ = level[1][0]
        aggravating, notes, referrals, referral_steps = tail
        return made(
            Result,
            {
                "qualification": primary,
                "concurrent": codes[1:] if holding else (),
                "indicator_level": lvl,
                "purposes": purposes,
                "aggravating": aggravating,
                "referrals": referrals,
                "missing": missing,
                "notes": notes,
                "trace": (*trace, step, *referral_steps) if step is not None else (*trace, *referral_steps),
                "rule_status": statuses,
            },
        )
