"""The Defender's own settings for reports: a small, optional YAML file in the user's config folder.

    # ~/.config/tip-triage/config.yaml   ($XDG_CONFIG_HOME, or TIP_TRIAGE_CONFIG_DIR)
    defender: "Ana Pérez"
    centro_zonal: "Centro Zonal Kennedy"

Never required: a missing file is no settings; options on the command line win.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml

from .errors import TipTriageError

KEYS = ("defender", "centro_zonal")
MAX_BYTES = 64 * 1024


def config_path(environ: Mapping[str, str]) -> Path:
    """TIP_TRIAGE_CONFIG_DIR/config.yaml, else config.yaml in the platform's config folder (platformdirs)."""
    if environ.get("TIP_TRIAGE_CONFIG_DIR"):
        return Path(environ["TIP_TRIAGE_CONFIG_DIR"]) / "config.yaml"
    import platformdirs

    return platformdirs.user_config_path("tip-triage", appauthor=False) / "config.yaml"


def load_config(environ: Mapping[str, str]) -> dict[str, str]:
    path = config_path(environ)
    try:
        if not path.is_file():
            return {}
        raw = path.read_bytes()[: MAX_BYTES + 1]
    except OSError as exc:
        raise TipTriageError(f"cannot be read ({exc.strerror})", str(path), "io") from None
    if len(raw) > MAX_BYTES:
        raise TipTriageError("too large for a settings file", str(path), "invalid")
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        where = f"{path}:{line + 1}" if line is not None else str(path)
        raise TipTriageError("not valid YAML", where, "yaml") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise TipTriageError("must be a mapping (defender: ..., centro_zonal: ...)", str(path), "invalid")
    unknown = sorted(str(k) for k in data if k not in KEYS)
    if unknown:
        raise TipTriageError(f"unknown key {unknown[0]!r} (known: {', '.join(KEYS)})", str(path), "invalid")
    out = {}
    for key in KEYS:
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise TipTriageError("must be text", f"{path}: {key}", "invalid")
        out[key] = value.strip()
    return out
