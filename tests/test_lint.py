"""`tip-triage guideline lint`: the bundled guideline passes; deliberate defects are caught.

The defects are small edits of the bundled guideline (tests/fixtures/guidelines/lint-mutations.yaml).
Speed is measured in bench/lint.py, never here.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tip_triage.checklist import checklist_markdown
from tip_triage.cli import app
from tip_triage.domains import Kleene, Reader, fact_domain
from tip_triage.lint import lint
from tip_triage.loader import load_guideline
from tip_triage.readable import describe

FIXTURES = Path(__file__).parent / "fixtures" / "guidelines"
MUTATIONS = yaml.safe_load((FIXTURES / "lint-mutations.yaml").read_text(encoding="utf-8"))


def _apply(folder: Path, case: dict) -> None:
    path = folder / case["file"]
    text = path.read_text(encoding="utf-8")
    assert case["find"] in text, (
        f"mutation {case['id']}: {case['find']!r} is no longer in {case['file']}: update the fixture"
    )
    replace = case["replace"]
    if case.get("indent"):
        replace = "".join((" " * case["indent"] + line) if line.strip() else line for line in replace.splitlines(True))
    path.write_text(text.replace(case["find"], replace, 1), encoding="utf-8")


def test_the_bundled_guideline_passes_lint(bundled):
    report = lint(bundled)
    assert report.errors == [], [f.message["en"] for f in report.errors]
    result = CliRunner().invoke(app, ["guideline", "lint", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.output


@pytest.mark.parametrize("case", MUTATIONS, ids=[m["id"] for m in MUTATIONS])
def test_lint_catches_a_deliberate_defect(case, guideline_copy):
    _apply(guideline_copy, case)
    report = lint(load_guideline(str(guideline_copy)))
    found = [f for f in report.findings if f.kind == case["kind"] and f.where == case["where"]]
    assert found, [(f.kind, f.where) for f in report.findings]
    assert all(f.level == case["level"] for f in found)
    assert all(f.message["es"] and f.message["en"] and f.message["es"] != f.message["en"] for f in found)
    before = {(f.kind, f.where) for f in lint(load_guideline()).findings}
    assert (case["kind"], case["where"]) not in before  # the edit made it, not the bundled guideline
    result = CliRunner().invoke(app, ["guideline", "lint", str(guideline_copy)])
    assert result.exit_code == (1 if case["level"] == "error" else 0), result.output


def test_a_gap_names_the_facts_that_fall_between_the_rules(guideline_copy):
    _apply(guideline_copy, next(m for m in MUTATIONS if m["id"] == "gap"))
    report = lint(load_guideline(str(guideline_copy)))
    gap = next(f for f in report.findings if f.kind == "gap" and f.where == "qualifications.child_sale")
    assert "→ 17" in gap.message["en"]  # the witness: 17 years old, neither a child (under 17) nor an adult


def test_lint_json_and_the_lawyers_checklist(tmp_path, bundled):
    target = tmp_path / "review" / "checklist.md"
    target.parent.mkdir()
    result = CliRunner().invoke(app, ["guideline", "lint", "--format", "json", "--checklist", str(target)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["tip_triage_lint"] == 1 and data["errors"] == 0
    assert {f["kind"] for f in data["findings"]} <= {"unread_fact", "conflict", "hidden_question", "same_translation"}
    text = target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    inferred = [r.id for r in bundled.qualifications if r.status == "INFERRED"]
    assert inferred and all(f"`{rule_id}`" in text for rule_id in inferred)
    confirmed = [r.id for r in bundled.qualifications if r.status == "CONFIRMED"]
    assert all(f"qualifications · `{rule_id}`" not in text for rule_id in confirmed)
    assert text.count("- [ ]") >= len(inferred)
    assert checklist_markdown(bundled, "en").startswith("# Legal review checklist")


def test_a_guideline_that_cannot_be_read_exits_2(tmp_path):
    (tmp_path / "guideline.yaml").write_text("tip_triage_guideline: 1\nid: x\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["guideline", "lint", str(tmp_path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- the pieces


def test_set_domains_are_exact_classes(bundled):
    reader = Reader(bundled)
    cond = bundled.definitions["purpose_188a"].when
    domain = fact_domain(bundled, "exploitation", reader.atoms(cond))
    # two classes (armed_recruitment alone; every other purpose): {none, one, all} x {none, it}
    assert len(domain) == 6
    kleene = Kleene(bundled)
    values = {kleene.value(cond, {"exploitation": s}) for s in domain}
    assert values == {True, False}


def test_int_domains_cut_at_the_thresholds(bundled):
    reader = Reader(bundled)
    atoms = reader.atoms(bundled.definitions["minor"].when)
    assert fact_domain(bundled, "age", atoms) == [0, 17, 18, 19, 120]


def test_free_facts_are_undecided_even_for_known(bundled):
    kleene = Kleene(bundled)
    cond = {"fact": "age_uncertain", "known": False}
    assert kleene.value(cond, {}) is None  # not chosen yet
    assert kleene.value(cond, {"age_uncertain": None}) is True  # answered "No sé"
    assert kleene.value(cond, {"age_uncertain": True}) is False


def test_not_true_reads_as_one_sentence(bundled):
    cond = {"fact": "age_uncertain", "not_true": True}
    assert describe(bundled, cond, "en").endswith('is not true ("no" or not known)')
    assert describe(bundled, cond, "es").endswith("no es cierto (es «no» o no se sabe)")


def test_readable_conditions_in_both_languages(bundled):
    cond = {"all": [{"fact": "age", "lt": 18}, {"fact": "exploitation", "contains_any": ["sexual", "begging"]}]}
    es, en = describe(bundled, cond, "es"), describe(bundled, cond, "en")
    assert "menor que 18" in es and " y " in es and bundled.facts["age"].question["es"] in es
    assert "less than 18" in en and " and " in en
    assert bundled.facts["exploitation"].labels["begging"]["en"] in en
    assert describe(bundled, {"ref": "minor"}, "en") == f"[{bundled.definitions['minor'].label['en']}]"
    assert "not the case" in describe(bundled, {"not": {"fact": "indigenous", "equals": True}}, "en")
    assert describe(bundled, {"qualified": ["trafficking"]}, "es").endswith(bundled.codes["trafficking"].label["es"])
