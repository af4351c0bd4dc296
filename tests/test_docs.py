"""The README documents every command, every option and every exit code (docs stay in sync)."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from tip_triage.cli import app
from tip_triage.exit_codes import ExitCode

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def commands(group, prefix=""):
    click_group = typer.main.get_command(group) if not hasattr(group, "commands") else group
    for name, command in click_group.commands.items():
        if hasattr(command, "commands"):
            yield from commands(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}", command


def test_every_command_is_in_the_readme():
    for name, _ in commands(app):
        assert f"tip-triage {name}" in README, f"README does not mention 'tip-triage {name}'"


def test_every_option_is_in_the_readme():
    for name, command in commands(app):
        for param in command.params:
            longs = [o for o in param.opts if o.startswith("--")]
            if longs:
                assert any(o in README for o in longs), f"README does not mention {longs} of '{name}'"


def test_every_exit_code_is_in_the_readme_table():
    table = dict(re.findall(r"^\| (\d+) \| (.+?) \|$", README, flags=re.M))
    assert {int(code) for code in table} == {int(code) for code in ExitCode}


def test_the_readme_counts_the_bundled_scenarios_right():
    examples = Path(__file__).resolve().parent.parent / "cases_examples"
    said = re.search(r"`cases_examples/`: (\d+) trainer scenarios", README)
    assert said is not None and int(said[1]) == len(list(examples.glob("*.yaml")))
