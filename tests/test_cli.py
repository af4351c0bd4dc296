"""The command line, through typer's CliRunner (stdout and stderr are captured apart).

Exit codes: 0 fine, 1 an expectation unmet, 2 invalid input, 3 internal error.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from typer.testing import CliRunner

from tip_triage import __version__, schemas
from tip_triage.cli import app
from tip_triage.loader import load_guideline as _load
from tip_triage.render import CSV_COLUMNS

URGENCY_ORDER = tuple(u.id for u in _load().urgencies)

EXAMPLES = REPO / "cases_examples"
EXAMPLE_FILES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".yaml", ".yml", ".json"))
FIXTURES = Path(__file__).parent / "fixtures" / "cases"
SPEC_CASE = "tests/fixtures/cases/valid/spec-example.yaml"
BROKEN_CASE = "tests/fixtures/cases/invalid/wrong-type.yaml"
VOCAB = schemas.vocabulary()


@pytest.fixture
def run(monkeypatch):
    """Invoke tip-triage from the repository root; returns the click Result (stdout, stderr, exit_code)."""
    monkeypatch.chdir(REPO)
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, env: dict | None = None):
        return runner.invoke(app, list(args), input=input, env={"COLUMNS": "100", **(env or {})})

    return invoke


def _no_traceback(result) -> None:
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


# ---------------------------------------------------------------- version


def test_version(run):
    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"tip-triage {__version__}\n")


def test_python_dash_m_version():
    done = subprocess.run(
        [sys.executable, "-m", "tip_triage", "--version"], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, f"tip-triage {__version__}\n", "")


# ---------------------------------------------------------------- check


def test_check_text_is_spanish_by_default(run):
    result = run("check", SPEC_CASE)
    assert result.exit_code == 0, result.stderr
    assert "Caso BOG-2026-0412" in result.stdout
    assert "Trata de personas" in result.stdout and "Ruta de atención (en orden)" in result.stdout
    assert "Resultado esperado: cumplido" in result.stdout
    assert result.stderr == ""


def test_check_text_in_english(run):
    result = run("check", SPEC_CASE, "--lang", "en")
    assert result.exit_code == 0
    assert "Case BOG-2026-0412" in result.stdout
    assert "Trafficking in persons" in result.stdout and "Referral path (in order)" in result.stdout
    assert "Expected outcome: met" in result.stdout


def _assert_result_v1(item: dict, file: str | None = None) -> None:
    """The keys and value kinds of the spec's "Result format, version 1"."""
    assert item["tip_triage_result"] == 1
    assert item["status"] == "ok"
    assert isinstance(item["id"], str) and item["id"]
    if file is not None:
        assert item["file"] == file
    assert set(item["guideline"]) >= {"id", "version", "sha256"}
    assert re.fullmatch(r"[0-9a-f]{64}", item["guideline"]["sha256"])
    assert item["qualification"] in VOCAB["qualification_codes"]
    assert isinstance(item["concurrent"], list) and set(item["concurrent"]) <= set(VOCAB["qualification_codes"])
    assert item["indicator_level"] in VOCAB["indicator_levels"]
    for key in ("purposes", "aggravating", "missing", "notes"):
        assert isinstance(item[key], list) and all(isinstance(v, str) for v in item[key]), key
    for referral in item["referrals"]:
        assert set(referral) >= {"id", "urgency", "institution", "basis", "because"}
        assert referral["id"] in VOCAB["referral_ids"] and referral["urgency"] in URGENCY_ORDER
        assert isinstance(referral["basis"], list) and referral["basis"]
        assert isinstance(referral["because"], str) and isinstance(referral["institution"], str)
    for step in item["trace"]:
        assert set(step) >= {"step", "answer", "basis"} and isinstance(step["basis"], list)


def test_check_json_is_result_format_v1(run):
    result = run("check", SPEC_CASE, "--format", "json")
    assert result.exit_code == 0
    item = json.loads(result.stdout)
    _assert_result_v1(item, SPEC_CASE)
    assert item["id"] == "BOG-2026-0412" and item["guideline"]["id"] == "co-icbf-2018"
    assert item["qualification"] == "trafficking" and item["indicator_level"] == "clear"
    assert item["concurrent"] == ["commercial_sexual_exploitation"]
    assert item["purposes"] == ["sexual"] and "victim_under_18" in item["aggravating"]
    assert item["expect"] == {"met": True, "differences": []}
    urgency = [URGENCY_ORDER.index(r["urgency"]) for r in item["referrals"]]
    assert urgency == sorted(urgency)


