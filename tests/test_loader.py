"""The loader: the bundled guideline, broken guidelines, valid and invalid case files.

Every error is one line, `file:line: path: message`, and never quotes a value
from a case file (fixtures in tests/fixtures/: see the comments there).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import BUNDLED

from tip_triage import schemas
from tip_triage.errors import TipTriageError
from tip_triage.loader import check_guideline, load_case, load_guideline, parse_case, resolve_guideline

FIXTURES = Path(__file__).parent / "fixtures"
MUTATIONS = yaml.safe_load((FIXTURES / "guidelines" / "mutations.yaml").read_text(encoding="utf-8"))
VALID = FIXTURES / "cases" / "valid"
INVALID = FIXTURES / "cases" / "invalid"
INVALID_EXPECTED = yaml.safe_load((INVALID / "expected.yaml").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- the bundled guideline


def test_bundled_guideline_loads_and_validates(bundled):
    problems, guideline = check_guideline(None)
    assert problems == []
    assert guideline is not None and guideline.id == "co-icbf-2018"
    assert re.fullmatch(r"[0-9a-f]{64}", guideline.sha256)
    assert guideline.sha256 == bundled.sha256  # the digest is stable across loads


def test_bundled_guideline_covers_the_spec_vocabulary(bundled):
    vocab = schemas.vocabulary()
    assert list(bundled.facts) == list(schemas.case_facts())
    assert set(bundled.codes) == set(vocab["qualification_codes"])
    assert {r.id for r in bundled.referrals} == set(vocab["referral_ids"])


def test_every_text_has_spanish_and_english(bundled):
    texts = [bundled.title, bundled.issuer, bundled.disclaimer]
    for fact in bundled.facts.values():
        texts += [fact.question, fact.help, *fact.labels.values()]
    texts += [c.label for c in bundled.codes.values()] + [c.summary for c in bundled.codes.values()]
    texts += [r.institution for r in bundled.referrals] + [r.action for r in bundled.referrals]
    texts += [r.text for r in (*bundled.aggravating, *bundled.notes)] + [s.title for s in bundled.stages]
    for text in texts:
        assert set(text) == {"es", "en"} and all(v.strip() for v in text.values()), text


def test_the_guideline_can_be_named_by_id_folder_or_file(guideline_copy):
    assert resolve_guideline("co-icbf-2018").samefile(BUNDLED / "guideline.yaml")
    assert resolve_guideline(None).samefile(BUNDLED / "guideline.yaml")
    assert load_guideline(str(guideline_copy)).id == "co-icbf-2018"
    assert load_guideline(str(guideline_copy / "guideline.yaml")).id == "co-icbf-2018"


def test_an_unknown_guideline_id_suggests_the_bundled_one():
    with pytest.raises(TipTriageError) as info:
        load_guideline("co-icbf-2108")
    assert str(info.value) == "guideline: unknown guideline 'co-icbf-2108' (did you mean 'co-icbf-2018'?)"


# ---------------------------------------------------------------- broken guidelines


def _line_where(text: str, snippet: str) -> int:
    """The line where `snippet` starts: preferably the first at the start of a line, else anywhere."""
    match = re.search(r"^[ \t]*" + re.escape(snippet.lstrip(" ")), text, re.MULTILINE)
    start = match.start() if match else text.find(snippet)
    assert start >= 0, f"{snippet!r} is not in the edited file"
    return text[:start].count("\n") + 1


def _apply(folder: Path, case: dict) -> tuple[Path, int | None]:
    """Edit the copy as the fixture says; return the edited file and the expected line."""
    path = folder / case["file"]
    text = path.read_text(encoding="utf-8")
    edits = [(case["find"], case["replace"])] + [(e["find"], e["replace"]) for e in case.get("also", [])]
    for find, replace in edits:
        assert find in text, f"mutation {case['id']}: {find!r} is no longer in {case['file']}: update the fixture"
        text = text.replace(find, replace, 1)
    path.write_text(text, encoding="utf-8")
    if case.get("line") in ("none", "after_edit"):
        return path, None
    anchor = case.get("line_at") or case["replace"]
    return path, _line_where(text, anchor) + case.get("line_offset", 0)


@pytest.mark.parametrize("case", MUTATIONS, ids=[m["id"] for m in MUTATIONS])
def test_a_broken_guideline_gets_one_line_naming_file_line_and_problem(case, guideline_copy):
    path, line = _apply(guideline_copy, case)
    where = str(guideline_copy / case.get("where", case["file"]))
    if case.get("raises"):
        with pytest.raises(TipTriageError) as info:
            check_guideline(str(guideline_copy))
        problems = [info.value]
    else:
        problems, model = check_guideline(str(guideline_copy))
        assert model is None
        assert len(problems) == case.get("count", 1), [str(p) for p in problems]
    first = str(problems[0])
    assert "\n" not in first
    if case.get("line") == "after_edit":
        found = re.match(re.escape(where) + r":(\d+): ", first)
        edit_line = _line_where(path.read_text(encoding="utf-8"), case["replace"].lstrip("\n"))
        assert found and int(found.group(1)) >= edit_line, first
        prefix = found.group(0)
    else:
        prefix = f"{where}:{line}: " if line is not None else f"{where}: "
        assert first.startswith(prefix), first
    rest = first[len(prefix) :]
    if case.get("path") == "":
        message = rest
    elif "path" in case:
        assert rest.startswith(case["path"] + ": "), first
        message = rest[len(case["path"]) + 2 :]
    else:
        assert re.match(r"[\w.\[\]]+: ", rest), first
        message = rest.split(": ", 1)[1]
    if "message_starts" in case:
        assert message.startswith(case["message_starts"]), first
    else:
        assert message == case["message"], first


def test_load_guideline_raises_the_first_problem_and_counts_the_others(guideline_copy):
    rules = guideline_copy / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    text = text.replace("{fact: recruited, equals: true}", "{fact: recruted, equals: true}", 1)
    text = text.replace("{fact: harboured, equals: true}", "{fact: harbored, equals: true}", 1)
    rules.write_text(text, encoding="utf-8")
    problems, _ = check_guideline(str(guideline_copy))
    assert len(problems) == 2
    with pytest.raises(TipTriageError) as info:
        load_guideline(str(guideline_copy))
    assert str(info.value) == str(problems[0]) + " (and 1 more problem: run 'tip-triage guideline validate')"


def test_the_digest_covers_every_included_file(guideline_copy, bundled):
    flow = guideline_copy / "flow.yaml"
    flow.write_text(flow.read_text(encoding="utf-8") + "\n# a comment changes the digest\n", encoding="utf-8")
    assert load_guideline(str(guideline_copy)).sha256 != bundled.sha256


# ---------------------------------------------------------------- valid case files


def test_spec_example_yaml_and_json_give_the_same_case():
    from_yaml = load_case(str(VALID / "spec-example.yaml"))
    from_json = load_case(str(VALID / "spec-example.json"))
    assert from_yaml.facts == from_json.facts
    assert from_yaml.facts["exploitation"] == frozenset({"sexual"})
    assert from_yaml.expect == from_json.expect
    assert from_yaml.history == from_json.history and len(from_yaml.history) == 2
    assert (from_yaml.id, from_yaml.guideline, from_yaml.recorded) == ("BOG-2026-0412", "co-icbf-2018", "2026-11-29")
    assert from_yaml.interview == from_json.interview


def test_unquoted_dates_and_times_stay_strings():
    case = load_case(str(VALID / "spec-example.yaml"))
    assert case.recorded == "2026-11-29" and type(case.recorded) is str
    assert case.interview is not None and case.interview.started == "2026-11-29T14:02:11Z"
    assert all(type(h.at) is str for h in case.history)
    assert case.history[0].at == "2026-11-29T14:05:02Z"


def test_null_fact_is_unknown_and_empty_set_is_known_none():
    case = load_case(str(VALID / "nulls-and-empty-set.yaml"))
    assert case.facts == {"age": 12, "exploitation": frozenset()}


def test_facts_and_everything_but_the_marker_and_id_are_optional():
    case = load_case(str(VALID / "minimal.yaml"))
    assert (case.id, dict(case.facts), case.expect, case.interview, case.history) == ("MIN-1", {}, None, None, ())


def test_a_json_lines_row_is_validated_like_a_file():
    case = parse_case(json.loads('{"tip_triage_case": 1, "id": "J-1", "facts": {"age": 9}}'), "<stdin>:1")
    assert case.facts == {"age": 9}
    with pytest.raises(TipTriageError) as info:
        parse_case({"tip_triage_case": 1, "id": "J-2", "facts": {"age": "nueve ZQX"}}, "<stdin>:2")
    assert str(info.value) == "<stdin>:2: facts.age: must be a whole number"


def test_every_valid_fixture_loads():
    files = sorted(VALID.iterdir())
    assert files
    for path in files:
        assert load_case(str(path)).id


# ---------------------------------------------------------------- invalid case files


def test_every_invalid_fixture_has_an_expectation_and_back():
    on_disk = {p.name for p in INVALID.iterdir() if p.name != "expected.yaml"}
    assert on_disk == set(INVALID_EXPECTED)


@pytest.mark.parametrize("name", sorted(INVALID_EXPECTED))
def test_an_invalid_case_file_gets_one_line_with_file_and_line(name):
    expected = INVALID_EXPECTED[name]
    path = str(INVALID / name)
    with pytest.raises(TipTriageError) as info:
        load_case(path)
    message = str(info.value)
    assert "\n" not in message
    prefix = f"{path}:{expected['line']}: " if expected["line"] is not None else f"{path}: "
    assert message.startswith(prefix), message
    if "error_starts" in expected:
        assert message[len(prefix) :].startswith(expected["error_starts"]), message
    else:
        assert message[len(prefix) :] == expected["error"]
    assert info.value.exit_code == 2


@pytest.mark.parametrize("name", sorted(n for n, e in INVALID_EXPECTED.items() if e["secrets"]))
def test_an_error_never_quotes_the_case(name):
    """Privacy: the values of a case (names, places, ages) never reach an error message."""
    path = INVALID / name
    text = path.read_text(encoding="utf-8")
    secrets = INVALID_EXPECTED[name]["secrets"]
    assert all(s in text for s in secrets), "the fixture must contain its secrets"
    with pytest.raises(TipTriageError) as info:
        load_case(str(path))
    shown = str(info.value).replace(str(path), "<file>")
    for secret in secrets:
        assert secret not in shown
        assert secret not in json.dumps(info.value.as_dict(), ensure_ascii=False).replace(str(path), "<file>")


def test_a_missing_file_is_named(tmp_path):
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(TipTriageError) as info:
        load_case(str(path))
    assert str(info.value) == f"{path}: no such file"
    assert info.value.code == "not_found"


def test_a_folder_is_not_a_case_file(tmp_path):
    with pytest.raises(TipTriageError) as info:
        load_case(str(tmp_path))
    assert str(info.value) == f"{tmp_path}: is a folder, not a file"


def test_a_file_that_is_not_utf8_is_named_without_its_bytes(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("tip_triage_case: 1\nid: X\nfacts: {nationality: Peña ZQX}\n".encode("latin-1"))
    with pytest.raises(TipTriageError) as info:
        load_case(str(path))
    assert str(info.value) == f"{path}:3: not UTF-8 text"  # the line, never the bytes


def test_validate_reports_a_rule_that_can_never_hold_and_a_referral_that_never_fires(tmp_path):
    import shutil

    from conftest import BUNDLED
    from typer.testing import CliRunner

    from tip_triage.cli import app

    copy = tmp_path / "g"
    shutil.copytree(BUNDLED, copy)
    rules = copy / "rules.yaml"
    rules.write_text(
        rules.read_text().replace(
            "        when: {fact: in_union, equals: true}\n",
            "        when: {all: [{fact: in_union, equals: true}, {fact: in_union, equals: false}]}\n",
            1,
        )
    )
    referrals = copy / "referrals.yaml"
    referrals.write_text(
        referrals.read_text().replace(
            "when: {fact: indigenous, equals: true}",
            "when: {all: [{fact: indigenous, equals: true}, {primary: [out_of_scope_adult]}, {ref: minor}]}",
            1,
        )
    )
    result = CliRunner().invoke(app, ["guideline", "validate", str(copy)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert any("rules.yaml:" in line and "'early_union' can never hold" in line for line in lines)
    assert any("referrals.yaml:" in line and "'indigenous_authority' never fires" in line for line in lines)


def test_the_bundled_guideline_has_no_dead_rule_or_referral(bundled):
    from tip_triage import analysis

    found, dead, skipped = analysis.witnesses(bundled)
    assert dead == [] and skipped == []
    assert set(found) == {r.id for r in bundled.qualifications}
    assert analysis.problems(bundled) == []
