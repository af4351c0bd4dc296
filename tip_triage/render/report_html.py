"""The report for the expediente as one self-contained, printable HTML file (A4 or letter).

The same sections as the Markdown report (`report.py`), from the same helpers.
"""

from __future__ import annotations

import html
from typing import Any

from ..i18n import t
from ..model import Case, Guideline, Result
from ..textsafe import printable_text
from .data import plain_question, result_data
from .interview_screens import danger_first
from .report import (
    ReportMeta,
    _answers,
    _appendix,
    _appendix_rules,
    _deadline,
    _facts_raw,
    _history,
    _inferred,
    _why,
    local_time,
)

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
    """Text as HTML: escaped, and with no raw control character (an id's ESC, BEL: shown as \\x1b, \\x07)."""
    return html.escape(printable_text(text), quote=True)


def _table(headers: list[str], rows: list[list[str]], classes: list[str] | None = None) -> list[str]:
    """Rows are HTML already (escaped by the caller)."""
    out = ["<table>", "<thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in headers) + "</tr></thead>", "<tbody>"]
    for row in rows:
        cells = "".join(
            f'<td class="{classes[i]}">{c}</td>' if classes and classes[i] else f"<td>{c}</td>"
            for i, c in enumerate(row)
        )
        out.append(f"<tr>{cells}</tr>")
    return out + ["</tbody>", "</table>"]


def report_html(guideline: Guideline, case: Case, result: Result, lang: str, meta: ReportMeta) -> str:
    item = result_data(guideline, case, result, lang, None)
    tz = meta.tz
    title = f"{t('report_title', lang)} — {t('case', lang)} {item['id']}"
    h = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(title)}</h1>",
    ]
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
    h.append(
        f"<p><strong>{_e(t('legal_basis', lang))}:</strong> {_e('; '.join(item['legal_basis']))}<br>"
        f"<strong>{_e(t('indicator', lang))}:</strong> {_e(t('level_' + item['indicator_level'], lang))}</p>"
    )
    if item["concurrent"]:
        h.append(
            f"<p><strong>{_e(t('concurrent', lang))}:</strong></p><ul>"
            + "".join(f"<li>{_e(guideline.codes[c].label[lang])}</li>" for c in item["concurrent"])
            + "</ul>"
        )
    if item["purposes"]:
        labels = guideline.facts[guideline.purposes_fact].labels
        h.append(
            f"<p><strong>{_e(t('purposes', lang))}:</strong> "
            f"{_e(', '.join(labels[p][lang] for p in item['purposes']))}</p>"
        )
    if item["aggravating_texts"]:
        h.append(
            f"<p><strong>{_e(t('aggravating', lang))}:</strong></p><ul>"
            + "".join(f"<li>{_e(a)}</li>" for a in item["aggravating_texts"])
            + "</ul>"
        )
    h.append(f"<h2>{_e(t('referrals', lang))}</h2>")
    rows = []
    for n, ref in enumerate(item["referrals"], 1):
        who = (
            f"<strong>{_e(ref['institution'])}</strong><br>{_e(ref['action'])}<br>"
            f"<small>{_e(t('legal_basis', lang))}: {_e('; '.join(ref['basis']))}</small>"
        )
        rows.append(
            [
                f'<input type="checkbox" aria-label="{_e(t("col_done", lang))} {n}">',
                str(n),
                _e(_deadline(ref, lang)),
                who,
                _e(", ".join(ref["contact"]) or "—"),
                _e(ref.get("because_text") or ""),
            ]
        )
    h += _table(
        [t("col_done", lang), "#", t("col_when", lang), t("col_who", lang), t("col_contact", lang), t("col_why", lang)],
        rows,
        ["check", "", "", "", "", ""],
    )
    if item["missing"]:
        h.append(
            f"<h2>{_e(t('missing', lang))}</h2><ul>"
            + "".join(
                f"<li>{_e(plain_question(guideline.facts[f].question[lang]))}</li>"
                for f in item["missing"]
                if f in guideline.facts
            )
            + "</ul>"
        )
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
        h += _table(
            [t("col_time", lang), t("col_question", lang), t("col_change", lang)],
            [[_e(w), _e(q), _e(c)] for w, q, c in history],
        )
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
