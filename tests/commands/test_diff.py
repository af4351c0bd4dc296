"""tip-triage diff: the cases two guidelines classify differently, with the rules that made the difference.

The reference is computed here independently, case by case, from the engine
under each guideline; diff must list exactly those cases. Guideline 1.1.1 (before
the legal review of issue 6) is kept in tests/fixtures/guidelines/co-icbf-2018-1.1.1.
"""

from __future__ import annotations

import csv
import io
import json
import sys

import pytest
import yaml
from conftest import REPO
from typer.testing import CliRunner

from tip_triage.cli import app
from tip_triage.engine import evaluate
from tip_triage.loader import load_case, load_guideline, parse_case

sys.path.insert(0, str(REPO / "bench"))
import cases as generated  # noqa: E402

OLD = "tests/fixtures/guidelines/co-icbf-2018-1.1.1"
EXAMPLES = sorted((REPO / "cases_examples").glob("*.yaml"))


@pytest.fixture
def run(monkeypatch):
    monkeypatch.chdir(REPO)

    def invoke(*args: str):
        return CliRunner().invoke(app, list(args), env={"COLUMNS": "100"})

    return invoke


def _expected_changes(cases, old_path, new_path) -> dict[str, set[str]]:
    """case id -> the fields that change, computed without the diff command."""
    old, new = load_guideline(old_path), load_guideline(new_path)
    out = {}
    for case in cases:
        a, b = evaluate(old, case.facts), evaluate(new, case.facts)
        fields = {
            name
            for name, x, y in (
                ("qualification", a.qualification, b.qualification),
                ("concurrent", list(a.concurrent), list(b.concurrent)),
                ("indicator_level", a.indicator_level, b.indicator_level),
                ("referrals", [r.id for r in a.referrals], [r.id for r in b.referrals]),
            )
            if x != y
        }
        if fields:
            out[case.id] = fields
    return out


def _reported(stdout: str) -> dict[str, set[str]]:
    data = json.loads(stdout)
    return {c["id"]: set(c["changes"]) for c in data["changes"]}


def test_the_old_guideline_fixture_is_1_1_1():
    assert load_guideline(str(REPO / OLD)).version == "1.1.1"


def test_diff_from_1_1_1_to_the_bundled_guideline_over_the_scenarios(run):
    result = run("diff", "--cases", "cases_examples", "--from", OLD, "--to", "co-icbf-2018", "--format", "json")
    expected = _expected_changes([load_case(str(p)) for p in EXAMPLES], str(REPO / OLD), None)
    assert result.exit_code == (1 if expected else 0), result.stderr
    data = json.loads(result.stdout)
    assert data["from"]["version"] == "1.1.1" and data["to"]["id"] == "co-icbf-2018"
    assert _reported(result.stdout) == expected
    assert data["summary"]["cases"] == len(EXAMPLES) and data["summary"]["changed"] == len(expected)


def test_diff_from_1_1_1_over_generated_cases(run, tmp_path):
    cases = list(generated.generate(300, seed=11))
    path = tmp_path / "generated.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    result = run("diff", "--cases", str(path), "--from", OLD, "--to", "co-icbf-2018", "-f", "json")
    expected = _expected_changes([parse_case(c, c["id"]) for c in cases], str(REPO / OLD), None)
    assert result.exit_code == (1 if expected else 0)
    assert _reported(result.stdout) == expected


@pytest.fixture
def without_benefit(guideline_copy):
    """The bundled guideline with the trafficking rule's 'benefit' element taken out (a real change)."""
    rules_path = guideline_copy / "rules.yaml"
    rules = yaml.safe_load(rules_path.read_text(encoding="utf-8"))
    rule = next(r for r in rules["qualifications"] if r["id"] == "trafficking")
    rule["elements"] = [e for e in rule["elements"] if e["id"] != "benefit"]
    rules_path.write_text(yaml.safe_dump(rules, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return guideline_copy


def test_a_real_change_is_listed_with_the_rules_that_made_it(run, without_benefit):
    result = run(
        "diff", "--cases", "cases_examples", "--from", "co-icbf-2018", "--to", str(without_benefit), "-f", "json"
    )
    assert result.exit_code == 1
    expected = _expected_changes([load_case(str(p)) for p in EXAMPLES], None, str(without_benefit))
    assert expected and _reported(result.stdout) == expected
    data = json.loads(result.stdout)
    for change in data["changes"]:
        if "qualification" in change["changes"] or "concurrent" in change["changes"]:
            assert any(r["rule"] == "trafficking" for r in change["rules"]), change
    own_use = next(c for c in data["changes"] if c["id"] == "EX-13-online-grooming-own-use")
    assert own_use["changes"]["indicator_level"]["to"] == "clear"


def test_text_and_csv_name_each_changed_case(run, without_benefit):
    text = run(
        "diff", "--cases", "cases_examples", "--from", "co-icbf-2018", "--to", str(without_benefit), "--lang", "en"
    )
    assert text.exit_code == 1
    assert "EX-13-online-grooming-own-use" in text.stdout and "rules: trafficking:" in text.stdout
    assert text.stdout.rstrip().splitlines()[-1].startswith(f"{len(EXAMPLES)} cases: ")
    assert all(len(line) <= 100 or " " not in line for line in text.stdout.splitlines())
    table = run(
        "diff", "--cases", "cases_examples", "--from", "co-icbf-2018", "--to", str(without_benefit), "--format", "csv"
    )
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    assert {r["id"] for r in rows} == set(
        _reported(
            run(
                "diff",
                "--cases",
                "cases_examples",
                "--from",
                "co-icbf-2018",
                "--to",
                str(without_benefit),
                "-f",
                "json",
            ).stdout
        )
    )


def test_the_same_guideline_twice_changes_nothing(run):
    result = run("diff", "--cases", "cases_examples", "--from", "co-icbf-2018", "--to", "co-icbf-2018")
    assert result.exit_code == 0
    assert result.stdout.rstrip().endswith(f"{len(EXAMPLES)} casos: 0 cambian, {len(EXAMPLES)} sin cambio, 0 inválidos")


def test_an_unknown_guideline_is_one_line_and_exit_2(run):
    result = run("diff", "--cases", "cases_examples", "--from", "co-icbf-2019", "--to", "co-icbf-2018")
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "co-icbf-2019" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_an_invalid_case_is_reported_and_exits_2(run):
    result = run(
        "diff",
        "--cases",
        "tests/fixtures/cases/invalid/wrong-type.yaml",
        "--from",
        OLD,
        "--to",
        "co-icbf-2018",
        "-f",
        "json",
    )
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["errors"][0]["location"].endswith("wrong-type.yaml:5: facts.age")
    assert "catorce" not in result.stdout


def test_text_prints_each_case_file_whole_on_its_own_line_at_80_columns(tmp_path):
    folder = tmp_path / "cases-of-the-regional-office" / "reviewed-before-the-new-guideline-version"
    folder.mkdir(parents=True)
    case = folder / "02-trafficking-job-offer-sexual-copy.yaml"
    case.write_text((REPO / "cases_examples" / "02-trafficking-job-offer-sexual.yaml").read_text("utf-8"), "utf-8")
    assert len(str(case)) > 80
    result = CliRunner().invoke(
        app,
        ["diff", "--cases", str(folder), "--from", str(REPO / OLD), "--to", "co-icbf-2018", "--lang", "en"],
        env={"COLUMNS": "80", "NO_COLOR": "1"},
    )
    assert result.exit_code == 1, result.output
    assert f"  {case}" in result.output.splitlines()  # never cut inside, so that it can be copied
