"""The report for the expediente, in Markdown or as one printable HTML file, in the interview's language.

Prose first, for the Defender and the case record: safety first when danger was
not established, the qualification in words, the referral checklist with its
deadlines, what is still unknown, the answers and their history in local time.
Codes, ids, review statuses and the guideline's sha256 go to an appendix only.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo
from pathlib import Path
from typing import Any

from ..i18n import t
from ..model import Case, Guideline, Result
from ..store import save_file
from .data import plain_question, result_data, value_label
from .interview_screens import danger_first


@dataclass(frozen=True)
class ReportMeta:
    """Who writes the report, where and when; `tz` None means the system's time zone."""

    date: datetime
    defender: str = ""
    centro_zonal: str = ""
    tz: tzinfo | None = None

    @classmethod
    def now(cls, utc_now: datetime, defender: str = "", centro_zonal: str = "", tz: tzinfo | None = None) -> "ReportMeta":
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
            before = (t("dont_know_answer", lang) if h.kind == "after_dont_know"
                      else t("no_answer", lang) if h.old is None else _answer(guideline, h.fact, h.old, lang))
            change = f"{before} → {_answer(guideline, h.fact, h.new, lang)}"
        rows.append((local_time(h.at, tz), question, change))
    return rows


def _answers(guideline: Guideline, case: Case, lang: str) -> list[tuple[str, str]]:
    asked = set(case.interview.asked) if case.interview else set()
    rows = []
    for stage in guideline.stages:
        for q in stage.questions:
            if q.fact in case.facts and case.facts[q.fact] is not None:
                rows.append((plain_question(guideline.facts[q.fact].question[lang]),
                             value_label(guideline, q.fact, case.facts[q.fact], lang)))
            elif q.fact in asked:
                rows.append((plain_question(guideline.facts[q.fact].question[lang]), t("dont_know_answer", lang)))
    return rows


def _why(item: dict[str, Any], lang: str) -> list[tuple[str, list[str]]]:
    """The rules that hold or are partly indicated, in words, with their sources (statuses: appendix)."""
    out: list[tuple[str, list[str]]] = []
    shown: set[str] = set()
    current = None
    for step in item["trace"]:
        rule = step["rule"]
        if "." in rule:
            if rule.split(".")[0] == current and out:
                out[-1][1].append(f"{step['step'].split(' · ', 1)[-1]}: {t('status_' + step['answer'], lang)}")
            continue
        current = None
        if step["answer"] in ("holds", "partial") and rule not in ("qualification", "indicator") \
                and step["step"] not in shown:
            shown.add(step["step"])
            current = rule
            basis = f" ({t('sources', lang)}: {'; '.join(step['basis'])})" if step["basis"] else ""
            out.append((f"{step['step']} — {t('status_' + step['answer'], lang)}{basis}", []))
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
        rows.append(("interview", f"lang {case.interview.lang}; started {case.interview.started}; "
                                  f"updated {case.interview.updated}; finished {str(case.interview.finished).lower()}"))
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
    md = [f"# {t('report_title', lang)} — {t('case', lang)} {item['id']}", ""]
    first = danger_first(item, dict(case.facts), guideline, lang)
    if first:
        md += [f"> **⚠ {first}**", ""]
    md += [f"**{t('defender', lang)}:** {meta.defender or t('not_given', lang)}  ",
           f"**{t('centro_zonal', lang)}:** {meta.centro_zonal or t('not_given', lang)}  ",
           f"**{t('report_date', lang)}:** {local_time(meta.date, tz)}  "]
    if case.interview:
        md.append(f"**{t('interview_span', lang)}:** {local_time(case.interview.started, tz)} → "
                  f"{local_time(case.interview.updated, tz)}  ")
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
    md.append(f"| {t('col_done', lang)} | # | {t('col_when', lang)} | {t('col_who', lang)} | {t('col_contact', lang)} "
              f"| {t('col_why', lang)} |")
    md.append("|---|---|---|---|---|---|")
    for n, ref in enumerate(item["referrals"], 1):
        who = f"**{ref['institution']}**: {ref['action']} ({t('legal_basis', lang)}: {'; '.join(ref['basis'])})"
        md.append(f"| ☐ | {n} | {_cell(_deadline(ref, lang))} | {_cell(who)} | {_cell(', '.join(ref['contact']) or '—')} "
                  f"| {_cell(ref.get('because_text') or '')} |")
    if item["missing"]:
        md += ["", f"## {t('missing', lang)}", ""]
        md += [f"- {plain_question(guideline.facts[f].question[lang])}" for f in item["missing"] if f in guideline.facts]
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
        md += ["", f"## {t('answers', lang)}", "", f"| {t('col_question', lang)} | {t('col_answer', lang)} |", "|---|---|"]
        md += [f"| {_cell(q)} | {_cell(a)} |" for q, a in answers]
    history = _history(guideline, case, lang, tz)
    if history:
        md += ["", f"## {t('history', lang)}", "", f"| {t('col_time', lang)} | {t('col_question', lang)} "
               f"| {t('col_change', lang)} |", "|---|---|---|"]
        md += [f"| {_cell(w)} | {_cell(q)} | {_cell(c)} |" for w, q, c in history]
    md += ["", f"_{guideline.disclaimer[lang]}_", "", "---", "", f"## {t('appendix', lang)}", ""]
    md += [f"- {k}: `{v}`" for k, v in _appendix(item, case, guideline, lang)]
    md += ["", f"### {t('appendix_rules', lang)}", ""]
    md += [f"- `{rule}`: {answer}, {t('status_' + status, lang)}" for rule, answer, status in _appendix_rules(item)]
    md += ["", f"### {t('appendix_facts', lang)}", ""]
    md += [f"- `{fact}`: `{value}`" for fact, value in _facts_raw(case, guideline)]
    return "\n".join(md) + "\n"


