"""Reading and writing files a hostile or careless user may hand over, within the limits of `limits`.

- A path too long, or not a regular file (a FIFO, a device, a socket), is refused
  before it is opened: a FIFO would block forever, /dev/zero would fill memory.
- Files are opened non-blocking, checked again on the open descriptor, and read
  up to a size limit.
- Folders are created owner-only (0700) whatever the umask; files are written
  atomically (write, fsync, rename, fsync the folder) and owner-only (0600).
- JSON Lines are read as bytes, row by row, the same from a file and from stdin:
  a bad row (bad bytes, too long, a BOM) is an error row, the others still count.

Every error is a `TipTriageError` naming the file (and the line), never its content.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from typing import BinaryIO

from . import limits
from .errors import TipTriageError

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


def kind_of(mode: int) -> str:
    """'a regular file', or what else the file is."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "a regular file" if stat.S_ISREG(mode) else "not a regular file"


def check_path(path: str) -> None:
    """Refuse a path past the length limits (the error names the limit, not the path)."""
    if "\0" in path:
        raise TipTriageError("the path holds a NUL character", "<path>", "path")
    if len(path) > limits.MAX_PATH_CHARS:
        raise TipTriageError(limits.too_big("path length", limits.MAX_PATH_CHARS, " characters"), "<path>", "limit")
    if any(len(part) > limits.MAX_NAME_CHARS for part in path.split(os.sep)):
        raise TipTriageError(
            limits.too_big("a name in the path", limits.MAX_NAME_CHARS, " characters"), "<path>", "limit"
        )


def open_regular(path: str) -> int:
    """A read-only descriptor of a regular file; anything else is refused without blocking."""
    check_path(path)
    try:
        before = os.stat(path)
    except FileNotFoundError:
        raise TipTriageError("no such file", path, "not_found") from None
    except OSError as exc:
        raise TipTriageError(f"cannot be read ({exc.strerror})", path, "io") from None
    if stat.S_ISDIR(before.st_mode):
        raise TipTriageError("is a folder, not a file", path, "not_found")
    if not stat.S_ISREG(before.st_mode):
        raise TipTriageError(f"is {kind_of(before.st_mode)}, not a regular file", path, "special")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise TipTriageError(f"cannot be read ({exc.strerror})", path, "io") from None
    after = os.fstat(fd)
    if not stat.S_ISREG(after.st_mode):  # swapped between the check and the open
        os.close(fd)
        raise TipTriageError(f"is {kind_of(after.st_mode)}, not a regular file", path, "special")
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return fd


def read_bytes(path: str, limit: int = limits.MAX_FILE_BYTES) -> bytes:
    fd = open_regular(path)
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise TipTriageError(limits.too_big("file size", limit, " bytes"), path, "limit")
        data = os.read(fd, size + 1)  # the size it has (a buffer of the limit's size would cost more than the read)
        if len(data) != size:  # it changed while it was read, or a short read: read it to the end, within the limit
            with os.fdopen(fd, "rb", closefd=False) as fh:
                data += fh.read(limit + 1 - len(data))
    except OSError as exc:
        raise TipTriageError(f"cannot be read ({exc.strerror})", path, "io") from None
    finally:
        os.close(fd)
    if len(data) > limit:  # a file that grew while it was read
        raise TipTriageError(limits.too_big("file size", limit, " bytes"), path, "limit")
    return data


def decode(data: bytes, name: str) -> str:
    """UTF-8 text (a leading BOM dropped); bad bytes name their line, never the bytes."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TipTriageError("not UTF-8 text", f"{name}:{line}", "encoding") from None


def read_text(path: str) -> str:
    return decode(read_bytes(path), path)


def read_stream(stream: BinaryIO, name: str, limit: int = limits.MAX_FILE_BYTES) -> str:
    """A whole document from a stream (stdin), within the size limit."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise TipTriageError(limits.too_big("input size", limit, " bytes"), name, "limit")
    return decode(data, name)


# ---------------------------------------------------------------- JSON Lines


Row = tuple[int, "str | TipTriageError"]


