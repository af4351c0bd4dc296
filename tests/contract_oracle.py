"""A second, independent reading of the contract (docs/case-file.md), written straight from its text.

It shares nothing with the engine or the guideline's YAML: plain Python over the facts, with Kleene
three-valued logic (True, False, None = unknown). The differential test compares it with the engine
on thousands of random fact sets, so a slip in the rule tree (a wrong value list, a missing scope, a
precedence out of order) shows up as a disagreement.

Readings where the contract is silent are the project's documented choices (docs/case-file.md,
CHANGELOG 1.2.0): with the age unknown the lower age (under 14) is presumed for sexual acts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Tri = bool | None

PURPOSES_188A = {
    "sexual",
    "sexual_images",
    "sex_tourism",
    "forced_labour",
    "domestic_servitude",
    "slavery",
    "servitude",
    "begging",
    "servile_marriage",
    "organ_removal",
    "criminal_activity",
    "other",
}
SEXUAL = {"sexual", "sexual_images", "sex_tourism"}
PRECEDENCE = [
    "out_of_scope_adult",
    "unlawful_recruitment",
    "use_of_minors_in_crime",
    "trafficking",
    "child_sale",
    "irregular_adoption",
    "migrant_smuggling",
    "commercial_sexual_exploitation",
    "exploitation_for_begging",
    "kidnapping",
    "sexual_violence",
    "family_violence",
    "child_labour",
    "early_union",
]


def AND(*values: Tri) -> Tri:
    if False in values:
        return False
    return True if all(v is True for v in values) else None


def OR(*values: Tri) -> Tri:
    if True in values:
        return True
    return False if all(v is False for v in values) else None


def NOT(value: Tri) -> Tri:
    return None if value is None else not value


class Reading:
    def __init__(self, facts: Mapping[str, Any]) -> None:
        self.f = facts

    def eq(self, fact: str, value: Any) -> Tri:
        v = self.f.get(fact)
        return None if v is None else v == value

    def true(self, fact: str) -> Tri:
        return self.eq(fact, True)

    def not_true(self, fact: str) -> bool:
        return self.f.get(fact) is not True

    def has(self, value: str) -> Tri:
        e = self.f.get("exploitation")
        return None if e is None else value in e

    def has_any(self, values: set[str]) -> Tri:
        e = self.f.get("exploitation")
        return None if e is None else bool(set(e) & values)

    # ---------------------------------------------------------------- the person
    @property
    def adult(self) -> bool:
        """Only a known age of 18 or more with age_uncertain not true is an adult."""
        age = self.f.get("age")
        return age is not None and age >= 18 and self.not_true("age_uncertain")

    @property
    def under_14(self) -> bool:
        age = self.f.get("age")
        return True if age is None else age < 14

    # ---------------------------------------------------------------- the elements of each offence
    def offences(self) -> dict[str, list[list[Tri]]]:
        """For each code, the element lists of each way it can hold (an empty dict entry: out of scope)."""
        f, child = self.f, not self.adult
        act = OR(
            self.true("recruited"),
            None if f.get("moved") is None else f["moved"] != "none",
            self.true("harboured"),
            self.true("received"),
        )
        purpose = self.has_any(PURPOSES_188A)
        conflict = OR(self.eq("armed_group", "armed_conflict_group"), self.true("armed_conflict_link"))
        # the amended reading: an armed member (armed_recruitment) of a criminal organisation outside the conflict;
        # the organisation, with `armed_conflict_link` not true, is one element (a link not recorded is no element)
        gang = AND(self.eq("armed_group", "criminal_organisation"), self.not_true("armed_conflict_link"))
        no_purpose = None if f.get("exploitation") is None else len(f["exploitation"]) == 0
        deprived = self.true("deprived_of_liberty")
        ransom = self.true("held_for_ransom")
        kidnap_ways = OR(
            ransom, AND(deprived, no_purpose, NOT(self.eq("perpetrator_relationship", "parent_or_guardian")))
        )
        ways: dict[str, list[list[Tri]]] = {
            "trafficking": [[act, purpose, self.true("someone_profits")]],
            "migrant_smuggling": [[self.true("irregular_border_crossing"), self.true("crossing_facilitator_paid")]],
            "kidnapping": [[OR(ransom, deprived), kidnap_ways]],
            "sexual_violence": [[self.true("sexual_abuse")]]
            + ([[self.true("sexual_violence_within_72h")]] if self.under_14 else []),
            "family_violence": [[self.true("family_violence")]],
        }
        if child:
            ways |= {
                "unlawful_recruitment": [[self.has("armed_recruitment"), conflict]],
                "use_of_minors_in_crime": [[self.has("criminal_activity")], [self.has("armed_recruitment"), gang]],
                "child_sale": [[self.true("sold_or_transferred_for_payment")]],
                "irregular_adoption": [[self.true("transfer_for_adoption")]],
                "commercial_sexual_exploitation": [[OR(self.has_any(SEXUAL), self.true("client_paid_for_sex"))]],
                "exploitation_for_begging": [[self.has("begging")]],
                "child_labour": [
                    [
                        OR(self.true("child_works"), self.true("work_hazardous_or_underage")),
                        self.true("work_hazardous_or_underage"),
                    ]
                ],
                "early_union": [[self.true("in_union")]],
            }
        return ways

    def criminal_activity_only(self) -> bool:
        e = self.f.get("exploitation")
        return e is not None and "criminal_activity" in e and set(e) <= {"criminal_activity", "armed_recruitment"}

    # ---------------------------------------------------------------- the result
    def qualify(self) -> tuple[str, tuple[str, ...], str]:
        ways = self.offences()
        holds = {code for code, alternatives in ways.items() if any(AND(*els) is True for els in alternatives)}
        partial = any(
            True in els and False not in els
            for code, alternatives in ways.items()
            if code not in holds
            for els in alternatives
        )
        if self.adult:
            holds.add("out_of_scope_adult")
        order = list(PRECEDENCE)
        if "use_of_minors_in_crime" in holds and not self.criminal_activity_only():
            order.remove("use_of_minors_in_crime")
            order.insert(order.index("trafficking") + 1, "use_of_minors_in_crime")
        codes = [c for c in order if c in holds]
        if codes:
            primary, concurrent = codes[0], tuple(codes[1:])
        else:
            primary, concurrent = ("insufficient_information" if partial else "no_crime_indicators"), ()
        return primary, concurrent, self.indicator(holds)

    def indicator(self, holds: set[str]) -> str:
        if "trafficking" in holds:
            return "clear"
        f = self.f
        act = OR(
            self.true("recruited"),
            None if f.get("moved") is None else f["moved"] != "none",
            self.true("harboured"),
            self.true("received"),
        )
        purpose = self.has_any(PURPOSES_188A)
        benefit = self.true("someone_profits")
        if f.get("exploitation") is not None and len(f["exploitation"]) == 0:
            return "none"
        if None not in (act, purpose, benefit) and False in (act, purpose, benefit):
            return "none"
        return "possible" if act is True or purpose is True else "none"


def second_reading(facts: Mapping[str, Any]) -> tuple[str, tuple[str, ...], str]:
    """(qualification, concurrent codes in precedence order, indicator level) as the contract states them."""
    return Reading(facts).qualify()
