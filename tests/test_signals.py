"""SIGTERM and SIGHUP end a batch as Ctrl-C does: one line, exit 130, no worker left, no traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import REPO

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_stop_signal_ends_a_batch_of_two_jobs_as_an_interruption(tmp_path, name):
    env = {**os.environ, "PYTHONPATH": str(REPO), "LC_ALL": "es_CO.UTF-8", "TIP_TRIAGE_CACHE_DIR": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tip_triage", "batch", "-", "--format", "jsonl", "--jobs", "2"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    assert proc.stdin is not None
    row = '{"tip_triage_case": 1, "id": "C", "facts": {"age": 15, "recruited": true}}\n'
    proc.stdin.write((row * 3000).encode())  # then the input stays open: the batch waits for more
    proc.stdin.flush()
    time.sleep(2.0)
    proc.send_signal(getattr(signal, name))
    err = proc.stderr.read().decode() if proc.stderr else ""
    proc.wait(timeout=60)
    proc.stdin.close()
    assert proc.returncode == 130, err
    assert err.strip().splitlines() == ["interrumpido"], err
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)  # no worker of the batch is left
