"""tip-triage triage: the guided interview, saved after every answer."""
from __future__ import annotations

from pathlib import Path

from ..config import load_config
from ..engine import evaluate
from ..env import Env
from ..errors import TipTriageError
from ..exit_codes import ExitCode
from ..i18n import t
from ..interview import Session, start_state
from ..language import command, env_lang
from ..loader import case_to_data, load_case, load_guideline
from ..model import Case, Guideline
from ..render.interview_screens import command_lines
from ..render.report import ReportMeta, write_report
from ..store import ValidatedCache, session_lock, dump_yaml, find_session, new_session_id, save_file, session_path
from .localize import in_language


def no_tty_message(lang: str, environ: dict[str, str] | None = None) -> str:
    environ = environ or {}
    return t("no_tty", lang).format(check=command(environ, "check", "CASE.yaml"),
                                    from_case=command(environ, "triage", "--from", "CASE.yaml"))


def run(*, lang: str | None, resume: str | None, from_case: str | None, case_id: str | None,
        save_path: str | None, report_path: str | None, guideline_arg: str | None, env: Env,
        defender: str | None = None, centro_zonal: str | None = None) -> ExitCode:
    asked_lang = lang or env_lang(env.environ)
    if not env.stdin_is_tty() and env.prompter is None:
        raise TipTriageError(no_tty_message(asked_lang, dict(env.environ)), "triage", "no_tty")
    if resume and from_case:
        raise TipTriageError(t("usage_resume_from", asked_lang), "triage", "usage")
    meta = None
    if report_path:  # the settings file is read only when a report is asked for, and never required
        settings = load_config(env.environ)
        meta = ReportMeta.now(env.now(), defender or settings.get("defender", ""),
                              centro_zonal or settings.get("centro_zonal", ""))
    with in_language(asked_lang, env.environ):
        return _run(lang, resume, from_case, case_id, save_path, report_path, guideline_arg, env, meta)


def _run(lang: str | None, resume: str | None, from_case: str | None, case_id: str | None,
         save_path: str | None, report_path: str | None, guideline_arg: str | None, env: Env,
         meta: ReportMeta | None) -> ExitCode:
    now = env.now()
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    case: Case | None
    if resume:
        found = find_session(env.environ, resume)
        session_id, case = found.id, load_case(str(found.path))
        lang = lang or (case.interview.lang if case.interview else env_lang(env.environ))
    else:
        session_id = new_session_id(now.strftime("%Y%m%d-%H%M%S"))
        case = load_case(from_case) if from_case else None
        lang = lang or env_lang(env.environ)
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
        save_file(path, dump_yaml(case_to_data(current, guideline)))

    if env.prompter is None:
        from ..prompts import QuestionaryPrompter

        env.prompter = QuestionaryPrompter()
    session = Session(guideline, state, env.prompter, env.stdout, save, env.now)
    with session_lock(path):
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
    _write_outputs(guideline, finished, lang, path, save_path, report_path, env, meta)
    return ExitCode.OK


def _write_outputs(guideline: Guideline, case: Case, lang: str, path: Path, save_path: str | None,
                   report_path: str | None, env: Env, meta: ReportMeta | None) -> None:
    env.stdout.print(f"{t('case_written', lang)}:\n  {path}", markup=False, highlight=False, soft_wrap=True)
    if save_path:
        save_file(Path(save_path), dump_yaml(case_to_data(case, guideline)))
        env.stdout.print(f"{t('case_written', lang)}:\n  {save_path}", markup=False, highlight=False, soft_wrap=True)
    if report_path:
        result = evaluate(guideline, case.facts)
        write_report(Path(report_path), guideline, case, result, lang, meta or ReportMeta.now(env.now()))
        env.stdout.print(f"{t('report_written', lang)}:\n  {report_path}", markup=False, highlight=False, soft_wrap=True)
