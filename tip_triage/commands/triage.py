"""tip-triage triage: the guided interview, saved after every answer."""
from __future__ import annotations

import contextlib
from pathlib import Path

from ..engine import evaluate
from ..env import Env
from ..errors import TipTriageError
from ..exit_codes import ExitCode
from ..i18n import t
from ..interview import Session, answers_markdown, start_state
from ..loader import case_to_data, load_case, load_guideline
from ..model import Case, Guideline
from ..render.data import result_data
from ..render.text import markdown
from ..store import (
    ValidatedCache, clear_stale_temporaries, dump_yaml, find_session, load_session, new_session_id, save_file,
    session_lock, session_path, session_text,
)

NO_TTY = ("triage needs an interactive terminal: to qualify a case file use "
          "'tip-triage check CASE.yaml', or run 'tip-triage triage --from CASE.yaml' in a terminal")


def run(*, lang: str | None, resume: str | None, from_case: str | None, case_id: str | None,
        save_path: str | None, report_path: str | None, guideline_arg: str | None, env: Env,
        redact: bool = False) -> ExitCode:
    if not env.stdin_is_tty() and env.prompter is None:
        raise TipTriageError(NO_TTY, "triage", "no_tty")
    if resume and from_case:
        raise TipTriageError("use either --resume or --from, not both", "triage", "usage")
    if case_id is not None:
        _check_case_id(case_id)
    now = env.now()
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    case: Case | None
    with contextlib.ExitStack() as held:
        if resume:
            found = find_session(env.environ, resume)
            # the lock first, then the file: a terminal that saved in between would be overwritten by a stale copy
            held.enter_context(session_lock(found.path))
            clear_stale_temporaries(found.path)
            session_id, case = found.id, load_session(found.path)
            lang = lang or (case.interview.lang if case.interview else "es")
        else:
            session_id = new_session_id(now.strftime("%Y%m%d-%H%M%S"))
            held.enter_context(session_lock(session_path(env.environ, session_id)))
            case = load_case(from_case) if from_case else None
            lang = lang or "es"
        return _interview(lang, session_id, case, case_id, save_path, report_path, guideline_arg, env, stamp, redact)


def _check_case_id(case_id: str) -> None:
    """--id is saved in the case file and shown on screens: one line of text, no control characters."""
    from ..textsafe import printable

    if not case_id.strip() or len(case_id) > 200 or printable(case_id) != case_id:
        raise TipTriageError("must be one line of text (at most 200 characters) without control characters",
                             "--id", "usage")


def _interview(lang: str, session_id: str, case: Case | None, case_id: str | None, save_path: str | None,
               report_path: str | None, guideline_arg: str | None, env: Env, stamp: str,
               redact: bool = False) -> ExitCode:
    """The interview itself, with the session's lock held."""
    guideline = load_guideline(guideline_arg or (case.guideline if case else None), ValidatedCache(env.environ))
    previous = case.interview.guideline_sha256 if case and case.interview else ""
    if previous and previous != guideline.sha256:
        env.stderr.print(t("guideline_changed", lang).format(version=guideline.version), markup=False,
                         highlight=False, soft_wrap=True)
    state = start_state(guideline, case, case_id or (case.id if case else session_id), lang, stamp)
    state.lang = lang
    if case_id:
        state.case_id = case_id
    path = session_path(env.environ, session_id)

    def save(current: Case) -> None:
        save_file(path, session_text(case_to_data(current, guideline)))

    if env.prompter is None:
        from ..prompts import QuestionaryPrompter

        env.prompter = QuestionaryPrompter()
    session = Session(guideline, state, env.prompter, env.stdout, save, env.now)
    session.save()
    try:
        finished = session.run()
    except (KeyboardInterrupt, EOFError):
        session.save()
        env.stderr.print(f"{t('saved_at', lang)}: {path}", markup=False, highlight=False, soft_wrap=True)
        env.stderr.print(f"{t('resume_with', lang)}: tip-triage triage --resume {session_id}", markup=False,
                         highlight=False, soft_wrap=True)
        return ExitCode.INTERRUPTED
    _write_outputs(guideline, finished, lang, path, save_path, report_path, env, redact)
    return ExitCode.OK


def _write_outputs(guideline: Guideline, case: Case, lang: str, path: Path, save_path: str | None,
                   report_path: str | None, env: Env, redact: bool = False) -> None:
    env.stdout.print(f"{t('case_written', lang)}: {path}", markup=False, highlight=False, soft_wrap=True)
    if save_path:
        save_file(Path(save_path), dump_yaml(case_to_data(case, guideline)))
        env.stdout.print(f"{t('case_written', lang)}: {save_path}", markup=False, highlight=False, soft_wrap=True)
    if report_path:
        if redact:  # --redact: the report names the case by its keyed hash only
            import dataclasses

            from ..redact import token
            from ..store import user_key

            case = dataclasses.replace(case, id="R-" + token(user_key(env.environ), "id", case.id), file=None)
        data = result_data(guideline, case, evaluate(guideline, case.facts, lang), lang, None)
        save_file(Path(report_path), markdown(data, guideline, lang) + "\n" + answers_markdown(guideline, case, lang))
        env.stdout.print(f"{t('report_written', lang)}: {report_path}", markup=False, highlight=False, soft_wrap=True)
