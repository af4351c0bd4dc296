"""`--redact`: results that can leave the office: the case id and file replaced by a stable keyed hash.

The key is random, made on first use, and kept owner-only in the data folder
(`key`): the same case id gives the same hash on this account (so batches can
be compared and joined), and nobody without the key can test a guess of the id.
Free text from the case (the id, file and folder names, which may hold a name)
is dropped; what remains comes from the guideline (codes, labels, referrals).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any


def token(key: bytes, kind: str, value: str) -> str:
    return hmac.new(key, f"{kind}\0{value}".encode(), hashlib.sha256).hexdigest()[:16]


def redact_item(item: Mapping[str, Any], key: bytes) -> dict[str, Any]:
    out = dict(item)
    if item.get("id") is not None:
        out["id"] = "R-" + token(key, "id", str(item["id"]))
    file = item.get("file")
    if file is not None:
        out["file"] = "F-" + token(key, "file", str(file))
    error = item.get("error")
    if isinstance(error, Mapping):
        location = str(error.get("location") or "")
        if file and location.startswith(str(file)):
            location = out["file"] + location[len(str(file)) :]
        elif location:
            location = (
                "F-"
                + token(key, "file", location.split(":", 1)[0])
                + (":" + location.split(":", 1)[1] if ":" in location else "")
            )
        out["error"] = {**error, "location": location}
    return out
