"""Shared fixtures for the guideline, engine and CLI tests, and the golden-file switch.

Golden files (tests/golden/) are compared exactly. After an intended change of
a renderer or of the guideline's texts, regenerate them with

    .venv/bin/python -m pytest tests/render/test_golden.py --update-golden
    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/render/test_golden.py    # the same

and review `git diff tests/golden/` before committing: the diff is the change
a Defender will see.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tip_triage.loader import load_guideline

# The validated-guideline cache goes to a throwaway folder, never the user's ~/.cache
# (subprocesses started by the tests inherit it).
os.environ.setdefault("TIP_TRIAGE_CACHE_DIR", tempfile.mkdtemp(prefix="tip-triage-test-cache-"))
# The tests expect the default language (Spanish) whatever the developer's locale; a test that wants
# another sets LC_ALL itself. C.UTF-8 exists everywhere and keeps UTF-8 for subprocesses.
os.environ["LC_ALL"] = "C.UTF-8"
# Nor the user's own settings for reports (~/.config/tip-triage/config.yaml).
os.environ.setdefault("TIP_TRIAGE_CONFIG_DIR", tempfile.mkdtemp(prefix="tip-triage-test-config-"))
# The data folder too (the --redact key, sessions of tests that do not choose their own).
os.environ.setdefault("TIP_TRIAGE_DATA_DIR", tempfile.mkdtemp(prefix="tip-triage-test-data-"))

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "guidelines" / "co-icbf-2018"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/ from the current output instead of comparing (or UPDATE_GOLDEN=1)",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden")) or os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="session")
def bundled():
    """The bundled guideline, loaded once (the model is frozen: tests cannot change it)."""
    return load_guideline()


@pytest.fixture
def guideline_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled guideline folder, to break in small ways."""
    target = tmp_path / "g"
    shutil.copytree(BUNDLED, target)
    return target


class NetworkUsed(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Every test fails on any network use: tip-triage never opens a connection or resolves a name.

    Local socket pairs stay allowed (asyncio's event loop, used by prompt_toolkit, wakes itself with one).
    """
    import socket

    def refuse(*args, **kwargs):
        raise NetworkUsed("tip-triage used the network")

    for name in ("connect", "connect_ex", "sendto", "bind", "listen"):
        monkeypatch.setattr(socket.socket, name, refuse)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "create_server"):
        monkeypatch.setattr(socket, name, refuse)
    yield
