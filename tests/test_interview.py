"""The interview loop through a scripted Prompter: order, alerts, back, drops, saving, resume."""

from __future__ import annotations

import io
import os
import stat
from datetime import datetime, timedelta, timezone

import pytest
import yaml
from rich.console import Console
from scripted import HELP, UNKNOWN, Back, Interrupt, ScriptedPrompter

from tip_triage.commands import triage
from tip_triage.env import Env
from tip_triage.errors import TipTriageError
from tip_triage.exit_codes import ExitCode
from tip_triage.interview import Session, start_state
from tip_triage.loader import load_case, load_guideline

TRAFFICKING = {
    "immediate_danger": False,
    "current_location": "colombia",
    "risk_of_retaliation": False,
    "age": 15,
    "nationality": "colombian",
    "recruited": True,
    "moved": "within_colombia",
    "exploitation": frozenset({"sexual"}),
    "exploitation_status": "ongoing",
    "someone_profits": True,
}


@pytest.fixture(scope="module")
def guideline():
    return load_guideline()


def clock():
    return datetime(2026, 11, 29, 14, 2, 11, tzinfo=timezone.utc)


def console() -> Console:
    return Console(file=io.StringIO(), width=80, no_color=True, highlight=False)


def run_session(guideline, prompter, facts=None, lang="es"):
    saved = []
    from tip_triage.model import Case

    case = Case(id="TEST-1", facts=facts or {}, guideline=guideline.id) if facts is not None else None
    state = start_state(guideline, case, "TEST-1", lang, "2026-11-29T14:02:11Z")
    out = console()
    session = Session(guideline, state, prompter, out, saved.append, clock)
    return session, saved, out


def test_first_question_is_immediate_danger_and_alert_comes_at_once(guideline):
    prompter = ScriptedPrompter(steps=[("immediate_danger", True), ("sexual_violence_within_72h", Interrupt())])
    session, saved, out = run_session(guideline, prompter)
    with pytest.raises(KeyboardInterrupt):
        session.run()
    text = out.file.getvalue()
    assert prompter.asked == ["immediate_danger", "sexual_violence_within_72h"]
    alert = text.index("ACCIÓN INMEDIATA")
    assert "123" in text[alert:]
    # the alert is printed before the header of the second question
    header = f"Etapa 1/{len(guideline.stages)}"
    assert alert < text.index(header, text.index(header) + 1)
    assert saved[-1].facts["immediate_danger"] is True


def test_whole_interview_reaches_trafficking_and_saves_after_every_answer(guideline):
    prompter = ScriptedPrompter(defaults=dict(TRAFFICKING))
    session, saved, out = run_session(guideline, prompter)
    case = session.run()
    assert case.interview.finished
    from tip_triage.engine import evaluate

    result = evaluate(guideline, case.facts)
    assert result.qualification == "trafficking"
    assert len(saved) >= len(prompter.asked) + 1
    assert len(set(prompter.asked)) == len(prompter.asked), "no question is asked twice"
    assert "Trata de personas" in out.file.getvalue()
    # every answer that was not "No sé" is in the history, once
    assert {h.fact for h in case.history} == set(case.facts)


@pytest.mark.parametrize("zone", [timezone.utc, timezone(timedelta(hours=-5)), None])
def test_what_an_interview_saves_passes_the_case_file_schema_dates_and_times_included(guideline, zone):
    from tip_triage.casefile import case_to_data, parse_case
    from tip_triage.sessionfile import with_checksum
    from tip_triage.store import dump_yaml
    from tip_triage.yamlio import parse

    facts = dict(TRAFFICKING, child_works=True, work_hazardous_or_underage=True, work_coerced=False)
    prompter = ScriptedPrompter(defaults=facts, finish_answers=[Back("child_works"), True])
    first_ask = prompter.ask

    def ask(spec):  # the second time, child_works is No: the work questions are dropped (`dropped` entries)
        if spec.fact == "child_works" and prompter.asked.count("child_works") == 1:
            prompter.asked.append(spec.fact)
            return False
        return first_ask(spec)

    prompter.ask = ask  # type: ignore[method-assign]
    state = start_state(guideline, None, "TEST-1", "es", "2026-11-29T14:02:11Z")
    session = Session(guideline, state, prompter, console(), lambda case: None, lambda: clock().astimezone(zone))
    case = session.run()
    assert {h.kind for h in case.history} == {"", "dropped"} and case.recorded == "2026-11-29"
    text = dump_yaml(with_checksum(case_to_data(case, guideline)))
    again = parse_case(parse(text, "saved.yaml"), "saved.yaml", text)
    assert again.recorded == case.recorded and [h.at for h in again.history] == [h.at for h in case.history]


