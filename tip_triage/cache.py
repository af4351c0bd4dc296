"""The validated-guideline cache: a guideline whose exact bytes already passed every check is not checked again.

A marker file per guideline (named by the sha256 of its bytes and the checks' version) holds an HMAC
under a random key kept beside the cache, so a planted marker never lets a bad guideline skip its checks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from .errors import TipTriageError
from .store import APP, key_in, private_dir, write_private


class ValidatedCache:
    """Marker files under the user's cache folder for guidelines that passed every check."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        if environ.get("TIP_TRIAGE_CACHE_DIR"):
            base = Path(environ["TIP_TRIAGE_CACHE_DIR"])
        else:
            import platformdirs

            base = platformdirs.user_cache_path(APP, appauthor=False)
        self.dir = base / "validated"

    def _seal(self, key: str) -> str | None:
        """The marker's content: an HMAC of the key (the guideline's bytes and the checks' version), keyed by the user."""
        import hmac

        try:
            secret = key_in(self.dir.parent)
        except TipTriageError:
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
