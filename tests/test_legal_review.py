"""Guideline 1.2, sections 3-4 of issue 6: the legal review's corrections, on the bundled guideline.

The trainer scenarios 60-69 check the outcomes through their `expect` blocks
(tests/test_engine.py); here: the notes and texts a Defender acts on, the
sources, and the urgency status carried into results and shown in words.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import REPO
from scripted import ScriptedPrompter
from test_interview import run_session
from typer.testing import CliRunner

from tip_triage.cli import app
from tip_triage.engine import evaluate
from tip_triage.loader import load_case
from tip_triage.render.data import result_data
from tip_triage.render.text import summary_lines

EXAMPLES = REPO / "cases_examples"

# The urgencies for which the legal review found no source (December 2026).
UNSOURCED_URGENCIES = {
    "anti_trafficking_route",
    "witness_protection",
    "health_care",
    "forensic_exam",
    "migration_authority",
    "indigenous_authority",
    "disengaged_children_programme",
}


def scenario(prefix: str):
    [path] = EXAMPLES.glob(f"{prefix}-*.yaml")
    return load_case(str(path))


def outcome(bundled, prefix: str):
    case = scenario(prefix)
    return case, evaluate(bundled, case.facts)


def referral(bundled, referral_id: str):
    return next(r for r in bundled.referrals if r.id == referral_id)


# ---------------------------------------------------------------- 1. PARD measure


@pytest.mark.parametrize("prefix", ["60", "61"])
def test_a_family_suspect_keeps_the_child_away_from_the_family_members_involved(bundled, prefix):
    _, result = outcome(bundled, prefix)
    assert "family_members_involved" in result.notes
    assert "pard_opening" in {r.id for r in result.referrals}


@pytest.mark.parametrize("prefix", ["63", "64", "66"])
def test_no_family_note_when_the_suspect_is_not_family(bundled, prefix):
    _, result = outcome(bundled, prefix)
    assert "family_members_involved" not in result.notes


def test_no_family_note_without_an_offence_or_indicator(bundled):
    facts = {"age": 10, "perpetrator_relationship": "parent_or_guardian", "in_union": True}
    assert "family_members_involved" not in evaluate(bundled, facts).notes


def test_pard_text_asks_for_family_tracing_and_a_risk_assessment(bundled):
    action = referral(bundled, "pard_opening").action
    assert "búsqueda de la familia" in action["es"] and "valoración del riesgo" in action["es"]
    assert "trace the family" in action["en"] and "assess the risk" in action["en"]
    assert "art. 53" in action["es"] and "Ley 2168 de 2021" in action["en"]


# ---------------------------------------------------------------- 2. Health


@pytest.mark.parametrize(
    "facts",
    [
        {"age": 16, "sexual_abuse": True, "sexual_violence_within_72h": False},
        {"age": 15, "client_paid_for_sex": True, "sexual_violence_within_72h": False},
        {"age": 15, "recruited": True, "exploitation": frozenset({"sexual_images"}), "someone_profits": True},
        {"sexual_violence_within_72h": True},
    ],
    ids=["abuse-months-ago", "paid-sex", "images-sold", "within-72h"],
)
def test_every_child_victim_of_sexual_violence_or_exploitation_gets_the_protocol(bundled, facts):
    assert "sexual_violence_protocol" in {r.id for r in evaluate(bundled, facts).referrals}


def test_no_protocol_without_sexual_violence_or_exploitation(bundled):
    _, result = outcome(bundled, "69")
    assert "sexual_violence_protocol" not in {r.id for r in result.referrals}


def test_the_health_protocol_cites_res_459_and_ley_1146_not_the_press_nickname(bundled):
    protocol = referral(bundled, "sexual_violence_protocol")
    assert {"res459_2012", "ley1146_2007"} <= set(protocol.basis)
    for lang in ("es", "en"):
        assert "Código Fucsia" not in protocol.action[lang]
        assert "459 de 2012" in protocol.action[lang] and "Ley 1146 de 2007" in protocol.action[lang]
        assert "72" in protocol.deadline[lang]  # the window for prophylaxis, stated in the deadline
    assert "codigo_fucsia" not in bundled.sources


# ---------------------------------------------------------------- 3. Revictimisation


@pytest.mark.parametrize("referral_id", ["criminal_complaint", "forensic_exam"])
def test_complaint_and_exam_ask_for_one_recorded_forensic_interview_and_identity_protection(bundled, referral_id):
    ref = referral(bundled, referral_id)
    assert re.search(
        r"una sola (vez|entrevista).*entrevista forense grabada|entrevista forense grabada", ref.action["es"]
    )
    assert "personal capacitado" in ref.action["es"] and "identidad" in ref.action["es"]
    assert "recorded forensic interview by trained staff" in ref.action["en"] and "identity" in ref.action["en"]
    assert {"c177_2014", "ley1652_2013"} <= set(ref.basis)
    assert ref.status == "INFERRED"  # Ley 1652 de 2013 was not read


# ---------------------------------------------------------------- 4. Foreign children, Colombian children abroad


def test_foreign_child_consulate_only_after_the_international_protection_check(bundled):
    _, result = outcome(bundled, "65")
    ref = next(r for r in result.referrals if r.id == "migration_authority")
    assert "refugiado" in ref.action["es"] and "no decida ningún retorno" in ref.action["es"]
    assert "refugee status" in ref.action["en"] and "decide no return without that assessment" in ref.action["en"]


def test_colombian_child_abroad_returns_through_cancilleria_and_icbf_receives(bundled):
    _, result = outcome(bundled, "66")
    ref = next(r for r in result.referrals if r.id == "consular_assistance")
    assert "Ley 985 de 2005, art. 7" in ref.action["es"] and "el ICBF recibe al NNA" in ref.action["es"]
    assert "ICBF receives the child and the PARD continues" in ref.action["en"]
    assert "ley985_art7" in ref.basis and bundled.sources["ley985_art7"].status == "INFERRED"


# ---------------------------------------------------------------- 5. Children used in crime or recruited


@pytest.mark.parametrize("prefix", ["15", "67", "68", "14"])
def test_a_child_used_in_crime_or_recruited_is_a_victim_before_the_srpa(bundled, prefix):
    _, result = outcome(bundled, prefix)
    assert "srpa_child_is_victim" in result.notes


def test_no_srpa_note_for_other_offences(bundled):
    _, result = outcome(bundled, "60")
    assert "srpa_child_is_victim" not in result.notes


# ---------------------------------------------------------------- 6. Sources


def test_superseded_and_press_sources_are_gone(bundled):
    assert "res1677_2008" not in bundled.sources
    cited = {s for r in (*bundled.referrals, *bundled.qualifications, *bundled.notes) for s in r.basis}
    assert not cited & {"res1677_2008", "codigo_fucsia"}
    for text in [r.action[lang] for r in bundled.referrals for lang in ("es", "en")] + [
        f.help[lang] for f in bundled.facts.values() for lang in ("es", "en")
    ]:
        assert "1677" not in text and "Código Fucsia" not in text


@pytest.mark.parametrize(
    "source_id",
    [
        "cp_162",
        "cp_168_169",
        "cp_229",
        "cp_232",
        "ley1098_art35",
        "ley1098_art53",
        "ley1329_2009",
        "decreto1818_2020",
        "res459_2012",
    ],
)
def test_sources_confirmed_by_the_review(bundled, source_id):
    assert bundled.sources[source_id].status == "CONFIRMED"


def test_the_disputed_assistance_term_is_inferred_where_it_is_stated(bundled):
    note = bundled.sources["decreto1066_2015"].note
    assert "5 + 5" in note and "5 + 3" in note and "INFERRED" in note
    for ref in bundled.referrals:
        for lang in ("es", "en"):
            assert "5 + 5" not in ref.action[lang] and "cinco días" not in ref.action[lang]


def test_the_guideline_date_is_said_to_be_a_training_date(bundled):
    assert "first training day" in bundled.sources["icbf_guideline_2018"].note
    assert "not an adoption date" in bundled.sources["icbf_guideline_2018"].note


def test_only_confirmed_lines_are_given_as_contacts(bundled):
    contacts = {c for r in bundled.referrals for c in r.contact}
    assert contacts <= {"123", "141 (ICBF)", "01 8000 52 2020"}
    assert "141 (ICBF)" in contacts
    read = [
        t[lang]
        for r in bundled.referrals
        for t in (r.action, r.institution, r.deadline or {"es": "", "en": ""})
        for lang in ("es", "en")
    ] + [n.text[lang] for n in bundled.notes for lang in ("es", "en")]
    assert not any(re.search(r"\b(línea|line) 122\b", text) for text in read)  # no Fiscalía "line 122"


@pytest.mark.parametrize(
    "path",
    [
        "guidelines/co-icbf-2018/sources.yaml",
        "guidelines/co-icbf-2018/referrals.yaml",
        "guidelines/co-icbf-2018/facts.yaml",
        "docs/guideline-format.md",
        "docs/case-file.md",
        "CHANGELOG.md",
    ],
)
def test_no_path_points_outside_the_repository(path):
    text = (REPO / path).read_text(encoding="utf-8")
    assert "shared/" not in text and "/work/" not in text


# ---------------------------------------------------------------- 7. Urgency status


def test_the_unsourced_urgencies_are_inferred(bundled):
    for ref in bundled.referrals:
        if ref.id in UNSOURCED_URGENCIES:
            assert ref.urgency_status == "INFERRED", ref.id
    # left out, the urgency has the referral's own status
    assert referral(bundled, "rights_verification").urgency_source_status == "CONFIRMED"
    assert referral(bundled, "labour_inspection").urgency_source_status == "INFERRED"


def _check(*args: str) -> str:
    result = CliRunner().invoke(app, ["check", *args], env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_urgency_status_is_in_the_json_result(monkeypatch):
    monkeypatch.chdir(REPO)
    data = json.loads(_check("cases_examples/69-indigenous-child-quarry-labour.yaml", "--format", "json"))
    status = {r["id"]: r["urgency_status"] for r in data["referrals"]}
    assert status["indigenous_authority"] == "INFERRED"
    assert status["rights_verification"] == "CONFIRMED"
    assert all(r["urgency_status"] in ("CONFIRMED", "INFERRED") for r in data["referrals"])


@pytest.mark.parametrize(
    ("fmt", "lang", "words"),
    [
        ("text", "es", "72 horas · plazo sugerido (sin fuente normativa)"),
        ("text", "en", "72 hours · suggested deadline (no legal source found)"),
        ("markdown", "es", "[72 horas · plazo sugerido (sin fuente normativa)] Autoridad tradicional indígena"),
        ("markdown", "en", "[72 hours · suggested deadline (no legal source found)] Traditional indigenous authority"),
    ],
)
def test_an_unsourced_urgency_is_shown_in_words(monkeypatch, fmt, lang, words):
    monkeypatch.chdir(REPO)
    out = _check("cases_examples/69-indigenous-child-quarry-labour.yaml", "--format", fmt, "--lang", lang)
    flat = " ".join(line.strip(" │") for line in out.splitlines())
    assert words in flat
    assert "urgency_status" not in out and "INFERRED]" not in out  # plain words, not a code
    if fmt == "text":
        assert all(len(line) <= 80 for line in out.splitlines())
    # a sourced urgency carries no such words
    assert re.search(
        r"\[(inmediato|immediately)\] Defensor\(a\) de Familia \(ICBF\) y su equipo|"
        r"\[(inmediato|immediately)\] Defensor\(a\) de Familia \(ICBF\) and the",
        flat,
    )


def test_the_interview_end_screen_says_which_deadlines_are_suggested(bundled):
    case = scenario("69")
    data = result_data(bundled, case, evaluate(bundled, case.facts), "es", None)
    lines = summary_lines(data, "es")
    assert any(line.startswith("☐ [72 horas · sugerido]") for line in lines)
    assert any(line.startswith("☐ [inmediato]") for line in lines)
    facts = dict(case.facts)
    prompter = ScriptedPrompter(defaults=facts)
    session, _, out = run_session(bundled, prompter, lang="en")
    session.run()
    text = out.file.getvalue()
    summary = text[text.rindex("Summary") :]
    assert "☐ [72 hours · suggested]" in summary


def test_every_referral_has_a_short_checklist_task_that_never_cuts_a_citation(bundled):
    for ref in bundled.referrals:
        assert ref.task is not None, ref.id
        for lang in ("es", "en"):
            text = ref.task[lang]
            assert len(text) <= 100, (ref.id, lang)
            assert text.count("(") == text.count(")"), (ref.id, lang)
            assert not text.endswith(("art", "art.")), (ref.id, lang)
