"""Where interviews are kept: one case file per session, owner-only, written atomically.

The data directory is the platform's own (XDG on Linux), or TIP_TRIAGE_DATA_DIR.
A write goes to a temporary file in the same folder, is flushed to disk, then
renamed over the old one: a killed process leaves the previous answer intact.
"""
from __future__ import annotations

import contextlib
import os
import secrets
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Mapping

import yaml

from .errors import TipTriageError

APP = "tip-triage"


def data_dir(environ: Mapping[str, str]) -> Path:
    if environ.get("TIP_TRIAGE_DATA_DIR"):
        return Path(environ["TIP_TRIAGE_DATA_DIR"])
    home = Path(environ.get("HOME") or Path.home())
    if sys.platform == "win32":
        base = Path(environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / APP


def sessions_dir(environ: Mapping[str, str]) -> Path:
    path = data_dir(environ) / "sessions"
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(path, 0o700)
    except OSError as exc:
        raise TipTriageError(f"cannot create the data folder ({exc.strerror})", str(path), "io") from None
    return path


def new_session_id(now_compact: str) -> str:
    return f"T{now_compact}-{secrets.token_hex(2)}"


def dump_yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=100)


def write_private(path: Path, text: str) -> None:
    """Atomically replace `path` with `text`, readable and writable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o600) if hasattr(os, "fchmod") else None
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def save_file(path: Path, text: str) -> None:
    try:
        write_private(path, text)
    except OSError as exc:
        raise TipTriageError(f"cannot be written ({exc.strerror})", str(path), "io") from None


@contextlib.contextmanager
def session_lock(path: Path) -> Iterator[None]:
    """Hold an interview open in one terminal only: a second one would overwrite its answers."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, as before
        yield
        return
    lock_path = path.with_suffix(".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise TipTriageError("this interview is open in another terminal: finish or close it there first",
                                 path.stem, "locked") from None
        yield
        with contextlib.suppress(OSError):
            os.unlink(lock_path)  # nothing left behind; another terminal may create it again
    finally:
        os.close(fd)


@dataclass(frozen=True)
class SessionFile:
    id: str
    path: Path


def session_path(environ: Mapping[str, str], session_id: str) -> Path:
    return sessions_dir(environ) / f"{session_id}.yaml"


def list_sessions(environ: Mapping[str, str]) -> Iterator[SessionFile]:
    for path in sorted(sessions_dir(environ).glob("*.yaml")):
        yield SessionFile(path.stem, path)


def _case_id(path: Path) -> str | None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return str(data.get("id")) if isinstance(data, dict) else None


def find_session(environ: Mapping[str, str], wanted: str) -> SessionFile:
    """The session with this id, the only one whose id starts with it, or the only one for this case id."""
    sessions = list(list_sessions(environ))
    exact = [s for s in sessions if s.id == wanted]
    matches = exact or [s for s in sessions if s.id.startswith(wanted)]
    if not matches:
        matches = [s for s in sessions if _case_id(s.path) == wanted]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise TipTriageError("no saved interview with this id (see 'tip-triage sessions')", wanted, "not_found")
    raise TipTriageError(f"{len(matches)} saved interviews start with this id: give more of it", wanted, "ambiguous")


class ValidatedCache:
    """Marker files under the user's cache folder for guidelines that passed every check."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        if environ.get("TIP_TRIAGE_CACHE_DIR"):
            base = Path(environ["TIP_TRIAGE_CACHE_DIR"])
        elif sys.platform == "win32":
            base = Path(environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / APP / "cache"
        elif sys.platform == "darwin":
            base = Path(environ.get("HOME") or Path.home()) / "Library" / "Caches" / APP
        else:
            base = Path(environ.get("XDG_CACHE_HOME") or Path(environ.get("HOME") or Path.home()) / ".cache") / APP
        self.dir = base / "validated"

    def known(self, key: str) -> bool:
        return (self.dir / key).is_file()

    def add(self, key: str) -> None:
        try:  # a cache that cannot be written only costs time
            self.dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_private(self.dir / key, "ok\n")
        except OSError:
            pass