def test_check_json_has_no_expect_without_an_expect_block(run):
    result = run("check", "tests/fixtures/cases/valid/nulls-and-empty-set.yaml", "-f", "json")
    item = json.loads(result.stdout)
    _assert_result_v1(item)
    assert "expect" not in item


def test_check_jsonl_writes_one_object_per_line(run):
    result = run("check", SPEC_CASE, "tests/fixtures/cases/valid/spec-example.json", "--format", "jsonl")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    items = [json.loads(line) for line in lines]
    for item in items:
        _assert_result_v1(item)
    assert items[0]["qualification"] == items[1]["qualification"] == "trafficking"


def test_check_markdown_is_a_record_with_a_checklist(run):
    result = run("check", SPEC_CASE, "--format", "markdown", "--lang", "en")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("# Case BOG-2026-0412\n")
    assert "**Indicative qualification:** Trafficking in persons  \n" in text
    assert "`trafficking`" not in text and "INFERRED" not in text and "CONFIRMED" not in text  # codes: JSON/CSV
    assert "## Referral path (in order)" in text and "- [ ] **1. [immediately]" in text


def test_check_a_malformed_case_is_one_line_on_stderr(run):
    result = run("check", BROKEN_CASE, "--lang", "en")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"{BROKEN_CASE}:5: facts.age: must be a whole number\n"
    spanish = run("check", BROKEN_CASE)  # the reader's language (Spanish here)
    assert spanish.stderr == f"{BROKEN_CASE}:5: facts.age: debe ser un número entero\n"
    _no_traceback(result)


def test_check_a_yaml_syntax_error_names_the_line(run):
    path = "tests/fixtures/cases/invalid/yaml-syntax-error.yaml"
    result = run("check", path, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == f"{path}:5: not valid YAML: mapping values are not allowed in this context\n"


def test_check_json_reports_a_malformed_case_as_an_error_object(run):
    result = run("check", BROKEN_CASE, "-f", "json")
    assert result.exit_code == 2
    item = json.loads(result.stdout)
    assert item["status"] == "error" and "qualification" not in item
    assert item["error"] == {
        "code": "schema",
        "message": "must be a whole number",
        "location": f"{BROKEN_CASE}:5: facts.age",
    }


def test_check_good_and_bad_together_shows_the_good_and_exits_2(run):
    result = run("check", SPEC_CASE, BROKEN_CASE)
    assert result.exit_code == 2
    assert "BOG-2026-0412" in result.stdout
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"{BROKEN_CASE}:5: ")


def test_check_a_missing_file(run):
    result = run("check", "nowhere/case.yaml", "--lang", "en")
    assert (result.exit_code, result.stderr) == (2, "nowhere/case.yaml: no such file\n")
    assert run("check", "nowhere/case.yaml").stderr == "nowhere/case.yaml: no existe ese archivo\n"


def test_check_an_unmet_expectation_exits_1(run, tmp_path):
    case = yaml.safe_load((REPO / SPEC_CASE).read_text(encoding="utf-8"))
    case["expect"] = {"qualification": "child_sale"}
    path = tmp_path / "unmet.yaml"
    path.write_text(yaml.safe_dump(case), encoding="utf-8")
    result = run("check", str(path), "--lang", "en")
    assert result.exit_code == 1
    assert "Expected outcome: NOT met" in result.stdout
    assert "qualification: expected child_sale, got trafficking" in result.stdout


def test_check_with_an_unknown_guideline(run):
    result = run("check", SPEC_CASE, "--guideline", "co-icbf-2108", env={"LC_ALL": "en_US.UTF-8"})
    assert result.exit_code == 2
    assert result.stderr == "guideline: unknown guideline 'co-icbf-2108' (did you mean 'co-icbf-2018'?)\n"
    result = run("check", SPEC_CASE, "--guideline", "co-icbf-2108")  # Spanish by default, as every message
    assert result.stderr == "guideline: lineamiento desconocido 'co-icbf-2108' (¿quiso decir 'co-icbf-2018'?)\n"


