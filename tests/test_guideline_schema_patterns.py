"""A guideline's ids, version and file names end at their last character: Python's `$` also matches just before a
final line break, so every pattern of guideline.v1.json ends in `$(?!\\n)` (as the case file's do), and
`guideline validate` refuses "co-icbf-2018\\n" with one line that names the key and never the value."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from conftest import BUNDLED
from typer.testing import CliRunner

from tip_triage import schemas
from tip_triage.cli import app

ENGLISH = {"LC_ALL": "en_US.UTF-8", "COLUMNS": "100"}
REFUSED = "has characters that are not allowed"


def _patterns(node: object) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            found.append(node["pattern"])
        found.extend(key for key in node.get("patternProperties", {}))
        for child in node.values():
            found.extend(_patterns(child))
    elif isinstance(node, list):
        for child in node:
            found.extend(_patterns(child))
    return found


def test_every_guideline_pattern_that_ends_with_a_dollar_refuses_a_final_line_break():
    found = _patterns(schemas.load("guideline.v1"))
    assert len(found) >= 31
    for pattern in found:
        if pattern.endswith("$") or pattern.endswith("$(?!\\n)"):
            assert pattern.endswith("$(?!\\n)"), pattern
    samples = ["co-icbf-2018", "1.2.1", "rules.yaml", "minority", "24h", "10_days"]
    for pattern in found:
        matched = [text for text in samples if re.search(pattern, text)]
        assert matched, pattern  # every pattern is exercised by at least one sample
        for text in matched:
            for end in ("\n", "\r", "\r\n", "\n\n"):
                assert not re.search(pattern, text + end), (pattern, text + end)


def _validate(folder: Path):
    return CliRunner().invoke(app, ["guideline", "validate", str(folder)], env=ENGLISH)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "g"
    shutil.copytree(BUNDLED, target)
    return target


def test_the_copy_is_valid_before_it_is_broken(copy):
    result = _validate(copy)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok: co-icbf-2018 ")


@pytest.mark.parametrize(
    ("file", "old", "new", "key", "secret"),
    [
        ("guideline.yaml", "\nid: co-icbf-2018\n", '\nid: "co-icbf-zqx\\n"\n', "id", "zqx"),
        ("guideline.yaml", "\nid: co-icbf-2018\n", '\nid: "co-icbf-zqx\\r\\n"\n', "id", "zqx"),
        ("guideline.yaml", "\nversion: 1.2.2\n", '\nversion: "9.8.7\\n"\n', "version", "9.8.7"),
        ("rules.yaml", "\n  - id: minority\n", '\n  - id: "zqxminority\\n"\n', "presumptions[0].id", "zqx"),
        ("referrals.yaml", "  - {id: 24h, ", '  - {id: "zqx24h\\n", ', "urgencies[1].id", "zqx"),
    ],
)
def test_a_value_with_a_final_line_break_is_refused_by_its_key_never_shown(copy, file, old, new, key, secret):
    path = copy / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    result = _validate(copy)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[-1] == "1 problem found", result.stderr
    assert len(lines) == 2, result.stderr
    assert re.fullmatch(re.escape(str(path)) + r":\d+: " + re.escape(f"{key}: {REFUSED}"), lines[0]), lines[0]
    assert secret not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="a file name with a line break")
def test_an_include_whose_name_ends_with_a_line_break_is_refused_even_when_the_file_exists(copy):
    index = copy / "guideline.yaml"
    text = index.read_text(encoding="utf-8")
    assert text.count("\n  - flow.yaml\n") == 1
    index.write_text(text.replace("\n  - flow.yaml\n", '\n  - "flow.yaml\\n"\n'), encoding="utf-8")
    shutil.copy(copy / "flow.yaml", copy / "flow.yaml\n")
    result = _validate(copy)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[-1] == "1 problem found" and len(lines) == 2, result.stderr
    assert re.fullmatch(re.escape(str(index)) + r":\d+: " + re.escape(f"include[5]: {REFUSED}"), lines[0])
