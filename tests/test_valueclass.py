"""`valueclass.made` builds the batch's per-case objects without __init__: each use names every field."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from test_engine_properties import GUIDELINE

from tip_triage.casefile import load_case
from tip_triage.engine import evaluate, evaluate_direct
from tip_triage.model import Result
from tip_triage.valueclass import made

REPO = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((REPO / "cases_examples").glob("*.yaml"))


def _same_as_init(obj: object) -> None:
    cls = type(obj)
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    assert sorted(vars(obj)) == sorted(names)  # every field set, nothing else
    again = cls(**{n: getattr(obj, n) for n in names})
    assert again == obj


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_cases_and_results_made_at_once_are_what_init_makes(path: Path) -> None:
    case = load_case(str(path))
    _same_as_init(case)
    result = evaluate(GUIDELINE, case.facts)
    _same_as_init(result)
    assert result == evaluate_direct(GUIDELINE, case.facts)


def test_made_objects_stay_frozen() -> None:
    result = made(Result, {f.name: None for f in dataclasses.fields(Result)})
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.qualification = "x"  # type: ignore[misc]
