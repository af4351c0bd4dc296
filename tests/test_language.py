"""One language on screen: --help in Spanish or English, the help texts a social worker needs."""

from __future__ import annotations

import os
import subprocess
import sys

import typer.main
from conftest import REPO
from typer.testing import CliRunner

from tip_triage.cli import app
from tip_triage.cli_help import help_texts, spanish


def run(args: list[str], lang: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_MESSAGES", "LC_ALL")}
    env.update(LC_ALL=lang, PYTHONUTF8="1", COLUMNS="80", PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-m", "tip_triage", *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_every_help_text_has_a_spanish_translation():
    missing = [h for h in help_texts(typer.main.get_command(app)) if not spanish(h)]
    assert not missing, missing


def test_help_follows_the_environment_language():
    es = run(["triage", "--help"], "es_CO.UTF-8").stdout
    assert es.startswith("Uso: tip-triage triage [OPCIONES]")
    assert "Opciones:" in es and "Muestra esta ayuda y termina." in es and "Continúa una entrevista guardada" in es
    assert "Options:" not in es and "Show this message" not in es and "Guided triage" not in es
    en = run(["triage", "--help"], "en_US.UTF-8").stdout
    assert en.startswith("Usage: tip-triage triage [OPTIONS]") and "Guided triage" in en
    assert "Uso:" not in en and all(len(line) <= 80 for line in es.splitlines() + en.splitlines())


def test_check_answers_a_case_saved_by_an_english_interview_in_english(tmp_path, monkeypatch):
    case = tmp_path / "case.yaml"
    case.write_text(
        "tip_triage_case: 1\nid: X-1\nfacts: {age: 15, recruited: true, exploitation: [sexual],"
        " someone_profits: true}\ninterview: {lang: en, started: '2026-01-01T12:00:00Z',"
        " updated: '2026-01-01T12:05:00Z', finished: true}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("LC_ALL", "es_CO.UTF-8")
    runner = CliRunner()
    result = runner.invoke(app, ["check", str(case)], env={"COLUMNS": "80"})
    assert result.exit_code == 0 and "Trafficking in persons" in result.stdout
    result = runner.invoke(app, ["check", str(case), "--lang", "es"], env={"COLUMNS": "80"})
    assert "Trata de personas" in result.stdout  # unless told otherwise
    plain = tmp_path / "plain.yaml"
    plain.write_text("tip_triage_case: 1\nid: X-2\nfacts: {age: 15}\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(plain)], env={"COLUMNS": "80", "LC_ALL": "en_GB.UTF-8"})
    assert "Case X-2" in result.stdout  # no interview: the environment's language


def test_help_texts_for_a_social_worker(bundled):
    harboured = bundled.facts["harboured"].help
    assert "propia casa no es acogida" in harboured["es"] and "own home is not harbouring" in harboured["en"]
    abuse = bundled.facts["sexual_abuse"].help
    assert "en línea" in abuse["es"] and "contacto físico" in abuse["es"] and "physical contact" in abuse["en"]
    assert "proceso administrativo de restablecimiento de derechos" in bundled.facts["unaccompanied"].help["es"]


def test_triage_errors_are_in_the_readers_language(tmp_path):
    from tip_triage.commands.localize import localized
    from tip_triage.errors import TipTriageError

    def es(message: str, code: str) -> str:
        return localized(TipTriageError(message, "x.yaml", code), "es", {"PATH": "/nonexistent"}).message

    assert es("no such file", "not_found") == "no existe el archivo"
    assert es("not valid YAML: found a tab", "yaml").startswith("no es YAML válido")
    assert (
        es("this interview is open in another terminal: finish or close it there first", "locked")
        == "esta entrevista está abierta en otra terminal: termínela o ciérrela allí primero"
    )
    assert es("2 saved interviews match this id: T1-a, T2-b", "ambiguous") == (
        "2 entrevistas guardadas corresponden a este id; continúe una con su propio id: T1-a, T2-b"
    )
    assert "sessions" in es("no saved interview with this id (see 'tip-triage sessions')", "not_found")


def _commands(command, path=()):
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


def test_help_never_cuts_an_option_name_at_a_hyphen():
    import re

    for path in _commands(typer.main.get_command(app)):
        for lang in ("es_CO.UTF-8", "en_US.UTF-8"):
            shown = run([*path, "--help"], lang).stdout
            cut = [line for line in shown.splitlines() if re.search(r"--[a-z]+-$", line.rstrip())]
            assert not cut, (path, lang, cut)


def test_a_case_reference_of_several_interviews_names_each_one_to_resume(tmp_path):
    from tip_triage.errors import TipTriageError
    from tip_triage.store import find_session, session_path

    environ = {"TIP_TRIAGE_DATA_DIR": str(tmp_path)}
    for ident in ("T20260101-120000-aaaa", "T20260102-120000-bbbb"):
        path = session_path(environ, ident)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"tip_triage_case: 1\nid: EXP-2026-0001\nfacts: {{}}\n# {ident}\n", encoding="utf-8")
    try:
        find_session(environ, "EXP-2026-0001")
    except TipTriageError as exc:
        assert exc.code == "ambiguous"
        assert "T20260101-120000-aaaa" in exc.message and "T20260102-120000-bbbb" in exc.message
    else:
        raise AssertionError("two interviews for one case reference must not resume either silently")
    assert find_session(environ, "T20260102").id == "T20260102-120000-bbbb"


def test_a_reference_used_before_says_how_to_go_on_with_its_interview(tmp_path):
    import io

    from rich.console import Console

    from tip_triage.commands.triage import _earlier_interviews
    from tip_triage.env import Env
    from tip_triage.store import session_path

    environ = {"TIP_TRIAGE_DATA_DIR": str(tmp_path), "PATH": "/nonexistent"}
    path = session_path(environ, "T20260101-120000-aaaa")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("tip_triage_case: 1\nid: EXP-2026-0001\nfacts: {}\n", encoding="utf-8")
    err = io.StringIO()
    env = Env(stdout=Console(file=io.StringIO()), stderr=Console(file=err, width=80), environ=environ)
    _earlier_interviews("EXP-2026-0001", "es", env)
    shown = err.getvalue()
    assert "Ya hay entrevistas guardadas con esta referencia (T20260101-120000-aaaa)" in shown
    assert "--resume T20260101-120000-aaaa" in shown
    err.truncate(0)
    _earlier_interviews("EXP-2026-0002", "es", env)  # a new reference: nothing to say
    assert err.getvalue().strip() == ""


def test_lint_checklist_to_standard_output_comes_alone_and_validate_speaks_spanish():
    runner = CliRunner()
    env = {"LC_ALL": "es_CO.UTF-8", "COLUMNS": "80"}
    result = runner.invoke(app, ["guideline", "lint", "--checklist", "-"], env=env)
    assert result.stdout.startswith("# Lista de revisión jurídica")  # findings on stderr: `> list.md` is clean
    assert "advertencia(s)" in result.stderr and "advertencia(s)" not in result.stdout
    shown = runner.invoke(app, ["guideline", "validate"], env=env).stdout
    assert "reglas de calificación" in shown and all(len(line) <= 80 for line in shown.splitlines())
