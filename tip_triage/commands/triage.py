"""tip-triage triage: the guided interview, saved after every answer."""

from __future__ import annotations

import contextlib
from pathlib import Path

from ..casefile import case_to_data, load_case
from ..config import load_config
from ..engine import evaluate
from ..env import Env
from ..errors import TipTriageError
from ..exit_codes import ExitCode
from ..i18n import t
from ..interview import Session, start_state
from ..language import command, env_lang
from ..loader import load_guideline, load_pinned
from ..model import Case, Guideline
from ..render.interview_screens import command_lines
from ..render.report import ReportMeta, write_report
from ..store import (
    ValidatedCache,
    clear_stale_temporaries,
    dump_yaml,
    find_session,
    load_session,
    new_session_id,
    save_file,
    session_lock,
    session_path,
    session_text,
)
from .localize import in_language


def no_tty_message(lang: str, environ: dict[str, str] | None = None) -> str:
    environ = environ or {}
    return t("no_tty", lang).format(
        check=command(environ, "check", "CASE.yaml"), from_case=command(environ, "triage", "--from", "CASE.yaml")
    )


def run(
    *,
    lang: str | None,
    resume: str | None,
    from_case: str | None,
    case_id: str | None,
    save_path: str | None,
    report_path: str | None,
    guideline_arg: str | None,
    env: Env,
    defender: str | None = None,
    centro_zonal: str | None = None,
    redact: bool = False,
) -> ExitCode:
    asked_lang = lang or env_lang(env.environ)
    if not env.is_interactive() and env.prompter is None:
        raise TipTriageError(no_tty_message(asked_lang, dict(env.environ)), "triage", "no_tty")
    if resume and from_case:
        raise TipTriageError(t("usage_resume_from", asked_lang), "triage", "usage")
    if case_id is not None:
        _check_case_id(case_id, asked_lang)
    from ..safewrite import check_output

    for path in (save_path, report_path):  # before the interview, not after it: a folder that is not there
        if path:
            check_output(Path(path))
    meta = None
    if report_path:  # the settings file is read only when a report is asked for, and never required
        settings = load_config(env.environ)
        meta = ReportMeta.now(
            env.now(), defender or settings.get("defender", ""), centro_zonal or settings.get("centro_zonal", "")
        )
    outputs = _Outputs(save_path, report_path, meta, redact)
    with in_language(asked_lang, env.environ):
        return _run(lang, resume, from_case, case_id, guideline_arg, env, outputs)


class _Outputs:
    """What to write when the interview ends: the case file, the report (with its header), redacted or not."""

    def __init__(self, save_path: str | None, report_path: str | None, meta: ReportMeta | None, redact: bool) -> None:
        self.save_path, self.report_path, self.meta, self.redact = save_path, report_path, meta, redact


def _check_case_id(case_id: str, lang: str) -> None:
    """--id is saved in the case file and shown on screens: one line of text, no control characters."""
    from ..textsafe import printable

    if not case_id.strip() or len(case_id) > 200 or printable(case_id) != case_id:
        raise TipTriageError(
            {
                "es": "debe ser una línea de texto (como máximo 200 caracteres) sin caracteres de control",
                "en": "must be one line of text (at most 200 characters) without control characters",
            }[lang],
            "--id",
            "usage",
        )


def _run(
    lang: str | None,
    resume: str | None,
    from_case: str | None,
    case_id: str | None,
    guideline_arg: str | None,
    env: Env,
    outputs: _Outputs,
) -> ExitCode:
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
            lang = lang or (case.interview.lang if case.interview else env_lang(env.environ))
        else:
            if case_id:
                _earlier_interviews(case_id, lang or env_lang(env.environ), env)
            session_id = new_session_id(now.strftime("%Y%m%d-%H%M%S"))
            held.enter_context(session_lock(session_path(env.environ, session_id)))
            case = load_case(from_case) if from_case else None
            lang = lang or env_lang(env.environ)
        return _interview(lang, session_id, case, case_id, guideline_arg, env, stamp, outputs)


def _earlier_interviews(case_id: str, lang: str, env: Env) -> None:
    """A reference already used: say so, and how to go on with the interview saved for it (a new one starts)."""
    from ..store import matching_sessions

    found = [m.id for m in matching_sessions(env.environ, case_id) if m.id != case_id]
    if found:
        ids = ", ".join(found[:4]) + (", …" if len(found) > 4 else "")
        env.stderr.print(t("earlier_interviews", lang).format(ids=ids), markup=False, highlight=False)
        for line in command_lines(command(env.environ, "triage", "--resume", found[0]), env.stderr.width):
            env.stderr.print(line, markup=False, highlight=False, soft_wrap=True)


def _interview(
    lang: str,
    session_id: str,
    case: Case | None,
    case_id: str | None,
    guideline_arg: str | None,
    env: Env,
    stamp: str,
    outputs: _Outputs,
) -> ExitCode:
    """The interview itself, with the session's lock held."""
    cache = ValidatedCache(env.environ)
    pinned = case.guideline if case else None
    guideline = load_guideline(guideline_arg, cache) if guideline_arg else load_pinned(pinned, cache)
    previous = case.interview.guideline_sha256 if case and case.interview else ""
    if previous and previous != guideline.sha256:
        env.stderr.print(
            t("guideline_changed", lang).format(version=guideline.version),
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
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
        env.stderr.print(f"{t('saved_at', lang)}:\n  {path}", markup=False, highlight=False, soft_wrap=True)
        # on lines of its own, cut with "\" where it would not fit: it works when pasted as printed
        env.stderr.print(f"{t('resume_with', lang)}:", markup=False, highlight=False, soft_wrap=True)
        for line in command_lines(command(env.environ, "triage", "--resume", session_id), env.stderr.width):
            env.stderr.print(line, markup=False, highlight=False, soft_wrap=True)
        return ExitCode.INTERRUPTED
    _write_outputs(guideline, finished, lang, path, env, outputs)
    return ExitCode.OK


def _write_outputs(guideline: Guideline, case: Case, lang: str, path: Path, env: Env, outputs: _Outputs) -> None:
    env.stdout.print(f"{t('case_written', lang)}:\n  {path}", markup=False, highlight=False, soft_wrap=True)
    if outputs.save_path:
        save_file(Path(outputs.save_path), dump_yaml(case_to_data(case, guideline)))
        env.stdout.print(
            f"{t('case_written', lang)}:\n  {outputs.save_path}", markup=False, highlight=False, soft_wrap=True
        )
    if outputs.report_path:
        result = evaluate(guideline, case.facts)
        if outputs.redact:  # --redact: the report names the case by its keyed hash only
            import dataclasses

            from ..redact import token
            from ..store import user_key

            case = dataclasses.replace(case, id="R-" + token(user_key(env.environ), "id", case.id), file=None)
        write_report(
            Path(outputs.report_path), guideline, case, result, lang, outputs.meta or ReportMeta.now(env.now())
        )
        env.stdout.print(
            f"{t('report_written', lang)}:\n  {outputs.report_path}", markup=False, highlight=False, soft_wrap=True
        )
