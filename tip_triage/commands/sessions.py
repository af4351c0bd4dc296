"""tip-triage sessions: list saved interviews (unfinished and finished), delete one."""
from __future__ import annotations

from rich import box
from rich.markup import escape
from rich.table import Table

from ..engine import evaluate, next_question
from ..env import Env
from ..errors import TipTriageError
from ..exit_codes import ExitCode
from ..i18n import t
from ..loader import load_guideline
from ..model import Guideline
from ..textsafe import printable
from ..store import ValidatedCache, find_session, list_sessions, load_session, session_lock


OPEN_ELSEWHERE = {"es": "abierta en otra terminal", "en": "open in another terminal"}


def run(delete: str | None, lang: str, env: Env, purge: bool = False, older_than: str | None = None) -> ExitCode:
    if purge or older_than:
        return _purge(purge, older_than, env)
    if delete:
        found = find_session(env.environ, delete)
        try:
            with session_lock(found.path):
                found.path.unlink()
                # the interview is gone: its lock can go too (a terminal that opens it now finds no interview)
                found.path.with_suffix(".lock").unlink(missing_ok=True)
        except OSError as exc:
            raise TipTriageError(f"cannot be deleted ({exc.strerror})", str(found.path), "io") from None
        env.stdout.print(f"deleted {found.id}", markup=False, highlight=False)
        return ExitCode.OK
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("id", no_wrap=True)
    table.add_column(t("case", lang), overflow="fold")
    table.add_column("↻", no_wrap=True)  # last saved
    table.add_column(t("stage", lang), overflow="fold")
    table.add_column(t("qualification_short", lang), overflow="fold")
    guidelines: dict[str | None, Guideline] = {}
    count = 0
    for session in list_sessions(env.environ):
        count += 1
        try:
            with session_lock(session.path):
                case = load_session(session.path)
            if case.guideline not in guidelines:
                guidelines[case.guideline] = load_guideline(case.guideline, ValidatedCache(env.environ))
            guideline = guidelines[case.guideline]
        except TipTriageError as exc:
            if exc.code == "locked" and "another terminal" in exc.message:
                table.add_row(escape(printable(session.id)), "", "", OPEN_ELSEWHERE[lang], "")
                continue
            table.add_row(escape(printable(session.id)), "", "", "[red]unreadable[/red]", escape(printable(exc.message)))
            continue
        interview = case.interview
        asked = interview.asked if interview else ()
        finished = bool(interview and interview.finished)
        question = None if finished else next_question(guideline, case.facts, asked)
        stage = "—" if question is None else question.stage
        result = evaluate(guideline, case.facts, lang)
        stage_text = t("finished_status", lang) if finished else (
            "—" if question is None else guideline.stage(stage).title[lang])
        updated = (interview.updated if interview else "")[:16].replace("T", " ")
        table.add_row(escape(printable(session.id)), "—" if case.id == session.id else escape(printable(case.id)), updated,
                      escape(stage_text),
                      guideline.codes[result.qualification].label[lang])
    if count == 0:
        env.stdout.print("no saved interviews", highlight=False)
    else:
        env.stdout.print(table)
    return ExitCode.OK


def _purge(purge: bool, older_than: str | None, env: Env) -> ExitCode:
    """sessions --purge --older-than 90d: delete interviews not saved for that long (both options are needed)."""
    from ..store import purge_sessions

    if not (purge and older_than):
        raise TipTriageError("use --purge together with --older-than, e.g. --purge --older-than 90d", "sessions",
                             "usage")
    days = parse_days(older_than)
    deleted, busy = purge_sessions(env.environ, days, env.now().timestamp())
    for name in deleted:
        env.stdout.print(f"deleted {name}", markup=False, highlight=False)
    for name in busy:
        env.stderr.print(f"{name}: open in another terminal: kept", markup=False, highlight=False)
    env.stdout.print(f"{len(deleted)} deleted, {len(busy)} kept (open elsewhere)", markup=False, highlight=False)
    return ExitCode.OK


def parse_days(text: str) -> float:
    """'90d', '12w', '36h' or a plain number of days."""
    import re

    match = re.fullmatch(r"\s*(\d{1,6})\s*([dwh]?)\s*", text)
    if not match:
        raise TipTriageError("must be a number of days, weeks or hours: 90d, 12w, 36h", "--older-than", "usage")
    value = int(match.group(1))
    return {"": value, "d": value, "w": value * 7, "h": value / 24}[match.group(2)]
