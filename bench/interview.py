"""Interview timings of tip-triage, against a bare Python, measured in the same run.

    .venv/bin/python bench/interview.py [--runs 5] [--reps 50]

Three measurements:

    python -c pass               the baseline: what starting any Python program costs (a subprocess)
    time to the first question   `python -m tip_triage triage` spawned in a pseudo-terminal (80 x 40),
                                 until the text of its first question has been written
    engine time per answer       in-process, the guideline loaded once: for a scripted interview
                                 (the answers below, "No sé" to the rest), the time of
                                 `evaluate()` + `next_question()` after each answer -- the work the
                                 engine does between two questions -- over --reps repetitions

and prints the medians. The first two are printed as ratios to the baseline
(how many `python -c pass` a Defender waits for). The per-answer time is far
below a process start, so it is printed in microseconds with two ratios: to the
baseline (the share of one `python -c pass` it costs) and to an empty Python
function call measured in this same process (how many empty calls one answer
costs: a machine-independent measure of the engine's own work).

It asserts nothing about time (machines differ). The pty part needs pexpect
(`pip install -e ".[test]"`) and a POSIX system; without it, it is skipped.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tip_triage.engine import evaluate, next_question  # noqa: E402
from tip_triage.loader import load_guideline  # noqa: E402

# A scripted interview: a Colombian girl of 15 recruited and taken to another town for
# sexual exploitation, to someone's profit. Facts not listed are answered "No sé".
SCRIPT: dict[str, Any] = {
    "immediate_danger": True,
    "current_location": "colombia",
    "risk_of_retaliation": True,
    "age": 15,
    "nationality": "colombian",
    "indigenous": False,
    "disability": False,
    "unaccompanied": False,
    "has_identity_documents": True,
    "recruited": True,
    "moved": "within_colombia",
    "harboured": True,
    "received": True,
    "exploitation": frozenset({"sexual"}),
    "exploitation_status": "ongoing",
    "someone_profits": True,
    "exploitation_place": "colombia",
    "means": frozenset({"deception"}),
}

ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|[^\[\]()])")
CPR_REQUEST = "\x1b[6n"


def squash(text: str) -> str:
    return "".join(ANSI.sub("", text).split())


# ------------------------------------------------------------------ baseline


def python_pass(python: str) -> float:
    start = time.perf_counter()
    subprocess.run([python, "-c", "pass"], check=True, cwd=REPO)
    return time.perf_counter() - start


# ------------------------------------------------------------------ time to the first question


def first_question(python: str, question: str, data_dir: str, timeout: float = 30.0) -> float:
    """Seconds from spawning `triage` in a pty to the first question's text on the terminal."""
    import pexpect

    env = dict(os.environ, TIP_TRIAGE_DATA_DIR=data_dir, NO_COLOR="1", COLUMNS="80", LINES="40", TERM="xterm")
    env.pop("PROMPT_TOOLKIT_NO_CPR", None)
    wanted = squash(question)
    start = time.perf_counter()
    child = pexpect.spawn(
        python,
        ["-m", "tip_triage", "triage"],
        env=env,
        cwd=str(REPO),
        dimensions=(40, 80),
        encoding="utf-8",
        codec_errors="replace",
    )
    raw, answered = "", 0
    try:
        while True:
            try:
                raw += child.read_nonblocking(65536, timeout=0.01)
            except pexpect.TIMEOUT:
                pass
            while answered < raw.count(CPR_REQUEST):  # answer cursor position requests, as a terminal does
                answered += 1
                child.send("\x1b[1;1R")
            if wanted in squash(raw):
                elapsed = time.perf_counter() - start
                break
            if time.perf_counter() - start > timeout:
                raise SystemExit(f"no first question after {timeout:.0f} s; output: {squash(raw)[-300:]!r}")
        child.send("\x03")  # Ctrl-C: the interview is saved (in the temporary folder) and exits 130
        child.expect(pexpect.EOF, timeout=timeout)
    except pexpect.EOF:
        raise SystemExit(f"triage ended before its first question; output: {squash(raw)[-300:]!r}") from None
    finally:
        child.close(force=True)
    return elapsed


