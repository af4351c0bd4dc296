"""Writing only where a regular file may go: outputs never replace a FIFO, a device, a folder or a link, never
make the folders of a path the user gave, and a full output is one line and exit 2; a purge goes past what is
not a saved interview."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest
from clirun import run, to_full_disk
from conftest import REPO
from scripted import ScriptedPrompter
from typer.testing import CliRunner

from tip_triage.cli import app
from tip_triage.commands import triage
from tip_triage.env import Env
from tip_triage.errors import TipTriageError
from tip_triage.safewrite import write_atomic
from tip_triage.store import private_dir, save_file

CASE = REPO / "cases_examples" / "01-smuggling-paid-trochero.yaml"
TARGETS = ["fifo", "link", "dangling link", "folder"]


def _make(tmp_path: Path, kind: str) -> Path:
    """Something at a path that is not a regular file; the regular file a link points to is `kept.txt`."""
    path = tmp_path / "out.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "link":
        (tmp_path / "kept.txt").write_text("kept\n")
        os.symlink(tmp_path / "kept.txt", path)
    elif kind == "dangling link":
        os.symlink(tmp_path / "missing.txt", path)
    else:
        path.mkdir()
    return path


def _untouched(tmp_path: Path, path: Path, kind: str) -> None:
    mode = os.lstat(path).st_mode
    expected = {"fifo": stat.S_ISFIFO, "link": stat.S_ISLNK, "dangling link": stat.S_ISLNK, "folder": stat.S_ISDIR}
    assert expected[kind](mode), f"{kind} was replaced"
    if kind == "link":
        assert (tmp_path / "kept.txt").read_text() == "kept\n"
    if kind == "dangling link":
        assert not (tmp_path / "missing.txt").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no temporary file left behind


@pytest.mark.parametrize("kind", TARGETS)
def test_write_atomic_refuses_what_is_not_a_regular_file(tmp_path, kind):
    path = _make(tmp_path, kind)
    with pytest.raises(TipTriageError) as caught:
        write_atomic(path, "new\n")
    error = caught.value
    assert error.location == str(path) and "\n" not in str(error)
    words = {
        "fifo": "is a FIFO (named pipe), not a regular file",
        "link": "is a symbolic link, not a regular file",
        "dangling link": "is a symbolic link, not a regular file",
        "folder": "is a folder, not a file",
    }
    assert error.message == words[kind]
    assert error.code == ("not_found" if kind == "folder" else "special")  # as the read side says it
    _untouched(tmp_path, path, kind)


def test_write_atomic_replaces_a_regular_file_owner_only(tmp_path):
    path = tmp_path / "out.yaml"
    path.write_text("old\n")
    write_atomic(path, "new\n")
    assert path.read_text() == "new\n" and stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_a_missing_folder_is_refused_unless_it_is_our_own(tmp_path):
    wanted = tmp_path / "no" / "such" / "out.yaml"
    with pytest.raises(TipTriageError) as caught:
        save_file(wanted, "x\n")
    assert str(caught.value) == f"{wanted.parent}: no such folder" and caught.value.code == "not_found"
    assert not (tmp_path / "no").exists()
    own = private_dir(tmp_path / "data" / "sessions")
    own.rmdir()  # our sessions folder, gone while an interview is open: its next save makes it again
    save_file(own / "T1.yaml", "x\n")
    assert stat.S_IMODE(os.stat(own).st_mode) == 0o700 and (own / "T1.yaml").read_text() == "x\n"
    write_atomic(tmp_path / "cache" / "deep" / "key", "x\n", make_parent=True)  # the cache's own entries
    assert stat.S_IMODE(os.stat(tmp_path / "cache" / "deep").st_mode) == 0o700


def _one_line_refusal(done, path: Path) -> str:
    assert done.code == 2 and not done.timed_out, done.err
    assert "Traceback" not in done.err and len(done.err_lines) == 1, done.err
    assert done.err_lines[0].startswith(f"{path}: ")
    return done.err_lines[0]


@pytest.mark.parametrize("kind", TARGETS)
def test_scenarios_new_output_is_never_put_in_place_of_something_else(tmp_path, kind):
    path = _make(tmp_path, kind)
    done = run(["scenarios", "new", "--from", str(CASE), "--output", str(path)], env={"HOME": str(tmp_path)})
    _one_line_refusal(done, path)
    _untouched(tmp_path, path, kind)


@pytest.mark.parametrize("kind", ["fifo", "link"])
def test_a_lint_checklist_is_never_put_in_place_of_something_else(tmp_path, kind):
    path = _make(tmp_path, kind)
    done = run(["guideline", "lint", "--checklist", str(path), "--lang", "en"], timeout=30)
    _one_line_refusal(done, path)
    _untouched(tmp_path, path, kind)


def test_output_paths_never_make_folders(tmp_path):
    wanted = tmp_path / "no" / "such" / "out.yaml"
    for args in (
        ["scenarios", "new", "--from", str(CASE), "--output", str(wanted)],
        ["guideline", "lint", "--checklist", str(wanted)],
    ):
        done = run(args, timeout=30, env={"LC_ALL": "en_US.UTF-8"})
        assert done.code == 2 and done.err_lines == [f"{wanted.parent}: no such folder"], done.err
        done = run(args, timeout=30, env={"LC_ALL": "es_CO.UTF-8"})  # in the reader's language
        assert done.code == 2 and done.err_lines == [f"{wanted.parent}: no existe esa carpeta"], done.err
        assert not (tmp_path / "no").exists()


def run_triage(tmp_path: Path, **options: str) -> object:
    """A whole interview (every question answered "No sé"), then its outputs."""
    import io
    from datetime import datetime, timezone

    from rich.console import Console

    env = Env(
        stdout=Console(file=io.StringIO(), width=80),
        stderr=Console(file=io.StringIO(), width=80),
        environ={"TIP_TRIAGE_DATA_DIR": str(tmp_path / "data")},
        now=lambda: datetime(2026, 11, 29, tzinfo=timezone.utc),
        prompter=ScriptedPrompter(),
        is_interactive=lambda: True,
    )
    defaults = dict(lang=None, resume=None, from_case=None, case_id=None, save_path=None, report_path=None)
    return triage.run(env=env, guideline_arg=None, **{**defaults, **options})


@pytest.mark.parametrize("option", ["save_path", "report_path"])
@pytest.mark.parametrize("kind", ["fifo", "link", "folder"])
def test_triage_save_and_report_are_never_put_in_place_of_something_else(tmp_path, kind, option):
    path = _make(tmp_path, kind)
    with pytest.raises(TipTriageError) as caught:
        run_triage(tmp_path, **{option: str(path)})
    assert caught.value.location == str(path)
    _untouched(tmp_path, path, kind)
    with pytest.raises(TipTriageError) as caught:
        run_triage(tmp_path, **{option: str(tmp_path / "no" / "out.md")})
    assert str(caught.value) == f"{tmp_path / 'no'}: no such folder" and not (tmp_path / "no").exists()


# ---------------------------------------------------------------- a full output


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize("args", [["--version"], ["check", "--help"], ["--help"]])
def test_version_and_help_to_a_full_output_are_one_line_and_exit_2(args):
    done = to_full_disk(args, REPO)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert done.stderr.strip().splitlines() == ["<stdout>: cannot be written (No space left on device)"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["--help"],
        ["check", str(CASE)],
        ["check", str(REPO / "tests" / "fixtures" / "cases" / "invalid" / "bad.json")],
        ["check", "--lang", "xx"],
    ],
)
def test_with_stdout_and_stderr_both_full_nothing_is_written_and_the_exit_is_2(args):
    done = to_full_disk(args, REPO, stderr_too=True)
    assert done.returncode == 2  # the output error's code, not Python's 1 for an error it could not print


# ---------------------------------------------------------------- purge


def _old(path: Path) -> Path:
    then = time.time() - 200 * 86400
    os.utime(path, (then, then), follow_symlinks=False)
    return path


def _session(folder: Path, name: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text("tip_triage_case: 1\nid: X\nfacts: {age: 12}\ninterview: {lang: es}\n")
    return _old(path)


def _purge(tmp_path: Path, lang: str = "en"):
    args = ["sessions", "--purge", "--older-than", "90d", "--yes", "--lang", lang]
    return CliRunner().invoke(app, args, env={"TIP_TRIAGE_DATA_DIR": str(tmp_path), "COLUMNS": "100"})


def test_purge_goes_past_folders_links_and_fifos_named_like_interviews(tmp_path):
    sessions = tmp_path / "sessions"
    sessions.mkdir()
    first, last = _session(sessions, "0-first"), _session(sessions, "Z-last")
    (sessions / "A-dir.yaml").mkdir()
    os.mkfifo(sessions / "B-fifo.yaml")
    os.symlink(tmp_path / "nowhere", sessions / "C-link.yaml")
    (sessions / "D.yaml.corrupt").mkdir()
    for name in ("A-dir.yaml", "B-fifo.yaml", "C-link.yaml", "D.yaml.corrupt"):
        _old(sessions / name)
    result = _purge(tmp_path)
    assert result.exit_code == 0, result.output
    assert not first.exists() and not last.exists()
    assert "deleted: 0-first" in result.stdout and "deleted: Z-last" in result.stdout
    assert "2 deleted, 0 kept (open elsewhere), 4 skipped" in result.stdout
    assert result.stderr.splitlines() == [
        "A-dir: is a folder, not a file: skipped",
        "B-fifo: is a FIFO (named pipe), not a regular file: skipped",
        "C-link: is a symbolic link, not a regular file: skipped",
        "D.yaml.corrupt: is a folder, not a file: skipped",
    ]
    for name in ("A-dir.yaml", "B-fifo.yaml", "C-link.yaml", "D.yaml.corrupt"):
        assert os.path.lexists(sessions / name)
    assert not (sessions / "A-dir.lock").exists()  # a skipped entry is not locked either
    spanish = _purge(tmp_path, "es")
    assert spanish.exit_code == 0 and "A-dir: es una carpeta, no un archivo: se omite" in spanish.stderr


def test_purge_reports_an_interview_it_cannot_delete_and_goes_on(tmp_path, monkeypatch):
    sessions = tmp_path / "sessions"
    sessions.mkdir()
    stuck, other = _session(sessions, "A-stuck"), _session(sessions, "B-other")
    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self == stuck:
            raise PermissionError(13, "Permission denied")
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    result = _purge(tmp_path)
    assert result.exit_code == 0 and stuck.exists() and not other.exists()
    assert result.stderr.splitlines() == ["A-stuck: cannot be deleted (Permission denied): skipped"]
    assert "1 deleted, 0 kept (open elsewhere), 1 skipped" in result.stdout


def test_check_output_refuses_before_the_work_what_the_write_would_refuse(tmp_path):
    from tip_triage.safewrite import check_output

    check_output(tmp_path / "new.yaml")  # nothing there yet, in a folder that is there: fine
    fifo = _make(tmp_path, "fifo")
    with pytest.raises(TipTriageError, match="is a FIFO"):
        check_output(fifo)
    with pytest.raises(TipTriageError, match="no such folder"):
        check_output(tmp_path / "no" / "out.yaml")
    (tmp_path / "file").write_text("x")
    with pytest.raises(TipTriageError) as caught:  # a file where a folder should be: no OSError gets out
        check_output(tmp_path / "file" / "out.yaml")
    assert caught.value.message == "cannot be written (Not a directory)"
