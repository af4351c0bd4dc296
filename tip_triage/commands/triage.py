"""tip-triage triage: the guided interview, saved after every answer."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping, Sequence
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
from ..loader import load_guideline, load_pinned, names_a_path
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
from ..textsafe import printable  # a path the user typed is shown, never its raw control characters
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
    again = again_options(
        lang=lang,
        guideline_arg=guideline_arg,
        save_path=save_path,
        report_path=report_path,
        defender=defender,
        centro_zonal=centro_zonal,
        redact=redact,
    )
    outputs = _Outputs(save_path, report_path, meta, redact, again)
    with in_language(asked_lang, env.environ):
        return _run(lang, resume, from_case, case_id, guideline_arg, env, outputs)


class _Outputs:
    """What to write when the interview ends: the case file, the report (with its header), redacted or not;
    `again`: the options that ask for them, for the command that resumes this interview."""

    def __init__(
        self,
        save_path: str | None,
        report_path: str | None,
        meta: ReportMeta | None,
        redact: bool,
        again: Sequence[str] = (),
    ) -> None:
        self.save_path, self.report_path, self.meta, self.redact = save_path, report_path, meta, redact
        self.again = tuple(again)


def again_options(
    *,
    lang: str | None,
    guideline_arg: str | None,
    save_path: str | None,
    report_path: str | None,
    defender: str | None,
    centro_zonal: str | None,
    redact: bool,
) -> list[str]:
    """The options of this `triage` a resumed interview needs to end the same way (the session file does not
    keep them): --save and --report (absolute paths, so the command works from any folder), the report's
    --defender, --centro-zonal and --redact, --guideline (a folder or file made absolute) and --lang.
    --id and --from are not repeated: the saved interview holds them (and --from with --resume is refused)."""
    options: list[str] = []
    if lang:
        options += ["--lang", lang]
    if guideline_arg:
        if names_a_path(guideline_arg):  # a folder or a file made absolute; a bundled id as it is
            guideline_arg = os.path.abspath(guideline_arg)
        options += ["--guideline", guideline_arg]
    if save_path:
        options += ["--save", os.path.abspath(save_path)]
    if report_path:  # the report's header and naming mean nothing without a report
        options += ["--report", os.path.abspath(report_path)]
        options += ["--defender", defender] if defender else []
        options += ["--centro-zonal", centro_zonal] if centro_zonal else []
        options += ["--redact"] if redact else []
    return options


def resume_lines(environ: Mapping[str, str], session_id: str, again: Sequence[str], width: int) -> list[str]:
    """The command that resumes `session_id` with the options `again`, on lines that fit `width` (cut with
    `\\`); each word shell-quoted, and a control character in one shown escaped (\\x1b), never raw."""
    return [
        printable(line) for line in command_lines(command(environ, "triage", "--resume", session_id, *again), width)
    ]


def _check_case_id(case_id: str, lang: str) -> None:
    """--id is saved in the case file and shown on screens: one line of text, no control characters."""
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
                _earlier_interviews(case_id, lang or env_lang(env.environ), env, outputs.again)
            session_id = new_session_id(now.strftime("%Y%m%d-%H%M%S"))
            held.enter_context(session_lock(session_path(env.environ, session_id)))
            case = load_case(from_case) if from_case else None
            lang = lang or env_lang(env.environ)
        return _interview(lang, session_id, case, case_id, guideline_arg, env, stamp, outputs)


def _earlier_interviews(case_id: str, lang: str, env: Env, again: Sequence[str] = ()) -> None:
    """A reference already used: say so, and how to go on with the interview saved for it (a new one starts),
    with the options given now (`again`: --save, --report…)."""
    from ..store import matching_sessions

    found = [m.id for m in matching_sessions(env.environ, case_id) if m.id != case_id]
    if found:
        ids = ", ".join(found[:4]) + (", …" if len(found) > 4 else "")
        env.stderr.print(t("earlier_interviews", lang).format(ids=ids), markup=False, highlight=False)
        for line in resume_lines(env.environ, found[0], again, env.stderr.width):
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
        env.stderr.print(f"{t('saved_at', lang)}:\n  {printable(path)}", markup=False, highlight=False, soft_wrap=True)
        # on lines of its own, cut with "\" where it would not fit: it works when pasted as printed
        env.stderr.print(f"{t('resume_with', lang)}:", markup=False, highlight=False, soft_wrap=True)
        for line in resume_lines(env.environ, session_id, outputs.again, env.stderr.width):
            env.stderr.print(line, markup=False, highlight=False, soft_wrap=True)
        return ExitCode.INTERRUPTED
    _write_outputs(guideline, finished, lang, path, env, outputs)
    return ExitCode.OK


def _write_outputs(guideline: Guideline, case: Case, lang: str, path: Path, env: Env, outputs: _Outputs) -> None:
    env.stdout.print(f"{t('case_written', lang)}:\n  {printable(path)}", markup=False, highlight=False, soft_wrap=True)
    if outputs.save_path:
        save_file(Path(outputs.save_path), dump_yaml(case_to_data(case, guideline)))
        env.stdout.print(
            f"{t('case_written', lang)}:\n  {printable(outputs.save_path)}",
            markup=False,
            highlight=False,
            soft_wrap=True,
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
            f"{t('report_written', lang)}:\n  {printable(outputs.report_path)}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
