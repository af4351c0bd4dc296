"""The package type-checks (mypy, configured in pyproject.toml): a typed core is part of its contract."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a real terminal or a type checker: run by .ci/run and `pytest -m slow`

api = pytest.importorskip("mypy.api")
ROOT = Path(__file__).resolve().parent.parent


def test_the_package_type_checks():
    stdout, stderr, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), str(ROOT / "tip_triage")])
    assert status == 0, stdout + stderr
