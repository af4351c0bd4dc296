"""Compare a result with a case's `expect` block (only the keys given are checked)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model import Result


def differences(expect: Mapping[str, Any], result: Result) -> list[str]:
    found: list[str] = []
    if "qualification" in expect and expect["qualification"] != result.qualification:
        found.append(f"qualification: expected {expect['qualification']}, got {result.qualification}")
    if "concurrent" in expect and set(expect["concurrent"]) != set(result.concurrent):
        found.append(f"concurrent: expected {_list(expect['concurrent'])}, got {_list(result.concurrent)}")
    if "indicator_level" in expect and expect["indicator_level"] != result.indicator_level:
        found.append(f"indicator_level: expected {expect['indicator_level']}, got {result.indicator_level}")
    referral_ids = {r.id for r in result.referrals}
    for rid in expect.get("referrals_include", []):
        if rid not in referral_ids:
            found.append(f"referrals_include: {rid} is not in the referral path")
    for rid in expect.get("referrals_exclude", []):
        if rid in referral_ids:
            found.append(f"referrals_exclude: {rid} is in the referral path")
    for fact in expect.get("missing_include", []):
        if fact not in result.missing:
            found.append(f"missing_include: {fact} is not among the missing facts")
    return found


def _list(values: Any) -> str:
    return "[" + ", ".join(sorted(values)) + "]"
