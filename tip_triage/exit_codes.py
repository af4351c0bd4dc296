"""Exit codes of every tip-triage command (documented in the README and in --help)."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # an expectation was not met (batch, check)
    BAD_INPUT = 2  # invalid file, unknown fact, bad usage, no terminal for an interview
    INTERNAL = 3  # a bug in tip-triage: please report it (run with --debug for details)
    INTERRUPTED = 130  # Ctrl-C: the interview was saved first
    BROKEN_PIPE = 141  # the reader of the output went away (`| head`): 128 + SIGPIPE, as a shell reports it
