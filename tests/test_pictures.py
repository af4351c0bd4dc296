"""`guideline show` and `guideline graph`; docs/guideline-flow.md stays the diagram of the bundled guideline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tip_triage.cli import app
from tip_triage.pictures import dot, flow_doc, mermaid

DOC = Path(__file__).resolve().parent.parent / "docs" / "guideline-flow.md"
REGENERATE = "UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_pictures.py"


def test_the_docs_diagram_is_current(bundled, update_golden):
    expected = flow_doc(bundled)
    if update_golden:
        DOC.write_text(expected, encoding="utf-8")
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    assert current == expected, (
        f"docs/guideline-flow.md is stale (the guideline changed): regenerate it with  {REGENERATE}"
    )


def test_mermaid_has_every_question_and_rule_in_order(bundled):
    for lang in ("es", "en"):
        text = mermaid(bundled, lang)
        assert text.startswith("flowchart TD\n")
        for stage in bundled.stages:
            for q in stage.questions:
                assert f"q_{q.fact}" in text
        positions = [text.index(f"r_{r.id}[") for r in bundled.qualifications]
        assert positions == sorted(positions)
        assert not re.search(r'\["[^"]*"[^\]]*"\]', text)  # labels never hold a raw quote


def test_dot_is_a_balanced_digraph(bundled):
    text = dot(bundled, "en")
    assert text.startswith('digraph "co-icbf-2018" {') and text.rstrip().endswith("}")
    assert text.count("{") == text.count("}")
    assert text.count("subgraph cluster_") == len(bundled.stages) + 1


def test_graph_and_show_commands(bundled):
    runner = CliRunner()
    result = runner.invoke(app, ["guideline", "graph", "--format", "dot", "--lang", "en"])
    assert result.exit_code == 0 and result.output.startswith("digraph")
    result = runner.invoke(app, ["guideline", "graph"])
    assert result.exit_code == 0 and result.output == mermaid(bundled, "es")
    result = runner.invoke(app, ["guideline", "show", "--format", "markdown", "--lang", "en"])
    assert result.exit_code == 0
    for rule in bundled.qualifications:
        assert f"(`{rule.id}`)" in result.output
        assert bundled.sources[rule.basis[0]].cite in result.output
    assert "only if:" in result.output


def test_show_text_fits_80_columns(bundled, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    result = CliRunner().invoke(app, ["guideline", "show"], env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    text = "".join(result.output.split())
    assert "".join(bundled.stages[0].title["es"].split()) in text
    assert "solosi:" in text  # the condition that asks a question


@pytest.mark.parametrize("columns", ["80", "100", "120", "160"])
def test_show_never_cuts_a_rule_id(bundled, columns):
    """Blocks under 120 columns, a table from there on: each rule's id and status whole on one line."""
    result = CliRunner().invoke(app, ["guideline", "show"], env={"COLUMNS": columns, "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.output.splitlines()) <= int(columns)
    for rule in bundled.qualifications:
        assert f"({rule.id}, {rule.status})" in result.output, (columns, rule.id)


LEGEND_MARKS = {  # what the legend explains, as `guideline show` prints it for the bundled guideline
    "es": ("solo si:", "siempre se pregunta", "→", "[Es NNA", " y ", " o ", "CONFIRMED)", "INFERRED)"),
    "en": ("only if:", "always asked", "→", "[Is a child", " and ", " or ", "CONFIRMED)", "INFERRED)"),
}


def _show(*args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(
        app, ["guideline", "show", *args], env={"COLUMNS": "80", "NO_COLOR": "1", **(env or {})}
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_show_ends_with_a_legend_in_spanish_by_default_within_80_columns():
    text = _show()
    legend = text[text.index("Cómo leer esta salida") :]
    assert max(len(line) for line in text.splitlines()) <= 80
    for mark in ("[hecho]", "solo si:", "siempre se pregunta", "«pregunta» → valor", "[Término]", "#"):
        assert mark in legend
    assert "(regla, ESTADO)" in legend and "CONFIRMED " in legend and "INFERRED " in legend
    assert "abogado" in legend and "How to read" not in text
    for mark in LEGEND_MARKS["es"]:  # the marks it explains are the ones the tree and the table print
        assert mark in text[: text.index("Cómo leer esta salida")], mark


def test_show_legend_in_english_with_lang_en_or_an_english_locale():
    for text in (_show("--lang", "en"), _show(env={"LC_ALL": "en_US.UTF-8"})):
        legend = text[text.index("How to read this") :]
        assert max(len(line) for line in text.splitlines()) <= 80
        assert "[fact]" in legend and "only if:" in legend and "(rule, STATUS)" in legend
        assert "lawyer" in legend and "Cómo leer" not in text
        for mark in LEGEND_MARKS["en"]:
            assert mark in text[: text.index("How to read this")], mark


def test_show_markdown_has_the_legend_too():
    es, en = _show("--format", "markdown"), _show("--format", "markdown", "--lang", "en")
    assert "\n## Cómo leer esta salida\n" in es and "- `hecho` — " in es and "- **  " not in es
    assert "\n## How to read this\n" in en and "- (`rule`), Status — " in en and "- **INFERRED** — " in en
