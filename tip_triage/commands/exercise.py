"""tip-triage triage --exercise SCENARIO: a class exercise on a scripted case.

The trainee reads the scenario's narrative, answers the interview, and then sees
their conclusions next to the scenario's expectations, which answers differed
from the scenario's facts, and what each of those differences changed. Nothing
goes to the saved interviews (it is not a real case); `--save` writes the
trainee's results for the trainer (owner-only).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from ..engine import evaluate
from ..env import Env
from ..errors import TipTriageError
from ..exit_codes import ExitCode
from ..interview import Session, start_state
from ..loader import load_guideline, load_pinned
from ..model import Case, Guideline, Result
from ..readable import LEVELS, value_text
from ..render.interview_screens import reading_panel
from ..render.text import Hanging
from ..scenarios import Scenario, load_file
from ..store import ValidatedCache, dump_yaml, save_file
from .exercise_words import W  # noqa: E402 - the exercise's words, es and en


def pick(arg: str, lang: str) -> Scenario:
    """The scenario named by FILE or FILE#N."""
    path, _, number = arg.partition("#")
    scenarios = load_file(path)
    if number:
        if not number.isdecimal() or not 1 <= int(number) <= len(scenarios):
            raise TipTriageError(W[lang]["pick"].format(n=len(scenarios)), arg, "usage")
        return scenarios[int(number) - 1]
    if len(scenarios) > 1:
        raise TipTriageError(W[lang]["pick"].format(n=len(scenarios)), arg, "usage")
    return scenarios[0]


def run(*, scenario_arg: str, lang: str, save_path: str | None, guideline_arg: str | None, env: Env) -> ExitCode:
    w = W[lang]
    if not env.is_interactive() and env.prompter is None:
        from .triage import no_tty_message

        raise TipTriageError(no_tty_message(lang, dict(env.environ)), "triage", "no_tty")
    scenario = pick(scenario_arg, lang)
    case = scenario.case
    if not case.narrative:
        raise TipTriageError(w["no_narrative"], scenario.where, "usage")
    cache = ValidatedCache(env.environ)
    guideline = load_guideline(guideline_arg, cache) if guideline_arg else load_pinned(case.guideline, cache)
    # the title in the reader's words ("Ejercicio: …"), the scenario's name as the trainer wrote it, wrapped at spaces
    title = f"{w['exercise']}: {scenario.name}"
    panel = reading_panel(title, case.narrative[lang], w["read"], env.stdout.width, w["narrative"])
    env.stdout.print(panel, crop=False)
    stamp = env.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    state = start_state(guideline, None, f"exercise-{case.id}", lang, stamp)
    out_path = Path(save_path) if save_path else None
    if out_path is not None:  # before the exercise, not after it
        from ..safewrite import check_output

        check_output(out_path)

    def save(current: Case) -> None:  # an exercise is not a case: only --save keeps it, and only at the end
        return None

    if env.prompter is None:
        from ..prompts import QuestionaryPrompter

        env.prompter = QuestionaryPrompter()
    session = Session(guideline, state, env.prompter, env.stdout, save, env.now)
    try:
        answered = session.run()
    except (KeyboardInterrupt, EOFError):
        env.stderr.print(w["interrupted"], markup=False, highlight=False, soft_wrap=True)
        return ExitCode.INTERRUPTED
    report = compare(guideline, case, answered, lang)
    show(report, guideline, lang, env)
    if out_path is not None:
        save_file(out_path, dump_yaml(saved_data(guideline, scenario, answered, report, lang, stamp)))
        # the path on a line of its own, never cut (as triage prints the files it saved): it can be copied whole
        env.stdout.print(f"{w['saved']}:\n  {out_path}", markup=False, highlight=False, soft_wrap=True)
    return ExitCode.OK


