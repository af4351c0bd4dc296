"""No output carries a raw control character from input: scenarios (text, junit, json), the interview's
panels, the report (Markdown and HTML, inert to inline HTML), and guideline texts (refused when validated)."""

from __future__ import annotations

import io
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from rich.console import Console
from typer.testing import CliRunner

from tip_triage.cli import app
from tip_triage.engine import evaluate
from tip_triage.guideline_checks import semantic_problems
from tip_triage.loader import _read_guideline, resolve_guideline
from tip_triage.model import Case
from tip_triage.render.report import ReportMeta, report_markdown
from tip_triage.render.report_html import report_html

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "cases_examples" / "02-trafficking-job-offer-sexual.yaml"
HOSTILE_ID = "X\x1b[31mRED\x1b]0;TITLE\x07\u202eEVIL"
ESCAPED_ID = "X\\x1b[31mRED\\x1b]0;TITLE\\x07\\u202eEVIL"
HOSTILE_TEXT = "Hi \x1b]0;PWN\x07\x1b[2J\u202e"
# what must never reach an output raw: C0 but \n and \t, DEL, C1, line separators, bidirectional controls
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
YAML_ID = 'id: "X\\e[31mRED\\e]0;TITLE\\a\\u202eEVIL"'
YAML_NARRATIVE = 'narrative: {es: "Hi \\e]0;PWN\\a\\e[2J\\u202e", en: "Hi \\e]0;PWN\\a\\e[2J\\u202e"}'
IMG = "<img src=x onerror=alert(1)>"


def hostile_case(tmp_path: Path, *, narrative: bool = False, wrong_expect: bool = False, name: str = "h") -> Path:
    """The example case 02 with a hostile id (and narrative, and an expectation that fails)."""
    text = re.sub(r"^id: .*$", lambda _: YAML_ID, EXAMPLE.read_text(encoding="utf-8"), count=1, flags=re.M)
    if narrative:
        text = text.replace("tip_triage_case: 1\n", f"tip_triage_case: 1\n{YAML_NARRATIVE}\n", 1)
    if wrong_expect:
        text = re.sub(r"^  qualification: .*$", "  qualification: migrant_smuggling", text, count=1, flags=re.M)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "100", "NO_COLOR": "1"})


def assert_clean(text: str) -> None:
    found = RAW.search(text)
    assert found is None, f"raw {found.group()!r} in output: {text[max(0, found.start() - 40) : found.end() + 40]!r}"


def test_the_hostile_case_really_holds_the_controls(tmp_path):
    from tip_triage.loader import load_case

    assert load_case(str(hostile_case(tmp_path))).id == HOSTILE_ID


# ---------------------------------------------------------------- 1. scenarios run


@pytest.mark.parametrize("wrong", [False, True], ids=["pass", "fail"])
def test_scenarios_text_table_escapes_the_id(tmp_path, wrong):
    result = invoke("scenarios", "run", str(hostile_case(tmp_path, wrong_expect=wrong)), "--lang", "en")
    assert result.exit_code == (1 if wrong else 0), result.output
    assert_clean(result.output)
    assert ESCAPED_ID[:12] in result.output


@pytest.mark.parametrize("wrong", [False, True], ids=["pass", "fail"])
def test_scenarios_junit_is_xml_1_0_with_the_id_escaped(tmp_path, wrong):
    result = invoke("scenarios", "run", str(hostile_case(tmp_path, wrong_expect=wrong)), "--format", "junit")
    assert result.exit_code == (1 if wrong else 0), result.output
    assert_clean(result.output)
    root = ET.fromstring(result.output.split("\n", 1)[1])  # a JUnit reader parses it
    case = root.find("testsuite/testcase")
    assert case is not None and case.get("name") == ESCAPED_ID
    if wrong:
        failure = case.find("failure")
        assert failure is not None and "expected migrant_smuggling" in (failure.text or "")


def test_scenarios_json_escapes_bidi_controls(tmp_path):
    result = invoke("scenarios", "run", str(hostile_case(tmp_path)), "--format", "json")
    assert result.exit_code == 0, result.output
    assert_clean(result.output)
    import json

    assert json.loads(result.output)["scenarios"][0]["id"] == HOSTILE_ID  # the id itself, escaped as JSON


