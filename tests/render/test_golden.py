"""Golden files: what the renderers print, byte for byte, for fixed cases (tests/fixtures/cases/golden/).

Rendered through the CLI at a width of 100 columns with NO_COLOR. The
guideline's sha256 is replaced by <sha256> (a comment in the YAML changes it
without changing what a Defender reads); everything else is compared exactly.

To regenerate after an intended change (see tests/conftest.py):

    .venv/bin/python -m pytest tests/render/test_golden.py --update-golden
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO
from typer.testing import CliRunner

from tip_triage.cli import app

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
CASES = "tests/fixtures/cases/golden"
ENV = {
    "COLUMNS": "100",
    "LINES": "50",
    "NO_COLOR": "1",
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "TTY_INTERACTIVE": None,
    "TERM": "dumb",
}

SCENARIOS = {  # golden file -> (arguments, exit code)
    "check-text-es.txt": (["check", f"{CASES}/trafficking.yaml"], 0),
    "check-text-en.txt": (["check", f"{CASES}/insufficient.yaml", "--lang", "en"], 0),
    "check-markdown-en.md": (["check", f"{CASES}/trafficking.yaml", "--format", "markdown", "--lang", "en"], 0),
    "check-markdown-es.md": (["check", f"{CASES}/insufficient.yaml", "--format", "markdown"], 0),
    "batch-table.txt": (["batch", CASES], 2),
    "batch-csv.csv": (["batch", CASES, "--format", "csv"], 2),
}


def _normalise(text: str, sha256: str) -> str:
    return text.replace(sha256, "<sha256>").replace(sha256[:12], "<sha256>")


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_output_matches_the_golden_file(name, bundled, update_golden, monkeypatch):
    args, exit_code = SCENARIOS[name]
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(app, args, env=ENV)
    assert result.exit_code == exit_code, result.stderr
    output = _normalise(result.stdout, bundled.sha256)
    golden = GOLDEN / name
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(output, encoding="utf-8")
        return
    assert golden.exists(), f"{golden} is missing: run pytest tests/render/test_golden.py --update-golden"
    expected = golden.read_text(encoding="utf-8")
    assert output == expected, f"{name} differs: if intended, run pytest --update-golden and review the diff"


def test_every_golden_file_has_a_scenario():
    assert {p.name for p in GOLDEN.iterdir()} <= set(SCENARIOS)


def test_text_lines_fit_the_width():
    for name in ("check-text-es.txt", "check-text-en.txt", "batch-table.txt"):
        lines = (GOLDEN / name).read_text(encoding="utf-8").splitlines()
        assert max(len(line) for line in lines) <= 100, name
