"""The end of a class exercise (`triage --exercise`): the trainee's conclusions next to the expected ones, then
each answer that differed from the case's facts and what it changed, in the reader's words.

What an answer "changed" on screen is a chain, in the order of the interview: from the result of the case's own
facts, each differing answer is added to the ones before it, and its lines say what that step changed. The steps
add up to the trainee's final result, so an answer that undoes an earlier one says so, and a change that is not
in the final result is marked. (The saved file keeps its own contract: each difference alone, in codes.)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..model import Guideline
from ..readable import LEVELS, value_text
from .text import Hanging, code_label

Summary = Mapping[str, Any]


def differences(before: Summary, after: Summary) -> list[tuple[str, ...]]:
    """What differs between two result summaries, as (kind, …) tuples: ("qualification", old, new),
    ("concurrent_gone", code), ("concurrent_new", code), ("referrals_gone", id), ("referrals_new", id),
    ("indicator", old, new), in that order."""
    out: list[tuple[str, ...]] = []
    if before["qualification"] != after["qualification"]:
        out.append(("qualification", before["qualification"], after["qualification"]))
    for key in ("concurrent", "referrals"):
        out += [(f"{key}_gone", x) for x in before[key] if x not in after[key]]
        out += [(f"{key}_new", x) for x in after[key] if x not in before[key]]
    if before["indicator_level"] != after["indicator_level"]:
        out.append(("indicator", before["indicator_level"], after["indicator_level"]))
    return out


def kept(change: tuple[str, ...], final: Summary) -> bool:
    """Whether a change is still there in the final result (a later answer may have undone it)."""
    kind = change[0]
    if kind == "qualification":
        return bool(final["qualification"] == change[2])
    if kind == "indicator":
        return bool(final["indicator_level"] == change[2])
    key, _, how = kind.rpartition("_")
    return (change[1] in final[key]) == (how == "new")


def referral_label(g: Guideline, ref_id: str, lang: str) -> str:
    """A referral in the reader's words: the guideline's checklist line (its `task`), else its institution."""
    ref = next((r for r in g.referrals if r.id == ref_id), None)
    if ref is None:
        return ref_id
    return (ref.task or ref.institution)[lang]


def in_guideline_order(g: Guideline, ids: Iterable[str]) -> list[str]:
    order = {r.id: n for n, r in enumerate(g.referrals)}
    return sorted(ids, key=lambda x: (order.get(x, len(order)), x))


def change_lines(
    g: Guideline, w: Mapping[str, str], before: Summary, after: Summary, final: Summary, lang: str
) -> list[str]:
    """One line per change from `before` to `after`, in the reader's words; marked when not in `final`."""
    out = []
    for change in differences(before, after):
        kind = change[0]
        if kind == "qualification":
            line = f"{w['qualification_change']}: {code_label(g, change[1], lang)} → {code_label(g, change[2], lang)}"
        elif kind == "indicator":
            line = f"{w['indicator_change']}: {LEVELS[lang].get(change[1], change[1])} → {LEVELS[lang].get(change[2], change[2])}"
        else:
            label = code_label if kind.startswith("concurrent") else referral_label
            line = f"{w[kind]}: {label(g, change[1], lang)}"
        out.append(line if kept(change, final) else f"{line} ({w['undone']})")
    return out


def _codes(g: Guideline, w: Mapping[str, str], codes: list[str], lang: str) -> str:
    return ", ".join(code_label(g, c, lang) for c in codes) or w["none"]


def _referrals_cell(g: Guideline, w: Mapping[str, str], mine: list[str], exp: list[str] | None, lang: str) -> Group:
    """One referral a line, wrapped under its text; for the trainee's column, the extra ones marked and the
    missing ones listed below."""
    rows: list[Any] = []
    for r in in_guideline_order(g, mine):
        extra = exp is not None and r not in exp
        rows.append(Hanging("• ", referral_label(g, r, lang) + (f" ({w['extra_one']})" if extra else "")))
    if not rows:
        rows.append(Text(w["none"]))
    missing = [r for r in exp if r not in mine] if exp is not None else []
    if missing:
        rows.append(Text(f"{w['missing']}:"))
        rows += [Hanging("  • ", referral_label(g, r, lang)) for r in in_guideline_order(g, missing)]
    return Group(*rows)


def show(report: Mapping[str, Any], g: Guideline, w: Mapping[str, str], lang: str, out: Console) -> None:
    exp, mine = report["expected"], report["yours"]
    table = Table(title=w["compare"], box=box.SIMPLE_HEAD, pad_edge=False, show_lines=True)
    table.add_column("", overflow="fold", ratio=2)
    table.add_column(w["yours"], overflow="fold", ratio=3)
    table.add_column(w["expected"], overflow="fold", ratio=3)
    mark = lambda same: "" if same else " ✗"  # noqa: E731
    table.add_row(
        w["qualification"],
        code_label(g, mine["qualification"], lang) + mark(mine["qualification"] == exp["qualification"]),
        code_label(g, exp["qualification"], lang),
    )
    table.add_row(
        w["concurrent"],
        _codes(g, w, mine["concurrent"], lang) + mark(mine["concurrent"] == exp["concurrent"]),
        _codes(g, w, exp["concurrent"], lang),
    )
    level_words = LEVELS[lang]
    table.add_row(
        w["indicator"],
        level_words[mine["indicator_level"]] + mark(mine["indicator_level"] == exp["indicator_level"]),
        level_words[exp["indicator_level"]],
    )
    table.add_row(
        w["referrals"],
        _referrals_cell(g, w, mine["referrals"], exp["referrals"], lang),
        _referrals_cell(g, w, exp["referrals"], None, lang),
    )
    out.print(table)
    out.print(Text(w["match"] if report["met"] else w["mismatch"], style="bold green" if report["met"] else "bold red"))
    steps = report["steps"]
    if not steps:
        out.print(Text(w["no_diff"]))
        return
    out.print(Text(w["answers"], style="bold underline"))
    out.print(Hanging("", w["answers_how"]))
    for step in steps:  # one block per answer: a table would interleave long questions at 80 columns
        out.print(Hanging("• ", g.facts[step["fact"]].question[lang], style="bold"))
        yours, theirs = (value_text(g, step["fact"], step[k], lang) for k in ("yours", "scenario"))
        out.print(Hanging("  ", f"{w['answer']}: {yours} · {w['fact']}: {theirs}"))
        _block(out, "  ", w["changed"], change_lines(g, w, step["before"], step["after"], mine, lang), w)
    if len(steps) > 1:  # the steps together: the final result against the case's own
        _block(out, "", w["total"], change_lines(g, w, report["scenario_result"], mine, mine, lang), w)


def _block(out: Console, margin: str, heading: str, lines: list[str], w: Mapping[str, str]) -> None:
    if not lines:
        out.print(Hanging(f"{margin}{heading}: ", w["nothing"], indent=len(margin) + 2))
        return
    out.print(Text(f"{margin}{heading}:"))
    for line in lines:  # one change a line, wrapped at spaces under its text
        out.print(Hanging(f"{margin}  • ", line))