def test_dont_know_is_kept_unknown_and_not_asked_again(guideline):
    prompter = ScriptedPrompter(steps=[("immediate_danger", UNKNOWN)], defaults={"age": 10})
    session, _, _ = run_session(guideline, prompter)
    case = session.run()
    assert "immediate_danger" not in case.facts
    assert "immediate_danger" in case.interview.asked
    assert prompter.asked.count("immediate_danger") == 1


def test_help_shows_the_help_text_and_asks_again(guideline):
    prompter = ScriptedPrompter(steps=[("immediate_danger", HELP), ("immediate_danger", False)], defaults={"age": 10})
    session, _, out = run_session(guideline, prompter)
    session.run()
    assert guideline.facts["immediate_danger"].help["es"].split()[0] in out.file.getvalue()
    assert prompter.asked[:2] == ["immediate_danger", "immediate_danger"]


def test_going_back_changes_an_answer_drops_what_no_longer_applies_and_asks_what_now_matters(guideline):
    facts = dict(TRAFFICKING, child_works=True, work_hazardous_or_underage=True, work_coerced=False)
    prompter = ScriptedPrompter(defaults=facts, finish_answers=[Back("child_works"), True])
    # after the finish screen, go back to child_works and say No
    prompter.steps = []
    session, saved, out = run_session(guideline, prompter)
    original_ask = prompter.ask

    def ask(spec):
        if spec.fact == "child_works" and prompter.asked.count("child_works") == 1:
            prompter.asked.append(spec.fact)
            return False
        return original_ask(spec)

    prompter.ask = ask  # type: ignore[method-assign]
    case = session.run()
    assert case.facts["child_works"] is False
    assert "work_hazardous_or_underage" not in case.facts
    assert "work_coerced" not in case.facts
    changes = [(h.fact, h.old, h.new) for h in case.history]
    assert ("child_works", True, False) in changes
    assert ("work_hazardous_or_underage", True, None) in changes
    assert "Ya no aplica" in out.file.getvalue()
    kinds = {(h.fact, h.kind) for h in case.history}
    assert ("work_hazardous_or_underage", "dropped") in kinds  # shown as dropped in the report, not as "No sé"
    assert ("child_works", "") in kinds


def test_an_answer_after_no_se_is_recorded_as_such(guideline):
    # "No sé" to the danger question, then back to it from the finish screen: No
    prompter = ScriptedPrompter(
        steps=[("immediate_danger", UNKNOWN)],
        defaults=dict(TRAFFICKING, immediate_danger=None),
        finish_answers=[Back("immediate_danger"), True],
    )
    session, _, _ = run_session(guideline, prompter)
    original_ask = prompter.ask

    def ask(spec):
        if spec.fact == "immediate_danger" and prompter.asked.count("immediate_danger") == 1:
            prompter.asked.append(spec.fact)
            return False
        return original_ask(spec)

    prompter.ask = ask  # type: ignore[method-assign]
    case = session.run()
    [entry] = [h for h in case.history if h.fact == "immediate_danger"]
    assert (entry.old, entry.new, entry.kind) == (None, False, "after_dont_know")