def _expected(case: Case, scripted: Result) -> dict[str, Any]:
    """What the scenario expects: its expect block, or what its own facts give where it says nothing."""
    expect = dict(case.expect or {})
    return {
        "qualification": expect.get("qualification", scripted.qualification),
        "concurrent": sorted(expect.get("concurrent", scripted.concurrent)),
        "indicator_level": expect.get("indicator_level", scripted.indicator_level),
        "referrals": sorted(expect.get("referrals_include", [r.id for r in scripted.referrals])),
    }


def _summary(result: Result) -> dict[str, Any]:
    return {
        "qualification": result.qualification,
        "concurrent": sorted(result.concurrent),
        "indicator_level": result.indicator_level,
        "referrals": sorted(r.id for r in result.referrals),
    }


def _changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """Short, value-free words for what differs between two result summaries (the saved file's contract: English
    words and codes; the screen says the same in the reader's words, `change_lines`)."""
    out = []
    if before["qualification"] != after["qualification"]:
        out.append(f"qualification {before['qualification']} → {after['qualification']}")
    for key in ("concurrent", "referrals"):
        gone = [x for x in before[key] if x not in after[key]]
        new = [x for x in after[key] if x not in before[key]]
        out += [f"-{x}" for x in gone] + [f"+{x}" for x in new]
    if before["indicator_level"] != after["indicator_level"]:
        out.append(f"indicator {before['indicator_level']} → {after['indicator_level']}")
    return out


def change_lines(g: Guideline, before: Mapping[str, Any], after: Mapping[str, Any], lang: str) -> list[str]:
    """What `_changes` says, for the screen: the reader's words and the codes' labels (referrals by their id)."""
    w = W[lang]
    out = []
    if before["qualification"] != after["qualification"]:
        old, new = _label(g, before["qualification"], lang), _label(g, after["qualification"], lang)
        out.append(f"{w['qualification_change']}: {old} → {new}")
    for key in ("concurrent", "referrals"):
        shown = (lambda x: _label(g, x, lang)) if key == "concurrent" else str
        out += [f"{w[key + '_gone']}: {shown(x)}" for x in before[key] if x not in after[key]]
        out += [f"{w[key + '_new']}: {shown(x)}" for x in after[key] if x not in before[key]]
    if before["indicator_level"] != after["indicator_level"]:
        old, new = (LEVELS[lang].get(s["indicator_level"], s["indicator_level"]) for s in (before, after))
        out.append(f"{w['indicator_change']}: {old} → {new}")
    return out


def compare(g: Guideline, case: Case, answered: Case, lang: str) -> dict[str, Any]:
    scripted = evaluate(g, case.facts)
    trainee = evaluate(g, answered.facts)
    base = _summary(scripted)
    asked = set(answered.interview.asked) if answered.interview else set(answered.facts)
    differing = []
    for stage in g.stages:
        for q in stage.questions:
            mine, theirs = answered.facts.get(q.fact), case.facts.get(q.fact)
            if mine == theirs or (q.fact not in asked and mine is None):
                continue  # the same, or not asked (it did not matter to the interview)
            changed = dict(case.facts)
            if mine is None:
                changed.pop(q.fact, None)
            else:
                changed[q.fact] = mine
            after = _summary(evaluate(g, changed))
            differing.append(
                {"fact": q.fact, "yours": mine, "scenario": theirs, "changed": _changes(base, after), "after": after}
            )
    expected = _expected(case, scripted)
    yours = _summary(trainee)
    met = (
        yours["qualification"] == expected["qualification"]
        and yours["indicator_level"] == expected["indicator_level"]
        and (case.expect is None or "concurrent" not in case.expect or yours["concurrent"] == expected["concurrent"])
        and set(expected["referrals"]) <= set(yours["referrals"])
    )
    # "scenario_result" and each difference's "after": for the screen's words only, never saved
    return {"expected": expected, "yours": yours, "differing": differing, "met": met, "scenario_result": base}


def _label(g: Guideline, code: str, lang: str) -> str:
    return g.codes[code].label[lang] if code in g.codes else code


def _codes(g: Guideline, codes: list[str], lang: str) -> str:
    return ", ".join(_label(g, c, lang) for c in codes) or W[lang]["none"]


