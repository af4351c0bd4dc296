"""A result's JSON members, written from pieces made once: the batch's JSON Lines at the speed of a join.

`ResultJson(guideline, lang, trace).members(result)` is exactly
`json.dumps(result_data(...))` without its braces and without `tip_triage_result`, `id` and `file`,
as UTF-8 bytes (each piece is encoded once: encoding a 20 KB line of Spanish text costs more than joining it)
(`tests/render/test_jsonl.py` proves it on every scenario and on random fact sets; the batch also checks
its first result against the plain writing and falls back to it if they ever differ). Each piece, the
qualification's texts, a referral, a trace step, a list, is written once and reused; the whole members
of a result are kept by the result's identity (the engine gives the same object for the same situation).
Every cache is bounded.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..model import Guideline, Result
from .data import referral_data, result_data, step_text

MAX_KEPT = 4_096  # pieces of each kind (then that kind starts afresh)
MAX_WHOLE = 4_096  # whole results' members kept, at most
MAX_WHOLE_BYTES = 8 << 20  # and at most this much text: 400 results of 20 KB with the trace, 2,000 without it

_dumps: Callable[[Any], str] = json.JSONEncoder(ensure_ascii=False).encode


class ResultJson:
    def __init__(self, guideline: Guideline, lang: str, trace: bool = True) -> None:
        self.g = guideline
        self.lang = lang
        self.trace = trace
        self.head = _bytes({"status": "ok", "lang": lang, "guideline": _guideline(guideline)})[1:-1]
        self._before: dict[tuple[Any, ...], bytes] = {}
        self._after: dict[tuple[Any, ...], bytes] = {}
        self._lists: dict[tuple[str, tuple[str, ...]], bytes] = {}
        # id(referral or step) -> its JSON; `_alive` holds each of them, so no other object can take its id
        self._json_of: dict[int, bytes] = {}
        self._alive: dict[int, Any] = {}
        self._whole: dict[int, tuple[Result, bytes]] = {}
        self._whole_bytes = 0
        self.notes = {n.id: n for n in guideline.notes}
        self.aggravating = {a.id: a for a in guideline.aggravating}

    def members(self, result: Result) -> bytes:
        hit = self._whole.get(id(result))
        if hit is not None and hit[0] is result:
            return hit[1]
        text = self._members(result)
        if len(self._whole) >= MAX_WHOLE or self._whole_bytes + len(text) > MAX_WHOLE_BYTES:
            self._whole.clear()
            self._whole_bytes = 0
        self._whole[id(result)] = (result, text)
        self._whole_bytes += len(text)
        return text

    def plain(self, result: Result) -> str:
        """The same members by way of the result's data (the reference writing), as text."""
        data = result_data(self.g, _NO_CASE, result, self.lang, None)
        for key in ("tip_triage_result", "id", "file"):
            del data[key]
        if not self.trace:
            del data["trace"]
        return _dumps(data)[1:-1]

    def _members(self, result: Result) -> bytes:
        # the members before the referrals, and those after, each written once per combination of their values
        before_key = (
            result.qualification,
            result.concurrent,
            result.indicator_level,
            result.purposes,
            result.aggravating,
        )
        before = self._before.get(before_key)
        if before is None:
            before = self._write_before(result)
            _keep(self._before, before_key, before)
        after_key = (result.missing, result.notes)
        after = self._after.get(after_key)
        if after is None:
            after = self._list("missing", result.missing) + b", " + self._list("notes", result.notes)
            _keep(self._after, after_key, after)
        parts = [before, b'"referrals": [' + self._joined(result.referrals, self._referral) + b"]", after]
        if self.trace:
            parts.append(b'"trace": [' + self._joined(result.trace, self._step) + b"]")
        return b", ".join(parts)

    def _write_before(self, result: Result) -> bytes:
        lang = self.lang
        c = self.g.codes[result.qualification]
        code = _bytes(
            {
                "qualification": result.qualification,
                "qualification_label": c.label[lang],
                "qualification_summary": c.summary[lang],
                "legal_basis": self.g.cite(c.basis),
            }
        )[1:-1]
        parts = [
            self.head,
            code,
            self._list("concurrent", result.concurrent),
            b'"indicator_level": ' + _bytes(result.indicator_level),
            self._list("purposes", result.purposes),
            self._list("aggravating", result.aggravating),
            self._list("aggravating_texts", result.aggravating),
        ]
        return b", ".join(parts)

    def _list(self, name: str, values: tuple[str, ...]) -> bytes:
        key = (name, values)
        text = self._lists.get(key)
        if text is None:
            shown: list[str] = list(values)
            if name == "aggravating_texts":
                shown = [self.aggravating[a].text[self.lang] for a in values]
            elif name == "notes":
                shown = [self.notes[n].text[self.lang] for n in values]
            text = f"{_dumps(name)}: {_dumps(shown)}".encode()
            _keep(self._lists, key, text)
        return text

    def _joined(self, items: tuple[Any, ...], write: Callable[[Any], bytes]) -> bytes:
        """The JSON of each item (written once), joined: a lookup per item by its identity."""
        try:
            return b", ".join(map(self._json_of.__getitem__, map(id, items)))
        except KeyError:
            if len(self._json_of) + len(items) > MAX_KEPT:
                self._json_of.clear()
                self._alive.clear()
            for item in items:
                if id(item) not in self._json_of:
                    self._alive[id(item)] = item
                    self._json_of[id(item)] = write(item)
            return b", ".join(map(self._json_of.__getitem__, map(id, items)))

    def _referral(self, referral: Any) -> bytes:
        return _bytes(referral_data(self.g, referral, self.lang))

    def _step(self, s: Any) -> bytes:
        return _bytes(
            {
                "step": step_text(self.g, s, self.lang),
                "answer": s.answer,
                "basis": list(s.basis),
                "status": s.status,
                "rule": s.rule,
            }
        )


def _bytes(value: Any) -> bytes:
    return _dumps(value).encode()


def _guideline(g: Guideline) -> dict[str, str]:
    return {"id": g.id, "version": g.version, "sha256": g.sha256}


def _keep(cache: dict[Any, Any], key: Any, value: Any) -> None:
    if len(cache) >= MAX_KEPT:
        cache.clear()
    cache[key] = value


class _NoCase:
    id = None
    file = None


_NO_CASE: Any = _NoCase()
