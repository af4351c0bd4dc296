"""`tip-triage check CASE` at 80 columns: the case's id is shown whole, however long (ids take up to 200 characters).

An id that fits stays in the box's top edge ("╭─ Caso BOG-2026-0412 ─…"); a longer one (Rich would cut it
there with "…") goes on a heading line above the box, wrapped at spaces and never inside a word.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from rich.console import Console
from typer.testing import CliRunner

from tip_triage.cli import app
from tip_triage.engine import evaluate
from tip_triage.model import Case
from tip_triage.render.data import result_data
from tip_triage.render.interview_screens import end_screen

REPO = Path(__file__).resolve().parents[2]
SPEC_CASE = REPO / "tests" / "fixtures" / "cases" / "valid" / "spec-example.yaml"
LONG_ID = ("BOG-CZ-KENNEDY-" + "-".join(["expediente-2026-0412-hermanos"] * 4))[:120]  # no space: one word
SPACED_ID = "Caso de la niña remitida por la comisaría de familia de Kennedy el martes en la noche con su hermano menor"


def _case(tmp_path: Path, case_id: str) -> Path:
    data = yaml.safe_load(SPEC_CASE.read_text(encoding="utf-8"))
    data["id"] = case_id
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _check(path: Path, lang: str = "es") -> list[str]:
    env = {"COLUMNS": "80", "LC_ALL": "es_CO.UTF-8" if lang == "es" else "en_US.UTF-8"}
    result = CliRunner().invoke(app, ["check", str(path), "--lang", lang], env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


def test_a_120_character_id_is_shown_whole_above_the_box(tmp_path):
    assert len(LONG_ID) == 120
    lines = _check(_case(tmp_path, LONG_ID))
    assert lines[:2] == ["Caso", f"  {LONG_ID}"]  # on a line of its own, never cut: it can be copied whole
    assert lines[2] == "╭" + "─" * 78 + "╮"  # the box below, without a title to cut
    assert "…" not in "\n".join(lines[:3])
    assert all(len(line) <= 80 for line in lines[2:])


def test_a_long_id_with_spaces_wraps_at_spaces(tmp_path):
    lines = _check(_case(tmp_path, SPACED_ID))
    at = next(i for i, line in enumerate(lines) if line.startswith("╭"))
    heading = lines[:at]
    assert len(heading) == 2 and all(len(line) <= 80 for line in heading)
    assert " ".join(line.strip() for line in heading) == f"Caso {SPACED_ID}"  # every word whole, in order
    assert lines[at] == "╭" + "─" * 78 + "╮"


@pytest.mark.parametrize("lang, word", [("es", "Caso"), ("en", "Case")])
def test_a_short_id_stays_in_the_box_title(tmp_path, lang, word):
    lines = _check(_case(tmp_path, "BOG-2026-0412"), lang)
    assert lines[0].startswith(f"╭─ {word} BOG-2026-0412 ─") and len(lines[0]) == 80


def test_an_id_that_just_fits_the_edge_stays_there_and_one_more_character_moves_it(tmp_path):
    fits = "X" * (80 - 6 - len("Caso "))
    assert _check(_case(tmp_path, fits))[0] == f"╭─ Caso {fits} ─╮"
    lines = _check(_case(tmp_path, fits + "Y"))
    assert lines[:2] == [f"Caso {fits}Y", "╭" + "─" * 78 + "╮"]  # above the box, where it fits on one line


def test_the_interview_end_screen_shows_a_long_id_whole_too(bundled):
    """end_screen (triage, --from, --exercise) draws the same box: a long id goes above it there as well."""
    case = Case(id=LONG_ID, facts={"age": 15, "recruited": True}, guideline=bundled.id)
    data = result_data(bundled, case, evaluate(bundled, case.facts), "es", None)
    out = Console(file=io.StringIO(), width=80, color_system=None)
    end_screen(out, bundled, data, case.facts, "es")
    lines = out.file.getvalue().splitlines()
    assert lines[:2] == ["Caso", f"  {LONG_ID}"]
