"""The JSON Lines writer's pieces (render.jsonl) give exactly the plain writing of the result's data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from budget import examples
from hypothesis import HealthCheck, given, settings
from test_engine_properties import GUIDELINE, partial_facts

from tip_triage.casefile import load_case
from tip_triage.engine import evaluate
from tip_triage.render import jsonl
from tip_triage.render.jsonl import ResultJson

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((REPO / "cases_examples").glob("*.yaml"))
WRITERS = {(lang, trace): ResultJson(GUIDELINE, lang, trace) for lang in ("es", "en") for trace in (True, False)}


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_scenario_as_the_plain_writing(path: Path) -> None:
    result = evaluate(GUIDELINE, load_case(str(path)).facts)
    for writer in WRITERS.values():
        fast = writer.members(result)
        assert fast == writer.plain(result).encode()
        assert writer.members(result) is fast  # kept by the result's identity
        data = json.loads(b"{" + fast + b"}")
        assert ("trace" in data) == writer.trace and data["lang"] == writer.lang


@settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partial_facts)
def test_random_results_as_the_plain_writing(facts: dict) -> None:
    result = evaluate(GUIDELINE, facts)
    for writer in WRITERS.values():
        assert writer.members(result) == writer.plain(result).encode()


def test_the_pieces_kept_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonl, "MAX_KEPT", 3)
    monkeypatch.setattr(jsonl, "MAX_WHOLE", 3)
    writer = ResultJson(GUIDELINE, "es")
    longest = 0  # the most pieces one result asks for at once (its trace, or its referrals)
    for age in range(30):
        result = evaluate(GUIDELINE, {"age": age, "recruited": True, "immediate_danger": age % 2 == 0})
        assert writer.members(result) == writer.plain(result).encode()
        longest = max(longest, len(result.trace), len(result.referrals))
    assert len(writer._whole) <= 3 and len(writer._lists) <= 3
    assert len(writer._json_of) == len(writer._alive) <= max(3, longest)


def test_the_whole_results_kept_are_bounded_in_bytes_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """At most MAX_WHOLE_BYTES of text (a result's members with its trace are about 20 KB)."""
    monkeypatch.setattr(jsonl, "MAX_WHOLE_BYTES", 50_000)
    writer = ResultJson(GUIDELINE, "es")
    for age in range(30):
        result = evaluate(GUIDELINE, {"age": age, "recruited": True, "immediate_danger": age % 2 == 0})
        assert writer.members(result) == writer.plain(result).encode()
        kept = sum(len(text) for _, text in writer._whole.values())
        assert kept == writer._whole_bytes <= 50_000
    assert 1 <= len(writer._whole) < 30
