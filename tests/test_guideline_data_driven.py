"""The law lives in the guideline: renamed urgencies and an added code flow through to every output
with no change to the Python code (issue 11)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import BUNDLED
from typer.testing import CliRunner

from tip_triage.cli import app
from tip_triage.engine import evaluate
from tip_triage.loader import load_guideline

EXTRA_CODE = """
  forced_marriage_practice:
    label: {es: "Práctica de matrimonio forzado", en: "Forced marriage practice"}
    basis: [ley2447_2025]
    status: INFERRED
    offence: false
    summary:
      es: "Un código añadido por esta prueba."
      en: "A code added by this test."
"""
EXTRA_RULE = """
  - id: forced_marriage_practice
    code: forced_marriage_practice
    scope: [{ref: minor}]
    elements:
      - id: servile_marriage
        label: {es: "Matrimonio servil", en: "Servile marriage"}
        when: {fact: exploitation, contains: servile_marriage}
    basis: [ley2447_2025]
    status: INFERRED
"""
CASE = """tip_triage_case: 1
id: DATA-1
facts:
  age: 15
  exploitation: [servile_marriage]
  recruited: true
  someone_profits: true
"""


@pytest.fixture(scope="module")
def renamed(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("g") / "other-guideline"
    shutil.copytree(BUNDLED, folder)
    referrals = folder / "referrals.yaml"
    text = referrals.read_text(encoding="utf-8")
    text = text.replace(
        '{id: 24h, label: {es: "24 horas", en: "24 hours"}}',
        '{id: one_day, label: {es: "un día hábil", en: "one working day"}}',
    )
    referrals.write_text(text.replace("urgency: 24h", "urgency: one_day"), encoding="utf-8")
    codes = folder / "codes.yaml"
    codes.write_text(
        codes.read_text(encoding="utf-8").replace("codes:\n", "codes:\n" + EXTRA_CODE, 1), encoding="utf-8"
    )
    rules = folder / "rules.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("\nindicator:\n", EXTRA_RULE + "\nindicator:\n", 1), encoding="utf-8"
    )
    return folder


def test_the_engine_follows_the_guideline(renamed):
    g = load_guideline(str(renamed))
    assert [u.id for u in g.urgencies][1] == "one_day"
    result = evaluate(
        g, {"age": 15, "exploitation": frozenset({"servile_marriage"}), "recruited": True, "someone_profits": True}
    )
    assert "forced_marriage_practice" in result.concurrent
    assert "one_day" in {r.urgency for r in result.referrals}


def test_every_output_shows_the_renamed_urgency_and_the_added_code(renamed, tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text(CASE, encoding="utf-8")
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, [*args, "--guideline", str(renamed)])
        assert result.exit_code == 0, result.output
        return result.stdout

    data = json.loads(run("check", str(case), "--format", "json", "--lang", "en"))
    assert "forced_marriage_practice" in data["concurrent"]
    urgent = [r for r in data["referrals"] if r["urgency"] == "one_day"]
    assert urgent and all(r["urgency_label"] == "one working day" for r in urgent)
    text = run("check", str(case), "--lang", "es")
    assert "un día hábil" in text and "Práctica de matrimonio forzado" in text
    markdown = run("check", str(case), "--format", "markdown", "--lang", "en")
    assert "one working day" in markdown and "Forced marriage practice" in markdown
    row = json.loads(run("batch", str(case), "--format", "jsonl").splitlines()[0])
    assert "forced_marriage_practice" in row["concurrent"]
    rows = list(csv.DictReader(io.StringIO(run("batch", str(case), "--format", "csv"))))
    assert "forced_marriage_practice" in json.dumps(rows)
