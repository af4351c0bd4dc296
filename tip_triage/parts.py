"""The parts of a result, computed on a miss of the memo (`partitions`): one rule, referral, note...

Each part is what `engine.evaluate_direct` computes for it, from the same compiled conditions (the plan's).
"""

from __future__ import annotations

from typing import Any

from .conditions import Context, explain, format_reason, undecided_facts
from .model import Guideline, ReferralResult, Step

HOLDS, EXCLUDED, PARTIAL, SILENT = "holds", "excluded", "partial", "silent"  # a rule's statuses (engine's)
MAX_REFERRED = 4_096
Part = tuple[str, int, Any]  # (kind, position, what the part needs)


class Parts:
    """What a partition computes on a miss; `Partitioned` adds the memo and the assembly."""

    g: Guideline
    plan: Any
    referred: dict[tuple[int, tuple[Any, ...]], Any]  # (referral, reasons) -> the one outcome for them
    situations: dict[tuple[Any, str], int]  # (codes, level) -> a number, for the keys of the last partitions

    # ------------------------------------------------------------ parts (on a miss)

    def _part(self, part: Part, ctx: Context) -> Any:
        kind, i, _ = part
        plan = self.plan
        if kind == "rule":
            return self._rule(i, ctx)
        if kind == "presumption":
            presumption, when, step = plan.presumptions[i]
            if when(ctx) is not True:
                return None
            unknown = [f for f in presumption.missing if ctx.facts.get(f) is None]
            return step, (*presumption.establish, *unknown)
        if kind == "purposes":
            chosen = ctx.facts.get(self.g.purposes_fact)
            values = self.g.facts[self.g.purposes_fact].values
            return tuple(v for v in values if v in chosen) if chosen else ()
        if kind == "indicator":
            level, step = self.g.indicator_otherwise, None
            for irule, when, indicated in plan.indicator:
                if when(ctx) is True:
                    level, step = irule.level, indicated
                    break
            return level, step, self.situations.setdefault((ctx.codes, level), len(self.situations))
        if kind == "aggravating":
            return plan.aggravating[i][1](ctx) is True
        if kind == "note":
            return plan.notes[i][1](ctx) is True
        return self._referral(i, ctx)

    def _rule(self, rank: int, ctx: Context) -> Any:
        rule, scope_fns, element_fns, rule_steps, element_steps = self.plan.rules[rank]
        scope = [fn(ctx) for fn in scope_fns]
        elements = [fn(ctx) for fn in element_fns]
        if False in scope or False in elements:
            status = EXCLUDED
        elif None not in scope and None not in elements:
            status = HOLDS
        elif True in elements:
            status = PARTIAL
        else:
            status = SILENT
        steps = (rule_steps[status], *(s[v] for s, v in zip(element_steps, elements)))
        opened = status == PARTIAL or (
            status == SILENT and None in scope and None not in elements and False not in elements
        )
        undecided: tuple[str, ...] | None = None
        if opened:
            from .engine import _open_conditions

            undecided = tuple(f for cond in _open_conditions(rule, scope, elements) for f in undecided_facts(cond, ctx))
        return rule.id, rule.code, status, steps, undecided

    def _referral(self, position: int, ctx: Context) -> Any:
        ref, when, rank = self.plan.referrals[position]
        if when(ctx) is not True:
            return None
        reasons = tuple(dict.fromkeys(explain(ref.when, ctx, True, self.plan.value)))
        hit = self.referred.get((position, reasons))
        if hit is not None:  # the same referral for the same reasons: one object (its JSON is written once)
            return hit
        because = tuple(dict.fromkeys(format_reason(r) for r in reasons))
        result = ReferralResult(
            id=ref.id,
            urgency=ref.urgency,
            institution=ref.institution,
            action=ref.action,
            basis=ref.basis,
            status=ref.status,
            because=because,
            reasons=reasons,
            deadline=ref.deadline,
            contact=ref.contact,
        )
        step = Step(
            f"referral {ref.id}", "; ".join(because) or "always", self.plan.referral_basis[ref.id], ref.status, ref.id
        )
        if len(self.referred) >= MAX_REFERRED:
            self.referred.clear()
        hit = self.referred[(position, reasons)] = rank, position, result, step
        return hit

    # ------------------------------------------------------------ assembly (once per situation)

    def _first(self, p: Any, values: tuple[Any, ...]) -> Any:
        """A first partition's outcome, ready to be put together with the others'."""
        steps: list[Step] = []
        presumed: list[str] = []
        statuses: list[tuple[str, str]] = []
        holds: list[str] = []
        opened: list[tuple[int, str, tuple[str, ...]]] = []
        purposes = None
        partial = False
        for (kind, rank, _), value in zip(p.parts, values):
            if kind == "presumption":
                if value is not None:
                    steps.append(value[0])
                    presumed += value[1]
            elif kind == "purposes":
                purposes = value
            else:
                rule_id, code, status, rule_steps, undecided = value
                statuses.append((rule_id, status))
                steps.extend(rule_steps)
                if status == HOLDS:
                    holds.append(code)
                partial = partial or status == PARTIAL
                if undecided is not None:
                    opened.append((rank, code, undecided))
        return tuple(steps), tuple(presumed), tuple(statuses), tuple(holds), partial, tuple(opened), purposes

    def _last(self, p: Any, values: tuple[Any, ...]) -> Any:
        aggravating, notes, fired = [], [], []
        for (kind, i, _), value in zip(p.parts, values):
            if kind == "aggravating" and value:
                aggravating.append(self.plan.aggravating[i][0].id)
            elif kind == "note" and value:
                notes.append(self.plan.notes[i][0].id)
            elif kind == "referral" and value is not None:
                fired.append(value)
        return tuple(aggravating), tuple(notes), tuple(fired)
