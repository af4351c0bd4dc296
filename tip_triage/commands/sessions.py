"""tip-triage sessions: list saved interviews (unfinished and finished), delete one."""
from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from ..engine import evaluate, next_question
from ..env import Env
from ..errors import TipTriageError
from ..exit_codes import ExitCode
from ..loader import load_case, load_guideline
from ..store import ValidatedCache, find_session, list_sessions


def run(delete: str | None, lang: str, env: Env) -> ExitCode:
    if delete:
        found = find_session(env.environ, delete)
        try:
            found.path.unlink()
        except OSError as exc:
            raise TipTriageError(f"cannot be deleted ({exc.strerror})", str(found.path), "io") from None
        env.stdout.print(f"deleted {found.id}", markup=False, highlight=False)
        return ExitCode.OK
    table = Table()
    table.add_column("id", no_wrap=True)
    for column in ("case", "started", "updated", "stage", "qualification", "status"):
        table.add_column(column, overflow="fold")
    guidelines: dict[str | None, object] = {}
    count = 0
    for session in list_sessions(env.environ):
        count += 1
        try:
            case = load_case(str(session.path))
            if case.guideline not in guidelines:
                guidelines[case.guideline] = load_guideline(case.guideline, ValidatedCache(env.environ))
            guideline = guidelines[case.guideline]
        except TipTriageError as exc:
            table.add_row(escape(session.id), "", "", "", "", "[red]unreadable[/red]", escape(exc.message))
            continue
        interview = case.interview
        asked = interview.asked if interview else ()
        finished = bool(interview and interview.finished)
        question = None if finished else next_question(guideline, case.facts, asked)  # type: ignore[arg-type]
        stage = "—" if question is None else question.stage
        result = evaluate(guideline, case.facts, lang)  # type: ignore[arg-type]
        table.add_row(escape(session.id), escape(case.id), (interview.started if interview else "")[:16],
                      (interview.updated if interview else "")[:16], stage, result.qualification,
                      "finished" if finished else "open")
    if count == 0:
        env.stdout.print("no saved interviews", highlight=False)
    else:
        env.stdout.print(table)
    return ExitCode.OK
