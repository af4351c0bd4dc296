"""Guidelines: find, read (includes confined to the folder), schema check, semantic checks (guideline_checks),
model. Case files are read and written by `casefile` (re-exported here).

`load_guideline(path)` and `load_case(path)` raise `TipTriageError` with the
file, the path inside it (and the line where YAML gives it) and what is wrong.
`check_guideline(path)` returns every problem instead of the first.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Protocol

from .errors import TipTriageError, where
from .model import Guideline

# Read on demand: a guideline kept by the cache (cache.py) needs no YAML, no schema and no checks.

DEFAULT_GUIDELINE = "co-icbf-2018"


def guidelines_root() -> Path:
    """Bundled guidelines: inside the installed package, or the source tree's `guidelines/`."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "guidelines", here.parent / "guidelines"):
        if candidate.is_dir():
            return candidate
    raise TipTriageError("the bundled guidelines are missing from this installation", str(here), "install")


def names_a_path(path_or_id: str) -> bool:
    """`--guideline` names a folder or file (that exists, holds a separator or ends in .yaml), not a bundled id."""
    path = Path(path_or_id)
    return path.exists() or os.sep in path_or_id or path.suffix in (".yaml", ".yml")


def resolve_guideline(path_or_id: str | None) -> Path:
    if path_or_id is None:
        return guidelines_root() / DEFAULT_GUIDELINE / "guideline.yaml"
    from .safeio import check_path

    check_path(path_or_id)
    path = Path(path_or_id)
    if path.is_dir():
        return path / "guideline.yaml"
    if names_a_path(path_or_id):
        return path
    bundled = guidelines_root() / path_or_id / "guideline.yaml"
    if bundled.exists():
        return bundled
    raise _unknown(path_or_id)


def _unknown(name: str) -> TipTriageError:
    from . import schemas

    known = sorted(p.name for p in guidelines_root().iterdir() if (p / "guideline.yaml").exists())
    return TipTriageError(f"unknown guideline '{name}'{schemas.did_you_mean(name, known)}", "guideline", "guideline")


# ---------------------------------------------------------------- guideline


class _Sources:
    """Which file each top-level section came from, and its text, for locations."""

    def __init__(self) -> None:
        self.file_of: dict[str, str] = {}
        self.text_of: dict[str, str] = {}

    def where(self, path: list[str | int]) -> str:
        from .yamlio import dotted, line_of

        if not path:  # the merged document as a whole: name the index file
            return next(iter(self.text_of), "")
        file = self.file_of.get(str(path[0]), "")
        if not file:
            return dotted(path)
        line = line_of(self.text_of[file], path)
        return where(file, line, dotted(path))


def _read_guideline(index: Path) -> tuple[dict[str, Any], _Sources, str]:
    from .yamlio import parse, read_text

    files = _Sources()
    text = read_text(str(index))
    doc = parse(text, str(index))
    if not isinstance(doc, dict):
        raise TipTriageError("must be a mapping (the guideline index)", str(index), "schema")
    digest = hashlib.sha256(text.encode())
    files.text_of[str(index)] = text
    for key in doc:
        files.file_of[key] = str(index)
    includes = doc.get("include", [])
    if not isinstance(includes, list):
        raise TipTriageError("include: must be a list of file names", str(index), "schema")
    for i, name in enumerate(includes):
        part_path = _include_path(index, name, i)
        part_text = read_text(part_path)
        part = parse(part_text, part_path)
        if not isinstance(part, dict):
            raise TipTriageError("must be a mapping of guideline sections", part_path, "schema")
        digest.update(part_text.encode())
        files.text_of[part_path] = part_text
        for key, value in part.items():
            if key in doc:
                raise TipTriageError(f"section '{key}' is also in {files.file_of[key]}", part_path, "duplicate")
            doc[key] = value
            files.file_of[key] = part_path
    return doc, files, digest.hexdigest()


def _include_path(index: Path, name: Any, position: int) -> str:
    """An include names a file inside the guideline's own folder: no absolute path, no '..', no link out of it."""
    where = f"{index}: include[{position}]"
    if not isinstance(name, str) or not name or "\0" in name:
        raise TipTriageError("must be the name of a file in the guideline's folder", where, "include")
    folder = index.parent.resolve()
    try:
        target = (index.parent / name).resolve()
    except (OSError, RuntimeError):
        raise TipTriageError("cannot be resolved (a link loop?)", where, "include") from None
    if os.path.isabs(name) or ".." in Path(name).parts or folder not in target.parents:
        raise TipTriageError("must be a file inside the guideline's folder", where, "include")
    return str(index.parent / name)


