"""tip-triage: decision support for Colombian Family Defenders facing possible child trafficking."""

__version__ = "0.2.0"
