"""`tip-triage --version` stays light: the same import check as bench/startup.py (no timing here)."""

from __future__ import annotations

import importlib.util
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
