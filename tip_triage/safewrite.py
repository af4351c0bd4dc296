"""Writing files safely: folders created owner-only (0700) whatever the umask, atomic writes with fsync."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

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


def write_atomic(path: Path, text: str, make_parent: bool = True) -> None:
    """Replace `path` with `text`: temporary file, fsync, rename, fsync the folder; owner-only."""
    if make_parent and not path.parent.exists():
        makedirs_private(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)
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
    fsync_dir(path.parent)
