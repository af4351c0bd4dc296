"""Where interviews are kept: one case file per session, owner-only, written atomically.

The data directory is the platform's own (platformdirs: XDG on Linux), or TIP_TRIAGE_DATA_DIR.
A write goes to a temporary file in the same folder, is flushed to disk, then
renamed over the old one: a killed process leaves the previous answer intact.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import TipTriageError

APP = "tip-triage"


def data_dir(environ: Mapping[str, str]) -> Path:
    """TIP_TRIAGE_DATA_DIR, else the platform's data folder (XDG on Linux, Application Support on macOS,
    AppData\\Local on Windows), through platformdirs."""
    if environ.get("TIP_TRIAGE_DATA_DIR"):
        return Path(environ["TIP_TRIAGE_DATA_DIR"])
    import platformdirs

    return platformdirs.user_data_path(APP, appauthor=False)


# Our own folders met in this run (see private_dir): a save into one of them may make it again if it went
# away meanwhile (an interview's folder deleted while it is open); a folder the user named is never made.
_OWN_FOLDERS: set[Path] = set()


def private_dir(path: Path) -> Path:
    """Our own folder (data, sessions, cache): created 0700 with its parents, whatever the umask, and kept 0700."""
    from .safewrite import makedirs_private

    try:
        makedirs_private(path)
        os.chmod(path, 0o700)
    except OSError as exc:
        raise TipTriageError(f"cannot create the data folder ({exc.strerror})", str(path), "io") from None
    _OWN_FOLDERS.add(path)
    return path


def sessions_dir(environ: Mapping[str, str]) -> Path:
    return private_dir(data_dir(environ) / "sessions")


def user_key(environ: Mapping[str, str]) -> bytes:
    """A random key kept in the data folder (owner-only), for the redaction hash."""
    return key_in(data_dir(environ))


def key_in(folder: Path) -> bytes:
    """The random key in `folder`/key (created 0600 on first use; a symbolic link is refused)."""
    import stat as stat_module

    folder = private_dir(folder)
    path = folder / "key"
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    for _ in range(2):
        try:
            fd = os.open(path, flags)
        except FileNotFoundError:
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            except FileExistsError:
                continue
            try:
                os.write(fd, secrets.token_hex(32).encode())
                os.fsync(fd)
            finally:
                os.close(fd)
            continue
        except OSError as exc:
            raise TipTriageError(
                f"the key file cannot be read ({exc.strerror}; a symbolic link is refused)", str(path), "io"
            ) from None
        try:
            info = os.fstat(fd)
            if not stat_module.S_ISREG(info.st_mode):
                raise TipTriageError("the key file is not a regular file", str(path), "io")
            key = os.read(fd, 256).strip()
        finally:
            os.close(fd)
        if len(key) >= 32:
            return key
        raise TipTriageError("the key file is damaged: delete it to make a new one", str(path), "io")
    raise TipTriageError("the key file cannot be created", str(path), "io")


def new_session_id(now_compact: str) -> str:
    return f"T{now_compact}-{secrets.token_hex(2)}"


def dump_yaml(data: Any) -> str:
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=100)


def write_private(path: Path, text: str) -> None:
    """Atomically replace our own file `path` (a cache entry) with `text` (write, fsync, rename, fsync the
    folder), owner-only. Missing parent folders are created 0700 whatever the umask.
    """
    from .safewrite import write_atomic

    write_atomic(path, text, make_parent=True)


def save_file(path: Path, text: str) -> None:
    """A file the user named (--output, --save, --report, --checklist) or an interview in our sessions folder,
    written as `write_private` does; anything but a regular file at `path` is refused, and a missing folder
    is made only when it is one of ours (a typo in an output path must not leave folders behind)."""
    from .safewrite import write_atomic

    try:
        write_atomic(path, text, make_parent=path.parent in _OWN_FOLDERS)
    except OSError as exc:
        raise TipTriageError(f"cannot be written ({exc.strerror})", str(path), "io") from None


@contextlib.contextmanager
def session_lock(path: Path) -> Iterator[None]:
    """Hold an interview open in one terminal only: a second one would overwrite its answers.

    Take it before reading the session file. The lock file (`ID.lock`) stays in
    place: deleting it would let a terminal that opened it before the deletion and
    one that creates a new one hold the same interview at once. A symbolic link
    as the lock file is refused; a lock left by a killed process is released by
    the system, so it never blocks a resume.
    """
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, as before
        yield
        return
    import stat as stat_module

    lock_path = path.with_suffix(".lock")
    flags = (
        os.O_RDWR
        | os.O_CREAT
        | getattr(os, "O_NOFOLLOW", 0)
        | getattr(os, "O_NONBLOCK", 0)
        | getattr(os, "O_CLOEXEC", 0)
    )
    try:
        fd = os.open(lock_path, flags, 0o600)
    except OSError as exc:
        why = "is a symbolic link: refused" if os.path.islink(lock_path) else f"cannot be opened ({exc.strerror})"
        raise TipTriageError(f"the interview's lock file {why}", str(lock_path), "locked") from None
    try:
        if not stat_module.S_ISREG(os.fstat(fd).st_mode):
            raise TipTriageError("the interview's lock file is not a regular file: refused", str(lock_path), "locked")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise TipTriageError(
                "this interview is open in another terminal: finish or close it there first", path.stem, "locked"
            ) from None
        yield
    finally:
        os.close(fd)


def clear_stale_temporaries(path: Path) -> None:
    """Remove temporary files a killed save of this session left behind (call with its lock held: no save runs)."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def load_session(path: Path) -> Any:
    """A saved interview as a Case (hold its lock first); a damaged file is kept aside and reported."""
    from . import sessionfile
    from .casefile import parse_case
    from .yamlio import parse, read_text

    try:
        text = read_text(str(path))
        data = parse(text, str(path))
        sessionfile.verify(data, str(path))
        return parse_case(data, str(path), text)
    except TipTriageError as exc:
        if exc.code not in sessionfile.DAMAGED_CODES:
            raise
        try:
            kept = sessionfile.keep_aside(path)
        except OSError:
            raise exc from None
        what = exc.message if exc.message.startswith("damaged") else f"damaged: {exc.message}"
        raise TipTriageError(
            f"{what}; the file was kept aside as {kept.name} and the other interviews are not affected",
            exc.location,
            "damaged",
        ) from None