def test_back_in_the_middle_then_new_question_becomes_relevant(guideline):
    # say the child is 20 with no doubt -> the interview ends; go back, make her 16 -> it goes on
    prompter = ScriptedPrompter(
        steps=[
            ("immediate_danger", False),
            ("sexual_violence_within_72h", False),
            ("health_needs", False),
            ("current_location", "colombia"),
            ("risk_of_retaliation", False),
            ("age", 20),
            ("age_uncertain", False),
        ],
        finish_answers=[Back("age"), True],
        defaults={"age": 16, "nationality": "foreign"},
    )
    session, _, _ = run_session(guideline, prompter)
    case = session.run()
    assert case.facts["age"] == 16
    assert "nationality" in prompter.asked
    # age_uncertain's question (ask_if: not under 18) no longer applies
    assert "age_uncertain" not in case.facts


def test_adult_without_doubt_is_screened_for_trafficking_and_not_asked_the_child_stages(guideline):
    prompter = ScriptedPrompter(defaults={"age": 30, "age_uncertain": False})
    session, _, out = run_session(guideline, prompter)
    case = session.run()
    assert {"recruited", "moved", "exploitation", "someone_profits"} <= set(prompter.asked)
    assert "unaccompanied" not in prompter.asked and "in_union" not in prompter.asked
    assert (
        "Persona adulta: fuera del alcance" in out.file.getvalue() and "out_of_scope_adult" not in out.file.getvalue()
    )
    assert case.interview.finished


def test_english_interview(guideline):
    prompter = ScriptedPrompter(defaults=dict(TRAFFICKING))
    session, _, out = run_session(guideline, prompter, lang="en")
    session.run()
    assert prompter.specs[0].text == guideline.facts["immediate_danger"].question["en"]
    assert "Trafficking in persons" in out.file.getvalue()


def test_from_case_asks_only_what_is_missing(guideline):
    given = {"immediate_danger": False, "age": 15, "recruited": True}
    prompter = ScriptedPrompter(defaults=dict(TRAFFICKING))
    session, _, _ = run_session(guideline, prompter, facts=given)
    session.run()
    assert not set(given) & set(prompter.asked)


# ------------------------------------------------------------------ through the command


def make_env(tmp_path, prompter, tty=True):
    return Env(
        stdout=console(),
        stderr=console(),
        environ={"TIP_TRIAGE_DATA_DIR": str(tmp_path / "data")},
        now=clock,
        prompter=prompter,
        is_interactive=lambda: tty,
    )


def session_files(tmp_path):
    return sorted((tmp_path / "data" / "sessions").glob("*.yaml"))


def run_triage(env, **options):
    defaults = dict(
        lang=None, resume=None, from_case=None, case_id=None, save_path=None, report_path=None, guideline_arg=None
    )
    defaults.update(options)
    return triage.run(env=env, **defaults)


def test_ctrl_c_saves_prints_how_to_resume_and_exits_130_then_resume_finishes(tmp_path):
    first = ScriptedPrompter(
        steps=[
            ("immediate_danger", False),
            ("sexual_violence_within_72h", False),
            ("health_needs", False),
            ("current_location", "colombia"),
            ("risk_of_retaliation", False),
            ("age", 15),
            ("nationality", Interrupt()),
        ]
    )
    env = make_env(tmp_path, first)
    assert run_triage(env) == ExitCode.INTERRUPTED
    files = session_files(tmp_path)
    assert len(files) == 1
    session_id = files[0].stem
    printed = " ".join(env.stderr.file.getvalue().replace("\\\n", " ").split())  # shell continuations
    assert f"triage --resume {session_id}" in printed  # after the program as started
    assert stat.S_IMODE(os.stat(files[0]).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(files[0].parent).st_mode) == 0o700
    saved = load_case(str(files[0]))
    assert saved.facts == {
        "immediate_danger": False,
        "sexual_violence_within_72h": False,
        "health_needs": False,
        "current_location": "colombia",
        "risk_of_retaliation": False,
        "age": 15,
    }
    assert not saved.interview.finished

    second = ScriptedPrompter(steps=[("nationality", "colombian")], defaults=dict(TRAFFICKING))
    env2 = make_env(tmp_path, second)
    report = tmp_path / "report.md"
    copy = tmp_path / "case.yaml"
    code = run_triage(env2, resume=session_id[:10], report_path=str(report), save_path=str(copy))
    assert code == ExitCode.OK
    assert not {
        "immediate_danger",
        "sexual_violence_within_72h",
        "current_location",
        "risk_of_retaliation",
        "age",
    } & set(second.asked)
    finished = load_case(str(files[0]))
    assert finished.interview.finished
    assert finished.interview.lang == "es"
    text = report.read_text()
    assert "Trata de personas" in text and "Ruta de atención" in text and "Hechos registrados" in text
    for path in (report, copy):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_case(str(copy)).facts == finished.facts


