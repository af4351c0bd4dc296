"""The report for the expediente: Markdown and HTML, golden in Spanish and English, valid HTML, prose without codes."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tip_triage.config import load_config
from tip_triage.engine import evaluate
from tip_triage.errors import TipTriageError
from tip_triage.language import command, env_lang, program
from tip_triage.model import Case, HistoryEntry, Interview
from tip_triage.render.report import ReportMeta, local_time, report_markdown
from tip_triage.render.report_html import report_html

GOLDEN = Path(__file__).resolve().parents[1] / "golden_reports"
BOGOTA = timezone(timedelta(hours=-5))
FACTS = {
    "sexual_violence_within_72h": False,
    "health_needs": False,
    "current_location": "colombia",
    "risk_of_retaliation": True,
    "age": 15,
    "nationality": "foreign",
    "recruited": True,
    "exploitation": frozenset({"sexual"}),
    "someone_profits": False,
}
ASKED = (
    "immediate_danger",
    "sexual_violence_within_72h",
    "health_needs",
    "current_location",
    "risk_of_retaliation",
    "age",
    "nationality",
    "recruited",
    "moved",
    "exploitation",
    "someone_profits",
)
HISTORY = (
    HistoryEntry("risk_of_retaliation", None, False, "2026-11-29T14:03:00Z"),
    HistoryEntry("moved", None, "within_colombia", "2026-11-29T14:05:00Z"),
    HistoryEntry("moved", "within_colombia", None, "2026-11-29T14:06:00Z", "dropped"),
    HistoryEntry("someone_profits", None, False, "2026-11-29T14:09:00Z", "after_dont_know"),
    HistoryEntry("risk_of_retaliation", False, True, "2026-11-29T14:10:00Z"),
)


def case(lang: str) -> Case:
    return Case(
        id="EXP-2026-0022",
        facts=dict(FACTS),
        guideline="co-icbf-2018",
        recorded="2026-11-29",
        interview=Interview(lang, "2026-11-29T14:02:11Z", "2026-11-29T14:19:40Z", True, ASKED),
        history=HISTORY,
    )


META = ReportMeta(datetime(2026, 11, 29, 14, 30, tzinfo=timezone.utc), "Ana Pérez", "Centro Zonal Kennedy", BOGOTA)


def render(bundled, fmt: str, lang: str) -> str:
    c = case(lang)
    result = evaluate(bundled, c.facts)
    text = (report_html if fmt == "html" else report_markdown)(bundled, c, result, lang, META)
    return text.replace(bundled.sha256, "GUIDELINE-SHA256")


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_report_matches_the_golden_file(bundled, fmt, lang, update_golden):
    output = render(bundled, fmt, lang)
    golden = GOLDEN / f"report-{lang}.{fmt}"
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(output, encoding="utf-8")
        return
    assert output == golden.read_text(encoding="utf-8"), f"{golden.name} differs: run pytest --update-golden"


class Checker(HTMLParser):
    VOID = {"meta", "br", "input", "hr", "img", "link"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("script", "link", "img") or any(k == "src" or (k == "href" and v and "//" in v) for k, v in attrs):
            self.errors.append(f"external resource or script: <{tag}>")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> does not close <{self.stack[-1] if self.stack else ''}>")
        else:
            self.stack.pop()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_html_is_well_formed_self_contained_and_printable(bundled, lang):
    html = render(bundled, "html", lang)
    assert html.startswith("<!DOCTYPE html>")
    checker = Checker()
    checker.feed(html)
    checker.close()
    assert not checker.errors and not checker.stack, (checker.errors, checker.stack)
    assert "@media print" in html and "@page" in html and "break-inside: avoid" in html
    assert html.count('type="checkbox"') == len(evaluate(bundled, case(lang).facts).referrals)
    assert f'<html lang="{lang}">' in html


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_prose_has_no_codes_and_the_appendix_has_them(bundled, fmt):
    text = render(bundled, fmt, "es")
    prose, appendix = text.split("Anexo técnico")
    for code in (
        "commercial_sexual_exploitation",
        "CONFIRMED",
        "INFERRED",
        "GUIDELINE-SHA256",
        "someone_profits",
        "Marque todas",
    ):
        assert code not in prose, code
    assert "GUIDELINE-SHA256" in appendix and "commercial_sexual_exploitation" in appendix and "INFERRED" in appendix


def test_history_reads_right_and_times_are_local(bundled):
    text = render(bundled, "md", "es")
    assert "No sé → No" in text  # a "No sé" later answered
    assert "descartada (la pregunta ya no aplica)" in text  # dropped, not "No sé"
    assert "2026-11-29 09:02 (UTC−05:00)" in text and "Ana Pérez" in text and "Centro Zonal Kennedy" in text
    assert "2026-11-29 09:30 (UTC−05:00)" in text  # the date of the report
    # safety first: danger never established leads the report
    assert text.split("\n")[2].startswith("> **⚠ Primero: establezca ya si el NNA está en peligro inmediato")
    # the note on inferred rules informs without discouraging the complaint
    assert "no es razón para esperar" in text


def test_local_time_uses_the_offset():
    assert local_time("2026-11-29T14:02:11Z", BOGOTA) == "2026-11-29 09:02 (UTC−05:00)"
    assert local_time("2026-11-29T14:02:11Z", timezone.utc) == "2026-11-29 14:02 (UTC+00:00)"


def test_report_written_through_triage_as_html(bundled, tmp_path):
    import io

    from rich.console import Console
    from scripted import ScriptedPrompter

    from tip_triage.commands import triage
    from tip_triage.env import Env

    cfg = tmp_path / "cfg"
    cfg.mkdir()
    (cfg / "config.yaml").write_text("defender: Ana Pérez\ncentro_zonal: CZ Kennedy\n", encoding="utf-8")
    out = tmp_path / "r.html"
    env = Env(
        stdout=Console(file=io.StringIO(), width=80),
        stderr=Console(file=io.StringIO(), width=80),
        environ={"TIP_TRIAGE_DATA_DIR": str(tmp_path / "d"), "TIP_TRIAGE_CONFIG_DIR": str(cfg), "LANG": "en_GB"},
        now=lambda: datetime(2026, 11, 29, 14, 0, tzinfo=timezone.utc),
        prompter=ScriptedPrompter(defaults={"age": 30, "age_uncertain": False}),
        is_interactive=lambda: True,
    )
    assert (
        triage.run(
            lang=None,
            resume=None,
            from_case=None,
            case_id=None,
            save_path=None,
            report_path=str(out),
            guideline_arg=None,
            env=env,
            centro_zonal="CZ Suba",
        )
        == 0
    )
    html = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Ana Pérez" in html and "CZ Suba" in html  # the option wins
    assert os.stat(out).st_mode & 0o777 == 0o600


def test_config_is_optional_and_checked(tmp_path):
    assert load_config({"TIP_TRIAGE_CONFIG_DIR": str(tmp_path)}) == {}
    (tmp_path / "config.yaml").write_text("defendr: x\n", encoding="utf-8")
    with pytest.raises(TipTriageError, match="unknown key 'defendr'"):
        load_config({"TIP_TRIAGE_CONFIG_DIR": str(tmp_path)})


@pytest.mark.parametrize(
    "environ, lang",
    [
        ({}, "es"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "es_CO.UTF-8"}, "es"),
        ({"LANG": "C.UTF-8"}, "es"),
        ({"LANG": "fr_FR.UTF-8"}, "es"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "es_CO.UTF-8"}, "es"),
        ({"LANG": "es_CO.UTF-8", "LC_MESSAGES": "en_GB"}, "en"),
    ],
)
def test_language_from_the_environment(environ, lang):
    assert env_lang(environ) == lang


def test_program_is_the_path_it_was_started_with_when_not_on_path(tmp_path):
    script = tmp_path / "bin" / "tip-triage"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    assert program({"PATH": "/nonexistent"}, [str(script)]) == str(script)
    assert program({"PATH": str(script.parent)}, [str(script)]) == "tip-triage"
    assert program({"PATH": "/nonexistent"}, ["/x/tip_triage/__main__.py"], "/py/python") == "/py/python -m tip_triage"
    assert command({"PATH": "/nonexistent"}, "triage", "--resume", "T1").endswith("triage --resume T1")
