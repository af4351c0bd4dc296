"""`tip-triage scenarios run / new`: suites of trainer scenarios, their coverage, junit for CI."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from xml.etree import ElementTree as ET

import yaml
from typer.testing import CliRunner

from tip_triage.cli import app
from tip_triage.coverage import coverage, interview_questions
from tip_triage.loader import load_case
from tip_triage.scenarios import collect, load_file, run, select

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "cases_examples"
SUITE = REPO / "tests" / "fixtures" / "scenarios" / "suite.yaml"


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "80", "NO_COLOR": "1"})


def test_the_shipped_scenarios_pass_and_cover_every_code_rule_and_referral(bundled):
    """CI says so: the shipped scenarios reach 100 % of codes, rules and referrals of the guideline as it is now."""
    result = invoke("scenarios", "run", str(EXAMPLES), "--min-coverage", "100", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["summary"]["failed"] == 0 and data["summary"]["errors"] == 0
    for category in ("codes", "rules", "referrals"):
        cov = data["coverage"][category]
        assert cov["missing"] == [] and cov["percent"] == 100.0, (category, cov["missing"])
    # computed from the guideline, never from a list: every rule, code and referral is counted
    assert len(data["coverage"]["rules"]["covered"]) == len(bundled.qualifications)
    assert set(data["coverage"]["codes"]["covered"]) == set(bundled.codes)
    assert set(data["coverage"]["referrals"]["covered"]) == {r.id for r in bundled.referrals}


def test_text_table_and_coverage_fit_80_columns():
    result = invoke("scenarios", "run", str(EXAMPLES), "--coverage", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80
    assert "0 failed" in result.output and "qualification rules" in result.output


def test_a_failure_shows_expected_vs_got_and_the_rules_that_made_the_difference():
    result = invoke("scenarios", "run", str(SUITE), "--lang", "en")
    assert result.exit_code == 1
    assert "FAIL: A deliberately wrong expectation" in result.output
    assert "qualification: expected trafficking, got" in result.output
    assert "rule trafficking (trafficking): excluded" in result.output and "benefit=false" in result.output
    assert "referral anti_trafficking_route did not fire" in result.output
    assert "2 passed, 1 failed" in result.output


def test_select_by_keyword_and_tag():
    assert invoke("scenarios", "run", str(SUITE), "-k", "trochero").exit_code == 0
    assert invoke("scenarios", "run", str(SUITE), "--tag", "trafficking", "--tag", "smuggling").exit_code == 0
    assert invoke("scenarios", "run", str(SUITE), "--tag", "wrong").exit_code == 1
    result = invoke("scenarios", "run", str(SUITE), "--tag", "nothing-has-this", "--lang", "en")
    assert result.exit_code == 2 and "no scenario matches" in result.output
    scenarios, broken = collect([str(SUITE)])
    assert not broken and [s.case.id for s in select(scenarios, None, ["contrast"])] == [
        "SUITE-1",
        "SUITE-2",
        "SUITE-3",
    ]
    assert scenarios[0].case.tags == ("contrast", "smuggling") and scenarios[0].where.endswith("suite.yaml#1")
    assert scenarios[0].case.narrative is not None and scenarios[1].case.narrative is None


def test_junit_output_is_valid_xml_with_failures_and_coverage():
    result = invoke(
        "scenarios",
        "run",
        str(SUITE),
        str(EXAMPLES / "02-trafficking-job-offer-sexual.yaml"),
        "--lang",
        "en",
        "--format",
        "junit",
        "--coverage",
    )
    assert result.exit_code == 1
    root = ET.fromstring(result.output)
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == "4" and suite.get("failures") == "1"
    failed = [c for c in suite.iter("testcase") if c.find("failure") is not None]
    assert [c.get("name") for c in failed] == ["A deliberately wrong expectation"]
    assert "why: rule trafficking" in (failed[0].find("failure").text or "")
    assert any(p.get("name") == "coverage.rules" for p in suite.iter("property"))


def test_a_broken_file_is_reported_and_never_stops_the_run(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("tip_triage_scenarios: 1\ncases:\n  - id: X\n    facts: {agee: 15}\n", encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_text((EXAMPLES / "02-trafficking-job-offer-sexual.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = invoke("scenarios", "run", str(tmp_path), "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["summary"] == {"passed": 1, "failed": 0, "skipped": 0, "errors": 1}
    [error] = data["errors"]
    assert error["location"] == f"{bad}:4: cases[0].facts.agee" and "did you mean 'age'" in error["message"]
    assert "15" not in error["message"] and "15" not in error["location"].replace(
        str(tmp_path), ""
    )  # never a fact's value


def test_coverage_counts_questions_by_simulating_the_interview(bundled):
    case = load_case(str(EXAMPLES / "02-trafficking-job-offer-sexual.yaml"))
    asked = interview_questions(bundled, case.facts)
    assert asked[0] == "immediate_danger" and "exploitation" in asked
    assert "age_uncertain" not in asked  # 16 is under 18: the question is skipped
    [scenario] = load_file(str(EXAMPLES / "02-trafficking-job-offer-sexual.yaml"))
    cov = coverage(bundled, [run(scenario, bundled, "en")])
    assert cov.items["questions"]["immediate_danger"] == 1 and cov.items["questions"]["age_uncertain"] == 0
    assert cov.items["rules"]["trafficking"] == 1 and cov.items["elements"]["trafficking.benefit=true"] == 1
    assert cov.percent("rules") < 100


def test_min_coverage_fails_below_the_threshold():
    result = invoke(
        "scenarios",
        "run",
        str(EXAMPLES / "02-trafficking-job-offer-sexual.yaml"),
        "--min-coverage",
        "90",
        "--lang",
        "en",
    )
    assert result.exit_code == 1
    assert "coverage" in result.output and "below the minimum 90 %" in result.output


def test_new_scenario_from_a_finished_interview(tmp_path):
    interview = {
        "tip_triage_case": 1,
        "id": "BOG-2026-0412",
        "recorded": "2026-11-29",
        "facts": {"age": 15, "recruited": True, "exploitation": ["sexual"], "someone_profits": True},
        "interview": {
            "lang": "es",
            "started": "2026-11-29T14:02:11Z",
            "updated": "2026-11-29T14:19:40Z",
            "finished": True,
            "asked": ["age", "recruited", "exploitation", "someone_profits"],
        },
        "history": [{"fact": "age", "from": None, "to": 15, "at": "2026-11-29T14:05:02Z"}],
    }
    source = tmp_path / "case.yaml"
    source.write_text(yaml.safe_dump(interview), encoding="utf-8")
    result = invoke("scenarios", "new", "--from", str(source))
    assert result.exit_code == 0, result.output
    made = yaml.safe_load(result.output)
    assert made["id"] == "BOG-2026-0412" and made["history"] and made["expect"]["qualification"] == "trafficking"
    assert "anti_trafficking_route" in made["expect"]["referrals_include"]

    target = tmp_path / "scenario.yaml"
    result = invoke("scenarios", "new", "--from", str(source), "--redact", "--output", str(target))
    assert result.exit_code == 0, result.output
    made = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert {"history", "interview", "recorded"}.isdisjoint(made) and "BOG" not in target.read_text(encoding="utf-8")
    assert made["facts"]["exploitation"] == ["sexual"]
    # the scenario passes as it is, and is a valid case file
    assert invoke("scenarios", "run", str(target)).exit_code == 0
    assert load_case(str(target)).expect["concurrent"] == ["commercial_sexual_exploitation"]


def test_check_on_a_scenario_file_says_how_to_run_it():
    result = invoke("check", str(SUITE), "--lang", "en")
    assert result.exit_code == 2
    assert "a scenario file (several cases): run it with 'tip-triage scenarios run'" in result.output
    result = invoke("check", str(SUITE), "--lang", "es")
    assert "un archivo de escenarios (varios casos): ejecútelo con 'tip-triage scenarios run'" in result.output


def test_a_failures_file_is_printed_whole_on_its_own_line_at_80_columns(tmp_path):
    folder = tmp_path / "regional-training-session-scenarios" / "morning-group-of-defenders-2026"
    folder.mkdir(parents=True)
    suite = folder / "suite-with-a-deliberately-wrong-expectation.yaml"
    suite.write_text(SUITE.read_text(encoding="utf-8"), encoding="utf-8")
    assert len(str(suite)) > 80
    lines = invoke("scenarios", "run", str(suite), "--lang", "en").output.splitlines()
    at = lines.index("FAIL: A deliberately wrong expectation")
    assert lines[at + 1] == f"  {suite}#3"  # FILE#N as -k or triage --exercise take it: never cut inside


def test_a_scenario_file_s_marker_is_the_integer_1_and_a_case_s_recorded_a_date(tmp_path):
    import pytest

    from tip_triage.errors import TipTriageError

    suite = tmp_path / "suite.yaml"
    for marker in ("1.0", "true", "2"):
        suite.write_text(f"tip_triage_scenarios: {marker}\ncases:\n  - id: X\n    facts: {{}}\n", encoding="utf-8")
        with pytest.raises(TipTriageError) as info:
            load_file(str(suite))
        assert str(info.value) == f"{suite}:1: tip_triage_scenarios: must be 1"
    suite.write_text(
        "tip_triage_scenarios: 1\ncases:\n  - id: X\n    recorded: ayer ZQX\n    facts: {}\n", encoding="utf-8"
    )
    with pytest.raises(TipTriageError) as info:
        load_file(str(suite))
    assert str(info.value) == (
        f"{suite}:4: cases[0].recorded: must be a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM:SSZ)"
    )
    suite.write_text("tip_triage_scenarios: 1\ncases:\n  - id: X\n    recorded: 2026-11-29\n    facts: {}\n")
    assert load_file(str(suite))[0].case.recorded == "2026-11-29"
