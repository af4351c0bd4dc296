"""tip_triage.api: pure and picklable, the same results as the CLI; the Dask example of docs/analysts.md.

The Dask test runs docs/examples/dask_archive.py on Dask's local process pool
(which pickles the functions to worker processes) and compares every result with
`tip-triage batch --format jsonl` on the same cases.
"""

from __future__ import annotations

import importlib.util
import json
import pickle
import shutil
import sys

import pytest
from conftest import REPO
from typer.testing import CliRunner

from tip_triage import api
from tip_triage.cli import app

sys.path.insert(0, str(REPO / "bench"))
import cases as generated  # noqa: E402


def _cli_jsonl(*args: str) -> dict[str, dict]:
    result = CliRunner().invoke(app, ["batch", *args, "--format", "jsonl", "--jobs", "1"])
    assert result.exit_code in (0, 1, 2), result.stderr
    return {item["file"]: item for item in map(json.loads, result.stdout.splitlines())}


def test_the_functions_pickle():
    for fn in (api.evaluate, api.evaluate_file, api.next_question):
        assert pickle.loads(pickle.dumps(fn)) is fn


def test_evaluate_file_is_the_cli_result(monkeypatch):
    monkeypatch.chdir(REPO)
    cli = _cli_jsonl("cases_examples", "tests/fixtures/cases/invalid")
    for file, item in cli.items():
        assert api.evaluate_file(file) == item, file


def test_evaluate_a_case_object_and_bare_facts(monkeypatch, tmp_path):
    cases = list(generated.generate(40, seed=3))
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    cli = _cli_jsonl(str(path))
    for n, case in enumerate(cases, 1):
        name = f"{path}:{n}"
        assert api.evaluate(case, name=name) == cli[name]
        bare = api.evaluate(case["facts"], lang="en", trace=False)
        assert bare["qualification"] == cli[name]["qualification"] and "trace" not in bare
        assert bare["file"] is None and bare["lang"] == "en"


def test_invalid_facts_give_an_error_result_without_values():
    result = api.evaluate({"age": "catorce ZQX"})
    assert result["status"] == "error" and result["error"]["location"] == "<facts>: facts.age"
    assert "ZQX" not in json.dumps(result)


def test_a_pinned_guideline_that_is_not_installed_is_an_error_result():
    result = api.evaluate({"tip_triage_case": 1, "id": "P-1", "guideline": "co-icbf-2099", "facts": {"age": 9}})
    assert result["status"] == "error" and result["error"]["code"] == "guideline"


def test_next_question():
    first = api.next_question({})
    assert first is not None and first["fact"] and first["question"]
    later = api.next_question({"age": 15}, lang="en", asked=[first["fact"]])
    assert later is not None and later["fact"] != first["fact"]
    assert api.guideline_info()["id"] == "co-icbf-2018"


@pytest.mark.slow
def test_the_dask_example_gives_the_cli_results(tmp_path, monkeypatch, capsys):
    pytest.importorskip("dask")
    monkeypatch.chdir(REPO)
    archive = tmp_path / "archive"
    shutil.copytree(REPO / "cases_examples", archive / "examples")
    generated.write(120, archive / "generated", seed=5)
    spec = importlib.util.spec_from_file_location("dask_archive", REPO / "docs" / "examples" / "dask_archive.py")
    assert spec and spec.loader
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    counts = example.main([str(archive), str(tmp_path / "out"), "--workers", "2"])
    lines = [
        line
        for p in sorted((tmp_path / "out").glob("part-*.jsonl"))
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    dask_results = {item["file"]: item for item in map(json.loads, lines)}
    cli = _cli_jsonl(str(archive))
    assert len(cli) == len(list((REPO / "cases_examples").glob("*.yaml"))) + 120
    assert dask_results == cli
    by_qualification: dict[str, int] = {}
    for item in cli.values():
        by_qualification[item["qualification"]] = by_qualification.get(item["qualification"], 0) + 1
    assert counts == by_qualification
