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

from ..engine import evaluate
from ..env import Env
from ..errors import TipTriageError
from ..exit_codes import ExitCode
from ..interview import Session, start_state
from ..loader import load_guideline, load_pinned
from ..model import Case, Guideline, Result
from ..render.exercise_screen import differences, show
from ..render.interview_screens import reading_panel
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
    show(report, guideline, w, lang, env.stdout)
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
    words and codes; the screen says it in the reader's words, render/exercise_screen.py)."""
    out = []
    for change in differences(before, after):
        kind = change[0]
        if kind in ("qualification", "indicator"):
            out.append(f"{kind} {change[1]} → {change[2]}")
        else:
            out.append(("+" if kind.endswith("_new") else "-") + change[1])
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
            after = _summary(evaluate(g, changed))  # this difference alone, for the saved file
            differing.append({"fact": q.fact, "yours": mine, "scenario": theirs, "changed": _changes(base, after)})
    expected = _expected(case, scripted)
    yours = _summary(trainee)
    steps = _chain(g, case, answered, differing, base)
    met = (
        yours["qualification"] == expected["qualification"]
        and yours["indicator_level"] == expected["indicator_level"]
        and (case.expect is None or "concurrent" not in case.expect or yours["concurrent"] == expected["concurrent"])
        and set(expected["referrals"]) <= set(yours["referrals"])
    )
    # "scenario_result" and "steps": for the screen's words only, never saved
    return {
        "expected": expected, "yours": yours, "differing": differing, "met": met,
        "scenario_result": base, "steps": steps,
    }  # fmt: skip


def _chain(
    g: Guideline, case: Case, answered: Case, differing: list[dict[str, Any]], base: dict[str, Any]
) -> list[dict[str, Any]]:
    """The differing answers in the order of the interview, each added to the case's facts after the ones before
    it: what each changed at its turn (its "before" and "after"), so that the steps add up to the final result
    and an answer that undoes an earlier one shows it."""
    asked = list(answered.interview.asked) if answered.interview else []
    stage_order = [q.fact for stage in g.stages for q in stage.questions]
    position = {f: (asked.index(f) if f in asked else len(asked) + stage_order.index(f)) for f in stage_order}
    facts, before, steps = dict(case.facts), base, []
    for d in sorted(differing, key=lambda d: position[d["fact"]]):
        if d["yours"] is None:
            facts.pop(d["fact"], None)
        else:
            facts[d["fact"]] = d["yours"]
        after = _summary(evaluate(g, facts))
        steps.append(
            {"fact": d["fact"], "yours": d["yours"], "scenario": d["scenario"], "before": before, "after": after}
        )
        before = after
    return steps


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