def test_an_internal_error_is_one_line_without_case_data_unless_debug(run, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret Valentina ZQX")

    monkeypatch.setattr("tip_triage.commands.evaluation.evaluate", broken)
    result = run("check", SPEC_CASE)
    assert result.exit_code == 3
    assert (
        result.stderr == "error interno (RuntimeError): por favor repórtelo; ejecute con --debug para ver el detalle\n"
    )
    assert "ZQX" not in result.stdout + result.stderr
    debug = run("--debug", "check", SPEC_CASE)
    assert debug.exit_code == 3 and "Traceback" in debug.stderr


# ---------------------------------------------------------------- batch


def test_batch_examples_jsonl_meets_every_expectation(run):
    result = run("batch", "cases_examples", "--format", "jsonl")
    lines = result.stdout.splitlines()
    assert len(lines) == len(EXAMPLE_FILES)
    items = [json.loads(line) for line in lines]
    assert [i["file"] for i in items] == [f"cases_examples/{p.name}" for p in EXAMPLE_FILES]
    for item in items:
        _assert_result_v1(item)
        assert item["expect"]["met"], (item["file"], item["expect"]["differences"])
    assert result.exit_code == 0


def test_batch_json_is_an_array(run):
    result = run("batch", SPEC_CASE, "--format", "json")
    assert result.exit_code == 0
    items = json.loads(result.stdout)
    assert isinstance(items, list) and len(items) == 1


@pytest.fixture
def mixed_folder(tmp_path) -> Path:
    """Two good cases and one broken one, in a folder with a subfolder and a hidden file."""
    folder = tmp_path / "cases"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(EXAMPLE_FILES[0], folder / "a.yaml")
    shutil.copy(REPO / SPEC_CASE, folder / "sub" / "c.yaml")
    (folder / "b.yaml").write_text("tip_triage_case: 1\nid: B\nfacts:\n  age: [15\n", encoding="utf-8")
    (folder / ".hidden.yaml").write_text("not: a case\n", encoding="utf-8")
    (folder / "notes.txt").write_text("ignored\n", encoding="utf-8")
    return folder


def test_batch_one_broken_file_never_stops_the_others(run, mixed_folder):
    result = run("batch", str(mixed_folder), "--format", "jsonl")
    assert result.exit_code == 2
    items = {Path(i["file"]).name: i for i in map(json.loads, result.stdout.splitlines())}
    assert set(items) == {"a.yaml", "b.yaml", "c.yaml"}
    assert items["b.yaml"]["status"] == "error" and "qualification" not in items["b.yaml"]
    assert re.match(re.escape(str(mixed_folder / "b.yaml")) + r":\d+$", items["b.yaml"]["error"]["location"])
    assert items["a.yaml"]["status"] == items["c.yaml"]["status"] == "ok"
    assert items["c.yaml"]["qualification"] == "trafficking"


def test_batch_table_counts_each_kind(run, mixed_folder):
    result = run("batch", str(mixed_folder), "--lang", "en")
    assert result.exit_code == 2
    assert result.stdout.rstrip().endswith("3 cases: 2 ok, 0 expectation unmet, 1 invalid")
    spanish = run("batch", str(mixed_folder))
    assert spanish.stdout.rstrip().endswith("3 casos: 2 bien, 0 con expectativa no cumplida, 1 inválidos")


def test_batch_an_unmet_expectation_exits_1(run, tmp_path):
    case = yaml.safe_load((REPO / SPEC_CASE).read_text(encoding="utf-8"))
    case["expect"]["concurrent"] = []
    (tmp_path / "unmet.yaml").write_text(yaml.safe_dump(case), encoding="utf-8")
    shutil.copy(REPO / SPEC_CASE, tmp_path / "met.yaml")
    result = run("batch", str(tmp_path), "--format", "jsonl")
    assert result.exit_code == 1
    items = {Path(i["file"]).name: i for i in map(json.loads, result.stdout.splitlines())}
    assert items["met.yaml"]["expect"]["met"] is True
    assert items["unmet.yaml"]["expect"] == {
        "met": False,
        "differences": ["concurrent: expected [], got [commercial_sexual_exploitation]"],
    }


def test_batch_reads_json_lines_from_stdin(run):
    good = json.dumps({"tip_triage_case": 1, "id": "S-1", "facts": {"age": 14, "sexual_abuse": True}})
    bad_schema = json.dumps({"tip_triage_case": 1, "id": "S-3", "facts": {"age": "catorce ZQX"}})
    stdin = f'{good}\n{{"tip_triage_case": 1, "id": "ZQX\n\n{bad_schema}\n'
    result = run("batch", "-", "--format", "jsonl", input=stdin)
    assert result.exit_code == 2
    items = [json.loads(line) for line in result.stdout.splitlines()]
    assert [i["file"] for i in items] == ["<stdin>:1", "<stdin>:2", "<stdin>:4"]  # blank lines are skipped
    assert items[0]["status"] == "ok" and items[0]["qualification"] == "sexual_violence"
    assert items[1]["status"] == "error" and items[1]["error"]["code"] == "json"
    assert items[2]["error"]["location"] == "<stdin>:4: facts.age"
    assert "ZQX" not in result.stdout + result.stderr


def test_batch_reads_a_jsonl_file(run, tmp_path):
    path = tmp_path / "cases.jsonl"
    rows = [{"tip_triage_case": 1, "id": f"L-{n}", "facts": {"age": 10 + n}} for n in range(3)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = run("batch", str(path), "-f", "jsonl")
    assert result.exit_code == 0
    assert [json.loads(line)["file"] for line in result.stdout.splitlines()] == [f"{path}:{n}" for n in (1, 2, 3)]


def test_batch_csv_has_the_header_and_one_row_per_case(run, mixed_folder):
    result = run("batch", str(mixed_folder), "--format", "csv")
    assert result.exit_code == 2
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == CSV_COLUMNS
    records = [dict(zip(rows[0], r)) for r in rows[1:]]
    assert len(records) == 3
    by_name = {Path(r["file"]).name: r for r in records}
    assert by_name["b.yaml"]["status"] == "error"
    assert by_name["b.yaml"]["error"].startswith(str(mixed_folder / "b.yaml"))
    assert by_name["c.yaml"]["qualification"] == "trafficking"
    assert by_name["c.yaml"]["concurrent"] == "commercial_sexual_exploitation"
    assert by_name["c.yaml"]["expect_met"] == "true"
    assert "criminal_complaint" in by_name["c.yaml"]["referrals"].split("|")


def test_batch_an_empty_folder_is_an_error(run, tmp_path):
    result = run("batch", str(tmp_path), "-f", "jsonl")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["message"] == "no case files (*.yaml, *.yml, *.json) in this folder"


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "table"])
def test_batch_never_shows_the_values_of_an_invalid_case(run, fmt):
    expected = yaml.safe_load((FIXTURES / "invalid" / "expected.yaml").read_text(encoding="utf-8"))
    result = run("batch", "tests/fixtures/cases/invalid", "--format", fmt)
    assert result.exit_code == 2
    shown = result.stdout + result.stderr
    for name, entry in expected.items():
        for secret in entry["secrets"]:
            assert secret not in shown.replace(name, ""), (name, secret)


