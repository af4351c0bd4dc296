"""The tool's own words (headings, prompts); the guideline's texts live in its YAML."""
from __future__ import annotations

LANGS = ("es", "en")

UI: dict[str, dict[str, str]] = {
    "case": {"es": "Caso", "en": "Case"},
    "qualification": {"es": "Calificación orientadora", "en": "Indicative qualification"},
    "legal_basis": {"es": "Fundamento", "en": "Legal basis"},
    "concurrent": {"es": "Delitos o situaciones concurrentes", "en": "Concurrent offences or situations"},
    "indicator": {"es": "Indicios de trata", "en": "Trafficking indicators"},
    "level_none": {"es": "sin indicios", "en": "none"},
    "level_possible": {"es": "posibles", "en": "possible"},
    "level_clear": {"es": "claros", "en": "clear"},
    "purposes": {"es": "Finalidades de explotación", "en": "Exploitation purposes"},
    "aggravating": {"es": "Circunstancias de agravación", "en": "Aggravating circumstances"},
    "referrals": {"es": "Ruta de atención (en orden)", "en": "Referral path (in order)"},
    "because": {"es": "porque", "en": "because"},
    "contact": {"es": "contacto", "en": "contact"},
    "deadline": {"es": "plazo", "en": "deadline"},
    "missing": {"es": "Lo que aún no se sabe y cambiaría la calificación", "en": "Still unknown, and would change the qualification"},
    "why": {"es": "Por qué (reglas y fuentes)", "en": "Why (rules and sources)"},
    "notes": {"es": "Notas", "en": "Notes"},
    "none": {"es": "ninguno", "en": "none"},
    "expect_met": {"es": "Resultado esperado: cumplido", "en": "Expected outcome: met"},
    "expect_unmet": {"es": "Resultado esperado: NO cumplido", "en": "Expected outcome: NOT met"},
    "error": {"es": "Error", "en": "Error"},
    "urgency_immediately": {"es": "inmediato", "en": "immediately"},
    "urgency_24h": {"es": "24 horas", "en": "24 hours"},
    "urgency_72h": {"es": "72 horas", "en": "72 hours"},
    "urgency_10_days": {"es": "10 días", "en": "10 days"},
    "urgency_6_months": {"es": "6 meses", "en": "6 months"},
    "guideline": {"es": "Lineamiento", "en": "Guideline"},
    "status_holds": {"es": "se cumple", "en": "holds"},
    "status_excluded": {"es": "descartado", "en": "excluded"},
    "status_partial": {"es": "indicado en parte", "en": "partly indicated"},
    "status_true": {"es": "sí", "en": "yes"},
    "status_false": {"es": "no", "en": "no"},
    "status_unknown": {"es": "no se sabe", "en": "unknown"},
}


def t(key: str, lang: str) -> str:
    return UI[key][lang]
