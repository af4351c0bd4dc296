"""Results as data: the spec's result format v1 (the stable contract for json/jsonl/csv)."""
from __future__ import annotations

from typing import Any

from ..errors import TipTriageError
from ..model import Case, Guideline, Result

RESULT_VERSION = 1


def result_data(guideline: Guideline, case: Case, result: Result, lang: str,
                differences: list[str] | None) -> dict[str, Any]:
    code = guideline.codes[result.qualification]
    notes = {n.id: n for n in guideline.notes}
    aggravating = {a.id: a for a in guideline.aggravating}
    data: dict[str, Any] = {
        "tip_triage_result": RESULT_VERSION,
        "id": case.id,
        "file": case.file,
        "status": "ok",
        "lang": lang,
        "guideline": {"id": guideline.id, "version": guideline.version, "sha256": guideline.sha256},
        "qualification": result.qualification,
        "qualification_label": code.label[lang],
        "legal_basis": guideline.cite(code.basis),
        "concurrent": list(result.concurrent),
        "indicator_level": result.indicator_level,
        "purposes": list(result.purposes),
        "aggravating": list(result.aggravating),
        "aggravating_texts": [aggravating[a].text[lang] for a in result.aggravating],
        "referrals": [
            {
                "id": r.id,
                "urgency": r.urgency,
                "institution": r.institution[lang],
                "action": r.action[lang],
                "deadline": r.deadline[lang] if r.deadline else None,
                "contact": list(r.contact),
                "basis": guideline.cite(r.basis),
                "status": r.status,
                "because": "; ".join(r.because),
            }
            for r in result.referrals
        ],
        "missing": list(result.missing),
        "notes": [notes[n].text[lang] for n in result.notes],
        "trace": [
            {"step": s.step, "answer": s.answer, "basis": list(s.basis), "status": s.status, "rule": s.rule}
            for s in result.trace
        ],
    }
    if differences is not None:
        data["expect"] = {"met": not differences, "differences": differences}
    return data


def error_data(error: TipTriageError, file: str | None, case_id: str | None = None) -> dict[str, Any]:
    return {
        "tip_triage_result": RESULT_VERSION,
        "id": case_id,
        "file": file,
        "status": "error",
        "error": error.as_dict(),
    }