def test_from_case_file_through_the_command(tmp_path):
    source = tmp_path / "in.yaml"
    source.write_text(yaml.safe_dump({"tip_triage_case": 1, "id": "BOG-1", "facts": {"age": 15, "recruited": True}}))
    prompter = ScriptedPrompter(defaults=dict(TRAFFICKING))
    env = make_env(tmp_path, prompter)
    assert run_triage(env, from_case=str(source)) == ExitCode.OK
    saved = load_case(str(session_files(tmp_path)[0]))
    assert saved.id == "BOG-1"
    assert "age" not in prompter.asked and "recruited" not in prompter.asked


def test_no_terminal_is_a_clear_error(tmp_path):
    env = make_env(tmp_path, None, tty=False)
    with pytest.raises(TipTriageError) as err:
        run_triage(env)
    assert "check CASE.yaml" in str(err.value) and "--from" in str(err.value)
    assert "terminal interactiva" in str(err.value)  # the reader's language (Spanish unless LANG says en_*)
    assert err.value.exit_code == ExitCode.BAD_INPUT


def test_resume_unknown_id_is_a_clear_error(tmp_path):
    env = make_env(tmp_path, ScriptedPrompter())
    with pytest.raises(TipTriageError, match="no hay una entrevista guardada"):
        run_triage(env, resume="nope")


def test_the_saved_case_pins_the_guideline_and_a_changed_guideline_is_announced_on_resume(tmp_path, guideline):
    env = make_env(tmp_path, ScriptedPrompter(steps=[("immediate_danger", Interrupt())]))
    assert run_triage(env) == ExitCode.INTERRUPTED
    [path] = session_files(tmp_path)
    saved = yaml.safe_load(path.read_text())
    assert saved["interview"]["guideline_sha256"] == guideline.sha256
    assert saved["interview"]["guideline_version"] == guideline.version
    saved["interview"]["guideline_sha256"] = "0" * 64  # as if the rules had changed since
    path.write_text(yaml.safe_dump(saved))
    env2 = make_env(tmp_path, ScriptedPrompter(defaults={"age": 30, "age_uncertain": False}))
    assert run_triage(env2, resume=path.stem) == ExitCode.OK
    assert "el lineamiento cambió" in env2.stderr.file.getvalue()
    assert yaml.safe_load(path.read_text())["interview"]["guideline_sha256"] == guideline.sha256


def test_an_interview_open_in_another_terminal_is_not_opened_twice(tmp_path):
    from tip_triage.store import session_lock

    env = make_env(tmp_path, ScriptedPrompter(steps=[("immediate_danger", Interrupt())]))
    assert run_triage(env) == ExitCode.INTERRUPTED
    [path] = session_files(tmp_path)
    before = path.read_text()
    with session_lock(path):  # as if another terminal had it open
        with pytest.raises(TipTriageError, match="abierta en otra terminal"):
            run_triage(make_env(tmp_path, ScriptedPrompter(defaults={"age": 30})), resume=path.stem)
    assert path.read_text() == before  # nothing was overwritten
    assert (
        run_triage(make_env(tmp_path, ScriptedPrompter(defaults={"age": 30, "age_uncertain": False})), resume=path.stem)
        == ExitCode.OK
    )