# ---------------------------------------------------------------- HTML

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 11pt;
       line-height: 1.4; color: #111; max-width: 48em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: .3em; } h2 { font-size: 1.2em; margin-top: 1.4em; border-bottom: 1px solid #999; }
h3 { font-size: 1em; }
.alert { border: 3px solid #b00; padding: .6em .8em; font-weight: bold; color: #b00; }
table { border-collapse: collapse; width: 100%; margin: .5em 0; }
th, td { border: 1px solid #888; padding: .3em .4em; vertical-align: top; text-align: left; }
th { background: #eee; }
td.check { text-align: center; width: 2.2em; }
td.check input { width: 1.1em; height: 1.1em; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; }
dl.meta dt { font-weight: bold; } dl.meta dd { margin: 0; }
.summary { font-style: italic; } .disclaimer { font-style: italic; color: #333; }
.appendix { font-size: 9pt; color: #333; } code { font-family: ui-monospace, Menlo, Consolas, monospace; word-break: break-all; }
@page { margin: 15mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  tr, .alert, dl.meta { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .appendix { break-before: page; page-break-before: always; }
  th { background: none; }
}
""".strip()


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _table(headers: list[str], rows: list[list[str]], classes: list[str] | None = None) -> list[str]:
    """Rows are HTML already (escaped by the caller)."""
    out = ["<table>", "<thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in headers) + "</tr></thead>", "<tbody>"]
    for row in rows:
        cells = "".join(f'<td class="{classes[i]}">{c}</td>' if classes and classes[i] else f"<td>{c}</td>"
                        for i, c in enumerate(row))
        out.append(f"<tr>{cells}</tr>")
    return out + ["</tbody>", "</table>"]


def report_html(guideline: Guideline, case: Case, result: Result, lang: str, meta: ReportMeta) -> str:
    item = result_data(guideline, case, result, lang, None)
    tz = meta.tz
    title = f"{t('report_title', lang)} — {t('case', lang)} {item['id']}"
    h = ["<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
         '<meta name="viewport" content="width=device-width, initial-scale=1">', f"<title>{_e(title)}</title>",
         f"<style>\n{CSS}\n</style>", "</head>", "<body>", f"<h1>{_e(title)}</h1>"]
    first = danger_first(item, dict(case.facts), guideline, lang)
    if first:
        h.append(f'<p class="alert" role="alert">⚠ {_e(first)}</p>')
    h.append('<dl class="meta">')
    h.append(f"<dt>{_e(t('defender', lang))}</dt><dd>{_e(meta.defender or t('not_given', lang))}</dd>")
    h.append(f"<dt>{_e(t('centro_zonal', lang))}</dt><dd>{_e(meta.centro_zonal or t('not_given', lang))}</dd>")
    h.append(f"<dt>{_e(t('report_date', lang))}</dt><dd>{_e(local_time(meta.date, tz))}</dd>")
    if case.interview:
        span = f"{local_time(case.interview.started, tz)} → {local_time(case.interview.updated, tz)}"
        h.append(f"<dt>{_e(t('interview_span', lang))}</dt><dd>{_e(span)}</dd>")
    h.append("</dl>")
    h.append(f"<h2>{_e(t('qualification', lang))}: {_e(item['qualification_label'])}</h2>")
    if item.get("qualification_summary"):
        h.append(f'<p class="summary">{_e(item["qualification_summary"])}</p>')
    h.append(f"<p><strong>{_e(t('legal_basis', lang))}:</strong> {_e('; '.join(item['legal_basis']))}<br>"
             f"<strong>{_e(t('indicator', lang))}:</strong> {_e(t('level_' + item['indicator_level'], lang))}</p>")
    if item["concurrent"]:
        h.append(f"<p><strong>{_e(t('concurrent', lang))}:</strong></p><ul>"
                 + "".join(f"<li>{_e(guideline.codes[c].label[lang])}</li>" for c in item["concurrent"]) + "</ul>")
    if item["purposes"]:
        labels = guideline.facts[guideline.purposes_fact].labels
        h.append(f"<p><strong>{_e(t('purposes', lang))}:</strong> "
                 f"{_e(', '.join(labels[p][lang] for p in item['purposes']))}</p>")
    if item["aggravating_texts"]:
        h.append(f"<p><strong>{_e(t('aggravating', lang))}:</strong></p><ul>"
                 + "".join(f"<li>{_e(a)}</li>" for a in item["aggravating_texts"]) + "</ul>")
    h.append(f"<h2>{_e(t('referrals', lang))}</h2>")
    rows = []
    for n, ref in enumerate(item["referrals"], 1):
        who = (f"<strong>{_e(ref['institution'])}</strong><br>{_e(ref['action'])}<br>"
               f"<small>{_e(t('legal_basis', lang))}: {_e('; '.join(ref['basis']))}</small>")
        rows.append([f'<input type="checkbox" aria-label="{_e(t("col_done", lang))} {n}">', str(n),
                     _e(_deadline(ref, lang)), who, _e(", ".join(ref["contact"]) or "—"),
                     _e(ref.get("because_text") or "")])
    h += _table([t("col_done", lang), "#", t("col_when", lang), t("col_who", lang), t("col_contact", lang),
                 t("col_why", lang)], rows, ["check", "", "", "", "", ""])
    if item["missing"]:
        h.append(f"<h2>{_e(t('missing', lang))}</h2><ul>" + "".join(
            f"<li>{_e(plain_question(guideline.facts[f].question[lang]))}</li>" for f in item["missing"]
            if f in guideline.facts) + "</ul>")
    why = _why(item, lang)
    if why:
        h.append(f"<h2>{_e(t('why', lang))}</h2><ul>")
        for line, details in why:
            inner = "<ul>" + "".join(f"<li>{_e(d)}</li>" for d in details) + "</ul>" if details else ""
            h.append(f"<li>{_e(line)}{inner}</li>")
        h.append("</ul>")
    notes = list(item["notes"]) + ([t("inferred_note", lang)] if _inferred(item) else [])
    if notes:
        h.append(f"<h2>{_e(t('notes', lang))}</h2><ul>" + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul>")
    answers = _answers(guideline, case, lang)
    if answers:
        h.append(f"<h2>{_e(t('answers', lang))}</h2>")
        h += _table([t("col_question", lang), t("col_answer", lang)], [[_e(q), _e(a)] for q, a in answers])
    history = _history(guideline, case, lang, tz)
    if history:
        h.append(f"<h2>{_e(t('history', lang))}</h2>")
        h += _table([t("col_time", lang), t("col_question", lang), t("col_change", lang)],
                    [[_e(w), _e(q), _e(c)] for w, q, c in history])
    h.append(f'<p class="disclaimer">{_e(guideline.disclaimer[lang])}</p>')
    h.append('<section class="appendix">')
    h.append(f"<h2>{_e(t('appendix', lang))}</h2><ul>")
    h += [f"<li>{_e(k)}: <code>{_e(v)}</code></li>" for k, v in _appendix(item, case, guideline, lang)]
    h.append(f"</ul><h3>{_e(t('appendix_rules', lang))}</h3><ul>")
    h += [f"<li><code>{_e(r)}</code>: {_e(a)}, {_e(t('status_' + s, lang))}</li>" for r, a, s in _appendix_rules(item)]
    h.append(f"</ul><h3>{_e(t('appendix_facts', lang))}</h3><ul>")
    h += [f"<li><code>{_e(f)}</code>: <code>{_e(v)}</code></li>" for f, v in _facts_raw(case, guideline)]
    h += ["</ul>", "</section>", "</body>", "</html>"]
    return "\n".join(h) + "\n"


def render_report(path: Path, guideline: Guideline, case: Case, result: Result, lang: str, meta: ReportMeta) -> str:
    """HTML for a path ending in .html or .htm, Markdown otherwise."""
    if path.suffix.lower() in (".html", ".htm"):
        return report_html(guideline, case, result, lang, meta)
    return report_markdown(guideline, case, result, lang, meta)


def write_report(path: Path, guideline: Guideline, case: Case, result: Result, lang: str, meta: ReportMeta) -> None:
    save_file(path, render_report(path, guideline, case, result, lang, meta))
