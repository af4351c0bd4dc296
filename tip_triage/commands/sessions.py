"""tip-triage sessions: list saved interviews (unfinished and finished), delete one (after asking)."""

from __future__ import annotations

import textwrap

from rich import box
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from ..casefile import load_case
from ..engine import evaluate, next_question
from ..env import Env
from ..errors import TipTriageError
from ..exit_codes import ExitCode
from ..i18n import t
from ..language import command, env_lang
from ..loader import load_pinned
from ..model import Guideline
from ..render.interview_screens import command_lines
from ..store import ValidatedCache, find_session, list_sessions, load_session, session_lock
from ..textsafe import printable
from .localize import in_language, localized

YES = {"s", "si", "sí", "y", "yes"}


OPEN_ELSEWHERE = {"es": "abierta en otra terminal", "en": "open in another terminal"}
# The saved interview does not keep where to write the case file and the report: the command printed on Ctrl-C
# repeats those options; this list cannot (it is one command for every interview), so it says so.
OUTPUTS_AGAIN = {
    "es": "Si la empezó con --save, --report o --guideline, repítalos: la entrevista no los guarda"
    " (el comando que se muestra al interrumpirla ya los lleva).",
    "en": "If you started it with --save, --report or --guideline, give them again: the interview does not keep them"
    " (the command shown when it was interrupted has them).",
}


def run(
    delete: str | None,
    lang: str | None,
    env: Env,
    yes: bool = False,
    purge: bool = False,
    older_than: str | None = None,
) -> ExitCode:
    lang = lang or env_lang(env.environ)
    with in_language(lang, env.environ):
        if purge or older_than:
            return _purge(purge, older_than, env, lang)
        if delete:
            return _delete(delete, lang, env, yes)
        return _list(lang, env)