def show(report: Mapping[str, Any], g: Guideline, lang: str, env: Env) -> None:
    w = W[lang]
    exp, mine = report["expected"], report["yours"]
    table = Table(title=w["compare"], box=box.SIMPLE_HEAD, pad_edge=False, show_lines=True)
    table.add_column("", overflow="fold", ratio=2)
    table.add_column(w["yours"], overflow="fold", ratio=3)
    table.add_column(w["expected"], overflow="fold", ratio=3)
    mark = lambda same: "" if same else " ✗"  # noqa: E731
    table.add_row(
        w["qualification"],
        g.codes[mine["qualification"]].label[lang] + mark(mine["qualification"] == exp["qualification"]),
        g.codes[exp["qualification"]].label[lang],
    )
    table.add_row(
        w["concurrent"],
        _codes(g, mine["concurrent"], lang) + mark(mine["concurrent"] == exp["concurrent"]),
        _codes(g, exp["concurrent"], lang),
    )
    level_words = LEVELS[lang]
    table.add_row(
        w["indicator"],
        level_words[mine["indicator_level"]] + mark(mine["indicator_level"] == exp["indicator_level"]),
        level_words[exp["indicator_level"]],
    )
    missing = [r for r in exp["referrals"] if r not in mine["referrals"]]
    extra = [r for r in mine["referrals"] if r not in exp["referrals"]]
    ref_text = ", ".join(mine["referrals"]) or w["none"]
    if missing:
        ref_text += f"\n{w['missing']}: {', '.join(missing)}"
    if extra:
        ref_text += f"\n{w['extra']}: {', '.join(extra)}"
    table.add_row(w["referrals"], ref_text, ", ".join(exp["referrals"]) or w["none"])
    env.stdout.print(table)
    env.stdout.print(
        Text(w["match"] if report["met"] else w["mismatch"], style="bold green" if report["met"] else "bold red")
    )
    if not report["differing"]:
        env.stdout.print(Text(w["no_diff"]))
        return
    env.stdout.print(Text(w["answers"], style="bold underline"))
    for d in report["differing"]:  # one block per answer: a table would interleave long questions at 80 columns
        env.stdout.print(Hanging("• ", g.facts[d["fact"]].question[lang], style="bold"))
        yours, theirs = (value_text(g, d["fact"], d[k], lang) for k in ("yours", "scenario"))
        env.stdout.print(Hanging("  ", f"{w['answer']}: {yours} · {w['fact']}: {theirs}"))
        lines = change_lines(g, report["scenario_result"], d["after"], lang)
        if not lines:
            env.stdout.print(Hanging(f"  {w['changed']}: ", w["nothing"], indent=4))
            continue
        env.stdout.print(Text(f"  {w['changed']}:"))
        for line in lines:  # one change a line, wrapped at spaces under its text
            env.stdout.print(Hanging("    • ", line))


def _plain(value: Any) -> Any:
    return sorted(value) if isinstance(value, (set, frozenset)) else value


def saved_data(
    g: Guideline, scenario: Scenario, answered: Case, report: Mapping[str, Any], lang: str, started: str
) -> dict[str, Any]:
    return {
        "tip_triage_exercise": 1,
        "scenario": {"file": scenario.where, "id": scenario.case.id, "name": scenario.name},
        "guideline": {"id": g.id, "version": g.version, "sha256": g.sha256},
        "lang": lang,
        "started": started,
        "met": report["met"],
        "answers": {k: _plain(v) for k, v in answered.facts.items()},
        "asked": list(answered.interview.asked) if answered.interview else [],
        "yours": report["yours"],
        "expected": report["expected"],
        "differing_answers": [  # the contract's English words and codes, whatever the screen's language
            {"fact": d["fact"], "yours": _plain(d["yours"]), "scenario": _plain(d["scenario"]), "changed": d["changed"]}
            for d in report["differing"]
        ],
    }
