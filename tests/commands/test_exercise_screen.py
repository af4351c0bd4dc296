"""`triage --exercise`: the scenario's title in the reader's language, wrapped at 80 columns, never cut.

The scenario format has one `name` (no Spanish and English titles): the heading is the reader's word
("Ejercicio" / "Exercise") and the name as the trainer wrote it. Run without a pseudo-terminal (a
scripted prompter answers "No sé" to everything); tests/commands/test_exercise_pty.py drives a real one.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path

import yaml
from rich.console import Console

from tip_triage.commands import exercise
from tip_triage.env import Env

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "cases_examples" / "80-trafficking-public-servant-recruiter.yaml"
LONG_ID = "EX-" + "-".join(["regional-training-scenario"] * 4)  # 110 characters, no space: wider than the screen


def _scenario(tmp_path: Path, **changes: object) -> Path:
    data = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))
    data.update(changes)
    data = {k: v for k, v in data.items() if v is not None}
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _run(tmp_path: Path, path: Path, lang: str, save: Path | None = None, answers: dict | None = None) -> list[str]:
    from scripted import ScriptedPrompter

    out = io.StringIO()
    env = Env(
        stdout=Console(file=out, width=80, color_system=None),
        stderr=Console(file=io.StringIO(), width=80),
        environ={"TIP_TRIAGE_DATA_DIR": str(tmp_path / "d"), "TIP_TRIAGE_CONFIG_DIR": str(tmp_path / "c")},
        now=lambda: datetime(2026, 11, 29, 14, 0, tzinfo=timezone.utc),
        prompter=ScriptedPrompter(defaults=answers or {}),
        is_interactive=lambda: True,
    )
    code = exercise.run(
        scenario_arg=str(path), lang=lang, save_path=str(save) if save else None, guideline_arg=None, env=env
    )
    assert code == 0
    return out.getvalue().splitlines()


def _heading(lines: list[str], instruction: str) -> list[str]:
    """The lines above the instruction (the title, wrapped)."""
    return lines[: next(i for i, line in enumerate(lines) if line.startswith(instruction))]


def test_the_title_is_in_spanish_and_wraps_at_80_columns(tmp_path):
    name = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))["name"]
    lines = _run(tmp_path, SCENARIO, "es")
    heading = _heading(lines, "Lea el caso")
    assert heading[0].startswith("Ejercicio: A municipal employee")
    assert len(heading) == 2 and all(len(line) <= 80 for line in heading)  # wrapped, not cut
    assert " ".join(line.strip() for line in heading) == f"Ejercicio: {name}"  # every word, whole and in order
    assert "…" not in "".join(heading) and "Exercise" not in "\n".join(lines)
    assert lines[len(heading) + 1].startswith("╭─ El caso ")  # the story's box, titled in Spanish
    assert max(len(line) for line in lines[: len(heading) + 4]) <= 80


def test_the_title_is_in_english_with_lang_en(tmp_path):
    name = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))["name"]
    lines = _run(tmp_path, SCENARIO, "en")
    heading = _heading(lines, "Read the case")
    assert " ".join(line.strip() for line in heading) == f"Exercise: {name}"
    assert all(len(line) <= 80 for line in heading) and "Ejercicio" not in "\n".join(lines)
    assert lines[len(heading) + 1].startswith("╭─ The case ")


def test_a_scenario_named_by_a_long_id_keeps_the_id_whole(tmp_path):
    path = _scenario(tmp_path, id=LONG_ID, name=None)  # no name: the heading names the scenario by its id
    lines = _run(tmp_path, path, "es")
    heading = _heading(lines, "Lea el caso")
    assert heading == ["Ejercicio:", f"  {LONG_ID}"]  # on a line of its own, never broken inside


def test_the_saved_results_path_is_printed_whole_on_its_own_line(tmp_path):
    folder = tmp_path / "a-folder-for-the-regional-training-session" / "trainee-results-of-the-morning-group"
    folder.mkdir(parents=True)
    out = folder / "trainee-number-twelve-results.yaml"
    assert len(str(out)) > 80
    lines = _run(tmp_path, SCENARIO, "es", save=out)
    at = lines.index("Resultados guardados en:")
    assert lines[at + 1] == f"  {out}" and out.exists()


def _missed_profit() -> dict:
    from tip_triage.loader import load_case

    answers = dict(load_case(str(SCENARIO)).facts)
    answers["someone_profits"] = False  # the trainee misses that the woman running the house profits
    return answers


SAVED_CHANGES = [  # the saved file's words: the contract's English and codes, whatever the screen's language
    "qualification trafficking → commercial_sexual_exploitation",
    "-commercial_sexual_exploitation",
    "-anti_trafficking_route",
    "indicator clear → none",
]


def _changes_on_screen(lines: list[str], heading: str) -> list[str]:
    """The lines under "Al responder esto, cambió:", joined back where they wrapped (a wrapped line is indented under its text)."""
    at = lines.index(f"  {heading}:")
    out: list[str] = []
    for line in lines[at + 1 :]:
        if line.startswith("    • "):
            out.append(line[6:].rstrip())
        elif line.startswith("      ") and out:
            out[-1] += " " + line.strip()
        else:
            break
    return out


def test_what_a_different_answer_changed_is_in_spanish_on_screen_and_unchanged_in_the_saved_file(tmp_path):
    out = tmp_path / "trainee.yaml"
    lines = _run(tmp_path, SCENARIO, "es", save=out, answers=_missed_profit())
    assert _changes_on_screen(lines, "Al responder esto, cambió") == [
        "calificación: Trata de personas → Explotación sexual comercial de NNA (ESCNNA)",
        "concurrente que sale: Explotación sexual comercial de NNA (ESCNNA)",
        # a referral by the guideline's Spanish words (its checklist line), never by its id
        "remisión que sale de la ruta: Reportar al Ministerio del Interior (COAT) y al comité territorial contra la"
        " trata",
        "indicios de trata: claros → sin indicios",
    ]
    shown = "\n".join(lines)
    for english in ("qualification", "indicator", "trafficking →", "commercial_sexual_exploitation", " → none"):
        assert english not in shown
    for ref_id in ("anti_trafficking_route", "rights_verification", "pard_opening", "criminal_complaint"):
        assert ref_id not in shown  # neither in the table nor under the answers
    assert "Con todas sus respuestas" not in shown  # one differing answer: its step is the whole change
    at = lines.index("  Al responder esto, cambió:")
    assert all(len(line.rstrip()) <= 80 for line in lines[at : lines.index("Resultados guardados en:")])
    saved = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert saved["lang"] == "es"
    assert saved["differing_answers"] == [
        {"fact": "someone_profits", "yours": False, "scenario": True, "changed": SAVED_CHANGES}
    ]
    assert list(saved) == [  # the saved file's keys as before: nothing of the screen's words went into it
        "tip_triage_exercise", "scenario", "guideline", "lang", "started", "met", "answers", "asked",
        "yours", "expected", "differing_answers",
    ]  # fmt: skip
    assert "scenario_result" not in out.read_text(encoding="utf-8") and "after" not in saved["differing_answers"][0]


def test_what_a_different_answer_changed_in_english(tmp_path):
    out = tmp_path / "trainee.yaml"
    lines = _run(tmp_path, SCENARIO, "en", save=out, answers=_missed_profit())
    assert _changes_on_screen(lines, "Answering this changed") == [
        "qualification: Trafficking in persons → Commercial sexual exploitation of children",
        "concurrent offence dropped: Commercial sexual exploitation of children",
        "referral dropped from the path: Report to the Ministerio del Interior (COAT) and the territorial"
        " anti-trafficking committee",
        "trafficking indicators: clear → none",
    ]
    saved = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert saved["differing_answers"][0]["changed"] == SAVED_CHANGES  # the same file in either language


def test_an_answer_that_changed_nothing_says_so_in_the_readers_words(tmp_path):
    answers = _missed_profit()
    answers["someone_profits"] = True
    answers["disability"] = True  # differs from the case, changes nothing in the result
    answers["indigenous"] = True  # differs, and brings one referral in
    lines = _run(tmp_path, SCENARIO, "es", answers=answers)
    assert "  Al responder esto, cambió: nada en el resultado" in lines  # disability
    assert _changes_on_screen(lines, "Al responder esto, cambió") == [  # indigenous, asked first
        "remisión que entra en la ruta: Coordinar con la autoridad tradicional indígena"
    ]
