"""The errors a Defender meets in an interview or the session list, in the reader's language.

The store and the loader raise their errors in English with a stable `code`;
the commands that talk to a Defender re-raise the ones they know in the
reader's language, with commands that work when pasted (see language.command).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping

from ..errors import TipTriageError
from ..i18n import t
from ..language import command

# Messages about reading a file (--from CASE.yaml), by their English start.
_FILE_MESSAGES = {
    "no such file": {"es": "no existe el archivo", "en": "no such file"},
    "is a folder, not a file": {"es": "es una carpeta, no un archivo", "en": "is a folder, not a file"},
    "not UTF-8 text": {"es": "no es texto UTF-8", "en": "not UTF-8 text"},
    "not valid YAML": {"es": "no es YAML válido", "en": "not valid YAML"},
    "cannot be read": {"es": "no se puede leer", "en": "cannot be read"},
    "a case file must be a mapping with tip_triage_case, id and facts": {
        "es": "un archivo de caso debe ser un mapa con tip_triage_case, id y facts",
        "en": "a case file must be a mapping with tip_triage_case, id and facts",
    },
}


def localized(exc: TipTriageError, lang: str, environ: Mapping[str, str]) -> TipTriageError:
    start = next((m for m in _FILE_MESSAGES if exc.message.startswith(m)), None)
    if start is not None and exc.code in ("not_found", "encoding", "yaml", "io", "schema"):
        message = _FILE_MESSAGES[start][lang] + exc.message[len(start) :]
        return TipTriageError(message, exc.location, exc.code, exc.exit_code)
    if exc.code in ("schema", "json", "yaml", "encoding") and lang == "es":
        from ..messages_es import spanish

        message = spanish(exc.message)
        if message == exc.message:
            return exc
    elif exc.code == "locked":
        message = t("locked", lang)
    elif exc.code == "not_found" and "saved interview" in exc.message:
        message = t("not_found", lang).format(sessions=command(environ, "sessions"))
    elif exc.code == "ambiguous":
        message = t("ambiguous", lang).format(count=exc.message.split(" ", 1)[0], ids=exc.message.split(": ", 1)[-1])
    elif exc.code == "io" and exc.message.startswith("cannot be written"):
        message = t("io_write", lang) + exc.message[len("cannot be written") :]
    else:
        return exc
    return TipTriageError(message, exc.location, exc.code, exc.exit_code)


@contextlib.contextmanager
def in_language(lang: str, environ: Mapping[str, str]) -> Iterator[None]:
    """Re-raise the known errors of the block in the reader's language."""
    try:
        yield
    except TipTriageError as exc:
        raise localized(exc, lang, environ) from None
