"""The guideline cache, in the user's cache folder (owner-only): what a guideline that passed every check saves later runs.

- `validated/KEY`: a marker per guideline (named by the sha256 of its bytes and the checks' version), holding
  an HMAC under a random key kept beside the cache, so a planted marker never lets a bad guideline skip its checks.
- `models/KEY`: the model built from such a guideline, pickled, so the next run neither parses YAML nor checks
  (start-up time: bench/startup.py). KEY covers the package version, the code on disk (names, sizes and times
  of its modules and schemas), the index file's path and bytes; the file holds an HMAC under the same key over
  the rest: the included files with the sha256 of their bytes, and the model. An entry that is not a regular
  owner-only file of this user, whose seal does not match, whose included files changed, or that holds anything
  but the model's own classes, is ignored: the guideline is read and checked as usual.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import TipTriageError
from .store import APP, key_in, private_dir, write_private

_MODEL_MODULES = ("tip_triage.model", "tip_triage.condtree")  # all a pickled model may name
_MAX_MODEL_BYTES = 16 * 1024 * 1024
_KEPT_MODELS = 8  # models kept at most (the others, the oldest first, are deleted when one is added)


class ValidatedCache:
    """Marker files under the user's cache folder for guidelines that passed every check, and their models."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        if environ.get("TIP_TRIAGE_CACHE_DIR"):
            base = Path(environ["TIP_TRIAGE_CACHE_DIR"])
        else:
            import platformdirs

            base = platformdirs.user_cache_path(APP, appauthor=False)
        self.dir = base / "validated"
        self.models = base / "models"

    def _secret(self) -> bytes | None:
        try:
            return key_in(self.dir.parent)
        except TipTriageError:
            return None

    def _seal(self, key: str) -> str | None:
        """The marker's content: an HMAC of the key (the guideline's bytes and the checks' version), keyed by the user."""
        import hmac

        secret = self._secret()
        if secret is None:
            return None
        return hmac.new(secret, f"validated\0{key}".encode(), hashlib.sha256).hexdigest()

    def known(self, key: str) -> bool:
        from .safeio import read_bytes

        try:
            content = read_bytes(str(self.dir / key), limit=1024).decode("ascii", "replace").strip()
        except TipTriageError:
            return False
        seal = self._seal(key)
        import hmac

        return seal is not None and hmac.compare_digest(content, seal)

    def add(self, key: str) -> None:
        seal = self._seal(key)
        if seal is None:
            return
        try:  # a cache that cannot be written only costs time
            private_dir(self.dir)
            write_private(self.dir / key, seal + "\n")
        except (OSError, TipTriageError):
            pass

    # ------------------------------------------------------------ models

    def model(self, index: str, index_bytes: bytes) -> Any:
        """The model kept for the guideline whose index file is `index` (these bytes), or None.

        None also when anything is off: not ours, not owner-only, a seal that does not match, an included
        file changed, a class that is not the model's. The caller then reads and checks the guideline.
        """
        key = _model_key(index, index_bytes)
        data = _read_own(self.models / key)
        if data is None:
            return None
        seal, _, body = data.partition(b"\n")
        secret = self._secret()
        if secret is None or not _same_seal(secret, key, body, seal):
            return None
        try:
            parts, model = _model_unpickler()(body).load()
            for part, digest in parts:
                if hashlib.sha256(_read_part(part)).hexdigest() != digest:
                    return None
        except Exception:  # noqa: BLE001 - a damaged or stale entry only costs the full read
            return None
        return model

    def keep_model(self, index: str, index_bytes: bytes, parts: Mapping[str, bytes], model: Any) -> None:
        """Keep the model of a guideline that passed every check: `parts` are its included files' bytes."""
        import pickle

        secret = self._secret()
        if secret is None:
            return
        key = _model_key(index, index_bytes)
        try:
            body = pickle.dumps(
                ([(p, hashlib.sha256(b).hexdigest()) for p, b in parts.items()], model), pickle.HIGHEST_PROTOCOL
            )
            private_dir(self.models)
            _write_bytes(self.models / key, _sealed(secret, key, body) + b"\n" + body)
            _prune(self.models, keep=key)
        except (OSError, TipTriageError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
            pass  # a cache that cannot be written only costs time


def _prune(folder: Path, keep: str) -> None:
    """Only the newest models stay: each new version, edited module or guideline makes a new one."""
    with os.scandir(folder) as entries:
        found = sorted(
            ((e.stat(follow_symlinks=False).st_mtime_ns, e.name) for e in entries if e.name != keep), reverse=True
        )
    for _, name in found[_KEPT_MODELS - 1 :]:
        try:
            os.unlink(folder / name)
        except OSError:
            pass


@functools.lru_cache(maxsize=1)  # the code does not change while it runs
def _code_fingerprint() -> str:
    """The version and the code on disk (module and schema names, sizes, times): an edited module makes new keys."""
    from . import __version__

    here = os.path.dirname(os.path.abspath(__file__))
    seen = [__version__]
    for folder in (here, os.path.join(here, "schemas")):
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith((".py", ".json")):
                    info = entry.stat()
                    seen.append(f"{entry.name}:{info.st_size}:{info.st_mtime_ns}")
    return "\0".join(sorted(seen))


def _model_key(index: str, index_bytes: bytes) -> str:
    key = hashlib.sha256(b"tip-triage model v1\0")
    for part in (_code_fingerprint().encode(), os.fsencode(index), index_bytes):
        key.update(len(part).to_bytes(8, "big") + part)
    return key.hexdigest()


def _sealed(secret: bytes, key: str, body: bytes) -> bytes:
    import hmac

    return hmac.new(secret, f"model\0{key}\0".encode() + body, hashlib.sha256).hexdigest().encode()


def _same_seal(secret: bytes, key: str, body: bytes, seal: bytes) -> bool:
    import hmac

    return hmac.compare_digest(_sealed(secret, key, body), seal)


def _read_own(path: Path) -> bytes | None:
    """A cache file's bytes if it is a regular file (not a link) of this user that no one else can read or write."""
    import stat

    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_mode & 0o077
            or (hasattr(os, "geteuid") and info.st_uid != os.geteuid())
            or info.st_size > _MAX_MODEL_BYTES
        ):
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(_MAX_MODEL_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) <= _MAX_MODEL_BYTES else None


def _read_part(path: str) -> bytes:
    from .safeio import read_bytes

    return read_bytes(path)


def _write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data` through a temporary owner-only file (a torn write only fails the seal)."""
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


@functools.lru_cache(maxsize=1)
def _model_unpickler() -> Any:
    """An unpickler of the model's own classes and nothing else (no function, no other module); made on first use."""
    import importlib
    import io
    import pickle

    class ModelUnpickler(pickle.Unpickler):
        def __init__(self, body: bytes) -> None:
            super().__init__(io.BytesIO(body))

        def find_class(self, module: str, name: str) -> Any:
            if module in _MODEL_MODULES and not name.startswith("_"):
                found = getattr(importlib.import_module(module), name, None)
                if isinstance(found, type) and found.__module__ == module:
                    return found
            raise pickle.UnpicklingError("not a class of the model")

    return ModelUnpickler
