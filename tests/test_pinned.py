"""A case file's `guideline:` names a bundled guideline, never a folder where the command happens to run."""

from __future__ import annotations

import json
import shutil

from conftest import REPO
from typer.testing import CliRunner

from tip_triage.cli import app


def _case(folder, name: str, pin: str) -> str:
    path = folder / name
    path.write_text(f"tip_triage_case: 1\nid: {name}\nguideline: {pin}\nfacts: {{age: 15}}\n", encoding="utf-8")
    return name


def test_a_pin_ignores_a_folder_of_the_same_name_where_the_command_runs(tmp_path, monkeypatch):
    local = tmp_path / "co-icbf-2018"
    shutil.copytree(REPO / "guidelines" / "co-icbf-2018", local)
    text = (local / "guideline.yaml").read_text(encoding="utf-8")
    (local / "guideline.yaml").write_text(text.replace("version: ", "version: 6.6.6\n# was: ", 1), encoding="utf-8")
    shutil.copytree(local, tmp_path / "mine")
    monkeypatch.chdir(tmp_path)
    pinned = _case(tmp_path, "g3.yaml", "co-icbf-2018")
    other = _case(tmp_path, "g4.yaml", "mine")
    runner = CliRunner()
    result = runner.invoke(app, ["check", pinned, "--format", "json"], env={"LC_ALL": "en_US.UTF-8"})
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["guideline"]["version"] != "6.6.6"
    result = runner.invoke(app, ["batch", pinned, other, "--format", "jsonl"], env={"LC_ALL": "en_US.UTF-8"})
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0]["guideline"]["version"] != "6.6.6"
    assert rows[1]["status"] == "error" and "unknown guideline 'mine'" in rows[1]["error"]["message"]
    assert result.exit_code == 2


def test_an_empty_guideline_name_is_refused_never_the_default_in_silence():
    runner = CliRunner()
    for args in (
        ["diff", "--cases", "cases_examples", "--from", "", "--to", "co-icbf-2018"],
        ["check", "x", "--guideline", ""],
    ):
        result = runner.invoke(app, args, env={"LC_ALL": "en_US.UTF-8"})
        assert result.exit_code == 2 and "an empty guideline name" in result.stderr
