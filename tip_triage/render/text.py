"""Human renderers: rich panels (terminal), Markdown (the case record), a batch table."""

from __future__ import annotations

import textwrap
from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..expect import difference_text
from ..i18n import t
from ..messages_es import in_language
from ..model import Guideline
from ..textsafe import markdown_text, printable
from .data import explained_rules, plain_question

LEVEL_STYLE = {"none": "green", "possible": "yellow", "clear": "bold red"}


def _error_line(item: dict[str, Any], lang: str) -> str:
    error = item["error"]
    where = f"{error['location']}: " if error.get("location") else ""
    return f"{t('error', lang)}: {where}{in_language(error['message'], lang)}"


def code_label(guideline: Guideline, code: str, lang: str) -> str:
    """A qualification code in the reader's words (its label), the code itself if the guideline has none."""
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


class Hanging:
    """`first` then `text`, its wrapped lines `indent` columns in (by default under the text), never at the edge."""

    def __init__(self, first: str, text: str, indent: int | None = None, style: str = "") -> None:
        self.first, self.text, self.style = first, text, style
        self.indent = len(first) if indent is None else indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width - max(self.indent, len(self.first))
        lines = Text(self.text, style=self.style).wrap(console, max(1, width))
        out = Text()
        for n, line in enumerate(lines):
            out.append(("\n" if n else "") + (" " * self.indent if n else self.first), style=self.style)
            line.rstrip()  # in place: no trailing space where a line was broken
            out.append_text(line)
        yield out


def _referral_grid(item: dict[str, Any], lang: str) -> Table:
    """The referrals: ☐ and the number in columns of their own, every line of a referral aligned under its text."""
    grid = Table.grid(padding=(0, 1, 0, 0), pad_edge=False)
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column()
    for n, (heading, action, details) in enumerate(referral_lines(item, lang), 1):
        grid.add_row(Text("☐", style="bold"), Text(f"{n}.", style="bold"), Text(heading.split(" ", 1)[1], "bold"))
        grid.add_row("", "", Text(action))
        for detail in details:
            grid.add_row("", "", Text(detail, style="dim"))
    return grid


def _panel(item: dict[str, Any], guideline: Guideline, lang: str, in_border: bool = True) -> Panel:
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
            body.append(Hanging("• ", code_label(guideline, code, lang)))
    if item["purposes"]:
        labels = guideline.facts[guideline.purposes_fact].labels
        body.append(Text(f"{t('purposes', lang)}: " + ", ".join(labels[p][lang] for p in item["purposes"])))
    if item["aggravating_texts"]:
        section(t("aggravating", lang))
        body.extend(Hanging("• ", a) for a in item["aggravating_texts"])
    section(t("referrals", lang))
    body.append(_referral_grid(item, lang))
    if item["missing"]:
        section(t("missing", lang))
        body.extend(Hanging("? ", _fact_label(guideline, f, lang)) for f in item["missing"])
    lines = why_lines(item, lang)
    if lines:
        section(t("why", lang))
        body.extend(Hanging("    ", line[4:]) if line.startswith("    ") else Hanging("", line, 2) for line in lines)
    if item["notes"]:
        section(t("notes", lang))
        body.extend(Hanging("• ", n) for n in item["notes"])
    if "expect" in item:
        body.append(Text(""))
        met = item["expect"]["met"]
        body.append(Text(t("expect_met" if met else "expect_unmet", lang), style="green" if met else "bold red"))
        body.extend(Hanging("  - ", difference_text(d, lang), style="red") for d in item["expect"]["differences"])
    title = f"{t('case', lang)} {escape(str(item['id']))}" if in_border else None
    return Panel(Group(*body), title=title, title_align="left", border_style=LEVEL_STYLE[level])


def whole_words(text: str, width: int, style: str = "") -> Text:
    """`text` (from input: shown printable) wrapped at spaces to `width`, never inside a word: a word wider than
    `width` (a long case id) keeps a line of its own, whole (print it with crop=False); continuation lines
    indented by 2."""
    shown = printable(text)
    lines = textwrap.wrap(
        shown, width=max(20, width), break_long_words=False, break_on_hyphens=False, subsequent_indent="  "
    )
    return Text("\n".join(lines) or shown, style=style, no_wrap=True, overflow="ignore")


_BORDER = 6  # "╭─ " and " ─╮" around a panel's title


def case_box(item: dict[str, Any], guideline: Guideline, lang: str, width: int) -> RenderableType:
    """A case's result in a box titled "Caso <id>"; an id too long for the box's top edge (Rich would cut it
    with "…") goes whole on a heading line above the box instead, wrapped at spaces."""
    title = f"{t('case', lang)} {item['id']}"
    if cell_len(printable(title)) + _BORDER <= width:
        return _panel(item, guideline, lang, in_border=True)
    return Group(whole_words(title, width, "bold"), _panel(item, guideline, lang, in_border=False))


def render_panels(items: list[dict[str, Any]], out: Console, guideline: Guideline, lang: str) -> None:
    for item in items:
        if item["status"] == "error":
            out.print(Text(_error_line(item, lang), style="bold red"))
        else:
            out.print(case_box(item, guideline, lang, out.width), crop=False)


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
        md += [f"- {code_label(guideline, c, lang)}" for c in item["concurrent"]]
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
        md += [f"- {difference_text(d, lang)}" for d in item["expect"]["differences"]]
    md += ["", f"_{guideline.disclaimer[lang]}_", ""]
    return "\n".join(md)


def render_markdown(items: list[dict[str, Any]], out: Console, guideline: Guideline, lang: str) -> None:
    out.out("\n".join(markdown(item, guideline, lang) for item in items), highlight=False)
