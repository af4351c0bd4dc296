"""Compare a result with a case's `expect` block (only the keys given are checked)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .i18n import UI
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


_KEY_ES = {
    "qualification": "calificación",
    "concurrent": "concurrentes",
    "indicator_level": "indicios de trata",
    "referrals_include": "remisiones esperadas",
    "referrals_exclude": "remisiones no esperadas",
    "missing_include": "hechos que faltan",
}
_EXPECTED_GOT = re.compile(r"^(qualification|concurrent|indicator_level): expected (.*), got (.*)$")
_SENTENCES_ES = [  # the other forms of differences(), ids kept as they are
    (re.compile(r"^referrals_include: (.+) is not in the referral path$"), "la remisión {} no está en la ruta"),
    (
        re.compile(r"^referrals_exclude: (.+) is in the referral path$"),
        "la remisión {} está en la ruta, y no se esperaba",
    ),
    (re.compile(r"^missing_include: (.+) is not among the missing facts$"), "el hecho {} no está entre los que faltan"),
]


def difference_key(key: str, lang: str) -> str:
    """An expect key (the part of a difference before ':') in the reader's language."""
    return _KEY_ES.get(key, key) if lang == "es" else key


def difference_text(difference: str, lang: str) -> str:
    """One of differences()'s lines in the reader's language (the English line stays the JSON contract)."""
    if lang != "es":
        return difference
    match = _EXPECTED_GOT.match(difference)
    if match:
        key, wanted, got = match.groups()
        if key == "indicator_level":
            wanted, got = _level(wanted), _level(got)
        return f"{_KEY_ES[key]}: se esperaba {wanted}, se obtuvo {got}"
    for pattern, sentence in _SENTENCES_ES:
        match = pattern.match(difference)
        if match:
            return sentence.format(match[1])
    return difference


def _level(level: str) -> str:
    return UI[f"level_{level}"]["es"] if f"level_{level}" in UI else level