# ---------------------------------------------------------------- guideline validate


def test_guideline_validate_the_bundled_one(run):
    result = run("guideline", "validate")
    assert result.exit_code == 0
    assert result.stdout.startswith("ok: co-icbf-2018 ")
    assert result.stderr == ""


def test_guideline_validate_a_broken_copy(run, guideline_copy):
    rules = guideline_copy / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(
        text.replace("{fact: recruited, equals: true}", "{fact: recruted, equals: true}", 1).replace(
            "{fact: harboured, equals: true}", "{fact: harbored, equals: true}", 1
        ),
        encoding="utf-8",
    )
    result = run("guideline", "validate", str(guideline_copy))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[-1] == "2 problems found"
    assert re.match(
        re.escape(str(rules)) + r":\d+: definitions\.trafficking_act\.when\.any\[0\]: "
        r"unknown fact 'recruted' \(did you mean 'recruited'\?\)$",
        lines[0],
    )
    assert "harbored" in lines[1] and "did you mean 'harboured'" in lines[1]
    assert result.stdout == ""
    _no_traceback(result)


def test_guideline_validate_a_yaml_syntax_error(run, guideline_copy):
    index = guideline_copy / "guideline.yaml"
    index.write_text(
        index.read_text(encoding="utf-8").replace("id: co-icbf-2018\n", "id: [co-icbf-2018\n", 1), encoding="utf-8"
    )
    result = run("guideline", "validate", str(guideline_copy))
    assert result.exit_code == 2
    assert re.match(re.escape(str(index)) + r":\d+: no es YAML válido ", result.stderr)
    assert result.stderr.count("\n") == 1
