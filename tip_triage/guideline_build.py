"""A checked guideline document turned into the frozen model: texts, parsed conditions, code sets expanded."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .condtree import parse as parse_condition
from .condtree import parse_optional
from .model import (
    Code,
    Definition,
    Element,
    Fact,
    Guideline,
    IndicatorRule,
    Presumption,
    QualificationRule,
    Question,
    Referral,
    Source,
    Stage,
    TextRule,
    Urgency,
    bilingual,
)


def _expanded(value: Any, code_sets: Mapping[str, list[str]]) -> Any:
    """The guideline with its code sets spelt out: `{qualified: {set: NAME}}` is `{qualified: [the set's codes]}`."""
    if isinstance(value, list):
        return [_expanded(v, code_sets) for v in value]
    if not isinstance(value, dict):
        return value
    if isinstance(value.get("qualified"), dict):
        return {"qualified": list(code_sets[value["qualified"]["set"]])}
    return {k: _expanded(v, code_sets) for k, v in value.items()}


def build_guideline(doc: dict[str, Any], digest: str, path: str) -> Guideline:
    doc = {
        k: (v if k in ("sources", "facts", "codes", "code_sets") else _expanded(v, doc.get("code_sets", {})))
        for k, v in doc.items()
    }

    def basis(item: Mapping[str, Any]) -> tuple[str, ...]:
        return tuple(item["basis"])

    stages = tuple(
        Stage(
            s["id"],
            bilingual(s["title"]),
            tuple(
                Question(q["fact"], s["id"], parse_optional(q.get("ask_if")), bool(q.get("always", False)))
                for q in s["questions"]
            ),
        )
        for s in doc["flow"]["stages"]
    )
    return Guideline(
        id=doc["id"],
        version=doc["version"],
        sha256=digest,
        title=bilingual(doc["title"]),
        issuer=bilingual(doc["issuer"]),
        disclaimer=bilingual(doc["disclaimer"]),
        date=str(doc["date"]),
        status=doc["status"],
        path=path,
        sources={
            k: Source(k, v["cite"], v["status"], v.get("note", ""), v.get("url", "")) for k, v in doc["sources"].items()
        },
        facts={
            k: Fact(
                k,
                v["type"],
                bilingual(v["question"]),
                bilingual(v["help"]),
                tuple(v.get("values", {})),
                {vk: bilingual(vv) for vk, vv in v.get("values", {}).items()},
                v.get("min"),
                v.get("max"),
            )
            for k, v in doc["facts"].items()
        },
        definitions={
            k: Definition(k, bilingual(v["label"]), parse_condition(v["when"]), basis(v), v["status"])
            for k, v in doc["definitions"].items()
        },
        codes={
            k: Code(
                k,
                bilingual(v["label"]),
                bilingual(v["summary"]),
                basis(v),
                v["status"],
                v["offence"],
                bilingual(v["not_label"]) if "not_label" in v else None,
            )
            for k, v in doc["codes"].items()
        },
        qualifications=tuple(
            QualificationRule(
                r["id"],
                r["code"],
                tuple(parse_condition(c) for c in r.get("scope", [])),
                tuple(Element(e["id"], bilingual(e["label"]), parse_condition(e["when"])) for e in r["elements"]),
                basis(r),
                r["status"],
            )
            for r in doc["qualifications"]
        ),
        indicator_rules=tuple(
            IndicatorRule(r["level"], parse_condition(r["when"]), basis(r), r["status"])
            for r in doc["indicator"]["rules"]
        ),
        indicator_otherwise=doc["indicator"]["otherwise"],
        screening_code=doc["indicator"].get("screens", ""),
        urgencies=tuple(Urgency(u["id"], bilingual(u["label"])) for u in doc["urgencies"]),
        partly_indicated=doc["undecided"]["partly_indicated"],
        nothing_indicated=doc["undecided"]["nothing_indicated"],
        purposes_fact=doc.get("purposes_fact", ""),
        aggravating=tuple(
            TextRule(r["id"], parse_optional(r.get("when")), bilingual(r["text"]), basis(r), r["status"])
            for r in doc["aggravating"]
        ),
        notes=tuple(
            TextRule(r["id"], parse_optional(r.get("when")), bilingual(r["text"]), basis(r), r["status"])
            for r in doc["notes"]
        ),
        referrals=tuple(
            Referral(
                r["id"],
                parse_optional(r.get("when")),
                r["urgency"],
                bilingual(r["institution"]),
                bilingual(r["action"]),
                basis(r),
                r["status"],
                bilingual(r["deadline"]) if "deadline" in r else None,
                tuple(r.get("contact", [])),
                bool(r.get("alert", False)),
                r.get("urgency_status", ""),
                bilingual(r["task"]) if "task" in r else None,
            )
            for r in doc["referrals"]
        ),
        stages=stages,
        end_when=parse_optional(doc["flow"].get("end_when")),
        presumptions=tuple(
            Presumption(
                p["id"],
                parse_condition(p["when"]),
                tuple(p["missing"]),
                basis(p),
                p["status"],
                tuple(p.get("establish", ())),
            )
            for p in doc.get("presumptions", [])
        ),
    )
