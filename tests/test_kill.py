"""Never lose work: an interview killed with SIGKILL at 100 random moments loses at most the answer in flight.

Each round forks a process that runs the real `triage` command (a prompter
answering at random, as fast as it can, each answer saved before the next
question) and kills it with SIGKILL after a random delay. The prompter tells
the test each answer just before handing it to the interview. After the kill,
the saved interview must parse, pass its checksum, be resumable (the lock of
the killed process never blocks), and hold every answer given except at most
the last one (the answer in flight when the process died).
"""

from __future__ import annotations

import io
import json
import os
import random
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from tip_triage.commands import triage
from tip_triage.env import Env
from tip_triage.exit_codes import ExitCode
from tip_triage.interview import UNKNOWN, PromptSpec
from tip_triage.store import load_session

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL")]

ROUNDS = 100
OPTIONS = dict(
    lang=None, resume=None, from_case=None, case_id=None, save_path=None, report_path=None, guideline_arg=None
)


class TellingPrompter:
    """Random answers; each one is written to the test (a pipe) before the interview gets it."""

    def __init__(self, rng: random.Random, fd: int) -> None:
        self.rng = rng
        self.fd = fd

    def ask(self, spec: PromptSpec) -> Any:
        rng = self.rng
        if rng.random() < 0.15:
            answer: Any = UNKNOWN
        elif spec.kind == "bool":
            answer = rng.random() < 0.5
        elif spec.kind == "int":
            answer = rng.randint(spec.minimum or 0, min(spec.maximum or 30, 30))
        elif spec.kind == "enum":
            answer = rng.choice([v for v, _ in spec.choices])
        else:
            answer = sorted(rng.sample([v for v, _ in spec.choices], rng.randint(0, 2)))
        shown = None if answer is UNKNOWN else answer
        os.write(self.fd, (json.dumps({"fact": spec.fact, "value": shown}) + "\n").encode())
        return answer

    def pick_previous(self, options: list[tuple[str, str]], lang: str) -> str | None:
        return None

    def finish(self, lang: str) -> bool:
        return True


class StopAtOnce:
    def ask(self, spec: PromptSpec) -> Any:
        raise KeyboardInterrupt

    def pick_previous(self, options, lang):  # pragma: no cover - never reached
        return None

    def finish(self, lang):
        raise KeyboardInterrupt


def _env(data: Path, prompter: Any) -> Env:
    return Env(
        stdout=Console(file=io.StringIO(), width=80),
        stderr=Console(file=io.StringIO(), width=80),
        environ={"TIP_TRIAGE_DATA_DIR": str(data)},
        prompter=prompter,
        is_interactive=lambda: True,
    )


def _interview_until_killed(data: Path, seed: int, after: int, delay: float) -> list[dict[str, Any]]:
    """Run the interview in a child; once it has given `after` answers, wait `delay` s and SIGKILL it.

    Counting answers (not only time) keeps the kills inside the interview however loaded the machine is;
    the random delay after the count lands them anywhere: in a save, between answers, in the prompter.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.close(read_end)
            triage.run(env=_env(data, TellingPrompter(random.Random(seed), write_end)), **OPTIONS)
            time.sleep(30)  # finished: wait for the kill like a Defender reading the result
        except BaseException:  # noqa: BLE001
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    chunks = []
    deadline = time.monotonic() + 20
    while b"".join(chunks).count(b"\n") < after and time.monotonic() < deadline:
        chunk = os.read(read_end, 65536)  # blocks until the child answers (or ends)
        if not chunk:
            break
        chunks.append(chunk)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    while True:
        chunk = os.read(read_end, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read_end)
    return [json.loads(line) for line in b"".join(chunks).decode().splitlines()]


def test_sigkill_at_100_random_moments_loses_at_most_the_answer_in_flight(tmp_path):
    rng = random.Random(20261202)
    in_flight_lost = 0
    mid_interview = 0
    for round_ in range(ROUNDS):
        data = tmp_path / f"r{round_}"
        given = _interview_until_killed(data, rng.randrange(10**9), rng.randrange(0, 30), rng.uniform(0.0, 0.02))
        files = sorted((data / "sessions").glob("*.yaml")) if (data / "sessions").exists() else []
        if not files:
            assert given == [], f"round {round_}: answers given but nothing saved"
            continue
        [path] = files
        mid_interview += bool(given)
        case = load_session(path)  # parses, and the checksum matches: raises otherwise
        asked = list(case.interview.asked)
        facts_given = [g["fact"] for g in given]
        assert asked in (facts_given, facts_given[:-1]), f"round {round_}: {asked} vs {facts_given}"
        in_flight_lost += asked != facts_given
        for answer in given[: len(asked)]:
            assert case.facts.get(answer["fact"]) == (
                frozenset(answer["value"]) if isinstance(answer["value"], list) else answer["value"]
            )
        # the lock of the killed process never blocks: the interview resumes where it stopped
        resumed = _env(data, StopAtOnce())
        assert triage.run(env=resumed, **{**OPTIONS, "resume": path.stem}) in (ExitCode.INTERRUPTED, ExitCode.OK)
        assert load_session(path).facts == case.facts
        assert not list(path.parent.glob(".*.tmp"))  # what a killed save left behind is gone after the resume
    print(f"{ROUNDS} kills: {mid_interview} after some answers, {in_flight_lost} with an answer in flight")
    assert mid_interview >= ROUNDS // 2  # the kills land during the interview, not before it starts
    assert in_flight_lost > 0  # and some of them while an answer was being saved