def rows(stream: BinaryIO, name: str) -> Iterator[Row]:
    """(line number, text or error) for every non-blank row; the same for a file and for stdin."""
    total = 0
    number = 0
    bad = 0  # rows that are not text or not a JSON object
    while True:
        if bad > limits.MAX_BAD_ROWS and bad * 2 > number:
            yield (
                number,
                TipTriageError(
                    limits.too_big("unreadable rows, most of the input (this is not JSON Lines)", limits.MAX_BAD_ROWS),
                    f"{name}:{number}",
                    "limit",
                ),
            )
            return
        raw = stream.readline(limits.MAX_ROW_BYTES + 1)
        if not raw:
            return
        number += 1
        total += len(raw)
        where = f"{name}:{number}"
        if number > limits.MAX_ROWS:
            yield (
                number,
                TipTriageError(limits.too_big("rows in one JSON Lines input", limits.MAX_ROWS), where, "limit"),
            )
            return
        # a row of the limit's size ends in its newline; longer, it is one error row, and the rest of the
        # line is read past (never as rows of its own: the next row keeps its number)
        too_long = len(raw) > limits.MAX_ROW_BYTES and not raw.endswith(b"\n")
        if too_long:
            bad += 1
            yield number, TipTriageError(limits.too_big("row size", limits.MAX_ROW_BYTES, " bytes"), where, "limit")
            while raw and not raw.endswith(b"\n") and total <= limits.MAX_JSONL_BYTES:
                raw = stream.readline(limits.MAX_ROW_BYTES)
                total += len(raw)
        if total > limits.MAX_JSONL_BYTES:
            yield (
                number,
                TipTriageError(limits.too_big("JSON Lines size", limits.MAX_JSONL_BYTES, " bytes"), where, "limit"),
            )
            return
        if too_long:
            continue
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad += 1
            yield number, TipTriageError(f"not UTF-8 text at column {exc.start + 1}", where, "encoding")
            continue
        if text.strip():
            bad += not text.lstrip().startswith("{")
            yield number, text


def open_rows(path: str) -> BinaryIO:
    """A JSON Lines file, refused if it is not a regular file."""
    fd = open_regular(path)
    return os.fdopen(fd, "rb")


# ---------------------------------------------------------------- folders


def walk(root: str, suffixes: tuple[str, ...]) -> Iterator[tuple[str, TipTriageError | None]]:
    """(path, None) for each case file under `root`, or (path, error) for an entry that cannot be checked.

    Hidden names are left out, as before. Symbolic links to folders are followed
    once: a folder reached again (a loop) is an error row, never an endless walk.
    An unreadable folder, a dangling link or a special file with a case suffix is
    an error row, never a silent skip.
    """
    seen: set[tuple[int, int]] = set()
    try:
        info = os.stat(root)
        seen.add((info.st_dev, info.st_ino))
    except OSError:
        pass
    stack = [root]
    visited = 0
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield folder, TipTriageError(f"folder cannot be read ({exc.strerror})", folder, "io")
            continue
        below: list[str] = []
        for entry in entries:
            visited += 1
            if visited > limits.MAX_WALK_ENTRIES:
                yield (
                    root,
                    TipTriageError(limits.too_big("entries in a folder walk", limits.MAX_WALK_ENTRIES), root, "limit"),
                )
                return
            name = entry.name
            if name[0] == ".":
                continue
            path = entry.path  # = os.path.join(folder, name)
            dot = name.rfind(".")  # = os.path.splitext(name)[1] (no leading dot here), at a tenth of the cost
            is_case = dot > 0 and name[dot:].lower() in suffixes
            if is_case and entry.is_file(follow_symlinks=False):  # a regular file, known from the folder's
                yield path, None  # listing (no system call per file; links and special files are stat'ed)
                continue
            try:
                info = os.stat(path)  # follows links
            except OSError as exc:
                if entry.is_symlink():
                    if is_case:
                        yield path, TipTriageError("dangling or looping symbolic link", path, "io")
                    continue
                yield path, TipTriageError(f"cannot be read ({exc.strerror})", path, "io")
                continue
            if stat.S_ISDIR(info.st_mode):
                key = (info.st_dev, info.st_ino)
                if key in seen:
                    yield path, TipTriageError("symbolic link loop: this folder was already walked", path, "loop")
                    continue
                seen.add(key)
                below.append(path)
            elif is_case:
                if stat.S_ISREG(info.st_mode):
                    yield path, None
                else:
                    yield path, TipTriageError(f"is {kind_of(info.st_mode)}, not a regular file", path, "special")
        stack.extend(reversed(below))


from .safewrite import fsync_dir, makedirs_private, write_atomic  # noqa: E402,F401 - re-exported
