"""`tip-triage --version` stays light: the same import check as bench/startup.py (no timing here)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

from conftest import REPO

_spec = importlib.util.spec_from_file_location("bench_startup", REPO / "bench" / "startup.py")
startup = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(startup)


def test_version_imports_neither_jsonschema_nor_questionary():
    assert startup.heavy_imports(sys.executable, ("-m", "tip_triage", "--version")) == []


def test_the_import_check_does_see_heavy_imports():
    # A check that could never fail proves nothing: importing jsonschema must be noticed.
    assert startup.heavy_imports(sys.executable, ("-c", "import jsonschema")) == ["jsonschema"]


def test_check_does_validate_with_the_compiled_schema():
    # a valid case is accepted by the schema compiled once (tip_triage/fastcheck.py), without jsonschema
    modules, done = startup.imported_modules(
        sys.executable, ["-m", "tip_triage", "check", "tests/fixtures/cases/valid/spec-example.yaml"]
    )
    assert done.returncode == 0
    assert "tip_triage.fastcheck" in modules and "questionary" not in modules


def test_an_invalid_case_is_described_by_jsonschema():
    modules, done = startup.imported_modules(
        sys.executable, ["-m", "tip_triage", "check", "tests/fixtures/cases/invalid/wrong-type.yaml"]
    )
    assert done.returncode == 2
    assert "jsonschema" in modules


# ---------------------------------------------------------------- batch --format jsonl: the fixed cost of a batch

HEAVY_FOR_JSONL = ("jsonschema", "questionary", "rich", "yaml")


def _top_level(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(h for h in names if any(m == h or m.startswith(h + ".") for m in modules))


def test_the_cli_env_store_cache_and_model_import_no_heavy_package():
    # the modules every command imports first: rich, yaml and jsonschema come with the parts that use them
    modules, done = startup.imported_modules(
        sys.executable,
        [
            "-c",
            "import tip_triage.cli, tip_triage.cli_help, tip_triage.env, tip_triage.store, tip_triage.cache, tip_triage.model",
        ],
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert _top_level(modules, HEAVY_FOR_JSONL) == []


def test_batch_jsonl_with_a_kept_guideline_imports_no_heavy_package(tmp_path):
    assert startup.BATCH[:2] == ["batch", "-"]
    assert _top_level(_batch_modules(tmp_path, *startup.BATCH[2:]), HEAVY_FOR_JSONL) == []


def test_batch_of_ordinary_yaml_files_with_a_kept_guideline_never_imports_pyyaml(tmp_path):
    """Case files in the fast reader's subset are read without PyYAML (yamlio → yamlfull only when it must)."""
    folder = tmp_path / "cases"
    folder.mkdir()
    for name in ("spec-example.yaml",):
        (folder / name).write_bytes((REPO / "tests/fixtures/cases/valid" / name).read_bytes())
    cache = {"TIP_TRIAGE_CACHE_DIR": str(tmp_path / "cache")}
    args = ["-m", "tip_triage", "batch", str(folder), "--format", "jsonl", "--quiet"]
    subprocess.run([sys.executable, *args], capture_output=True, env={**os.environ, **cache}, cwd=REPO)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **cache},
        cwd=REPO,
    )
    assert done.returncode == 0 and done.stdout.count("\n") == 1, done.stderr[-2000:]
    modules = {
        line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if "|" in line and "[us]" not in line
    }
    assert "tip_triage.yamlio" in modules and _top_level(modules, ("yaml", "jsonschema", "questionary")) == []


def _batch_modules(tmp_path, *options: str) -> set[str]:
    lines = startup.three_cases(tmp_path)
    cache = {"TIP_TRIAGE_CACHE_DIR": str(tmp_path / "cache")}
    with open(lines, "rb") as stdin:  # the first run keeps the guideline's model
        subprocess.run(
            [sys.executable, "-m", "tip_triage", *startup.BATCH],
            stdin=stdin,
            capture_output=True,
            env={**os.environ, **cache},
            cwd=REPO,
        )
    with open(lines, "rb") as stdin:
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "tip_triage", "batch", "-", *options],
            stdin=stdin,
            capture_output=True,
            text=True,
            env={**os.environ, **cache},
            cwd=REPO,
        )
    assert done.returncode == 0 and done.stdout.count("\n") == 3, done.stderr[-2000:]
    return {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if "|" in line and "[us]" not in line}


def test_a_batch_with_plain_options_runs_without_typer(tmp_path):
    """tip_triage/entry.py: `batch` with plain options (batch_argv) never builds the typer app."""
    modules = _batch_modules(tmp_path, "--format", "jsonl", "--jobs", "1", "--quiet", "--no-trace")
    assert _top_level(modules, ("typer", "click", "rich", "jsonschema", "yaml")) == []


def test_a_batch_command_line_that_is_not_plain_goes_to_typer(tmp_path):
    # short options run together are typer's to read: the check above can see typer when it is there
    modules = _batch_modules(tmp_path, "-fjsonl", "--quiet")
    assert _top_level(modules, ("typer",)) == ["typer"]
