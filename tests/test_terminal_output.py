"""In a real terminal: colours unless NO_COLOR is set, and 80 columns are respected."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pexpect

CASE = Path(__file__).resolve().parent.parent / "cases_examples" / "02-trafficking-job-offer-sexual.yaml"
SGR_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def run_in_terminal(extra_env: dict[str, str]) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    env.update(TERM="xterm-256color", **extra_env)
    output, status = pexpect.run(
        f"{sys.executable} -m tip_triage check {CASE}",
        env=env,
        withexitstatus=True,
        timeout=60,
        dimensions=(50, 80),
        encoding="utf-8",
    )
    assert status == 0
    return output


def colours(text: str) -> list[str]:
    """The SGR sequences that set a colour (bold and the like are allowed under NO_COLOR)."""
    found = []
    for match in SGR_COLOUR.finditer(text):
        params = [p for p in match.group()[2:-1].split(";") if p]
        if any(p.isdigit() and (30 <= int(p) <= 49 or 90 <= int(p) <= 107) for p in params):
            found.append(match.group())
    return found


def test_colour_in_a_terminal_and_none_with_no_color():
    assert colours(run_in_terminal({}))
    assert not colours(run_in_terminal({"NO_COLOR": "1"}))


def test_lines_fit_in_80_columns():
    text = SGR_COLOUR.sub("", run_in_terminal({"NO_COLOR": "1"}))
    assert max(len(line.rstrip("\r")) for line in text.splitlines()) <= 80


def test_triage_with_stdout_redirected_says_so_instead_of_prompting_into_the_file(tmp_path):
    out = tmp_path / "out.txt"
    env = {**os.environ, "TIP_TRIAGE_DATA_DIR": str(tmp_path / "data"), "LC_ALL": "es_CO.UTF-8"}
    output, status = pexpect.run(
        f"bash -c '{sys.executable} -m tip_triage triage > {out}'",
        env=env,
        withexitstatus=True,
        timeout=60,
        encoding="utf-8",
    )
    assert status == 2
    assert "terminal interactiva" in output and "Traceback" not in output
    assert out.read_text() == ""
