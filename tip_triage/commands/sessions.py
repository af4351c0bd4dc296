"""tip-triage sessions: list saved interviews (unfinished and finished), delete one (after asking)."""
from __future__ import annotations

from rich import box
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from ..engine import evaluate, next_question
from ..env import Env
from ..errors import TipTriageError
from ..exit_codes import ExitCode
from ..i18n import t
from ..language import command, env_lang
from ..loader import load_case, load_guideline
from ..model import Guideline
from ..store import ValidatedCache, find_session, list_sessions, session_lock
from ..render.interview_screens import command_lines
from .localize import in_language

YES = {"s", "si", "sí", "y", "yes"}


def run(delete: str | None, lang: str | None, env: Env, yes: bool = False) -> ExitCode:
    lang = lang or env_lang(env.environ)
    with in_language(lang, env.environ):
        if delete:
            return _delete(delete, lang, env, yes)
        return _list(lang, env)


def _delete(wanted: str, lang: str, env: Env, yes: bool) -> ExitCode:
    found = find_session(env.environ, wanted)
    if not yes:
        if not env.stdin_is_tty():
            raise TipTriageError(t("confirm_needs_yes", lang), "sessions --delete", "usage")
        try:
            case_id = load_case(str(found.path)).id
        except TipTriageError:
            case_id = "—"
        env.stdout.print(t("confirm_delete", lang).format(id=found.id, case=case_id), end="", markup=False,
                         highlight=False, soft_wrap=True)
        answer = env.stdin.readline().strip().lower()
        if answer not in YES:
            env.stdout.print(t("not_deleted", lang), markup=False, highlight=False)
            return ExitCode.OK
    try:
        with session_lock(found.path):
            found.path.unlink()
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
    table.add_column(t("qualification_short", lang), overflow="fold", min_width=len(t("qualification_short", lang)),
                     ratio=1)
    guidelines: dict[str | None, Guideline] = {}
    count = 0
    for session in list_sessions(env.environ):
        count += 1
        try:
            case = load_case(str(session.path))
            if case.guideline not in guidelines:
                guidelines[case.guideline] = load_guideline(case.guideline, ValidatedCache(env.environ))
            guideline = guidelines[case.guideline]
        except TipTriageError as exc:
            table.add_row(escape(session.id), "", Text(t("unreadable", lang), style="red"), escape(exc.message))
            continue
        interview = case.interview
        asked = interview.asked if interview else ()
        finished = bool(interview and interview.finished)
        question = None if finished else next_question(guideline, case.facts, asked)
        if finished:
            stage_text = t("finished_status", lang)
        else:
            stage_text = "—" if question is None else guideline.stage(question.stage).title[lang]
        if not case.facts and not asked:
            qualification = t("level_unassessed", lang)  # no answers yet: nothing to qualify
        else:
            qualification = guideline.codes[evaluate(guideline, case.facts).qualification].label[lang]
        ident = session.id if case.id == session.id else f"{case.id}\n{session.id}"
        updated = (interview.updated if interview else "")[:16].replace("T", "\n")
        table.add_row(escape(ident), updated, escape(stage_text), escape(qualification))
    if count == 0:
        env.stdout.print(t("no_sessions", lang), highlight=False)
        return ExitCode.OK
    env.stdout.print(table)
    for key, args in (("sessions_resume", ("triage", "--resume", "ID")), ("sessions_delete", ("sessions", "--delete", "ID"))):
        env.stdout.print(t(key, lang), markup=False, highlight=False)
        for line in command_lines(command(env.environ, *args), env.stdout.width):
            env.stdout.print(line, markup=False, highlight=False, soft_wrap=True)
    return ExitCode.OK
