"""Privacy: no network, --redact (a stable keyed hash of the case id, free text dropped), purging old interviews."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import stat
import time
from pathlib import Path

import pytest
from conftest import REPO, NetworkUsed
from typer.testing import CliRunner

from tip_triage.cli import app
from tip_triage.commands.sessions import parse_days

VALID = REPO / "tests" / "fixtures" / "cases" / "valid" / "spec-example.yaml"
BROKEN = REPO / "tests" / "fixtures" / "cases" / "invalid" / "wrong-type.yaml"
README = (REPO / "README.md").read_text(encoding="utf-8")


def invoke(args, data_dir: Path, **env):
    return CliRunner().invoke(app, args, env={"TIP_TRIAGE_DATA_DIR": str(data_dir), "COLUMNS": "100", **env})


def test_the_network_guard_is_on_in_every_test():
    with pytest.raises(NetworkUsed):
        socket.create_connection(("127.0.0.1", 9))
    with pytest.raises(NetworkUsed):
        socket.getaddrinfo("example.org", 443)


def test_redact_replaces_the_id_and_file_with_a_stable_keyed_hash(tmp_path):
    first = json.loads(invoke(["check", str(VALID), "--format", "json", "--redact"], tmp_path).stdout)
    again = json.loads(invoke(["check", str(VALID), "--format", "json", "--redact"], tmp_path).stdout)
    assert first["id"].startswith("R-") and first["id"] == again["id"]  # stable: batches can be joined
    assert "BOG-2026-0412" not in json.dumps(first) and str(VALID) not in json.dumps(first)
    assert first["file"].startswith("F-")
    key = tmp_path / "key"
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600 and stat.S_IMODE(os.stat(tmp_path).st_mode) == 0o700
    other = json.loads(invoke(["check", str(VALID), "--format", "json", "--redact"], tmp_path / "other").stdout)
    assert other["id"] != first["id"]  # keyed: without the key the hash of a guessed id cannot be matched
    plain = json.loads(invoke(["check", str(VALID), "--format", "json"], tmp_path).stdout)
    assert plain["id"] == "BOG-2026-0412" and plain["qualification"] == first["qualification"]


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_redact_in_batch_outputs_covers_error_rows(tmp_path, fmt):
    result = invoke(["batch", str(VALID), str(BROKEN), "--format", fmt, "--redact"], tmp_path)
    assert result.exit_code == 2
    out = result.stdout
    assert "BOG-2026-0412" not in out and "spec-example" not in out and "wrong-type" not in out
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert rows[0]["id"].startswith("R-") and rows[1]["error"].startswith("F-")


def test_redact_in_markdown_reports(tmp_path):
    result = invoke(["check", str(VALID), "--format", "markdown", "--redact"], tmp_path)
    assert result.exit_code == 0 and "BOG-2026-0412" not in result.stdout and "R-" in result.stdout


def _session(folder: Path, name: str, age_days: float) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text("tip_triage_case: 1\nid: X\nfacts: {age: 12}\ninterview: {lang: es}\n")
    then = time.time() - age_days * 86400
    os.utime(path, (then, then))
    return path


def test_purge_deletes_interviews_older_than_the_age_given(tmp_path):
    sessions = tmp_path / "sessions"
    sessions.mkdir(parents=True)
    old = _session(sessions, "T20250101-000000-0001", 120)
    recent = _session(sessions, "T20261101-000000-0002", 10)
    corrupt = sessions / "T20250101-000000-0003.yaml.corrupt"
    corrupt.write_text("x")
    os.utime(corrupt, (time.time() - 200 * 86400,) * 2)
    result = invoke(["sessions", "--purge", "--older-than", "90d", "--lang", "en"], tmp_path)
    assert result.exit_code == 0, result.output
    assert not old.exists() and recent.exists() and not corrupt.exists()
    assert "2 deleted" in result.stdout


def test_purge_keeps_an_interview_open_in_another_terminal(tmp_path):
    from tip_triage.store import session_lock

    sessions = tmp_path / "sessions"
    sessions.mkdir(parents=True)
    old = _session(sessions, "T20250101-000000-0001", 120)
    with session_lock(old):
        result = invoke(["sessions", "--purge", "--older-than", "90d", "--lang", "en"], tmp_path)
    assert result.exit_code == 0 and old.exists() and "open in another terminal" in result.stderr


def test_purge_needs_both_options_and_a_readable_age(tmp_path):
    assert invoke(["sessions", "--purge"], tmp_path).exit_code == 2
    assert invoke(["sessions", "--older-than", "90d"], tmp_path).exit_code == 2
    assert invoke(["sessions", "--purge", "--older-than", "soon"], tmp_path).exit_code == 2
    assert (parse_days("90d"), parse_days("12w"), parse_days("36h"), parse_days("7")) == (90, 84, 1.5, 7)


def test_the_readme_says_what_is_stored_where_how_long_and_how_to_delete_it():
    section = README.split("## Privacy", 1)[1].split("\n## ", 1)[0]
    for words in (
        "What is stored where",
        "How long",
        "How to delete",
        "sessions --delete",
        "sessions --purge --older-than 90d",
        "--redact",
        "network",
    ):
        assert words in section