def _delete(wanted: str, lang: str, env: Env, yes: bool) -> ExitCode:
    found = find_session(env.environ, wanted)
    if not yes:
        if not env.is_interactive():
            raise TipTriageError(t("confirm_needs_yes", lang), "sessions --delete", "usage")
        try:
            case_id = load_case(str(found.path)).id
        except TipTriageError:
            case_id = "—"
        env.stdout.print(
            t("confirm_delete", lang).format(id=found.id, case=case_id),
            end="",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        answer = env.stdin.readline().strip().lower()
        if answer not in YES:
            env.stdout.print(t("not_deleted", lang), markup=False, highlight=False)
            return ExitCode.OK
    try:
        with session_lock(found.path):
            found.path.unlink()
            # the interview is gone: its lock can go too (a terminal that opens it now finds no interview)
            found.path.with_suffix(".lock").unlink(missing_ok=True)
    except OSError as exc:
        raise TipTriageError(f"{t('io_delete', lang)} ({exc.strerror})", str(found.path), "io") from None
    env.stdout.print(f"{t('deleted', lang)}: {found.id}", markup=False, highlight=False)
    return ExitCode.OK


def _list(lang: str, env: Env) -> ExitCode:
    # 80 columns: the id column never breaks (a case reference over its session id), the date
    # over its time, and the words of the other columns wrap at spaces only.
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(t("col_interview", lang), no_wrap=True)
    table.add_column(t("col_saved", lang), no_wrap=True)
    table.add_column(t("stage", lang), overflow="fold", min_width=len(t("stage", lang)), ratio=1)
    table.add_column(
        t("qualification_short", lang), overflow="fold", min_width=len(t("qualification_short", lang)), ratio=1
    )
    guidelines: dict[str | None, Guideline] = {}
    count = 0
    for session in list_sessions(env.environ):
        count += 1
        try:
            with session_lock(session.path):
                case = load_session(session.path)
            if case.guideline not in guidelines:
                guidelines[case.guideline] = load_pinned(case.guideline, ValidatedCache(env.environ))
            guideline = guidelines[case.guideline]
        except TipTriageError as exc:
            if exc.code == "locked" and "another terminal" in exc.message:
                table.add_row(escape(printable(session.id)), "", "", OPEN_ELSEWHERE[lang])
                continue
            table.add_row(
                escape(printable(session.id)),
                "",
                Text(t("unreadable", lang), style="red"),
                escape(printable(exc.message)),
            )
            continue
        interview = case.interview
        asked = interview.asked if interview else ()
        finished = bool(interview and interview.finished)
        question = None if finished else next_question(guideline, case.facts, asked)
        if finished:
            stage_text = t("finished_status", lang)
        else:
            stage_text = "—" if question is None else guideline.stage(question.stage).title[lang]
        result = evaluate(guideline, case.facts) if case.facts or asked else None
        # an unfinished interview that has not reached the questions on trafficking says so: "no offence
        # indicated" would read as a finding (the interview's own header shows the same, render.interview_screens)
        screening = guideline.screening_code
        screened = result is not None and any(
            s != "silent" for r, s in result.rule_status.items() if guideline.rule(r).code == screening
        )
        if result is None or not (finished or screened or result.qualification != guideline.nothing_indicated):
            qualification = t("level_unassessed", lang)
        else:
            qualification = guideline.codes[result.qualification].label[lang]
        ident = printable(session.id) if case.id == session.id else f"{printable(case.id)}\n{printable(session.id)}"
        updated = (interview.updated if interview else "")[:16].replace("T", "\n")
        table.add_row(escape(ident), updated, escape(stage_text), escape(qualification))
    if count == 0:
        env.stdout.print(t("no_sessions", lang), highlight=False)
        return ExitCode.OK
    env.stdout.print(table)
    for key, args in (
        ("sessions_resume", ("triage", "--resume", "ID")),
        ("sessions_delete", ("sessions", "--delete", "ID")),
    ):
        env.stdout.print(t(key, lang), markup=False, highlight=False)
        for line in command_lines(command(env.environ, *args), env.stdout.width):
            env.stdout.print(line, markup=False, highlight=False, soft_wrap=True)
        if key == "sessions_resume":  # cut at spaces short of the last column: never a word across two rows
            for line in textwrap.wrap(OUTPUTS_AGAIN[lang], max(40, env.stdout.width - 1)):
                env.stdout.print(line, markup=False, highlight=False, soft_wrap=True)
    return ExitCode.OK


PURGE = {
    "es": {
        "both": "use --purge junto con --older-than, por ejemplo --purge --older-than 90d",
        "deleted": "borrada",
        "kept": "abierta en otra terminal: se conserva",
        "skipped": "se omite",
        "total": "{d} borradas, {k} conservadas (abiertas en otra terminal)",
        "total_skipped": ", {s} omitidas",
    },
    "en": {
        "both": "use --purge together with --older-than, e.g. --purge --older-than 90d",
        "deleted": "deleted",
        "kept": "open in another terminal: kept",
        "skipped": "skipped",
        "total": "{d} deleted, {k} kept (open elsewhere)",
        "total_skipped": ", {s} skipped",
    },
}


def _purge(purge: bool, older_than: str | None, env: Env, lang: str) -> ExitCode:
    """sessions --purge --older-than 90d: delete interviews not saved for that long (both options are needed)."""
    from ..store import purge_sessions

    words = PURGE[lang]
    if not (purge and older_than):
        raise TipTriageError(words["both"], "sessions", "usage")
    days = parse_days(older_than, lang)
    deleted, busy, skipped = purge_sessions(env.environ, days, env.now().timestamp())
    for name in deleted:
        env.stdout.print(f"{words['deleted']}: {printable(name)}", markup=False, highlight=False)
    for name in busy:
        env.stderr.print(f"{printable(name)}: {words['kept']}", markup=False, highlight=False)
    for error in skipped:  # not a saved interview (a folder, a FIFO…) or not deletable: in the words `sessions` uses
        start = "cannot be deleted"
        message = localized(error, lang, env.environ).message
        message = t("io_delete", lang) + message[len(start) :] if message.startswith(start) else message
        line = f"{printable(error.location)}: {printable(message)}: {words['skipped']}"
        env.stderr.print(line, markup=False, highlight=False, soft_wrap=True)
    total = words["total"].format(d=len(deleted), k=len(busy))
    total += words["total_skipped"].format(s=len(skipped)) if skipped else ""
    env.stdout.print(total, markup=False, highlight=False)
    return ExitCode.OK


def parse_days(text: str, lang: str = "en") -> float:
    """'90d', '12w', '36h' or a plain number of days."""
    import re

    match = re.fullmatch(r"\s*(\d{1,6})\s*([dwh]?)\s*", text)
    if not match:
        raise TipTriageError(
            {
                "es": "debe ser un número de días, semanas u horas: 90d, 12w, 36h",
                "en": "must be a number of days, weeks or hours: 90d, 12w, 36h",
            }[lang],
            "--older-than",
            "usage",
        )
    value = int(match.group(1))
    return {"": value, "d": value, "w": value * 7, "h": value / 24}[match.group(2)]
