"""`tip-triage triage --exercise SCENARIO` in a real pseudo-terminal, as a trainee in a class would use it.

Uses the terminal driver of tests/test_triage_pty.py (what the program writes is matched
without escape codes and whitespace).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tip_triage.loader import load_case

pexpect = pytest.importorskip("pexpect")

from test_triage_pty import Terminal, interview, squash, terminals  # noqa: E402,F401  (terminals: the fixture)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]  # slow: run by .ci/run and `pytest -m slow`

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "cases_examples" / "80-trafficking-public-servant-recruiter.yaml"


def test_class_exercise_compares_the_trainees_conclusions(tmp_path: Path, terminals) -> None:  # noqa: F811
    case = load_case(str(SCENARIO))
    assert case.narrative is not None
    answers = dict(case.facts)
    answers["someone_profits"] = False  # the trainee misses that the woman running the house profits
    out = tmp_path / "results" / "trainee.yaml"
    out.parent.mkdir()  # an output path never makes its folder
    data = tmp_path / "data"
    term = terminals(["triage", "--exercise", str(SCENARIO), "--save", str(out), "--lang", "en"], data, cwd=ROOT)
    term.wait(f"Exercise: {case.name}")  # its title in the reader's language, wrapped at 80 columns, never cut
    term.wait(case.narrative["en"][:60])  # the story comes first
    asked = interview(term, answers, "en")
    assert "someone_profits" in asked and "immediate_danger" == asked[0]
    term.send("1" + ENTER)  # Finish
    term.wait("Your conclusions and the expected ones")
    term.wait("Your conclusions differ from the expected ones.")
    term.wait("Answers that differ from the case's facts")
    term.wait(g_question("someone_profits"))
    term.wait("Answering this changed:")  # the reader's words and the codes' labels; the saved file keeps the codes
    term.wait("qualification: Trafficking in persons → Commercial sexual exploitation of children")
    term.wait("referral dropped from the path: Report to the Ministerio del Interior (COAT)")
    term.wait(f"Results saved in:\n  {out}")  # the path on a line of its own
    assert term.finish() == 0
    assert "Traceback" not in term.raw

    saved = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert saved["tip_triage_exercise"] == 1 and saved["met"] is False
    assert saved["expected"]["qualification"] == "trafficking"
    assert saved["yours"]["qualification"] == "commercial_sexual_exploitation"
    [diff] = saved["differing_answers"]
    assert diff["fact"] == "someone_profits" and diff["yours"] is False and diff["scenario"] is True
    assert diff["changed"] == [
        "qualification trafficking → commercial_sexual_exploitation",
        "-commercial_sexual_exploitation",
        "-anti_trafficking_route",
        "indicator clear → none",
    ]
    # an exercise is not a real case: nothing goes to the saved interviews
    assert not (data / "sessions").exists() or not any((data / "sessions").iterdir())


def test_exercise_without_a_narrative_or_a_terminal_is_refused(tmp_path: Path, monkeypatch) -> None:
    env = {**os.environ, "TIP_TRIAGE_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "tip_triage", "triage", "--exercise", str(SCENARIO)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 2 and (
        "interactive terminal" in result.stderr or "terminal interactiva" in result.stderr
    )
    assert "Traceback" not in result.stderr

    from typer.testing import CliRunner

    import tip_triage.cli as cli

    class Refusing:  # the scenario must be refused before anything is asked
        def ask(self, spec):  # pragma: no cover - reaching it fails the test
            raise AssertionError("asked")

    real_env = cli.real_env
    monkeypatch.setattr(cli, "real_env", lambda: setattr(e := real_env(), "prompter", Refusing()) or e)
    plain = tmp_path / "plain.yaml"
    plain.write_text(yaml.safe_dump({"tip_triage_case": 1, "id": "X", "facts": {"age": 15}}), encoding="utf-8")
    result = CliRunner().invoke(cli.app, ["triage", "--exercise", str(plain), "--lang", "en"])
    assert result.exit_code == 2 and "has no narrative" in result.output
    result = CliRunner().invoke(cli.app, ["triage", "--exercise", f"{SCENARIO}#2", "--lang", "en"])
    assert result.exit_code == 2 and "choose one with FILE#N (1 to 1)" in result.output


def g_question(fact: str) -> str:
    from tip_triage.loader import load_guideline

    return load_guideline().facts[fact].question["en"]


ENTER = "\r"
