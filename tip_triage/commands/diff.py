"""tip-triage diff --cases PATH --from A --to B: which cases a guideline change classifies differently.

Every case is evaluated under both guidelines; a case whose qualification,
concurrent offences, indicator level or referrals change is listed with the
rules that made the difference. Exit 1 when anything changed (for CI), 2 when a
case file is invalid, 0 when nothing changed.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from rich.padding import Padding
from rich.text import Text

from ..diffing import DIFF_VERSION, CaseChange, DiffSummary, compare, guideline_data
from ..engine import evaluate
from ..env import Env
from ..errors import TipTriageError
from ..exit_codes import ExitCode
from ..messages_es import in_language
from ..pipeline import Guidelines, load_task, task_name, tasks
from ..store import ValidatedCache
from ..textsafe import csv_cell, printable

CSV_COLUMNS = (
    "id",
    "file",
    "qualification_from",
    "qualification_to",
    "concurrent_from",
    "concurrent_to",
    "indicator_from",
    "indicator_to",
    "referrals_added",
    "referrals_removed",
    "rules",
)
WORDS = {
    "title": {"es": "Cambios de {a}", "en": "Changes from {a}"},
    "rules": {"es": "reglas", "en": "rules"},
    "totals": {
        "es": "{n} casos: {changed} cambian, {same} sin cambio, {errors} inválidos",
        "en": "{n} cases: {changed} changed, {same} unchanged, {errors} invalid",
    },
    "error": {"es": "error", "en": "error"},
    "to": {"es": "a", "en": "to"},
}
# the names of what changed, in the reader's language (the JSON and CSV keep the contract's English keys)
NAMES = {
    "es": {
        "qualification": "calificación",
        "concurrent": "concurrentes",
        "indicator_level": "nivel de indicios",
        "referrals": "remisiones",
        "referrals_added": "remisiones añadidas",
        "referrals_removed": "remisiones quitadas",
        "rules": "reglas",
        "order": "(orden)",
    },
    "en": {"order": "(order)"},
}


def _name(key: str, lang: str) -> str:
    return NAMES.get(lang, {}).get(key, key)


def _label(g: Any) -> str:
    return f"{g.id} {g.version} (sha256 {g.sha256[:12]})"


def run(cases: list[str], from_arg: str, to_arg: str, fmt: str, lang: str, env: Env) -> ExitCode:
    cache = ValidatedCache(env.environ)
    old, new = Guidelines(from_arg, cache), Guidelines(to_arg, cache)
    summary = DiffSummary()
    changes: list[CaseChange] = []
    errors: list[dict[str, str]] = []
    for task in tasks(cases, env.stdin):
        try:
            case = load_task(task)
            ga, gb = old.for_case(case), new.for_case(case)
        except TipTriageError as exc:
            summary.cases += 1
            summary.errors += 1
            errors.append({"file": task_name(task), **exc.as_dict()})
            continue
        change = compare(case.id, case.file, evaluate(ga, case.facts), evaluate(gb, case.facts))
        summary.add(change)
        if change is not None:
            changes.append(change)
    out = env.stdout.file
    if fmt == "json":
        out.write(
            json.dumps(
                {
                    "tip_triage_diff": DIFF_VERSION,
                    "from": guideline_data(old.default),
                    "to": guideline_data(new.default),
                    "changes": [c.as_data() for c in changes],
                    "errors": errors,
                    "summary": summary.as_data(),
                },
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
    elif fmt == "csv":
        _csv(changes, out)
    else:
        _text(changes, errors, summary, old.default, new.default, lang, env)
    out.flush()
    if errors:
        return ExitCode.BAD_INPUT
    return ExitCode.FINDINGS if changes else ExitCode.OK


def _csv(changes: list[CaseChange], out: Any) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for ch in changes:
        c = ch.changes
        q, k, i, r = (c.get(f, {}) for f in ("qualification", "concurrent", "indicator_level", "referrals"))
        row = [
            ch.id,
            ch.file or "",
            q.get("from", ""),
            q.get("to", ""),
            "|".join(k.get("from", [])),
            "|".join(k.get("to", [])),
            i.get("from", ""),
            i.get("to", ""),
            "|".join(r.get("added", [])),
            "|".join(r.get("removed", [])),
            "|".join(f"{x['rule']}:{x['from']}>{x['to']}" for x in ch.rules),
        ]
        writer.writerow([csv_cell(x) for x in row])
    out.write(buffer.getvalue())


def _lines(ch: CaseChange, lang: str = "en") -> list[str]:
    c = ch.changes
    lines = []
    if "qualification" in c:
        lines.append(f"{_name('qualification', lang)}: {c['qualification']['from']} → {c['qualification']['to']}")
    if "concurrent" in c:
        before, after = ", ".join(c["concurrent"]["from"]), ", ".join(c["concurrent"]["to"])
        lines.append(f"{_name('concurrent', lang)}: [{before}] → [{after}]")
    if "indicator_level" in c:
        level = c["indicator_level"]
        lines.append(f"{_name('indicator_level', lang)}: {level['from']} → {level['to']}")
    if "referrals" in c:
        r = c["referrals"]
        moved = " ".join([*(f"+{x}" for x in r["added"]), *(f"-{x}" for x in r["removed"])])
        lines.append(f"{_name('referrals', lang)}: {moved or _name('order', lang)}")
    return lines


def _text(
    changes: list[CaseChange], errors: list[dict[str, str]], summary: DiffSummary, a: Any, b: Any, lang: str, env: Env
) -> None:
    out = env.stdout

    def say(text: str, style: str | None = None, indent: int = 0) -> None:
        # wrapped at spaces to the terminal, continuation lines indented; an id or a path is never cut
        # unless it is wider than the whole line
        shown = Text(printable(text), style=style or "", overflow="fold")
        out.print(Padding(shown, (0, 0, 0, indent), expand=False) if indent else shown, highlight=False)

    say(WORDS["title"][lang].format(a=_label(a)), "bold")  # the guidelines on two lines: each is 40 columns
    say(f"{WORDS['to'][lang]} {_label(b)}", "bold", 2)
    for ch in changes:
        say("")
        say(ch.id, "bold")
        if ch.file:  # on a line of its own and never cut, even wider than the terminal: it can be copied whole
            out.print(Text(f"  {printable(ch.file)}", style="dim"), soft_wrap=True, highlight=False)
        for line in _lines(ch, lang):
            say(line, None, 2)
        for rule in ch.rules:
            say(f"{WORDS['rules'][lang]}: {rule['rule']}: {rule['from']} → {rule['to']}", None, 4)
    for err in errors:
        message = in_language(err["message"], lang)
        say(f"{WORDS['error'][lang]}: {err['location'] or err['file']}: {message}", "red")
    data = summary.as_data()
    say("")
    for key in ("qualification", "indicator_level", "referrals_added", "referrals_removed", "rules"):
        for name, count in data[key].items():
            say(f"{_name(key, lang)}: {name}: {count}")
    say(
        WORDS["totals"][lang].format(
            n=summary.cases,
            changed=summary.changed,
            same=summary.cases - summary.changed - summary.errors,
            errors=summary.errors,
        )
    )