# ------------------------------------------------------------------ engine time per answer


def scripted_steps(guideline: Any, lang: str) -> list[tuple[dict[str, Any], list[str]]]:
    """The (facts, asked) state after each answer of the scripted interview, in order."""
    facts: dict[str, Any] = {}
    asked: list[str] = []
    steps = []
    while (question := next_question(guideline, facts, asked)) is not None:
        value = SCRIPT.get(question.fact)
        if value is not None:
            facts[question.fact] = value
        asked.append(question.fact)
        steps.append((dict(facts), list(asked)))
    return steps


def per_answer(guideline: Any, steps: list[tuple[dict[str, Any], list[str]]], lang: str, reps: int) -> list[float]:
    """Seconds of evaluate() + next_question() for each answer, `reps` times over the whole script."""
    times = []
    clock = time.perf_counter
    for _ in range(reps):
        for facts, asked in steps:
            start = clock()
            evaluate(guideline, facts)
            next_question(guideline, facts, asked)
            times.append(clock() - start)
    return times


def empty_call() -> float:
    """Seconds of one call of an empty Python function, in this process."""

    def nothing() -> None:
        pass

    number = 1_000_000
    return min(timeit.repeat(nothing, number=number, repeat=5)) / number


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each process measurement (default 5)")
    parser.add_argument("--reps", type=int, default=50, help="repetitions of the scripted interview (default 50)")
    parser.add_argument("--lang", choices=("es", "en"), default="es")
    parser.add_argument("--python", default=sys.executable, help="the Python with tip-triage installed")
    options = parser.parse_args(argv)
    if options.runs < 1 or options.reps < 1:
        parser.error("--runs and --reps must be at least 1")
    python = options.python

    guideline = load_guideline()
    first = next_question(guideline, {}, [])
    assert first is not None
    try:
        import pexpect  # noqa: F401

        pty = sys.platform != "win32"
    except ImportError:
        pty = False

    python_pass(python)  # warm the file cache and the bytecode
    baseline_times, first_times = [], []
    with tempfile.TemporaryDirectory(prefix="tip-triage-bench-") as data_dir:
        if pty:
            first_question(python, guideline.facts[first.fact].question["es"], data_dir)
        for _ in range(options.runs):  # interleaved, so drift hits both alike
            baseline_times.append(python_pass(python))
            if pty:
                first_times.append(first_question(python, guideline.facts[first.fact].question["es"], data_dir))

    steps = scripted_steps(guideline, options.lang)
    per_answer(guideline, steps, options.lang, 1)  # warm up
    answer_times = per_answer(guideline, steps, options.lang, options.reps)
    call = empty_call()

    baseline = statistics.median(baseline_times)
    answer = statistics.median(answer_times)
    p90 = statistics.quantiles(answer_times, n=10)[-1] if len(answer_times) > 1 else answer
    print(f"tip-triage interview timings ({python})")
    print(
        f"  python -c pass (baseline)            {baseline * 1e3:9.1f} ms       1.0x baseline"
        f"   (median of {options.runs})"
    )
    if pty:
        ttfq = statistics.median(first_times)
        print(
            f"  triage: time to the first question   {ttfq * 1e3:9.1f} ms  {ttfq / baseline:8.1f}x baseline"
            f"   (median of {options.runs}, pty 80x40)"
        )
    else:
        print("  triage: time to the first question   skipped (needs pexpect and a POSIX pty)")
    print(
        f"  engine: per answer                   {answer * 1e6:9.0f} us  {answer / baseline:8.3f}x baseline"
        f"   (median of {len(answer_times)}: {len(steps)} answers x {options.reps}; p90 {p90 * 1e6:.0f} us)"
    )
    print(f"          = {answer / call:,.0f} empty function calls ({call * 1e9:.0f} ns each, this process)")
    print("  'x baseline': the time divided by one `python -c pass`;")
    print("  'empty function calls': the per-answer time divided by one call of `def f(): pass`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
