"""Writing files safely: folders created owner-only (0700) whatever the umask, atomic writes with fsync,
and only ever in place of a regular file (never of a FIFO, a device, a folder or a symbolic link)."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import TipTriageError

# ---------------------------------------------------------------- writing


def makedirs_private(path: Path) -> None:
    """Create `path` and its missing parents 0700, whatever the umask (existing folders are left as they are)."""
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass
        os.chmod(folder, 0o700)


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def not_a_file(mode: int, location: str) -> TipTriageError:
    """The error for something that is not a regular file (lstat's `mode`): the read side's words and codes
    (safeio.open_regular), and a symbolic link named as one."""
    from .safeio import kind_of

    if stat.S_ISDIR(mode):
        return TipTriageError("is a folder, not a file", location, "not_found")
    kind = "a symbolic link" if stat.S_ISLNK(mode) else kind_of(mode)
    return TipTriageError(f"is {kind}, not a regular file", location, "special")


def _refuse_other_than_a_file(path: Path) -> None:
    """A path that is there and is not a regular file is refused, never replaced: the rename would put a file
    in place of a FIFO, a device (as root, /dev/full itself) or a folder, or of a symbolic link someone else
    may have made there (checked again just before the rename: the window left is only between the two)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise not_a_file(mode, str(path))


def check_output(path: Path, make_parent: bool = False) -> None:
    """Refuse an output path `write_atomic` would refuse; a command calls it before the work whose result
    goes there (an interview), so that the work is not done for nothing."""
    try:
        _refuse_other_than_a_file(path)
    except OSError as exc:  # a name too long, a folder that cannot be searched: the words of store.save_file
        raise TipTriageError(f"cannot be written ({exc.strerror})", str(path), "io") from None
    if not make_parent and not path.parent.exists():
        raise TipTriageError("no such folder", str(path.parent), "not_found")


def write_atomic(path: Path, text: str, make_parent: bool = False) -> None:
    """Replace the regular file `path` (or create it) with `text`: temporary file, fsync, rename, fsync the folder;
    owner-only. Anything else at `path` is refused (a `TipTriageError`). A missing folder is refused too, unless
    `make_parent` (the tool's own folders only: an output path the user gave never creates folders)."""
    check_output(path, make_parent)
    if not path.parent.exists():
        makedirs_private(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        _refuse_other_than_a_file(path)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(path.parent)