class ValidatedCache(Protocol):
    """Remembers guidelines that passed every check, by a key over their bytes and the checks' code."""

    def known(self, key: str) -> bool: ...

    def add(self, key: str) -> None: ...


def _validation_key(digest: str) -> str:
    from . import schemas
    from .cache import _code_fingerprint

    # the code, not only the version: a check added to this version must see guidelines validated before it
    key = hashlib.sha256(f"{digest}\0{_code_fingerprint()}\0".encode())
    for name in ("guideline.v1", "case-file.v1", "vocabulary.v1"):
        key.update(json.dumps(schemas.load(name), sort_keys=True).encode())
    return key.hexdigest()


def check_guideline(
    path: str | None = None, cache: ValidatedCache | None = None, deep: bool = False
) -> tuple[list[TipTriageError], Guideline | None]:
    """Every problem of a guideline (schema, then meaning) and the model if there are none.

    With a cache, a guideline whose exact bytes already passed every check with this
    version of tip-triage is not checked again, and its model is not even built again
    when the cache kept it (start-up time: see bench/startup.py).
    `deep` adds the static analysis (rules that can never hold, referrals that can never fire).
    """
    from . import schemas
    from .guideline_build import build_guideline
    from .guideline_checks import semantic_problems

    index = resolve_guideline(path)
    kept = _kept_model(index, cache) if not deep else None
    if kept is not None:
        return [], kept
    doc, files, digest = _read_guideline(index)
    key = _validation_key(digest) if cache is not None else ""
    if cache is not None and cache.known(key):
        try:
            guideline = build_guideline(doc, digest, str(index))
        except Exception:  # noqa: BLE001 - a marker that lies (planted, stale) only costs the full checks
            pass
        else:
            _keep_model(index, files, cache, guideline)
            return [], guideline
    problems = [TipTriageError(msg, files.where(p), "schema") for p, msg in schemas.errors(doc, "guideline.v1")]
    if problems:
        return problems, None
    problems = [TipTriageError(msg, files.where(p), "semantic") for p, msg in semantic_problems(doc)]
    if problems:
        return problems, None
    guideline = build_guideline(doc, digest, str(index))
    if deep:
        from .analysis import problems as analysis_problems

        found = [TipTriageError(msg, files.where(p), "analysis") for p, msg in analysis_problems(guideline)]
        if found:
            return found, None
    if cache is not None:
        cache.add(key)
        _keep_model(index, files, cache, guideline)
    return [], guideline


def _kept_model(index: Path, cache: ValidatedCache | None) -> Guideline | None:
    """The model the cache kept for exactly these files, if it keeps models (see cache.py)."""
    model = getattr(cache, "model", None)
    if model is None:
        return None
    from .safeio import read_bytes

    try:
        data = read_bytes(str(index))
    except TipTriageError:
        return None  # reported as usual by the full read
    found = model(str(index), data)
    return found if isinstance(found, Guideline) else None


def _keep_model(index: Path, files: _Sources, cache: ValidatedCache, guideline: Guideline) -> None:
    """Give the cache the model, with the bytes of every file it was built from (if they did not change since)."""
    keep = getattr(cache, "keep_model", None)
    if keep is None:
        return
    from .safeio import decode, read_bytes

    read: dict[str, bytes] = {}
    try:
        for name, text in files.text_of.items():
            read[name] = read_bytes(name)
            if decode(read[name], name) != text:
                return  # changed while it was read: keep nothing
    except TipTriageError:
        return
    index_bytes = read.pop(str(index), None)
    if index_bytes is not None:
        keep(str(index), index_bytes, read, guideline)


def load_pinned(guideline_id: str | None, cache: ValidatedCache | None = None) -> Guideline:
    """The bundled guideline a case file pins (`guideline:`), or the default one: only ever a bundled guideline,
    never a folder or a file that happens to carry that name where the command runs (a case file must not make
    the tool read any other file)."""
    if not guideline_id:
        return load_guideline(None, cache)
    bundled = guidelines_root() / guideline_id
    if "/" in guideline_id or os.sep in guideline_id or guideline_id in (".", "..") or not bundled.is_dir():
        raise _unknown(guideline_id)
    return load_guideline(str(bundled), cache)


def load_guideline(path: str | None = None, cache: ValidatedCache | None = None) -> Guideline:
    problems, guideline = check_guideline(path, cache)
    if problems:
        first = problems[0]
        others = len(problems) - 1
        plural = "s" if others > 1 else ""
        more = f" (and {others} more problem{plural}: run 'tip-triage guideline validate')" if others else ""
        raise TipTriageError(first.message + more, first.location, first.code)
    assert guideline is not None
    return guideline


from .casefile import build_case, case_to_data, load_case, parse_case  # noqa: E402,F401 - re-exported
