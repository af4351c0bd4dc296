"""tip-triage batch grown up: --summary, --jobs, --no-trace, the table at 80 and 120 columns, CSV for Excel,
pinned guidelines, streaming. Through typer's CliRunner, as a user runs it.

The summary's counts are checked against hand counts: the `expect` blocks that
the trainers wrote by hand in cases_examples/ (every scenario states its
qualification and concurrent offences, most their indicator level), and for
referrals and missing facts against the per-case results counted one by one.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from typer.testing import CliRunner

from tip_triage.cli import app
from tip_triage.textsafe import csv_cell as neutralise

sys.path.insert(0, str(REPO / "bench"))
import cases as generated  # noqa: E402

EXAMPLES = sorted((REPO / "cases_examples").glob("*.yaml"))
EXPECT = [yaml.safe_load(p.read_text(encoding="utf-8"))["expect"] for p in EXAMPLES]


@pytest.fixture
def run(monkeypatch):
    monkeypatch.chdir(REPO)

    def invoke(*args: str, input: str | None = None, columns: int = 100):
        return CliRunner().invoke(app, list(args), input=input, env={"COLUMNS": str(columns), "NO_COLOR": "1"})

    return invoke


def _summary_line(stdout: str) -> dict:
    last = json.loads(stdout.splitlines()[-1])
    assert last["tip_triage_summary"] == 1
    return last


# ---------------------------------------------------------------- --summary


def test_summary_matches_the_hand_counts_of_the_scenarios(run):
    result = run("batch", "cases_examples", "--format", "jsonl", "--summary")
    assert result.exit_code == 0
    summary = _summary_line(result.stdout)
    assert summary["cases"] == len(EXAMPLES) and summary["ok"] == len(EXAMPLES) and summary["errors"] == 0
    assert summary["qualification"] == dict(Counter(e["qualification"] for e in EXPECT))
    assert summary["concurrent"] == dict(Counter(c for e in EXPECT for c in e["concurrent"]))
    stated = Counter(e["indicator_level"] for e in EXPECT if "indicator_level" in e)
    assert all(summary["indicator_level"][level] >= n for level, n in stated.items())
    assert sum(summary["indicator_level"].values()) == len(EXAMPLES)
    assert summary["expectations"] == {"met": len(EXAMPLES), "unmet": 0, "by_key": {}, "first_unmet": []}


def test_summary_referrals_and_missing_facts_count_each_case(run):
    result = run("batch", "cases_examples", "--format", "jsonl", "--summary")
    items = [json.loads(line) for line in result.stdout.splitlines()[:-1]]
    summary = _summary_line(result.stdout)
    assert summary["referrals"] == dict(Counter(r["id"] for i in items for r in i["referrals"]))
    missing = Counter(f for i in items for f in i["missing"])
    assert summary["missing"] == {f: n for f, n in missing.items() if f in summary["missing"]}
    assert len(summary["missing"]) == min(10, len(missing))
    assert sorted(summary["missing"].values(), reverse=True) == sorted(missing.values(), reverse=True)[:10]


def test_summary_counts_failures_and_errors(run, tmp_path):
    case = yaml.safe_load((REPO / "tests/fixtures/cases/valid/spec-example.yaml").read_text(encoding="utf-8"))
    case["expect"]["concurrent"] = []
    (tmp_path / "unmet.yaml").write_text(yaml.safe_dump(case), encoding="utf-8")
    shutil.copy(REPO / "tests/fixtures/cases/invalid/wrong-type.yaml", tmp_path / "broken.yaml")
    result = run("batch", str(tmp_path), "--format", "json", "--summary")
    assert result.exit_code == 2
    items = json.loads(result.stdout)
    summary = items[-1]
    assert summary["cases"] == 2 and summary["errors"] == 1
    assert summary["expectations"]["unmet"] == 1 and summary["expectations"]["by_key"] == {"concurrent": 1}
    assert summary["expectations"]["first_unmet"] == ["BOG-2026-0412"]


def test_summary_table_in_both_languages(run):
    es = run("batch", "cases_examples", "--summary")
    en = run("batch", "cases_examples", "--summary", "--lang", "en", columns=120)
    assert "Calificación" in es.stdout and "Remisión" in es.stdout
    assert "Qualification" in en.stdout and "Most frequent missing facts" in en.stdout
    count = dict(Counter(e["qualification"] for e in EXPECT))["trafficking"]
    assert re.search(rf"^\s+trafficking\s+{count}\s*$", en.stdout, flags=re.M)
    assert en.stdout.rstrip().endswith(f"{len(EXAMPLES)} cases: {len(EXAMPLES)} ok, 0 expectation unmet, 0 invalid")


def test_summary_with_csv_goes_to_stderr(run):
    result = run("batch", "cases_examples", "--format", "csv", "--summary")
    assert len(list(csv.reader(io.StringIO(result.stdout)))) == len(EXAMPLES) + 1
    assert "trafficking" in result.stderr


# ---------------------------------------------------------------- --jobs, --no-trace, streaming


@pytest.fixture(scope="module")
def generated_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    generated.write(450, folder / "cases", seed=21, jsonl=folder / "cases.jsonl")
    return folder


@pytest.mark.slow
def test_two_jobs_give_the_serial_output_byte_for_byte(run, generated_folder):
    one = run("batch", str(generated_folder / "cases"), "--format", "jsonl", "--jobs", "1")
    two = run("batch", str(generated_folder / "cases"), "--format", "jsonl", "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout and len(one.stdout.splitlines()) == 450
    for fmt in ("csv", "json"):
        assert (
            run("batch", str(generated_folder / "cases"), "-f", fmt, "-j", "1").stdout
            == run("batch", str(generated_folder / "cases"), "-f", fmt, "-j", "2").stdout
        )


def test_json_lines_on_stdin_with_jobs_keeps_the_order(run, generated_folder):
    text = (generated_folder / "cases.jsonl").read_text(encoding="utf-8")
    result = run("batch", "-", "--format", "jsonl", "--jobs", "2", input=text)
    assert [json.loads(line)["file"] for line in result.stdout.splitlines()] == [f"<stdin>:{n}" for n in range(1, 451)]


def test_the_fast_json_lines_are_the_plain_result_format(run, generated_folder):
    """JSON Lines are written from cached fragments; they must equal json.dumps of the result data."""
    from tip_triage import api

    text = (generated_folder / "cases.jsonl").read_text(encoding="utf-8").splitlines()[:60]
    result = run("batch", "-", "--format", "jsonl", "-j", "1", input="\n".join(text) + "\n")
    for n, (line, out) in enumerate(zip(text, result.stdout.splitlines()), 1):
        assert out == json.dumps(api.evaluate(json.loads(line), name=f"<stdin>:{n}"), ensure_ascii=False)


def test_no_trace_leaves_out_only_the_trace(run):
    full = [json.loads(x) for x in run("batch", "cases_examples", "-f", "jsonl").stdout.splitlines()]
    lean = [json.loads(x) for x in run("batch", "cases_examples", "-f", "jsonl", "--no-trace").stdout.splitlines()]
    for a, b in zip(full, lean):
        assert "trace" not in b
        del a["trace"]
        assert a == b


def test_every_result_names_the_guideline(run):
    for line in run("batch", "cases_examples", "-f", "jsonl").stdout.splitlines():
        g = json.loads(line)["guideline"]
        assert g["id"] == "co-icbf-2018" and g["version"] and re.fullmatch(r"[0-9a-f]{64}", g["sha256"])


def test_no_progress_bar_without_a_terminal(run, generated_folder):
    result = run("batch", str(generated_folder / "cases"), "-f", "jsonl", "-j", "1")
    assert result.stderr == ""


# ---------------------------------------------------------------- pinned guidelines


def _pinned(tmp_path: Path, pin: str) -> Path:
    case = yaml.safe_load((REPO / "tests/fixtures/cases/valid/spec-example.yaml").read_text(encoding="utf-8"))
    case["guideline"] = pin
    path = tmp_path / f"pinned-{pin}.yaml"
    path.write_text(yaml.safe_dump(case), encoding="utf-8")
    return path


def test_a_pinned_guideline_that_is_not_available_is_an_error_for_that_case_only(run, tmp_path):
    _pinned(tmp_path, "co-icbf-2099")
    shutil.copy(REPO / "tests/fixtures/cases/valid/spec-example.yaml", tmp_path / "fine.yaml")
    result = run("batch", str(tmp_path), "-f", "jsonl")
    assert result.exit_code == 2
    items = {Path(i["file"]).name: i for i in map(json.loads, result.stdout.splitlines())}
    assert items["fine.yaml"]["status"] == "ok"
    error = items["pinned-co-icbf-2099.yaml"]["error"]
    assert error["code"] == "guideline" and error["location"].endswith("pinned-co-icbf-2099.yaml: guideline")
    assert "not available" in error["message"] and "co-icbf-2099" in error["message"]


def test_a_case_pinned_to_another_guideline_than_the_one_given_is_an_error(run, tmp_path, guideline_copy):
    doc = (guideline_copy / "guideline.yaml").read_text(encoding="utf-8")
    (guideline_copy / "guideline.yaml").write_text(
        doc.replace("id: co-icbf-2018", "id: co-icbf-2018-test", 1), encoding="utf-8"
    )
    path = _pinned(tmp_path, "co-icbf-2018")
    result = run("batch", str(path), "-f", "jsonl", "--guideline", str(guideline_copy))
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["code"] == "guideline"


# ---------------------------------------------------------------- the table


@pytest.mark.parametrize("columns", [80, 120])
def test_the_table_never_breaks_ids_or_codes(run, columns):
    result = run("batch", "cases_examples", "tests/fixtures/cases/golden", "--lang", "en", columns=columns)
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns
    words = set(re.findall(r"[A-Za-z0-9_.\-/]+", result.stdout))
    for e, path in zip(EXPECT, EXAMPLES):
        case_id = yaml.safe_load(path.read_text(encoding="utf-8"))["id"]
        assert case_id in words, case_id
        assert e["qualification"] in words
        assert all(code in words for code in e["concurrent"])


def test_the_table_uses_the_width_at_120_columns(run):
    result = run("batch", "cases_examples", "--lang", "en", columns=120)
    header = next(line for line in result.stdout.splitlines() if "qualification" in line)
    assert header.split()[:4] == ["case", "qualification", "indicator", "expect"]


def test_a_long_run_is_paged(run, generated_folder):
    result = run("batch", str(generated_folder / "cases"), "--lang", "en", columns=120)
    headers = [line for line in result.stdout.splitlines() if line.split()[:2] == ["case", "qualification"]]
    assert len(headers) == 9  # 450 rows, 50 a page


# ---------------------------------------------------------------- CSV


def test_csv_for_excel_has_the_bom_and_semicolons(run):
    result = run("batch", "cases_examples", "--format", "csv", "--excel")
    assert result.stdout.startswith("\ufeffid;file;status;")
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == len(EXAMPLES) + 1
    record = dict(zip(rows[0], rows[2]))
    assert record["qualification"] == EXPECT[1]["qualification"]
    assert set(record["concurrent"].split("|")) == set(EXPECT[1]["concurrent"])
    assert record["guideline_id"] == "co-icbf-2018" and len(record["guideline_sha256"]) == 64


def test_csv_neutralises_formulas(run, tmp_path):
    case = {"tip_triage_case": 1, "id": '=HYPERLINK("http://x")', "facts": {"age": 9}}
    line = json.dumps(case)
    result = run("batch", "-", "--format", "csv", input=line + "\n")
    row = list(csv.DictReader(io.StringIO(result.stdout)))[0]
    assert row["id"] == '\'=HYPERLINK("http://x")'
    assert [neutralise(x) for x in ("+1", "-1", "@a", "a=b")] == ["'+1", "'-1", "'@a", "a=b"]


@pytest.mark.slow
@pytest.mark.parametrize("into", ["file", "pipe"])
def test_workers_writing_standard_output_themselves_keep_the_serial_bytes(generated_folder, tmp_path, into):
    """In a real process (a real descriptor), forked workers write their JSON Lines chunks in input order."""
    import subprocess
    import sys

    def batch(jobs: str) -> bytes:
        args = [sys.executable, "-m", "tip_triage", "batch", str(generated_folder / "cases"), "-f", "jsonl", "-j", jobs]
        if into == "pipe":
            return subprocess.run(args, capture_output=True, check=True, timeout=120).stdout
        out = tmp_path / f"out-{jobs}.jsonl"
        with open(out, "wb") as fh:
            subprocess.run(args, stdout=fh, check=True, timeout=120)
        return out.read_bytes()

    one, two = batch("1"), batch("2")
    assert one == two and one.count(b"\n") == 450


@pytest.mark.slow
def test_workers_stop_cleanly_when_the_reader_goes_away(generated_folder):
    """`batch ... | head -c 100`: no worker waits for ever on its turn, no traceback."""
    import subprocess
    import sys

    args = [sys.executable, "-m", "tip_triage", "batch", str(generated_folder / "cases"), "-f", "jsonl", "-j", "2"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(100)
    proc.stdout.close()
    err = proc.stderr.read()
    from tip_triage.exit_codes import ExitCode

    assert proc.wait(timeout=60) == ExitCode.BROKEN_PIPE  # as a serial run (cli_common.stdout_gone)
    assert b"Traceback" not in err and not err.strip()


@pytest.mark.slow
def test_two_jobs_count_unmet_expectations_and_summaries_as_one(run, generated_folder, tmp_path):
    """Workers send back only what the exit code needs without --summary, everything with it: same counts."""
    folder = tmp_path / "cases"
    shutil.copytree(generated_folder / "cases", folder)
    wrong = folder / "zz-unmet.yaml"
    wrong.write_text(
        "tip_triage_case: 1\nid: ZZ-1\nfacts:\n  age: 15\nexpect:\n  qualification: trafficking\n", encoding="utf-8"
    )
    for jobs in ("1", "2"):
        plain = run("batch", str(folder), "-f", "jsonl", "-j", jobs)
        assert plain.exit_code == 1, (jobs, plain.stderr)  # the unmet expectation, found by a worker
        counted = run("batch", str(folder), "-f", "jsonl", "-j", jobs, "--summary")
        summary = json.loads(counted.stdout.splitlines()[-1])
        assert summary["cases"] == 451 and summary["expectations"]["unmet"] == 1, summary
    one = run("batch", str(folder), "-f", "jsonl", "-j", "1", "--summary").stdout.splitlines()[-1]
    assert run("batch", str(folder), "-f", "jsonl", "-j", "2", "--summary").stdout.splitlines()[-1] == one