def test_scenarios_markup_in_a_name_is_shown_as_written(tmp_path):
    path = hostile_case(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace(YAML_ID, 'id: "[bold]x[/bold]"'), encoding="utf-8")
    result = invoke("scenarios", "run", str(path), "--lang", "en")
    assert "[bold]x[/bold]" in result.output


# ---------------------------------------------------------------- 2. the interview's panels


def _env(tmp_path: Path, console_file: io.StringIO):
    from scripted import ScriptedPrompter

    from tip_triage.env import Env

    return Env(
        stdout=Console(file=console_file, width=100, force_terminal=True),
        stderr=Console(file=io.StringIO(), width=100),
        environ={
            "TIP_TRIAGE_DATA_DIR": str(tmp_path / "d"),
            "TIP_TRIAGE_CONFIG_DIR": str(tmp_path / "c"),
            "LANG": "en",
        },
        now=lambda: datetime(2026, 11, 29, 14, 0, tzinfo=timezone.utc),
        prompter=ScriptedPrompter(),
        is_interactive=lambda: True,
    )


def triage_run(tmp_path: Path, case: Path, report: Path | None = None, defender: str | None = None) -> str:
    from tip_triage.commands import triage

    out = io.StringIO()
    code = triage.run(
        lang="en",
        resume=None,
        from_case=str(case),
        case_id=None,
        save_path=None,
        report_path=str(report) if report else None,
        guideline_arg=None,
        env=_env(tmp_path, out),
        defender=defender,
    )
    assert code == 0
    return out.getvalue()


def test_triage_from_a_hostile_case_shows_its_id_escaped_in_the_panel_title(tmp_path):
    shown = triage_run(tmp_path, hostile_case(tmp_path))
    assert "\x1b]0;" not in shown and "\u202e" not in shown and "\x1b[31mRED" not in shown
    assert ESCAPED_ID in shown


def test_the_reading_panel_escapes_the_narrative_and_the_title():
    from tip_triage.render.interview_screens import reading_panel

    out = io.StringIO()
    Console(file=out, width=80, force_terminal=True).print(reading_panel(f"Exercise: {HOSTILE_ID}", HOSTILE_TEXT, "r"))
    shown = out.getvalue()
    assert "\x1b]0;" not in shown and "\x1b[2J" not in shown and "\u202e" not in shown and "\x1b[31mRED" not in shown
    assert "Hi \\x1b]0;PWN\\x07\\x1b[2J\\u202e" in shown


def test_triage_exercise_shows_the_narrative_escaped(tmp_path):
    from tip_triage.commands import exercise

    out = io.StringIO()
    path = hostile_case(tmp_path, narrative=True)
    assert (
        exercise.run(scenario_arg=str(path), lang="en", save_path=None, guideline_arg=None, env=_env(tmp_path, out))
        == 0
    )
    shown = out.getvalue()
    assert "\x1b]0;" not in shown and "\x1b[2J" not in shown and "\u202e" not in shown and "\x1b[31mRED" not in shown


# ---------------------------------------------------------------- 3. the report


META = ReportMeta(datetime(2026, 11, 29, 14, 30, tzinfo=timezone.utc), IMG, "CZ <b>&amp;</b> `x` [l](javascript:x)")


def _report(bundled, fmt: str) -> str:
    case = Case(id=HOSTILE_ID, facts={"age": 15, "recruited": True}, guideline="co-icbf-2018")
    result = evaluate(bundled, case.facts)
    return (report_html if fmt == "html" else report_markdown)(bundled, case, result, "en", META)


def test_markdown_report_has_no_raw_control_and_no_live_html(bundled):
    md = _report(bundled, "md")
    assert_clean(md)
    assert "<img" not in md and "&lt;img src=x onerror=alert(1)&gt;" in md
    assert "<b>" not in md and "&amp;amp;" in md and "\\[l\\](javascript:x)" in md and "\\`x\\`" in md
    assert "Case X\\\\x1b\\[31mRED" in md.splitlines()[0]  # shown as typed once rendered: X\x1b[31mRED
    assert "- id: `X\\x1b[31mRED\\x1b]0;TITLE\\x07\\u202eEVIL`" in md  # the appendix: a code span, shown literally


def test_html_report_has_no_raw_control(bundled):
    html = _report(bundled, "html")
    assert_clean(html)
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert f"<h1>Report for the case record — Case {ESCAPED_ID}</h1>" in html


