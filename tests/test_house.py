"""Habits the project keeps (issue 11): rooms of a readable size."""

from __future__ import annotations

from conftest import REPO

MAX_LINES = 300


def test_no_module_of_the_package_is_over_300_lines():
    big = {
        str(p.relative_to(REPO)): n
        for p in (REPO / "tip_triage").rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not big, f"split these modules (over {MAX_LINES} lines): {big}"
