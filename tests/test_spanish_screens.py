"""Spanish screens are wholly Spanish: unmet expectations, batch errors, levels and the words of scenarios run
(JSON and CSV keep the contract's English); ids and file names never broken, wrapped lines indented."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import REPO
from typer.testing import CliRunner

from tip_triage.cli import app
from tip_triage.expect import difference_text

EXAMPLE = REPO / "cases_examples" / "02-trafficking-job-offer-sexual.yaml"
CASE_ID = "EX-02-trafficking-job-offer-sexual"
ES = {"LC_ALL": "es_CO.UTF-8", "COLUMNS": "80", "NO_COLOR": "1", "FORCE_COLOR": None}
ENGLISH = re.compile(
    r"\b(expected|got|is not in|is in the referral|among the missing|missing required key|not valid YAML"
    r"|unknown fact|did you mean|no such file|no case files|no scenario files|act=|purpose=|benefit=)\b"
)
LEVEL_CODE = re.compile(r"indicios( de trata)?: (none|possible|clear)\b")


def invoke(*args: str, **env: str | None):
    return CliRunner().invoke(app, list(args), env={**ES, **env})


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    """An unmet expectation (every form differences() writes) and four broken cases, in one folder."""
    text = EXAMPLE.read_text(encoding="utf-8")
    expect = text.index("expect:")
    unmet = text[:expect] + (
        "expect:\n"
        "  qualification: migrant_smuggling\n"
        "  concurrent: [migrant_smuggling]\n"
        "  indicator_level: possible\n"
        "  referrals_include: [civil_registry]\n"
        "  referrals_exclude: [pard_opening]\n"
        "  missing_include: [age]\n"
    )
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "unmet.yaml").write_text(unmet, encoding="utf-8")
    (folder / "no-version.yaml").write_text(text.replace("tip_triage_case: 1\n", ""), encoding="utf-8")
    (folder / "not-yaml.yaml").write_text("tip_triage_case: 1\nid: x\nfacts: [a\n", encoding="utf-8")
    (folder / "typo.yaml").write_text(text.replace("  age: 16", "  agee: 16"), encoding="utf-8")
    (tmp_path / "empty").mkdir()
    return folder


def test_every_difference_reads_in_spanish_and_english_stays_as_it_is():
    forms = {
        "qualification: expected trafficking, got migrant_smuggling": (
            "calificación: se esperaba trafficking, se obtuvo migrant_smuggling"
        ),
        "concurrent: expected [a, b], got []": "concurrentes: se esperaba [a, b], se obtuvo []",
        "indicator_level: expected possible, got clear": "indicios de trata: se esperaba posibles, se obtuvo claros",
        "referrals_include: pard_opening is not in the referral path": "la remisión pard_opening no está en la ruta",
        "referrals_exclude: pard_opening is in the referral path": (
            "la remisión pard_opening está en la ruta, y no se esperaba"
        ),
        "missing_include: age is not among the missing facts": "el hecho age no está entre los que faltan",
    }
    for english, spanish in forms.items():
        assert difference_text(english, "es") == spanish
        assert difference_text(english, "en") == english


def test_check_shows_an_unmet_expectation_in_spanish(cases):
    for fmt in ("text", "markdown"):
        result = invoke("check", str(cases / "unmet.yaml"), "--format", fmt)
        assert result.exit_code == 1, result.output
        assert "se esperaba migrant_smuggling, se obtuvo trafficking" in " ".join(result.stdout.split())
        assert "la remisión civil_registry no está en la ruta" in result.stdout
        assert not ENGLISH.search(result.stdout), (fmt, ENGLISH.search(result.stdout))
    data = json.loads(invoke("check", str(cases / "unmet.yaml"), "--format", "json").stdout)
    assert "qualification: expected migrant_smuggling, got trafficking" in data["expect"]["differences"]


def test_check_markdown_shows_an_error_in_spanish(cases):
    result = invoke("check", str(cases / "typo.yaml"), "--format", "markdown")
    assert "hecho desconocido 'agee'" in result.stdout and not ENGLISH.search(result.stdout)


@pytest.mark.parametrize("columns", ["80", "200"])  # the stacked layout and the table
def test_batch_table_is_all_spanish(cases, columns):
    missing = str(cases / "missing.yaml")
    result = invoke("batch", str(cases), missing, str(cases.parent / "empty"), "--summary", COLUMNS=columns)
    assert result.exit_code == 2, result.output
    out = result.stdout
    assert not ENGLISH.search(out), ENGLISH.search(out)
    assert not LEVEL_CODE.search(out) and "claros" in out
    for words in (
        "falta la clave obligatoria 'tip_triage_case'",
        "no es YAML válido",
        "hecho desconocido 'agee' (¿quiso decir 'age'?)",
        "no existe ese archivo",
        "no hay archivos de caso",
        "NO CUMPLIDO: calificación: se esperaba",
        "inválido",
    ):
        assert words in " ".join(out.split()), words
    assert not re.search(r"^\s*error\s*$", out, re.M)  # the status in words, not the code
    csv = invoke("batch", str(cases), "--format", "csv").stdout  # the contract: English
    assert "qualification: expected migrant_smuggling" in csv and "missing required key" in csv


def test_scenarios_run_explains_a_failure_in_spanish(cases):
    result = invoke("scenarios", "run", str(cases / "unmet.yaml"), str(EXAMPLE))
    assert result.exit_code == 1, result.output
    out = " ".join(result.stdout.split())
    assert not ENGLISH.search(out), ENGLISH.search(out)
    assert not LEVEL_CODE.search(out)
    assert "calificación: se esperaba migrant_smuggling, se obtuvo trafficking" in out
    assert "[conducta: sí; finalidad de explotación: sí; provecho para sí o para un tercero: sí]" in out
    english = invoke("scenarios", "run", str(cases / "unmet.yaml"), "--lang", "en").stdout
    assert "qualification: expected migrant_smuggling" in english and "benefit=true" in english


def test_scenarios_run_says_why_in_spanish_when_there_is_nothing_to_run(cases):
    result = invoke("scenarios", "run", str(cases.parent / "empty"))
    assert result.exit_code == 2
    assert "no hay archivos de escenarios" in result.stderr and not ENGLISH.search(result.stderr)
    broken = invoke("scenarios", "run", str(cases / "no-version.yaml"))
    assert "falta la clave obligatoria" in broken.stderr and not ENGLISH.search(broken.stderr)


@pytest.mark.parametrize("columns", ["60", "80", "120"])
def test_scenarios_run_never_breaks_an_id_or_a_file_name(columns):
    examples = sorted((REPO / "cases_examples").glob("*.yaml"))[:12]
    result = invoke("scenarios", "run", *map(str, examples), COLUMNS=columns)
    assert result.exit_code == 0, result.output
    words = {w for line in result.stdout.splitlines() for w in line.split()}
    for path in examples:
        case_id = re.search(r"^id: (\S+)", path.read_text(encoding="utf-8"), re.M)[1]
        assert case_id in words and path.name in words, (case_id, path.name)
    assert max(len(line.rstrip()) for line in result.stdout.splitlines()) <= int(columns)


def test_check_indents_the_wrapped_lines_of_a_referral():
    result = invoke("check", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    lines = [line.strip("│").rstrip() for line in result.stdout.splitlines()]
    start = next(i for i, line in enumerate(lines) if line.strip() == "Ruta de atención (en orden)")
    referrals = lines[start + 1 : lines.index("", start)]
    assert referrals[0].startswith(" ☐ 1. ") and len(referrals) > 8
    for line in referrals:
        assert line.startswith(" ☐ ") or line.startswith(" " * 6), line  # under the text, never at the edge
    assert any(line.strip().startswith("interdisciplinario") for line in referrals)  # a heading that wrapped
    assert any(line.strip().startswith("plazo:") for line in referrals)
    notes = lines[lines.index(" Notas") + 1 :]
    assert all(line.startswith((" • ", "   ")) for line in notes[: notes.index("")]), notes