@pytest.mark.parametrize("ext", ["md", "html"])
def test_report_written_by_triage_from_a_hostile_case(tmp_path, ext):
    out = tmp_path / f"r.{ext}"
    triage_run(tmp_path, hostile_case(tmp_path), report=out, defender=IMG)
    text = out.read_text(encoding="utf-8")
    assert_clean(text)
    assert "<img" not in text and ESCAPED_ID.split("[")[0] in text


def test_markdown_code_span_holds_backticks():
    from tip_triage.textsafe import markdown_code, markdown_text

    assert markdown_code("EXP-1") == "`EXP-1`"
    assert markdown_code("a`b") == "``a`b``" and markdown_code("`x") == "`` `x ``"
    assert markdown_text("EXP-2026-0022") == "EXP-2026-0022" and markdown_text("Ana Pérez") == "Ana Pérez"


def test_check_markdown_shows_an_html_id_inert(tmp_path):
    path = hostile_case(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace(YAML_ID, f'id: "{IMG}"'), encoding="utf-8")
    result = invoke("check", str(path), "--format", "markdown", "--lang", "en")
    assert "<img" not in result.output and "&lt;img" in result.output


# ---------------------------------------------------------------- 4. guideline texts


LABEL = 'en: "Insufficient information"'
HOSTILE_LABEL = 'en: "Insufficient\\e]0;PWN\\a\\e[2J\\u202e info"'


@pytest.fixture
def hostile_guideline(tmp_path: Path) -> Path:
    target = tmp_path / "g"
    shutil.copytree(REPO / "guidelines" / "co-icbf-2018", target)
    codes = target / "codes.yaml"
    text = codes.read_text(encoding="utf-8")
    assert text.count(LABEL) == 1
    codes.write_text(text.replace(LABEL, HOSTILE_LABEL), encoding="utf-8")
    return target


def test_guideline_validate_refuses_a_control_character_in_a_label(hostile_guideline):
    result = invoke("guideline", "validate", str(hostile_guideline))
    assert result.exit_code == 2, result.output
    assert_clean(result.output)
    line = next(x for x in result.output.splitlines() if "codes.insufficient_information.label.en" in x)
    assert "codes.yaml:" in line and "\\x1b" in line and "control character" in line


def test_check_refuses_a_guideline_with_a_control_character(hostile_guideline):
    case = REPO / "cases_examples" / "25-insufficient-purpose-unknown.yaml"
    for fmt in ("text", "markdown"):
        result = invoke("check", "--guideline", str(hostile_guideline), "--lang", "en", "--format", fmt, str(case))
        assert result.exit_code == 2, result.output
        assert_clean(result.output)
        assert "Insufficient" not in result.output


@pytest.mark.parametrize(
    "char",
    ["\x00", "\x07", "\x1b", "\r", "\x7f", "\x85", "\x9b", "\u061c", "\u200e", "\u200f", "\u202a", "\u202e"]
    + ["\u2066", "\u2069"],
)
def test_every_kind_of_control_is_refused_anywhere_in_the_document(char):
    doc, _, _ = _read_guideline(resolve_guideline(None))
    doc["sources"][next(iter(doc["sources"]))]["cite"] = f"a{char}b"
    doc["flow"]["stages"][0]["questions"][0]["help"] = {"es": "x", "en": f"y{char}"}
    found = [(path, message) for path, message in semantic_problems(doc) if "control character" in message]
    assert sorted(path[0] for path, _ in found) == ["flow", "sources"]
    assert all(not RAW.search(message) for _, message in found)


def test_line_breaks_tabs_and_accents_are_allowed_and_the_bundled_guideline_passes():
    doc, _, _ = _read_guideline(resolve_guideline(None))
    assert list(semantic_problems(doc)) == []
    doc["flow"]["stages"][0]["questions"][0]["help"] = {"es": "línea\n\tsangría — «ñ»", "en": "ok"}
    assert list(semantic_problems(doc)) == []


def test_the_report_path_is_shown_escaped_when_it_holds_control_characters(tmp_path):
    """A file name can hold any byte but / and NUL: the "written to" line shows it escaped, the file is written."""
    out = tmp_path / "r\x1b]0;TITLE\x07\u202e.md"
    shown = triage_run(tmp_path, hostile_case(tmp_path), report=out)
    assert out.exists()
    assert "\x1b]0;TITLE" not in shown and "\x07" not in shown and "\u202e" not in shown
    assert "r\\x1b]0;TITLE\\x07\\u202e.md" in shown
