"""Issue 10, "Found by the probe": one test (at least) per defect, each failing before its fix.

The classics and the limits are in test_hostile.py (the corpus); here are the
defects that need more than one input file: the session lock, saved interviews,
folders under umask 000, --debug, broken pipes, full disks, terminal injection,
the validation marker.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from clirun import run, to_full_disk
from conftest import REPO
from scripted import Interrupt, ScriptedPrompter
from typer.testing import CliRunner

from tip_triage import store
from tip_triage.cli import app
from tip_triage.commands import triage
from tip_triage.env import Env
from tip_triage.errors import TipTriageError
from tip_triage.exit_codes import ExitCode

SECRET = "Zq7SECRET"
VALID = REPO / "tests" / "fixtures" / "cases" / "valid" / "spec-example.yaml"
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX locks, FIFOs and umask")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def env_for(tmp_path: Path, prompter=None) -> Env:
    import io

    from rich.console import Console

    return Env(
        stdout=Console(file=io.StringIO(), width=80),
        stderr=Console(file=io.StringIO(), width=80),
        environ={"TIP_TRIAGE_DATA_DIR": str(tmp_path / "data")},
        prompter=prompter,
        is_interactive=lambda: True,
    )


def run_triage(env: Env, **options):
    defaults = dict(
        lang=None, resume=None, from_case=None, case_id=None, save_path=None, report_path=None, guideline_arg=None
    )
    defaults.update(options)
    return triage.run(env=env, **defaults)


def interrupted_session(tmp_path: Path) -> Path:
    """A saved, unfinished interview (three answers, then Ctrl-C)."""
    prompter = ScriptedPrompter(
        steps=[("immediate_danger", False), ("sexual_violence_within_72h", False), ("health_needs", Interrupt())]
    )
    assert run_triage(env_for(tmp_path, prompter)) == ExitCode.INTERRUPTED
    [path] = sorted((tmp_path / "data" / "sessions").glob("*.yaml"))
    return path


# ---------------------------------------------------------------- the session lock


def test_resume_takes_the_lock_before_it_reads_the_session(tmp_path, monkeypatch):
    path = interrupted_session(tmp_path)
    order = []
    real_lock, real_load = triage.session_lock, triage.load_session

    def lock(p):
        order.append("lock")
        return real_lock(p)

    def load(p):
        order.append("read")
        return real_load(p)

    monkeypatch.setattr(triage, "session_lock", lock)
    monkeypatch.setattr(triage, "load_session", load)
    prompter = ScriptedPrompter(steps=[("health_needs", Interrupt())])
    assert run_triage(env_for(tmp_path, prompter), resume=path.stem) == ExitCode.INTERRUPTED
    assert order[:2] == ["lock", "read"]


def test_a_second_terminal_cannot_resume_while_the_first_holds_it_even_before_reading(tmp_path):
    path = interrupted_session(tmp_path)
    before = path.read_bytes()
    with store.session_lock(path):
        prompter = ScriptedPrompter(steps=[("health_needs", True)])
        with pytest.raises(TipTriageError, match="open in another terminal|abierta en otra terminal"):
            run_triage(env_for(tmp_path, prompter), resume=path.stem)
        assert prompter.asked == []
    assert path.read_bytes() == before


def test_the_lock_file_is_kept_so_two_terminals_never_hold_it_at_once(tmp_path):
    path = tmp_path / "T1.yaml"
    lock = path.with_suffix(".lock")
    with store.session_lock(path):
        pass
    assert lock.exists()  # released, not deleted: a deleted lock lets a waiting opener and a new one both hold it
    with store.session_lock(path):
        inode = lock.stat().st_ino
        with pytest.raises(TipTriageError, match="open in another terminal"):
            with store.session_lock(path):
                pass
    assert lock.stat().st_ino == inode


def test_a_symlinked_lock_is_refused_and_never_followed(tmp_path):
    target = tmp_path / "elsewhere"
    path = tmp_path / "T1.yaml"
    os.symlink(target, path.with_suffix(".lock"))
    with pytest.raises(TipTriageError, match="symbolic link"):
        with store.session_lock(path):
            pass
    assert not target.exists()


def test_a_lock_left_by_a_killed_process_never_blocks(tmp_path):
    path = tmp_path / "T1.yaml"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time; from pathlib import Path; from tip_triage.store import session_lock\n"
                "with session_lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(60)"
            ),
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(TipTriageError):
            with store.session_lock(path):
                pass
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
        with store.session_lock(path):  # the system released it with the process
            pass
    finally:
        if holder.poll() is None:
            holder.kill()
        holder.stdout.close()


# ---------------------------------------------------------------- saved interviews


def test_a_truncated_session_that_still_parses_is_detected_and_kept_aside(tmp_path):
    path = interrupted_session(tmp_path)
    text = path.read_text()
    lines = text.splitlines(keepends=True)
    damaged = 0
    for cut in range(1, len(lines)):
        partial = "".join(lines[:cut])
        try:
            data = yaml.safe_load(partial)
        except yaml.YAMLError:
            continue
        if not isinstance(data, dict):
            continue
        path.write_text(partial)
        with pytest.raises(TipTriageError, match="damaged") as info:
            store.load_session(path)
        assert "kept aside" in info.value.message and not path.exists()
        kept = info.value.message.split("kept aside as ")[1].split(" ")[0]
        assert (path.parent / kept).read_text() == partial  # kept aside, never overwritten
        damaged += 1
    assert damaged >= 5
    path.write_text(text)
    assert store.load_session(path).facts  # the whole file still loads


def test_a_damaged_session_never_breaks_the_others(tmp_path):
    path = interrupted_session(tmp_path)
    sessions = path.parent
    (sessions / "T20260101-000000-0000.yaml").write_text(
        "tip_triage_case: 1\nid: X\nfacts:\n  age: " + "9" * 5000 + "\n"
    )
    os.mkfifo(sessions / "T20260101-000000-0001.yaml")
    runner = CliRunner()
    result = runner.invoke(app, ["sessions"], env={"TIP_TRIAGE_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert path.stem in result.output
    assert (sessions / "T20260101-000000-0000.yaml.corrupt").exists()
    assert (sessions / "T20260101-000000-0001.yaml").exists()  # a FIFO is reported, not renamed, never read
    prompter = ScriptedPrompter(steps=[("health_needs", Interrupt())])
    assert run_triage(env_for(tmp_path, prompter), resume=path.stem) == ExitCode.INTERRUPTED


def test_a_history_value_that_is_not_a_value_of_its_fact_is_refused_before_the_interview(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text(
        "tip_triage_case: 1\nid: X-1\nfacts: {moved: none}\n"
        f"history:\n  - {{fact: moved, from: null, to: {SECRET}, at: 2026-11-29T14:05:02Z}}\n"
    )
    prompter = ScriptedPrompter()
    with pytest.raises(TipTriageError) as info:
        run_triage(env_for(tmp_path, prompter), from_case=str(case))
    assert "history[0].to: no es un valor del hecho 'moved'" in str(info.value)  # the reader's language
    assert SECRET not in str(info.value) and prompter.asked == []


# ---------------------------------------------------------------- folders under umask 000


def test_every_folder_is_0700_whatever_the_umask(tmp_path):
    old = os.umask(0)
    try:
        environ = {"TIP_TRIAGE_DATA_DIR": str(tmp_path / "a" / "b" / "data")}
        sessions = store.sessions_dir(environ)
        cache = store.ValidatedCache({"TIP_TRIAGE_CACHE_DIR": str(tmp_path / "c" / "d")})
        cache.add("0" * 64)
        store.write_private(tmp_path / "e" / "f" / "case.yaml", "x")
    finally:
        os.umask(old)
    for folder in (
        tmp_path / "a",
        tmp_path / "a" / "b",
        sessions.parent,
        sessions,
        tmp_path / "c",
        tmp_path / "c" / "d",
        cache.dir,
        tmp_path / "e",
        tmp_path / "e" / "f",
    ):
        assert mode(folder) == 0o700, folder
    assert mode(tmp_path / "e" / "f" / "case.yaml") == 0o600


# ---------------------------------------------------------------- --debug, pipes, full disks


def test_debug_tracebacks_carry_no_case_data(monkeypatch):
    from tip_triage.commands import check

    def boom(*args, **kwargs):
        try:
            {}[SECRET]
        except KeyError as exc:
            raise ValueError(f"wrapped {SECRET}") from exc

    monkeypatch.setattr(check, "run", boom)
    result = CliRunner().invoke(app, ["--debug", "check", str(VALID)])
    assert result.exit_code == 3
    assert "Traceback" in result.stderr and "KeyError" in result.stderr and "ValueError" in result.stderr
    assert SECRET not in result.stdout + result.stderr


@pytest.mark.parametrize("fmt, lines_read", [("json", 0), ("jsonl", 1)])
def test_a_closed_pipe_is_exit_141_not_1(tmp_path, fmt, lines_read):
    examples = sorted(str(p) for p in (REPO / "cases_examples").glob("*.yaml")) * 8  # far more than a pipe holds
    proc = subprocess.Popen(
        [sys.executable, "-m", "tip_triage", "batch", *examples, "--format", fmt],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    for _ in range(lines_read):
        proc.stdout.readline()
    proc.stdout.close()  # `| head -1`, `| head -0`
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(60) == ExitCode.BROKEN_PIPE == 141
    assert err == ""


def test_a_full_disk_on_stdout_is_one_line_and_exit_2():
    done = to_full_disk(["check", str(VALID)], REPO)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [
        "<output>: cannot be written (No space left on device)"
    ] or done.stderr.strip().splitlines() == ["<stdout>: cannot be written (No space left on device)"]


# ---------------------------------------------------------------- output safety


def test_escape_sequences_in_a_case_id_never_reach_the_terminal(tmp_path):
    case = tmp_path / "evil.yaml"
    case.write_text('tip_triage_case: 1\nid: "A\\e]0;pwned\\a\\e[2J\\u202eB"\nfacts: {age: 15}\n')
    for fmt in ("text", "markdown", "json", "jsonl"):
        done = run(["check", str(case), "--format", fmt])
        assert done.code == 0, done.err
        assert "\x1b" not in done.out and "\x07" not in done.out and "\u202e" not in done.out, fmt
    assert "A\\x1b]0;pwned" in run(["check", str(case)]).out
    done = run(["batch", str(case), "--format", "table"])
    assert "\x1b" not in done.out


def test_csv_cells_that_would_be_formulas_are_neutralised(tmp_path):
    case = tmp_path / "f.yaml"
    case.write_text('tip_triage_case: 1\nid: "=HYPERLINK(\\"http://x\\")"\nfacts: {age: 15}\n')
    done = run(["batch", str(case), "--format", "csv"])
    import csv
    import io

    [row] = list(csv.DictReader(io.StringIO(done.out)))
    assert row["id"].startswith("'=")


# ---------------------------------------------------------------- the validation marker


def test_a_planted_marker_never_turns_a_bad_guideline_into_a_traceback(tmp_path):
    from tip_triage import loader

    g = tmp_path / "g"
    import shutil

    shutil.copytree(REPO / "guidelines" / "co-icbf-2018", g)
    rules = g / "rules.yaml"
    rules.write_text(rules.read_text().replace("{fact: recruited, equals: true}", "{ref: no_such_definition}", 1))
    cache_dir = tmp_path / "cache"
    _, _, digest = loader._read_guideline(g / "guideline.yaml")
    key = loader._validation_key(digest)
    marker = cache_dir / "validated" / key
    marker.parent.mkdir(parents=True)
    marker.write_text("ok\n")  # what the marker held before: anyone could plant it
    done = run(["check", str(VALID), "--guideline", str(g)], env={"TIP_TRIAGE_CACHE_DIR": str(cache_dir)})
    assert done.code == 2 and "unknown definition 'no_such_definition'" in done.err, done.err
    # a marker that matches (made with the key) but for a guideline that cannot be built: checked in full
    del_section = g / "codes.yaml"
    del_section.write_text("{}\n")
    _, _, digest = loader._read_guideline(g / "guideline.yaml")
    key = loader._validation_key(digest)
    store.ValidatedCache({"TIP_TRIAGE_CACHE_DIR": str(cache_dir)}).add(key)
    done = run(["check", str(VALID), "--guideline", str(g)], env={"TIP_TRIAGE_CACHE_DIR": str(cache_dir)})
    assert done.code == 2 and "Traceback" not in done.err and len(done.err_lines) == 1, done.err


def test_a_case_reference_with_control_characters_is_refused(tmp_path):
    prompter = ScriptedPrompter()
    with pytest.raises(TipTriageError, match="without control characters|sin caracteres de control"):
        run_triage(env_for(tmp_path, prompter), case_id="BOG-1\x1b[2J")
    assert prompter.asked == []


def test_session_listing_shows_no_raw_control_characters(tmp_path):
    sessions = tmp_path / "data" / "sessions"
    sessions.mkdir(parents=True)
    (sessions / "T20260101-000000-0000.yaml").write_text(
        'tip_triage_case: 1\nid: "A\\e]0;x\\aB"\nfacts: {}\ninterview: {lang: es, started: 2026-01-01T00:00:00Z, updated: 2026-01-01T00:05:00Z}\n'
    )
    result = CliRunner().invoke(
        app, ["sessions"], env={"TIP_TRIAGE_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "200"}
    )
    assert result.exit_code == 0 and "\x1b" not in result.stdout and "A\\x1b]0;x" in result.stdout


def test_an_interview_open_in_another_terminal_is_listed_as_open(tmp_path):
    path = interrupted_session(tmp_path)
    with store.session_lock(path):
        result = CliRunner().invoke(
            app, ["sessions"], env={"TIP_TRIAGE_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "200"}
        )
    assert result.exit_code == 0 and "abierta en otra terminal" in result.stdout and path.exists()


def test_triage_report_with_redact_names_the_case_by_its_hash(tmp_path):
    from scripted import ScriptedPrompter as Scripted

    report = tmp_path / "report.md"
    prompter = Scripted(defaults={"immediate_danger": False, "age": 15})
    assert (
        run_triage(env_for(tmp_path, prompter), case_id="BOG-2026-9999", report_path=str(report), redact=True)
        == ExitCode.OK
    )
    text = report.read_text()
    assert "BOG-2026-9999" not in text and "R-" in text
