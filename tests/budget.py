"""How many random examples the property tests draw: a quick sample locally, thousands in CI.

`.ci/run` sets CI=true (and so does CI itself); TIP_TRIAGE_EXAMPLES overrides the scale for a
deeper local run (`TIP_TRIAGE_EXAMPLES=20 .venv/bin/python -m pytest`).
"""

from __future__ import annotations

import os

SCALE = float(os.environ.get("TIP_TRIAGE_EXAMPLES") or (10 if os.environ.get("CI") else 1))


def examples(local: int, ci: int | None = None) -> int:
    """`local` examples in a local run; in CI `ci` if given, else SCALE times as many."""
    if ci is not None and os.environ.get("CI") and not os.environ.get("TIP_TRIAGE_EXAMPLES"):
        return ci
    return max(1, int(local * SCALE))
