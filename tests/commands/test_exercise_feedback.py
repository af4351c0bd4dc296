"""`triage --exercise`: the feedback never contradicts the trainee's final result.

Under each differing answer the screen says what that answer changed at its turn, in the order of the
interview and added to the answers before it ("Al responder esto, cambió:"): the steps add up to the final
result, a later answer that undoes an earlier one says so, and a change that is not in the final result is
marked. Referrals are shown by the guideline's words, never by their ids; the saved file keeps its contract
(each difference alone, in codes).
"""

from __future__ import annotations

from pathlib import Path

import yaml
from test_exercise_screen import _changes_on_screen, _run

from tip_triage.loader import load_case

ROOT = Path(__file__).resolve().parents[2]
BRICKWORKS = ROOT / "cases_examples" / "81-brickworks-coercion-purpose-not-recorded.yaml"
TRAFFICKING = ROOT / "cases_examples" / "80-trafficking-public-servant-recruiter.yaml"
REF_IDS = ("labour_inspection", "pard_opening", "rights_verification", "anti_trafficking_route", "criminal_complaint")


def _brickworks_answers() -> dict:
    """The new-user review's trainee: forced labour, ongoing, and someone profits."""
    answers = dict(load_case(str(BRICKWORKS)).facts)
    answers.update(exploitation=["forced_labour"], exploitation_status="ongoing", someone_profits=True)
    return answers


def _blocks(lines: list[str], heading: str) -> list[list[str]]:
    """Every block under `heading`, in order, its wrapped lines joined back."""
    out = []
    for at, line in enumerate(lines):
        if line == f"  {heading}:":
            out.append(_changes_on_screen(lines[at:], heading))
        elif line.startswith(f"  {heading}: "):
            out.append([line.split(": ", 1)[1]])
    return out


def test_a_later_answer_that_undoes_an_earlier_one_is_shown_and_the_steps_add_up(tmp_path):
    out = tmp_path / "trainee.yaml"
    lines = _run(tmp_path, BRICKWORKS, "es", save=out, answers=_brickworks_answers())
    shown = "\n".join(lines)
    assert "Sus conclusiones coinciden con las esperadas." in lines
    assert "Qué cambió" not in shown  # the heading says when: at that answer, not in the final result
    [exploitation, status, profits] = _blocks(lines, "Al responder esto, cambió")
    assert exploitation == [
        "remisión que entra en la ruta: Reportar al Ministerio del Interior (COAT) y al comité territorial contra"
        " la trata (no queda en su resultado final)",
        "remisión que entra en la ruta: Denunciar ante la Fiscalía (URI, CAIVAS o CAPIV) (no queda en su"
        " resultado final)",
        "indicios de trata: sin indicios → posibles (no queda en su resultado final)",
    ]
    assert status == ["nada en el resultado"]
    assert profits == [  # the answer that undid it, in the order of the interview
        "remisión que sale de la ruta: Reportar al Ministerio del Interior (COAT) y al comité territorial contra"
        " la trata",
        "remisión que sale de la ruta: Denunciar ante la Fiscalía (URI, CAIVAS o CAPIV)",
        "indicios de trata: posibles → sin indicios",
    ]
    assert "Con todas sus respuestas juntas, cambió: nada en el resultado" in lines  # as the table says
    assert shown.index("¿Para qué fue") < shown.index("¿En qué momento") < shown.index("¿Alguien distinto")
    for ref_id in REF_IDS:
        assert ref_id not in shown
    assert all(len(line.rstrip()) <= 80 for line in lines[: lines.index("Resultados guardados en:")])  # not the path
    saved = yaml.safe_load(out.read_text(encoding="utf-8"))  # the contract as before: each difference alone
    assert saved["yours"]["referrals"] == ["labour_inspection", "pard_opening", "rights_verification"]
    assert [d["changed"] for d in saved["differing_answers"]] == [
        ["+anti_trafficking_route", "+criminal_complaint", "indicator none → possible"],
        [],
        [],
    ]


def test_the_same_in_english(tmp_path):
    lines = _run(tmp_path, BRICKWORKS, "en", answers=_brickworks_answers())
    [exploitation, _, profits] = _blocks(lines, "Answering this changed")
    assert exploitation[-1] == "trafficking indicators: none → possible (not in your final result)"
    assert profits[-1] == "trafficking indicators: possible → none"
    assert "All your answers together changed: nothing in the result" in lines
    assert "What it changed" not in "\n".join(lines)


def _table_cell(lines: list[str], row: str, column: int) -> list[str]:
    """The text of one column (0: the trainee's, 1: the expected) of a table row and the lines below it."""
    at = next(n for n, line in enumerate(lines) if line.startswith(f" {row}"))
    cells = []
    for line in lines[at:]:
        if not line.strip():
            break
        cells.append(line[21:50] if column == 0 else line[50:])
    return [c.strip() for c in cells if c.strip()]


def test_the_table_names_referrals_in_the_readers_words_one_a_line(tmp_path):
    lines = _run(tmp_path, BRICKWORKS, "es", answers=_brickworks_answers())
    expected = " ".join(_table_cell(lines, "Remisiones", 1))
    assert expected == (  # in the guideline's order, each the guideline's checklist line
        "• Ordenar la verificación de derechos al equipo interdisciplinario"
        " • Abrir el PARD y adoptar la medida provisional • Remitir al inspector de trabajo"
    )
    assert " ".join(_table_cell(lines, "Remisiones", 0)) == expected


def test_missing_and_extra_referrals_are_named_in_the_readers_words(tmp_path):
    answers = dict(load_case(str(TRAFFICKING)).facts)
    answers["someone_profits"] = False  # loses the anti-trafficking route
    answers["indigenous"] = True  # brings the indigenous authority in
    lines = _run(tmp_path, TRAFFICKING, "es", answers=answers)
    mine = " ".join(_table_cell(lines, "Remisiones", 0))
    assert "• Coordinar con la autoridad tradicional indígena (sobra)" in mine
    assert mine.endswith("faltan: • Reportar al Ministerio del Interior (COAT) y al comité territorial contra la trata")
    assert "Con todas sus respuestas juntas, cambió:" in lines
    shown = "\n".join(lines)
    for ref_id in REF_IDS + ("indigenous_authority",):
        assert ref_id not in shown
