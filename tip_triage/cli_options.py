"""The typer options several commands share (the rest of what they share, typer-free, is in cli_common)."""

from __future__ import annotations

import typer

GUIDELINE_OPT = typer.Option(None, "--guideline", "-g", help="A guideline folder or file, or a bundled guideline id.")
LANG_OPT = typer.Option(
    None, "--lang", "-l", help="Language of the texts: es or en (default: from LC_ALL/LC_MESSAGES/LANG, else es)."
)
REDACT_OPT = typer.Option(
    False,
    "--redact",
    help="Replace each case id and file by a stable keyed hash (key in the data folder); drop free text.",
)
