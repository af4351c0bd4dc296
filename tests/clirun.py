"""Run `tip-triage` (its console entry point, `tip_triage.cli:main`) in a forked process with enforced bounds.

Each run gets its own process, forked from the test process (the imports are
already done, so a run costs milliseconds, not a Python start-up), with

- a memory bound: RLIMIT_AS set to the address space in use plus `memory` bytes,
  so an input that makes the tool allocate without end fails the test;
- a time bound: `timeout` seconds of CPU (RLIMIT_CPU: an input that makes the
  tool compute without end fails the test, however loaded the machine is), and
  a wall-clock bound of WALL_FACTOR times that (SIGALRM in the child, SIGKILL
  from the test), so an input that blocks (a FIFO) fails the test too;
- stdin from a file or bytes, stdout and stderr captured to files.
"""

from __future__ import annotations

import os
import resource
import signal
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MB = 1024 * 1024
WALL_FACTOR = 6  # a blocked process uses no CPU: the wall clock catches it, with room for a busy machine


@dataclass
class Done:
    code: int  # exit status, or -signal if killed
    out: str
    err: str
    seconds: float
    timed_out: bool

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


def _address_space() -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def run(
    args: list[str],
    stdin: bytes | str | Path | None = None,
    timeout: float = 5.0,
    memory: int = 200 * MB,
    env: Mapping[str, str] | None = None,
    cwd: str | Path | None = None,
) -> Done:
    with tempfile.TemporaryDirectory(prefix="tip-triage-run-") as tmp:
        out_path, err_path = Path(tmp) / "out", Path(tmp) / "err"
        if isinstance(stdin, (bytes, str)):
            in_path = Path(tmp) / "in"
            in_path.write_bytes(stdin.encode() if isinstance(stdin, str) else stdin)
        else:
            in_path = Path(stdin) if stdin is not None else Path(os.devnull)
        sys.stdout.flush()
        sys.stderr.flush()
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            code = 99
            try:
                code = _child(args, in_path, out_path, err_path, timeout, memory, env, cwd)
            finally:
                os._exit(code)
        timed_out = False
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() - start > timeout * WALL_FACTOR + 2:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                timed_out, status = True, -signal.SIGKILL
                break
            time.sleep(0.005)
        seconds = time.monotonic() - start
        code = (
            -signal.SIGKILL if timed_out else (os.WEXITSTATUS(status) if os.WIFEXITED(status) else -os.WTERMSIG(status))
        )
        if code in (-signal.SIGALRM, -signal.SIGXCPU, -signal.SIGKILL):
            timed_out = True
        read = lambda p: p.read_bytes().decode("utf-8", "replace") if p.exists() else ""  # noqa: E731
        return Done(code, read(out_path), read(err_path), seconds, timed_out)


def _child(
    args: list[str],
    in_path: Path,
    out_path: Path,
    err_path: Path,
    timeout: float,
    memory: int,
    env: Mapping[str, str] | None,
    cwd: str | Path | None,
) -> int:
    flags = os.O_RDONLY | os.O_NONBLOCK
    in_fd = os.open(in_path, flags)
    os.set_blocking(in_fd, True)
    out_fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    err_fd = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(in_fd, 0)
    os.dup2(out_fd, 1)
    os.dup2(err_fd, 2)
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    if cwd is not None:
        os.chdir(cwd)
    if env:
        os.environ.update(env)
    os.environ.setdefault("COLUMNS", "100")
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)  # as Python sets it: a closed pipe is an exception
    signal.alarm(int(timeout * WALL_FACTOR) + 1)
    import math

    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = int(used.ru_utime + used.ru_stime) + math.ceil(timeout)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    limit = _address_space() + memory
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    sys.argv = ["tip-triage", *args]
    from tip_triage.cli import main

    try:
        main()
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except BaseException:  # noqa: BLE001 - anything that escapes main() is a failure of the test
        import traceback

        traceback.print_exc()
        code = 98
    else:
        code = 0
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        pass
    return code


def to_full_disk(args: list[str], cwd: str | Path, stderr_too: bool = False) -> Any:
    """`python -m tip_triage ARGS` in a real process whose standard output (and with `stderr_too` its standard
    error) is /dev/full (every write fails): its subprocess.CompletedProcess."""
    import subprocess

    with open("/dev/full", "w") as full:  # written to, never replaced: the tool's stdout, not an --output
        return subprocess.run(
            [sys.executable, "-m", "tip_triage", *args],
            stdout=full,
            stderr=full if stderr_too else subprocess.PIPE,
            text=True,
            cwd=cwd,
            timeout=60,
        )
