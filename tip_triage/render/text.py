"""Human renderers: rich panels (terminal), Markdown (the case record), a batch table."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..i18n import t
from ..model import Guideline
from ..textsafe import markdown_text
from .data import explained_rules, plain_question

LEVEL_STYLE = {"none": "green", "possible": "yellow", "clear": "bold red"}


def _error_line(item: dict[str, Any], lang: str) -> str:
    error = item["error"]
    where = f"{error['location']}: " if error.get("location") else ""
    return f"{t('error', lang)}: {where}{error['message']}"


def _code_label(guideline: Guideline, code: str, lang: str) -> str:
    return guideline.codes[code].label[lang] if code in guideline.codes else code


def _fact_label(guideline: Guideline, fact: str, lang: str) -> str:
    return plain_question(guideline.facts[fact].question[lang]) if fact in guideline.facts else fact


def why_lines(item: dict[str, Any], lang: str) -> list[str]:
    """The rules that hold or are partly indicated, with their elements and sources."""
    lines: list[str] = []
    for rule, elements in explained_rules(item):
        lines.append(f"{rule['step']} — {t('status_' + rule['answer'], lang)} [{'; '.join(rule['basis'])}]")
        lines += [f"    {element_text(e, lang)}" for e in elements]
    return lines


def element_text(step: dict[str, Any], lang: str) -> str:
    """One element of a rule and its value, in words."""
    return f"{step['step'].split(' · ', 1)[-1]}: {t('status_' + step['answer'], lang)}"


def urgency_words(ref: dict[str, Any], lang: str, short: bool = False) -> str:
    """The urgency in words; one without a legal source says so ("24 horas · plazo sugerido (sin fuente normativa)")."""
    words = ref.get("urgency_label") or ref["urgency"]
    if ref.get("urgency_status") == "INFERRED":
        words += f" · {t('urgency_inferred_short' if short else 'urgency_inferred', lang)}"
    return words


def referral_lines(item: dict[str, Any], lang: str) -> list[tuple[str, str, list[str]]]:
    """(heading, action, detail lines) for each referral, in order."""
    out = []
    for n, ref in enumerate(item["referrals"], 1):
        heading = f"{n}. [{urgency_words(ref, lang)}] {ref['institution']}"
        details = []
        if ref.get("deadline"):
            details.append(f"{t('deadline', lang)}: {ref['deadline']}")
        if ref.get("contact"):
            details.append(f"{t('contact', lang)}: {', '.join(ref['contact'])}")
        details.append(f"{t('legal_basis', lang)}: {'; '.join(ref['basis'])}")
        because = ref.get("because_text") or ref.get("because")
        if because:
            details.append(f"{t('because', lang)}: {because}")
        out.append((heading, ref["action"], details))
    return out


def summary_lines(item: dict[str, Any], lang: str) -> list[str]:
    """A few short lines: the qualification and the checklist, to keep in view at the end of an interview."""
    lines = [f"{item['qualification_label']} · {t('indicator', lang)}: {t('level_' + item['indicator_level'], lang)}"]
    for ref in item["referrals"]:
        contact = f" ({', '.join(ref['contact'])})" if ref.get("contact") else ""
        first = ref.get("task") or ref["action"].split(". ")[0].rstrip(".")  # the guideline's checklist line
        lines.append(f"☐ [{urgency_words(ref, lang, short=True)}]{contact} {first}")
    return lines


def _panel(item: dict[str, Any], guideline: Guideline, lang: str) -> Panel:
    body: list[Any] = []
    level = item["indicator_level"]

    def section(title: str) -> None:
        body.append(Text(""))
        body.append(Text(title, style="bold underline"))

    body.append(Text(item["qualification_label"], style="bold"))  # codes belong in JSON and CSV, not in prose
    if item.get("qualification_summary"):
        body.append(Text(item["qualification_summary"], style="italic"))
    body.append(Text(f"{t('legal_basis', lang)}: {'; '.join(item['legal_basis'])}"))
    body.append(Text.assemble(f"{t('indicator', lang)}: ", (t("level_" + level, lang), LEVEL_STYLE[level])))
    if item["concurrent"]:
        section(t("concurrent", lang))
        for code in item["concurrent"]:
            body.append(Text(f"• {_code_label(guideline, code, lang)}"))
    if item["purposes"]:
        labels = guideline.facts[guideline.purposes_fact].labels
        body.append(Text(f"{t('purposes', lang)}: " + ", ".join(labels[p][lang] for p in item["purposes"])))
    if item["aggravating_texts"]:
        section(t("aggravating", lang))
        body.extend(Text(f"• {a}") for a in item["aggravating_texts"])
    section(t("referrals", lang))
    for heading, action, details in referral_lines(item, lang):
        body.append(Text(f"☐ {heading}", style="bold"))
        body.append(Text(f"   {action}"))
        body.extend(Text(f"   {d}", style="dim") for d in details)
    if item["missing"]:
        section(t("missing", lang))
        body.extend(Text(f"? {_fact_label(guideline, f, lang)}") for f in item["missing"])
    lines = why_lines(item, lang)
    if lines:
        section(t("why", lang))
        body.extend(Text(line) for line in lines)
    if item["notes"]:
        section(t("notes", lang))
        body.extend(Text(f"• {n}") for n in item["notes"])
    if "expect" in item:
        body.append(Text(""))
        met = item["expect"]["met"]
        body.append(Text(t("expect_met" if met else "expect_unmet", lang), style="green" if met else "bold red"))
        body.extend(Text(f"  - {d}", style="red") for d in item["expect"]["differences"])
    title = f"{t('case', lang)} {escape(str(item['id']))}"
    return Panel(Group(*body), title=title, title_align="left", border_style=LEVEL_STYLE[level])


def render_panels(items: list[dict[str, Any]], out: Console, guideline: Guideline, lang: str) -> None:
    for item in items:
        if item["status"] == "error":
            out.print(Text(_error_line(item, lang), style="bold red"))
        else:
            out.print(_panel(item, guideline, lang))


def markdown(item: dict[str, Any], guideline: Guideline, lang: str) -> str:
    if item["status"] == "error":
        name = markdown_text(item.get("id") or item.get("file"))  # from input: inert in Markdown (no inline HTML)
        return f"# {t('case', lang)} {name}\n\n{markdown_text(_error_line(item, lang))}\n"
    level = item["indicator_level"]
    md = [f"# {t('case', lang)} {markdown_text(item['id'])}", ""]
    md.append(f"**{t('qualification', lang)}:** {item['qualification_label']}  ")
    if item.get("qualification_summary"):
        md.append(f"_{item['qualification_summary']}_  ")
    md.append(f"**{t('legal_basis', lang)}:** {'; '.join(item['legal_basis'])}  ")
    md.append(f"**{t('indicator', lang)}:** {t('level_' + level, lang)}  ")
    md.append(
        f"**{t('guideline', lang)}:** {item['guideline']['id']} {item['guideline']['version']} "
        f"(sha256 {item['guideline']['sha256'][:12]})"
    )
    if item["concurrent"]:
        md += ["", f"## {t('concurrent', lang)}", ""]
        md += [f"- {_code_label(guideline, c, lang)}" for c in item["concurrent"]]
    if item["purposes"]:
        labels = guideline.facts[guideline.purposes_fact].labels
        md += ["", f"**{t('purposes', lang)}:** " + ", ".join(labels[p][lang] for p in item["purposes"])]
    if item["aggravating_texts"]:
        md += ["", f"## {t('aggravating', lang)}", ""] + [f"- {a}" for a in item["aggravating_texts"]]
    md += ["", f"## {t('referrals', lang)}", ""]
    for heading, action, details in referral_lines(item, lang):
        md.append(f"- [ ] **{heading}** — {action}")
        md += [f"  - {d}" for d in details]
    if item["missing"]:
        md += ["", f"## {t('missing', lang)}", ""]
        md += [f"- {_fact_label(guideline, f, lang)}" for f in item["missing"]]
    lines = why_lines(item, lang)
    if lines:
        md += ["", f"## {t('why', lang)}", ""]
        md += [f"- {line.strip()}" if not line.startswith("    ") else f"  - {line.strip()}" for line in lines]
    if item["notes"]:
        md += ["", f"## {t('notes', lang)}", ""] + [f"- {n}" for n in item["notes"]]
    if "expect" in item:
        md += ["", f"**{t('expect_met' if item['expect']['met'] else 'expect_unmet', lang)}**"]
        md += [f"- {d}" for d in item["expect"]["differences"]]
    md += ["", f"_{guideline.disclaimer[lang]}_", ""]
    return "\n".join(md)


def render_markdown(items: list[dict[str, Any]], out: Console, guideline: Guideline, lang: str) -> None:
    out.out("\n".join(markdown(item, guideline, lang) for item in items), highlight=False)


def render_table(items: list[dict[str, Any]], out: Console, guideline: Guideline, lang: str) -> None:
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
    table.add_column("case", overflow="fold", ratio=2)
    table.add_column("qualification", no_wrap=True)
    table.add_column("concurrent", overflow="fold", ratio=2)
    table.add_column("indicator", no_wrap=True)
    table.add_column("expect / error", overflow="fold", ratio=3)
    counts = {"ok": 0, "unmet": 0, "error": 0}
    for item in items:
        if item["status"] == "error":
            counts["error"] += 1
            error = item["error"]
            file = item.get("file") or ""
            where = error.get("location") or ""
            where = where[len(file) :].lstrip(":") if file and where.startswith(file) else where
            message = f"line {where.split(':')[0]}: " if where[:1].isdigit() else (f"{where}: " if where else "")
            detail = where.split(": ", 1)[1] + ": " if where[:1].isdigit() and ": " in where else ""
            table.add_row(escape(file), "[red]error[/red]", "", "", escape(f"{message}{detail}{error['message']}"))
            continue
        expect = item.get("expect")
        verdict = (
            "—"
            if expect is None
            else ("met" if expect["met"] else "[bold red]UNMET[/bold red]: " + escape("; ".join(expect["differences"])))
        )
        counts["unmet" if expect and not expect["met"] else "ok"] += 1
        table.add_row(
            escape(str(item["id"])),
            item["qualification"],
            ", ".join(item["concurrent"]),
            item["indicator_level"],
            verdict,
        )
    out.print(table)
    out.print(f"{len(items)} cases: {counts['ok']} ok, {counts['unmet']} expectation unmet, {counts['error']} invalid")
