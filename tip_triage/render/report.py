"""The report for the expediente, in Markdown or as one printable HTML file, in the interview's language.

Prose first, for the Defender and the case record: safety first when danger was
not established, the qualification in words, the referral checklist with its
deadlines, what is still unknown, the answers and their history in local time.
Codes, ids, review statuses and the guideline's sha256 go to an appendix only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo
from pathlib import Path
from typing import Any

from ..i18n import t
from ..model import Case, Guideline, Result
from ..store import save_file
from ..textsafe import markdown_code, markdown_text, printable
from .data import explained_rules, plain_question, result_data, value_label
from .interview_screens import danger_first


@dataclass(frozen=True)
class ReportMeta:
    """Who writes the report, where and when; `tz` None means the system's time zone."""

    date: datetime
    defender: str = ""
    centro_zonal: str = ""
    tz: tzinfo | None = None

    @classmethod
    def now(cls, utc_now: datetime, defender: str = "", centro_zonal: str = "", tz: tzinfo | None = None) -> ReportMeta:
        return cls(utc_now, defender, centro_zonal, tz)


def local_time(moment: datetime | str, tz: tzinfo | None) -> str:
    """`2026-11-29 09:02 (UTC−05:00)`: the time where the report is read, with its offset."""
    if isinstance(moment, str):
        if not moment:
            return ""
        try:
            moment = datetime.fromisoformat(moment.replace("Z", "+00:00"))
        except ValueError:
            return str(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    here = moment.astimezone(tz)
    offset = here.strftime("%z") or "+0000"
    sign = "−" if offset[0] == "-" else "+"
    return f"{here.strftime('%Y-%m-%d %H:%M')} (UTC{sign}{offset[1:3]}:{offset[3:5]})"


# ---------------------------------------------------------------- the content, shared by both formats


def _answer(guideline: Guideline, fact: str, value: Any, lang: str) -> str:
    return t("dont_know_answer", lang) if value is None else value_label(guideline, fact, value, lang)


def _history(guideline: Guideline, case: Case, lang: str, tz: tzinfo | None) -> list[tuple[str, str, str]]:
    """(local time, question, 'before → after') for every change, in order."""
    rows = []
    for h in case.history:
        question = plain_question(guideline.facts[h.fact].question[lang])
        if h.kind == "dropped":
            change = f"{_answer(guideline, h.fact, h.old, lang)} → {t('dropped_answer', lang)}"
        else:
            before = (
                t("dont_know_answer", lang)
                if h.kind == "after_dont_know"
                else t("no_answer", lang)
                if h.old is None
                else _answer(guideline, h.fact, h.old, lang)
            )
            change = f"{before} → {_answer(guideline, h.fact, h.new, lang)}"
        rows.append((local_time(h.at, tz), question, change))
    return rows


def _answers(guideline: Guideline, case: Case, lang: str) -> list[tuple[str, str]]:
    asked = set(case.interview.asked) if case.interview else set()
    rows = []
    for stage in guideline.stages:
        for q in stage.questions:
            if q.fact in case.facts and case.facts[q.fact] is not None:
                rows.append(
                    (
                        plain_question(guideline.facts[q.fact].question[lang]),
                        value_label(guideline, q.fact, case.facts[q.fact], lang),
                    )
                )
            elif q.fact in asked:
                rows.append((plain_question(guideline.facts[q.fact].question[lang]), t("dont_know_answer", lang)))
    return rows


def _why(item: dict[str, Any], lang: str) -> list[tuple[str, list[str]]]:
    """The rules that hold or are partly indicated, in words, with their sources (statuses: appendix)."""
    from .text import element_text

    out: list[tuple[str, list[str]]] = []
    for rule, elements in explained_rules(item):
        basis = f" ({t('sources', lang)}: {'; '.join(rule['basis'])})" if rule["basis"] else ""
        heading = f"{rule['step']} — {t('status_' + rule['answer'], lang)}{basis}"
        out.append((heading, [element_text(e, lang) for e in elements]))
    return out


def _inferred(item: dict[str, Any]) -> bool:
    rules = any(s["status"] == "INFERRED" and s["answer"] in ("holds", "partial") for s in item["trace"])
    return rules or any(r["status"] == "INFERRED" for r in item["referrals"])


def _appendix(item: dict[str, Any], case: Case, guideline: Guideline, lang: str) -> list[tuple[str, str]]:
    g = item["guideline"]
    rows = [
        ("id", str(item["id"])),
        ("guideline", f"{g['id']} {g['version']}"),
        ("guideline sha256", g["sha256"]),
        ("qualification", item["qualification"]),
        ("concurrent", ", ".join(item["concurrent"]) or "—"),
        ("indicator_level", item["indicator_level"]),
        ("referrals", ", ".join(f"{r['id']} ({r['status']})" for r in item["referrals"]) or "—"),
        ("missing", ", ".join(item["missing"]) or "—"),
    ]
    if case.interview:
        rows.append(
            (
                "interview",
                f"lang {case.interview.lang}; started {case.interview.started}; "
                f"updated {case.interview.updated}; finished {str(case.interview.finished).lower()}",
            )
        )
    return rows


def _appendix_rules(item: dict[str, Any]) -> list[tuple[str, str, str]]:
    seen: dict[str, tuple[str, str, str]] = {}
    for step in item["trace"]:
        if "." not in step["rule"] and step["answer"] in ("holds", "partial") and step["rule"] not in seen:
            seen[step["rule"]] = (step["rule"], step["answer"], step["status"])
    return list(seen.values())


def _facts_raw(case: Case, guideline: Guideline) -> list[tuple[str, str]]:
    order = list(guideline.facts)
    rows = []
    for fact in sorted(case.facts, key=lambda f: order.index(f) if f in order else len(order)):
        value = case.facts[fact]
        if isinstance(value, frozenset):
            values = list(guideline.facts[fact].values)
            value = "[" + ", ".join(sorted(value, key=lambda v: values.index(v) if v in values else 99)) + "]"
        elif isinstance(value, bool):
            value = str(value).lower()
        rows.append((fact, "null" if value is None else str(value)))
    return rows


def _deadline(ref: dict[str, Any], lang: str) -> str:
    """The urgency, and the deadline's own words when they say more ("De inmediato." says nothing more)."""
    urgency = ref.get("urgency_label") or ref["urgency"]
    deadline = ref.get("deadline") or ""
    if not deadline:
        return urgency
    return deadline if urgency.lower() in deadline.lower() else f"{urgency}: {deadline}"


# ---------------------------------------------------------------- Markdown


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def report_markdown(guideline: Guideline, case: Case, result: Result, lang: str, meta: ReportMeta) -> str:
    item = result_data(guideline, case, result, lang, None)
    tz = meta.tz
    md = [f"# {t('report_title', lang)} — {t('case', lang)} {markdown_text(item['id'])}", ""]
    first = danger_first(item, dict(case.facts), guideline, lang)
    if first:
        md += [f"> **⚠ {first}**", ""]
    md += [
        f"**{t('defender', lang)}:** {markdown_text(meta.defender) or t('not_given', lang)}  ",
        f"**{t('centro_zonal', lang)}:** {markdown_text(meta.centro_zonal) or t('not_given', lang)}  ",
        f"**{t('report_date', lang)}:** {markdown_text(local_time(meta.date, tz))}  ",
    ]
    if case.interview:
        md.append(
            f"**{t('interview_span', lang)}:** {markdown_text(local_time(case.interview.started, tz))} → "
            f"{markdown_text(local_time(case.interview.updated, tz))}  "
        )
    md += ["", f"## {t('qualification', lang)}: {item['qualification_label']}", ""]
    if item.get("qualification_summary"):
        md += [f"_{item['qualification_summary']}_", ""]
    md.append(f"**{t('legal_basis', lang)}:** {'; '.join(item['legal_basis'])}  ")
    md.append(f"**{t('indicator', lang)}:** {t('level_' + item['indicator_level'], lang)}")
    if item["concurrent"]:
        md += ["", f"**{t('concurrent', lang)}:**", ""]
        md += [f"- {guideline.codes[c].label[lang]}" for c in item["concurrent"]]
    if item["purposes"]:
        labels = guideline.facts[guideline.purposes_fact].labels
        md += ["", f"**{t('purposes', lang)}:** " + ", ".join(labels[p][lang] for p in item["purposes"])]
    if item["aggravating_texts"]:
        md += ["", f"**{t('aggravating', lang)}:**", ""] + [f"- {a}" for a in item["aggravating_texts"]]
    md += ["", f"## {t('referrals', lang)}", ""]
    md.append(
        f"| {t('col_done', lang)} | # | {t('col_when', lang)} | {t('col_who', lang)} | {t('col_contact', lang)} "
        f"| {t('col_why', lang)} |"
    )
    md.append("|---|---|---|---|---|---|")
    for n, ref in enumerate(item["referrals"], 1):
        who = f"**{ref['institution']}**: {ref['action']} ({t('legal_basis', lang)}: {'; '.join(ref['basis'])})"
        md.append(
            f"| ☐ | {n} | {_cell(_deadline(ref, lang))} | {_cell(who)} | {_cell(', '.join(ref['contact']) or '—')} "
            f"| {_cell(ref.get('because_text') or '')} |"
        )
    if item["missing"]:
        md += ["", f"## {t('missing', lang)}", ""]
        md += [
            f"- {plain_question(guideline.facts[f].question[lang])}" for f in item["missing"] if f in guideline.facts
        ]
    why = _why(item, lang)
    if why:
        md += ["", f"## {t('why', lang)}", ""]
        for line, details in why:
            md.append(f"- {line}")
            md += [f"  - {d}" for d in details]
    notes = list(item["notes"]) + ([t("inferred_note", lang)] if _inferred(item) else [])
    if notes:
        md += ["", f"## {t('notes', lang)}", ""] + [f"- {n}" for n in notes]
    answers = _answers(guideline, case, lang)
    if answers:
        md += [
            "",
            f"## {t('answers', lang)}",
            "",
            f"| {t('col_question', lang)} | {t('col_answer', lang)} |",
            "|---|---|",
        ]
        md += [f"| {_cell(q)} | {_cell(a)} |" for q, a in answers]
    history = _history(guideline, case, lang, tz)
    if history:
        md += [
            "",
            f"## {t('history', lang)}",
            "",
            f"| {t('col_time', lang)} | {t('col_question', lang)} | {t('col_change', lang)} |",
            "|---|---|---|",
        ]
        md += [f"| {markdown_text(w)} | {_cell(q)} | {_cell(c)} |" for w, q, c in history]  # w: the case's time
    md += ["", f"_{guideline.disclaimer[lang]}_", "", "---", "", f"## {t('appendix', lang)}", ""]
    md += [f"- {k}: {markdown_code(v)}" for k, v in _appendix(item, case, guideline, lang)]
    md += ["", f"### {t('appendix_rules', lang)}", ""]
    md += [f"- `{rule}`: {answer}, {t('status_' + status, lang)}" for rule, answer, status in _appendix_rules(item)]
    md += ["", f"### {t('appendix_facts', lang)}", ""]
    md += [f"- `{fact}`: {markdown_code(value)}" for fact, value in _facts_raw(case, guideline)]
    # input went through markdown_text / markdown_code; the rest (the guideline's texts) gets no raw control either
    return "\n".join(printable(line) for line in "\n".join(md).split("\n")) + "\n"


# ---------------------------------------------------------------- HTML


def render_report(path: Path, guideline: Guideline, case: Case, result: Result, lang: str, meta: ReportMeta) -> str:
    """HTML for a path ending in .html or .htm, Markdown otherwise."""
    if path.suffix.lower() in (".html", ".htm"):
        from .report_html import report_html

        return report_html(guideline, case, result, lang, meta)
    return report_markdown(guideline, case, result, lang, meta)


def write_report(path: Path, guideline: Guideline, case: Case, result: Result, lang: str, meta: ReportMeta) -> None:
    save_file(path, render_report(path, guideline, case, result, lang, meta))