def session_text(data: Any) -> str:
    """A session's case file v1 text, sealed with the count and checksum of its answers."""
    from .sessionfile import with_checksum

    return dump_yaml(with_checksum(data))


def purge_sessions(
    environ: Mapping[str, str], older_than_days: float, now: float
) -> tuple[list[str], list[str], list[TipTriageError]]:
    """Delete saved interviews (and damaged copies kept aside) not saved for `older_than_days`: (deleted, ids
    open elsewhere and kept, skipped). A folder, link or special file named like one is skipped, as is one that
    cannot be deleted: an error each (its id or name as the location), and the purge goes on past it."""
    import stat as stat_module

    from .safewrite import not_a_file

    deleted: list[str] = []
    busy: list[str] = []
    skipped: list[TipTriageError] = []
    entries = [(s.path, s.id, True) for s in list_sessions(environ)]
    entries += [(p, p.name, False) for p in sorted(sessions_dir(environ).glob("*.corrupt*"))]
    for path, name, is_session in entries:
        try:
            info = path.lstat()
            if now - info.st_mtime < older_than_days * 86400:
                continue
            if not stat_module.S_ISREG(info.st_mode):
                skipped.append(not_a_file(info.st_mode, name))
                continue
            with session_lock(path) if is_session else contextlib.nullcontext():
                path.unlink()
                if is_session:  # the interview is gone: its lock can go too (see --delete)
                    path.with_suffix(".lock").unlink(missing_ok=True)
            deleted.append(name)
        except TipTriageError as exc:  # its lock: held in another terminal, or a link, or not openable
            if "another terminal" in exc.message:
                busy.append(name)
            else:  # "io": a "locked" error reads as "open in another terminal" once localized
                skipped.append(TipTriageError(exc.message, name, "io"))
        except FileNotFoundError:  # gone meanwhile
            pass
        except OSError as exc:  # swapped for a folder meanwhile, a read-only folder…
            skipped.append(TipTriageError(f"cannot be deleted ({exc.strerror})", name, "io"))
    return deleted, busy, skipped


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
    from .yamlio import parse, read_text

    try:
        data = parse(read_text(str(path)), str(path))
    except TipTriageError:
        return None
    return str(data.get("id")) if isinstance(data, dict) and isinstance(data.get("id"), str) else None


def matching_sessions(environ: Mapping[str, str], wanted: str) -> list[SessionFile]:
    """The session with this id, else those whose id starts with it, else those saved for this case id."""
    sessions = list(list_sessions(environ))
    exact = [s for s in sessions if s.id == wanted]
    matches = exact or [s for s in sessions if s.id.startswith(wanted)]
    return matches or [s for s in sessions if _case_id(s.path) == wanted]


def find_session(environ: Mapping[str, str], wanted: str) -> SessionFile:
    """The session with this id, the only one whose id starts with it, or the only one for this case id."""
    matches = matching_sessions(environ, wanted)
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise TipTriageError("no saved interview with this id (see 'tip-triage sessions')", wanted, "not_found")
    # the case reference a Defender knows can name several interviews: each one's own id, to resume it by
    ids = ", ".join(s.id for s in matches[:4]) + (", …" if len(matches) > 4 else "")
    raise TipTriageError(f"{len(matches)} saved interviews match this id: {ids}", wanted, "ambiguous")


from .cache import ValidatedCache  # noqa: E402,F401 - re-exported: callers import it from here
