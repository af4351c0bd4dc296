"""The hostile corpus: every input is refused through the CLI with exit 2 and one line, within time and memory bounds.

For each input: exit 2; one line on stderr naming the file (and the line where
there is one); no traceback; never the secret value `Zq7SECRET` the inputs
carry; no raw control character; done within 5 s of CPU (30 s of wall clock) and 200 MB more than the
process already used (tests/clirun.py enforces both in a forked process).
In a batch every other file is still checked and the summary counts the
files that could not be.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

import hostile_guidelines as hg
import pytest
from clirun import MB, run
from conftest import REPO

# every input runs in a forked CLI process with enforced time and memory bounds: the slow layer (CI runs it)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="forks, FIFOs and rlimits are POSIX"),
]

CORPUS = Path(__file__).parent / "fixtures" / "hostile" / "cases"
FILES = sorted(CORPUS.iterdir())
SECRET = "Zq7SECRET"
VALID = REPO / "tests" / "fixtures" / "cases" / "valid" / "spec-example.yaml"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def refused(done, name: str) -> str:
    """The checks every refusal passes; returns its one line."""
    assert not done.timed_out, f"{name}: still running after the time bound"
    assert done.code == 2, f"{name}: exit {done.code}: {done.err[-500:]}"
    assert "Traceback" not in done.out + done.err
    assert SECRET not in done.out + done.err
    assert not CONTROL.search(done.out + done.err), f"{name}: a raw control character in the output"
    lines = done.err_lines
    assert len(lines) == 1, f"{name}: {lines}"
    return lines[0]


def test_the_corpus_is_large_enough():
    assert len(FILES) >= 60


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_each_corpus_file_is_refused_by_check(path: Path):
    line = refused(run(["check", str(path)]), path.name)
    assert line.startswith(f"{path}:") or line.startswith(f"{path}: "), line


@pytest.fixture
def specials(tmp_path: Path) -> dict[str, Path]:
    """Inputs that cannot be committed: special files, a huge file, links that go nowhere or round."""
    made = {}
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    made["fifo"] = fifo
    sock = tmp_path / "socket.yaml"
    os.mknod(sock, 0o600 | stat.S_IFSOCK)
    made["socket"] = sock
    big = tmp_path / "big.yaml"
    with open(big, "wb") as fh:
        fh.truncate(100 * MB)  # sparse: 100 MB that take no room
    made["100 MB"] = big
    loop = tmp_path / "loop.yaml"
    os.symlink(tmp_path / "loop2.yaml", loop)
    os.symlink(loop, tmp_path / "loop2.yaml")
    made["link loop"] = loop
    dangling = tmp_path / "dangling.yaml"
    os.symlink(tmp_path / "nowhere.yaml", dangling)
    made["dangling link"] = dangling
    made["folder"] = tmp_path
    made["/dev/zero"] = Path("/dev/zero")
    made["/dev/urandom"] = Path("/dev/urandom")
    return made


@pytest.mark.parametrize(
    "kind", ["fifo", "socket", "100 MB", "link loop", "dangling link", "folder", "/dev/zero", "/dev/urandom"]
)
def test_special_inputs_are_refused_before_they_are_read(specials, kind):
    path = specials[kind]
    line = refused(run(["check", str(path)], env={"LC_ALL": "en_US.UTF-8"}), kind)
    assert line.startswith(f"{path}: "), line
    if kind == "100 MB":
        assert "limit: file size" in line


def test_a_path_too_long_names_the_limit():
    english = {"LC_ALL": "en_US.UTF-8"}
    line = refused(run(["check", "/tmp/" + "a" * 5000 + ".yaml"], env=english), "long path")
    assert line == "<path>: limit: path length (at most 4,096 characters)"
    line = refused(run(["check", "/tmp/" + "a" * 300 + ".yaml"], env=english), "long name")
    assert "limit: a name in the path" in line
    spanish = refused(run(["check", "/tmp/" + "a" * 5000 + ".yaml"], env={"LC_ALL": "es_CO.UTF-8"}), "long path")
    assert spanish == "<path>: límite: longitud de la ruta (como máximo 4,096 caracteres)"


@pytest.mark.parametrize("stdin", ["/dev/zero", "/dev/urandom"])
def test_endless_stdin_is_bounded(stdin):
    done = run(["batch", "-", "--format", "jsonl"], stdin=Path(stdin), timeout=10)
    assert not done.timed_out and done.code == 2
    assert "Traceback" not in done.err


def test_json_lines_rows_each_stand_alone(tmp_path):
    """Bad rows (bytes, nesting, long integers, NaN, syntax) are error rows; the valid rows around them are checked."""
    valid = '{"tip_triage_case": 1, "id": "ok-%d", "facts": {"age": 15}}\n'
    rows = [
        b"\xef\xbb\xbf" + (valid % 1).encode(),  # a BOM on the first row
        b'{"tip_triage_case": 1, "id": "X", "facts": {"nationality": "\xff' + SECRET.encode() + b'"}}\n',
        ("[" * 100_000 + "]" * 100_000 + "\n").encode(),
        (valid % 2).encode(),
        ('{"tip_triage_case": 1, "id": "X", "facts": {"age": ' + "9" * 5000 + "}}\n").encode(),
        b'{"tip_triage_case": 1, "id": "X", "facts": {"age": NaN}}\n',
        b'{"tip_triage_case": 1, "id": "X", "facts": {"age": 1,,}}\n',
        (valid % 3).encode(),
    ]
    data = b"".join(rows)
    jsonl = tmp_path / "rows.jsonl"
    jsonl.write_bytes(data)
    from_file = run(["batch", str(jsonl), "--format", "jsonl"])
    from_stdin = run(["batch", "-", "--format", "jsonl"], stdin=data)
    import json

    for done, name in ((from_file, str(jsonl)), (from_stdin, "<stdin>")):
        assert done.code == 2 and "Traceback" not in done.err and SECRET not in done.out + done.err
        items = [json.loads(line) for line in done.out.splitlines()]
        assert [i["status"] for i in items] == ["ok", "error", "error", "ok", "error", "error", "error", "ok"]
        assert [i["id"] for i in items if i["status"] == "ok"] == ["ok-1", "ok-2", "ok-3"]
        assert [i["error"]["location"] for i in items if i["status"] == "error"] == [
            f"{name}:{n}" for n in (2, 3, 5, 6, 7)
        ]
        assert "limit: nesting depth" in items[2]["error"]["message"]
        assert "limit: digits" in items[4]["error"]["message"]
    strip = lambda out: out.replace(str(jsonl), "<stdin>")  # noqa: E731
    assert strip(from_file.out) == from_stdin.out  # the same bytes, the same verdicts, from a file or stdin


def test_a_batch_checks_every_other_file_and_counts_the_rest(tmp_path, specials):
    folder = tmp_path / "batch"
    folder.mkdir()
    for path in FILES:
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "sub").mkdir()
    (folder / "sub" / "good.yaml").write_bytes(VALID.read_bytes())
    os.mkfifo(folder / "sub" / "pipe.yaml")
    os.symlink(folder / "missing.yaml", folder / "sub" / "dangling.yaml")
    os.symlink(folder, folder / "sub" / "loop")  # a link back up: walked once, then reported
    done = run(["batch", str(folder), "--format", "json"], timeout=30)
    assert not done.timed_out and done.code == 2
    assert "Traceback" not in done.err and SECRET not in done.out + done.err
    import json

    items = json.loads(done.out)
    by_file = {Path(i["file"]).name: i for i in items}
    assert by_file["good.yaml"]["status"] == "ok"
    errors = [i for i in items if i["status"] == "error"]
    expected = {p.name for p in FILES} | {"pipe.yaml", "dangling.yaml", "loop"}
    assert {Path(i["file"]).name for i in errors} == expected
    table = run(["batch", str(folder), "--lang", "en"], timeout=30)
    assert f"{len(expected) + 1} cases: 1 ok, 0 expectation unmet, {len(expected)} invalid" in table.out


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any folder")
def test_an_unreadable_folder_is_an_error_row(tmp_path):
    folder = tmp_path / "b"
    (folder / "locked").mkdir(parents=True)
    (folder / "good.yaml").write_bytes(VALID.read_bytes())
    os.chmod(folder / "locked", 0)
    try:
        done = run(["batch", str(folder), "--format", "jsonl"])
    finally:
        os.chmod(folder / "locked", 0o700)
    assert done.code == 2 and '"status": "error"' in done.out and "locked" in done.out


# ---------------------------------------------------------------- guidelines


def _guideline_refused(folder_or_file: Path | str, name: str) -> str:
    english = {"LC_ALL": "en_US.UTF-8"}  # the messages' English form (the Spanish is messages_es's)
    done = run(["guideline", "validate", str(folder_or_file)], timeout=10, env=english)
    line = refused(done, name) if len(done.err_lines) == 1 else None
    assert done.code == 2 and "Traceback" not in done.err, done.err[-400:]
    check = run(["check", str(VALID), "--guideline", str(folder_or_file)], timeout=10, env=english)
    refused(check, name)
    return line or done.err_lines[0]


def test_an_include_outside_the_guideline_folder_is_refused_without_echo(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text(f"{SECRET}: {SECRET}\n")
    for target in ("../secret", str(secret), "/etc/passwd"):
        g = hg.copy(tmp_path / f"g{abs(hash(target))}")
        index = g / "guideline.yaml"
        index.write_text(index.read_text().replace("include:\n", f"include:\n  - {target!r}\n", 1))
        line = _guideline_refused(g, target)
        assert "must be a file inside the guideline's folder" in line and SECRET not in line


def test_an_include_that_is_a_fifo_or_a_device_is_refused(tmp_path):
    g = hg.copy(tmp_path / "g")
    os.mkfifo(g / "pipe.yaml")
    os.symlink("/dev/zero", g / "zero.yaml")
    index = g / "guideline.yaml"
    text = index.read_text()
    for name in ("pipe.yaml", "zero.yaml"):
        index.write_text(text.replace("include:\n", f"include:\n  - {name}\n", 1))
        line = _guideline_refused(g, name)
        assert "not a regular file" in line or "inside the guideline's folder" in line


def test_a_guideline_that_is_a_fifo_or_a_device_is_refused(tmp_path):
    fifo = tmp_path / "guideline.yaml"
    os.mkfifo(fifo)
    assert "FIFO" in _guideline_refused(fifo, "fifo")
    assert "character device" in _guideline_refused("/dev/urandom", "urandom")


def test_long_chains_deep_nesting_alias_bombs_and_merge_keys_in_a_guideline(tmp_path):
    line = _guideline_refused(hg.chain(tmp_path / "chain", 600), "chain")
    assert "limit: depth of a condition" in line
    line = _guideline_refused(hg.nested(tmp_path / "nested", 130), "nested")
    assert "limit: nesting depth" in line
    bomb = "{any: [" + ", ".join(["{fact: age, lt: 18}"] * 4) + "]}"
    g = hg.add(hg.copy(tmp_path / "bomb"), None, {"bomb_note": "&b0 " + bomb})
    rules = g / "rules.yaml"
    extra = "".join(
        f"  - id: bomb{i}\n    when: &b{i} {{any: [*b{i - 1}, *b{i - 1}, *b{i - 1}, *b{i - 1}, *b{i - 1}, "
        f"*b{i - 1}, *b{i - 1}, *b{i - 1}, *b{i - 1}, *b{i - 1}]}}\n    text: {{es: x, en: x}}\n"
        f"    basis: [cp_188a]\n    status: INFERRED\n"
        for i in range(1, 9)
    )
    rules.write_text(rules.read_text() + extra)
    assert "limit: " in _guideline_refused(g, "alias bomb")
    g = hg.copy(tmp_path / "merge")
    rules = g / "rules.yaml"
    rules.write_text(
        rules.read_text()
        .replace("  minor:\n", "  minor: &m\n", 1)
        .replace("  adult_without_doubt:\n", "  adult_without_doubt:\n    <<: *m\n", 1)
    )
    assert "merge key '<<' is not allowed" in _guideline_refused(g, "merge key")


def test_a_guideline_with_very_many_notes_is_refused_by_size(tmp_path):
    g = hg.many_notes(tmp_path / "g", 30_000)
    assert "limit: file size" in _guideline_refused(g, "notes")


def test_a_30_layer_diamond_validates_within_the_bound(tmp_path):
    """Each layer refers twice to the next: 2^30 paths if expanded; each definition is visited once instead.

    The time is bounded here (the forked run is killed past 5 s); bench/analysis.py prints the growth curve.
    """
    g = hg.diamond(tmp_path / "g", 30)
    done = run(["guideline", "validate", str(g)], timeout=5)
    assert done.code == 0 and not done.timed_out, done.err
    done = run(["check", str(VALID), "--guideline", str(g)], timeout=5)
    assert done.code == 0 and not done.timed_out, done.err


def test_every_limit_is_documented_in_the_readme():
    from tip_triage import limits

    section = (REPO / "README.md").read_text(encoding="utf-8").split("## Limits", 1)[1].split("\n## ", 1)[0]
    shown = {
        "MAX_FILE_BYTES": "4 MiB",
        "MAX_JSONL_BYTES": "2 GiB",
        "MAX_ROW_BYTES": "1 MiB",
        "MAX_ROWS": "1,000,000 rows",
        "MAX_BAD_ROWS": "1,000 unreadable rows",
        "MAX_DEPTH": "nesting 64",
        "MAX_ALIASES": "100 YAML aliases",
        "MAX_NODES": "500,000",
        "MAX_INT_DIGITS": "20 digits",
        "MAX_PATH_CHARS": "4096",
        "MAX_NAME_CHARS": "255",
        "MAX_CONDITION_DEPTH": "150 deep",
        "MAX_WALK_ENTRIES": "1,000,000 entries",
    }
    assert set(shown) == set(limits.ALL)
    flat = " ".join(section.split())
    for name, words in shown.items():
        assert words in flat, name
    assert limits.MAX_FILE_BYTES == 4 * MB and limits.MAX_JSONL_BYTES == 2048 * MB and limits.MAX_ROW_BYTES == MB


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "redirect", "code", "said"),
    [
        ("--version", ">&-", 2, "<stdout>: "),  # nothing can be written: said on stderr, in one line
        ("batch - -f jsonl", "<&-", 0, ""),  # a closed stdin reads as empty
        ("batch cases_examples/02-trafficking-job-offer-sexual.yaml -f jsonl", "2>&-", 0, ""),
    ],
)
def test_a_closed_standard_stream_is_no_traceback(args, redirect, code, said):
    import subprocess

    command = f"{sys.executable} -m tip_triage {args} {redirect}"
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr and said in done.stderr


def test_long_runs_of_spaces_in_flow_lists_are_read_within_the_bound(tmp_path):
    """A case file of 64 KiB whose flow lists hold runs of thousands of spaces (a lazy pattern once made the
    fast YAML reader quadratic there: a minute a file). The forked run is killed past 5 s."""
    spaces = " " * 20_000
    text = (
        "tip_triage_case: 1\nid: X\nfacts:\n"
        f"  exploitation: [sexual{spaces}, labour]\n  means: [threats{spaces}deception]\n"
        f"expect: {{qualification: x{spaces}y, level: z}}\n"
    )
    case = tmp_path / "spaces.yaml"
    case.write_text(text, encoding="utf-8")
    done = run(["check", str(case)], timeout=5)
    assert not done.timed_out and done.code == 2, done.err  # invalid values: refused, quickly
