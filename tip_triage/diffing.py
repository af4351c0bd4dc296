"""What a guideline change does to cases: pure comparison of two results of the same facts.

A case changes when its qualification, concurrent offences, indicator level or
referral path differ; the rules that made the difference are the qualification
rules whose status differs (holds, partial, excluded, silent), plus the referrals
that appear or disappear.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .model import Guideline, Result

DIFF_VERSION = 1
FIELDS = ("qualification", "concurrent", "indicator_level", "referrals")


@dataclass
class CaseChange:
    id: str
    file: str | None
    changes: dict[str, dict[str, Any]]  # field -> {"from": ..., "to": ...} (+ added/removed for referrals)
    rules: list[dict[str, str]]  # {"rule", "from", "to"}

    def as_data(self) -> dict[str, Any]:
        return {"id": self.id, "file": self.file, "changes": self.changes, "rules": self.rules}


def compare(case_id: str, file: str | None, a: Result, b: Result) -> CaseChange | None:
    """The change between result `a` (old guideline) and `b` (new), or None if none of FIELDS changed."""
    changes: dict[str, dict[str, Any]] = {}
    if a.qualification != b.qualification:
        changes["qualification"] = {"from": a.qualification, "to": b.qualification}
    if list(a.concurrent) != list(b.concurrent):
        changes["concurrent"] = {"from": list(a.concurrent), "to": list(b.concurrent)}
    if a.indicator_level != b.indicator_level:
        changes["indicator_level"] = {"from": a.indicator_level, "to": b.indicator_level}
    ra, rb = [r.id for r in a.referrals], [r.id for r in b.referrals]
    if ra != rb:
        changes["referrals"] = {
            "from": ra,
            "to": rb,
            "added": [r for r in rb if r not in ra],
            "removed": [r for r in ra if r not in rb],
        }
    if not changes:
        return None
    rules = [
        {"rule": rid, "from": a.rule_status.get(rid, "absent"), "to": b.rule_status.get(rid, "absent")}
        for rid in dict.fromkeys([*a.rule_status, *b.rule_status])
        if a.rule_status.get(rid) != b.rule_status.get(rid)
    ]
    return CaseChange(case_id, file, changes, rules)


@dataclass
class DiffSummary:
    cases: int = 0
    changed: int = 0
    errors: int = 0
    by_field: Counter[str] = field(default_factory=Counter)
    qualification_moves: Counter[str] = field(default_factory=Counter)
    indicator_moves: Counter[str] = field(default_factory=Counter)
    referrals_added: Counter[str] = field(default_factory=Counter)
    referrals_removed: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)

    def add(self, change: CaseChange | None) -> None:
        self.cases += 1
        if change is None:
            return
        self.changed += 1
        self.by_field.update(list(change.changes))
        c = change.changes
        if "qualification" in c:
            self.qualification_moves[f"{c['qualification']['from']} → {c['qualification']['to']}"] += 1
        if "indicator_level" in c:
            self.indicator_moves[f"{c['indicator_level']['from']} → {c['indicator_level']['to']}"] += 1
        if "referrals" in c:
            self.referrals_added.update(c["referrals"]["added"])
            self.referrals_removed.update(c["referrals"]["removed"])
        self.rules.update(f"{r['rule']}: {r['from']} → {r['to']}" for r in change.rules)

    def as_data(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "changed": self.changed,
            "unchanged": self.cases - self.changed - self.errors,
            "errors": self.errors,
            "by_field": {f: self.by_field[f] for f in FIELDS if self.by_field[f]},
            "qualification": dict(self.qualification_moves.most_common()),
            "indicator_level": dict(self.indicator_moves.most_common()),
            "referrals_added": dict(self.referrals_added.most_common()),
            "referrals_removed": dict(self.referrals_removed.most_common()),
            "rules": dict(self.rules.most_common()),
        }


def guideline_data(g: Guideline) -> dict[str, str]:
    return {"id": g.id, "version": g.version, "sha256": g.sha256}
