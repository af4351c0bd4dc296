"""Results as data: the spec's result format v1 (the stable contract for json/jsonl/csv)."""

from __future__ import annotations

import re
from typing import Any

from ..errors import TipTriageError
from ..i18n import t
from ..model import Case, Guideline, ReferralResult, Result, Step

RESULT_VERSION = 1


def result_data(
    guideline: Guideline, case: Case, result: Result, lang: str, differences: list[str] | None
) -> dict[str, Any]:
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
        "qualification_summary": code.summary[lang],
        "legal_basis": guideline.cite(code.basis),
        "concurrent": list(result.concurrent),
        "indicator_level": result.indicator_level,
        "purposes": list(result.purposes),
        "aggravating": list(result.aggravating),
        "aggravating_texts": [aggravating[a].text[lang] for a in result.aggravating],
        "referrals": [referral_data(guideline, r, lang) for r in result.referrals],
        "missing": list(result.missing),
        "notes": [notes[n].text[lang] for n in result.notes],
        "trace": [
            {
                "step": step_text(guideline, s, lang),
                "answer": s.answer,
                "basis": list(s.basis),
                "status": s.status,
                "rule": s.rule,
            }
            for s in result.trace
        ],
    }
    if differences is not None:
        data["expect"] = {"met": not differences, "differences": differences}
    return data


def referral_data(guideline: Guideline, r: ReferralResult, lang: str) -> dict[str, Any]:
    referral = next(x for x in guideline.referrals if x.id == r.id)
    task = referral.task
    return {
        "id": r.id,
        "urgency": r.urgency,
        "urgency_label": guideline.urgency_label(r.urgency, lang),
        "urgency_status": referral.urgency_source_status,
        "institution": r.institution[lang],
        "action": r.action[lang],
        "task": task[lang] if task else None,
        "deadline": r.deadline[lang] if r.deadline else None,
        "contact": list(r.contact),
        "basis": guideline.cite(r.basis),
        "status": r.status,
        "because": "; ".join(r.because),
        "because_text": "; ".join(dict.fromkeys(reason_text(guideline, x, lang) for x in r.reasons)),
    }


_labels: dict[tuple[int, str], tuple[Guideline, dict[str, str]]] = {}


def step_labels(guideline: Guideline, lang: str) -> dict[str, str]:
    """Rule and element ids -> what the trace shows for them ("Trata · Captación"), made once per guideline and language."""
    hit = _labels.get((id(guideline), lang))
    if hit is None or hit[0] is not guideline:
        if len(_labels) > 64:
            _labels.clear()
        labels: dict[str, str] = {}
        for rule in guideline.qualifications:
            label = labels[rule.id] = guideline.codes[rule.code].label[lang]
            for element in rule.elements:
                labels[f"{rule.id}.{element.id}"] = f"{label} · {element.label[lang]}"
        hit = _labels[(id(guideline), lang)] = (guideline, labels)
    return hit[1]


def step_text(guideline: Guideline, step: Step, lang: str) -> str:
    """A trace step's `step` in the reader's language: rule and element steps carry ids, the others their text."""
    return step_labels(guideline, lang)[step.step] if step.kind else step.step


def reason_text(guideline: Guideline, reason: tuple[Any, ...], lang: str) -> str:
    """A reason for a referral in the reader's language."""
    kind = reason[0]
    if kind == "fact":
        fact = guideline.facts[reason[1]]
        return f"{plain_question(fact.question[lang])} → {value_label(guideline, reason[1], reason[2], lang)}"
    if kind == "ref":
        return f"{guideline.definitions[reason[1]].label[lang]}: {t('status_unknown' if not reason[2] else 'status_true', lang)}"
    if kind == "indicator":
        return f"{t('indicator', lang)}: {t('level_' + reason[2], lang)}"
    labels = " / ".join(guideline.codes[c].label[lang] for c in reason[2:])
    not_label = guideline.codes[reason[2]].not_label if len(reason) == 3 and reason[2] in guideline.codes else None
    if kind == "primary" and not reason[1] and not_label:
        return not_label[lang]
    if kind == "primary":
        return (
            f"{t('qualification', lang)}: {labels}"
            if reason[1]
            else f"{t('qualification', lang)}: {t('is_not', lang)} {labels}"
        )
    return labels if reason[1] else f"{t('is_not', lang)} {labels}"


_INSTRUCTIONS = ("Marque ", "Mark ", "Choose ", "Elija ", "Seleccione ", "Select ")


def plain_question(text: str) -> str:
    """A question without its instructions to the person answering ("Marque todas las que apliquen")."""
    kept = [s for s in re.split(r"(?<=[.?!])\s+", text.strip()) if not s.startswith(_INSTRUCTIONS)]
    return " ".join(kept) or text


def value_label(guideline: Guideline, fact_id: str, value: Any, lang: str) -> str:
    if value is None:
        return t("unknown_value", lang)
    fact = guideline.facts[fact_id]
    if fact.type == "bool":
        return t("yes" if value else "no", lang)
    if fact.type == "enum":
        return fact.labels[value][lang]
    if fact.type == "set":
        return ", ".join(fact.labels[v][lang] for v in fact.values if v in value) or t("none_value", lang)
    return str(value)


def error_data(error: TipTriageError, file: str | None, case_id: str | None = None) -> dict[str, Any]:
    return {
        "tip_triage_result": RESULT_VERSION,
        "id": case_id,
        "file": file,
        "status": "error",
        "error": error.as_dict(),
    }


def explained_rules(item: dict[str, Any]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """(rule step, its element steps) for each rule that holds or is partly indicated, from a result's trace.

    A code given by several rules is explained once, by the first that applies.
    """
    out: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    current = None
    shown: set[str] = set()
    for step in item["trace"]:
        rule = step["rule"]
        if "." in rule:
            if rule.split(".")[0] == current:
                out[-1][1].append(step)
            continue
        current = None
        if (
            step["answer"] in ("holds", "partial")
            and rule not in ("qualification", "indicator")
            and step["step"] not in shown
        ):
            shown.add(step["step"])
            current = rule
            out.append((step, []))
    return out
