"""Saved interviews: written with a count and a checksum of the answers, read back only if they match.

A session file is a case file (version 1) whose `interview` block comes right
after the format marker and starts with `answers` (how many facts are recorded)
and `checksum` (sha256 of the facts, the questions asked and the history). A
file cut short anywhere after them no longer matches and is reported as
damaged; one cut before them has no interview block, which no saved interview
lacks. A damaged file is renamed `<id>.yaml.corrupt` (never overwritten, never
deleted) and the other sessions are unaffected.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import TipTriageError

DAMAGED_CODES = {"yaml", "schema", "encoding", "limit", "damaged", "json"}


def checksum(data: Mapping[str, Any]) -> str:
    interview = data.get("interview") or {}
    payload = {
        "facts": data.get("facts") or {},
        "asked": interview.get("asked") or [],
        "history": data.get("history") or [],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def with_checksum(data: Mapping[str, Any]) -> dict[str, Any]:
    """The session's mapping in saving order: marker, interview (count and checksum first), then the rest."""
    interview = dict(data.get("interview") or {})
    interview.pop("answers", None)
    interview.pop("checksum", None)
    sealed = {"answers": len(data.get("facts") or {}), "checksum": checksum(data), **interview}
    out: dict[str, Any] = {"tip_triage_case": data["tip_triage_case"], "interview": sealed}
    out.update((k, v) for k, v in data.items() if k not in ("tip_triage_case", "interview"))
    return out


def verify(data: Any, name: str) -> None:
    """Raise if a saved interview was cut short or altered since it was saved."""
    if not isinstance(data, dict) or not isinstance(data.get("interview"), dict):
        raise TipTriageError("damaged: a saved interview without its interview block (cut short?)", name, "damaged")
    interview = data["interview"]
    if "checksum" not in interview:
        return  # saved by an earlier version of tip-triage
    found = len(data.get("facts") or {})
    if interview.get("answers") != found:
        raise TipTriageError(
            f"damaged: {interview.get('answers')} answers were saved, {found} are in the file (cut short?)",
            name,
            "damaged",
        )
    if interview["checksum"] != checksum(data):
        raise TipTriageError("damaged: the answers do not match their checksum (cut short or edited?)", name, "damaged")


def keep_aside(path: Path) -> Path:
    """Rename a damaged session file to `<name>.corrupt` (or `.corrupt.N`), never over another file."""
    for n in range(1000):
        target = path.with_name(path.name + (".corrupt" if n == 0 else f".corrupt.{n}"))
        try:
            os.link(path, target)  # fails if the target exists: never overwrites
        except FileExistsError:
            continue
        except OSError:
            os.replace(path, target) if not target.exists() else None
            return target
        os.unlink(path)
        return target
    raise TipTriageError("too many damaged copies are kept aside: remove some", str(path), "io")
