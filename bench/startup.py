"""Start-up time of tip-triage, against a bare Python, measured in the same run.

    .venv/bin/python bench/startup.py [--runs 10] [--case cases_examples/02-....yaml] [--against TREE]

Runs, interleaved (so drift hits every command alike), N times each:

    python -c pass                      the baseline: what any Python program costs
    python -m tip_triage --version      must stay light: typer only, no jsonschema, no questionary
    tip-triage --version                the console script, if it is installed next to this Python
    python -m tip_triage check CASE     loads a guideline and a case: jsonschema, yaml, rich
    tip-triage batch - (3 jsonl)        `batch - --format jsonl --jobs 1 --quiet --no-trace` of 3 cases
                                        (bench/cases.py) on stdin: the fixed cost of every batch run

and prints the median of each and its ratio to the baseline. With --against TREE
(another checkout of tip-triage, e.g. `git worktree add /tmp/base main`), the
`python -m` rows are also run from that tree with the same Python, interleaved, for
a before/after on a busy machine. Every run is as on an installed copy: bytecode
written (PYTHONDONTWRITEBYTECODE is dropped: a compile on every run is not what
users pay) and a throwaway cache folder, filled by the warm-up run (the guideline
model kept by tip_triage/cache.py). It asserts nothing about time (machines
differ); it does check that `--version` imports neither jsonschema nor
questionary (with `python -X importtime`) and exits 1 if it does.
tests/test_startup_imports.py runs the same check.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HEAVY = ("jsonschema", "questionary")


def imported_modules(python: str, args: list[str]) -> tuple[set[str], subprocess.CompletedProcess]:
    """The modules a command imports, from `python -X importtime` (its report goes to stderr)."""
    done = subprocess.run([python, "-X", "importtime", *args], capture_output=True, text=True, cwd=REPO, timeout=120)
    modules = set()
    for line in done.stderr.splitlines():
        # "import time:       275 |      41083 |   typer" (the header line has "[us]" instead of numbers)
        if line.startswith("import time:") and "|" in line and "[us]" not in line:
            modules.add(line.rsplit("|", 1)[1].strip())
    return modules, done


def heavy_imports(python: str = sys.executable, args: tuple[str, ...] = ("-m", "tip_triage", "--version")) -> list[str]:
    """The heavy top-level packages that `tip-triage --version` imports (should be none)."""
    modules, done = imported_modules(python, list(args))
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited {done.returncode}")
    return sorted(h for h in HEAVY if any(m == h or m.startswith(h + ".") for m in modules))


def default_case() -> Path:
    examples = sorted((REPO / "cases_examples").glob("*.yaml"))
    return examples[0] if examples else REPO / "tests" / "fixtures" / "cases" / "valid" / "spec-example.yaml"


BATCH = ["batch", "-", "--format", "jsonl", "--jobs", "1", "--quiet", "--no-trace"]


class Run:
    """One command: its arguments, the tree it runs from (cwd and PYTHONPATH), its stdin file."""

    def __init__(self, cmd: list[str], tree: Path = REPO, stdin: Path | None = None) -> None:
        self.cmd, self.tree, self.stdin = cmd, tree, stdin


def three_cases(folder: Path) -> Path:
    """3 synthetic cases (bench/cases.py) as JSON Lines."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import cases

    path = folder / "3.jsonl"
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases.generate(3)), encoding="utf-8")
    return path


def _cpu() -> float:
    try:
        import resource
    except ImportError:  # not POSIX: no CPU column
        return 0.0
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _time(run: Run, environ: dict[str, str], cpu: list[float] | None = None) -> float:
    """The wall time of one run; its CPU time (user + system) appended to `cpu`: steadier on a busy machine."""
    env = dict(environ, PYTHONPATH=str(run.tree)) if run.tree != REPO else environ
    with open(run.stdin or os.devnull, "rb") as stdin:
        cpu_before = _cpu()
        start = time.perf_counter()
        done = subprocess.run(
            run.cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=run.tree, env=env
        )
        elapsed = time.perf_counter() - start
        if cpu is not None:
            cpu.append(_cpu() - cpu_before)
    if done.returncode not in (0, 1):  # check exits 1 when an expectation is unmet: still a valid run
        raise SystemExit(f"{' '.join(run.cmd)} exited {done.returncode}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="runs of each command (default 10)")
    parser.add_argument(
        "--case", type=Path, default=None, help="the case file for `check` (default: the first example)"
    )
    parser.add_argument("--python", default=sys.executable, help="the Python with tip-triage installed")
    parser.add_argument(
        "--against", type=Path, default=None, help="another tip-triage source tree to time alongside (same Python)"
    )
    options = parser.parse_args(argv)
    if options.runs < 1:
        parser.error("--runs must be at least 1")
    with tempfile.TemporaryDirectory(prefix="tip-triage-startup-") as tmp:
        environ = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        environ["TIP_TRIAGE_CACHE_DIR"] = str(Path(tmp) / "cache")
        return _bench(options, Path(tmp), environ)


def _bench(options: argparse.Namespace, tmp: Path, environ: dict[str, str]) -> int:
    python = options.python
    case = str(Path(options.case or default_case()).resolve())
    lines = three_cases(tmp)
    commands = {"python -c pass": Run([python, "-c", "pass"])}
    trees = {"": REPO} if options.against is None else {"": REPO, "[against] ": options.against.resolve()}
    for label, tree in trees.items():
        module = [python, "-m", "tip_triage"]
        commands[f"{label}python -m tip_triage --version"] = Run([*module, "--version"], tree)
        commands[f"{label}python -m tip_triage check {Path(case).name}"] = Run([*module, "check", case], tree)
        commands[f"{label}python -m tip_triage batch - (3 jsonl)"] = Run([*module, *BATCH], tree, lines)
    script = Path(python).parent / "tip-triage"
    if script.exists():
        commands["tip-triage --version"] = Run([str(script), "--version"])
        commands["tip-triage batch - (3 jsonl)"] = Run([str(script), *BATCH], REPO, lines)

    for run in commands.values():  # warm the file cache, the bytecode and the guideline cache
        _time(run, environ)
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(options.runs):
        for name, run in commands.items():
            times[name].append(_time(run, environ, cpu[name]))

    baseline = statistics.median(times["python -c pass"])
    width = max(map(len, commands))
    print(
        f"{'command':<{width}}  {'median':>9}  {'vs python -c pass':>17}  {'cpu':>9}"
        f"   ({options.runs} runs each, {python}; cpu: user + system, median)"
    )
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"{name:<{width}}  {median * 1000:7.1f} ms  {median / baseline:16.1f}x"
            f"  {statistics.median(cpu[name]) * 1000:6.1f} ms"
        )

    heavy = heavy_imports(python)
    for package in HEAVY:
        print(f"--version imports {package}: {'YES' if package in heavy else 'no'}")
    if heavy:
        print(
            f"FAIL: `tip-triage --version` imports {', '.join(heavy)}: keep heavy imports inside the commands",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
