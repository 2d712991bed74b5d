"""Facts about a household that the eligibility rules may name.

Every fact is computed here from the household; the rules (data under
``resources/eligibility``) only compare facts. A fact that cannot be known yet is
``None``, which makes every comparison in a rule false (see kiosk.forms.conditions).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from kiosk.model.household import (
    Member,
    adults,
    benefits,
    children,
    household_income_cents,
    members,
    monthly_income_cents,
)

#: name → what it means (the rule loader refuses any other name).
HOUSEHOLD_FACTS = {
    "benefits": "set of benefits received now (kinds as in the household schema)",
    "benefits_applied": "set of benefits applied for, decision pending",
    "has_partner": "a spouse or partner lives in the household",
    "single_parent": "no partner and at least one child in the household",
    "children_count": "children living in the household",
    "children_under_18": "children under 18 living in the household",
    "children_under_25": "children under 25 living in the household",
    "household_size": "persons living in the household",
    "applicant_age": "age of the applicant in years",
    "applicant_marital_status": "marital status of the applicant",
    "applicant_residence_status": "residence status of the applicant",
    "tenure": "tenant, subtenant, owner or other",
    "housing_costs_cents": "cold rent + service charges + heating per month",
    "earned_income_cents": "gross earnings (employment, self-employment) of the adults",
    "income_recorded": "any income or any benefit has been recorded",
    "net_income_cents": "net monthly income of everyone in the household, plus benefits"
                        " received that count as income (Kindergeld, Wohngeld …)",
    "need_cents": "rough Bürgergeld need: Regelbedarf + Mehrbedarf + housing costs",
    "income_to_need_percent": "net income as a percentage of the rough need",
    "kiz_min_income_met": "parents earn at least the Kinderzuschlag minimum",
}
CHILD_FACTS = {
    "child.age": "age of the child in years",
    "child.lives_in_household": "the child lives in the household",
    "child.shared_care": "the child lives alternately with both parents",
    "child.education": "none, kita, school, vocational_training, university, other",
    "child.relationship": "relationship of the child to the applicant",
    "child.parent_in_household": "a parent (own or adopted) of the child lives in the household",
    "child.both_parents_in_household": "both parents of the child live in the household",
    "child.parent_remarried": "the parent the child lives with is married to someone else",
    "child.other_parent_deceased": "the other parent has died",
    "child.maintenance_cents": "maintenance the child receives per month",
    "child.uvg_amount_cents": "the Unterhaltsvorschuss amount for the child's age",
    "child.maintenance_covers_uvg": "the maintenance paid reaches the UVG amount",
    "child.receives_uvg": "the child already receives Unterhaltsvorschuss",
}
FACTS = {**HOUSEHOLD_FACTS, **CHILD_FACTS}

_PARENT = ("own", "adopted")
_MARRIED = ("married", "civil_partnership")


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def household_facts(doc: dict[str, Any], rates: dict[str, Any], today: date) -> dict[str, Any]:
    """Every household fact (see :data:`HOUSEHOLD_FACTS`)."""
    everyone = members(doc)
    kids = children(doc)
    grown = adults(doc)
    partner = doc.get("partner") if isinstance(doc.get("partner"), dict) else None
    applicant = _dict(doc.get("applicant"))
    ages = [k.age(today) for k in kids]
    housing = _dict(doc.get("housing"))
    housing_costs = sum(_int(housing.get(k)) or 0 for k in
                        ("rent_cold_cents", "service_charges_cents", "heating_cents"))
    earned = sum(monthly_income_cents(a.data, ("employment", "self_employment")) for a in grown)
    net = household_income_cents(doc, net=True) + _benefit_income(doc)
    received = benefits(doc)
    recorded = bool(received) or any(
        isinstance(m.data.get("incomes"), list) and bool(m.data["incomes"]) for m in everyone)
    need = _need(everyone, partner is not None, kids, rates, today) + housing_costs
    applicant_member = next((m for m in everyone if m.role == "applicant"), None)
    single = partner is None and bool(kids)
    kiz_min = (rates.get("kiz_min_income") or {}).get("single_parent" if single else "couple")
    return {
        "benefits": sorted(received),
        "benefits_applied": sorted(benefits(doc, ("applied",))),
        "has_partner": partner is not None,
        "single_parent": single,
        "children_count": len(kids),
        "children_under_18": sum(1 for a in ages if a is not None and a < 18),
        "children_under_25": sum(1 for a in ages if a is not None and a < 25),
        "household_size": len(everyone),
        "applicant_age": applicant_member.age(today) if applicant_member else None,
        "applicant_marital_status": applicant.get("marital_status"),
        "applicant_residence_status": applicant.get("residence_status"),
        "tenure": housing.get("tenure"),
        "housing_costs_cents": housing_costs,
        "earned_income_cents": earned,
        "income_recorded": recorded,
        "net_income_cents": net,
        "need_cents": need,
        "income_to_need_percent": (net * 100 // need) if need > 0 else None,
        "kiz_min_income_met": earned >= kiz_min if isinstance(kiz_min, int) else None,
    }


#: Benefits that are themselves the safety net: they never count as income against it.
_SAFETY_NET = ("buergergeld", "sgb_xii", "asylblg", "bildung_teilhabe")


def _benefit_income(doc: dict[str, Any]) -> int:
    """Monthly amounts of benefits received (Kindergeld, Wohngeld …) that count as income.

    Record such a benefit either here or as an income of kind "benefits", not both.
    """
    items = doc.get("benefits_received")
    if not isinstance(items, list):
        return 0
    return sum(_int(b.get("amount_cents")) or 0 for b in items
               if isinstance(b, dict) and b.get("status", "received") == "received"
               and b.get("kind") not in _SAFETY_NET)


def _need(everyone: list[Member], couple: bool, kids: list[Member], rates: dict[str, Any],
          today: date) -> int:
    """Rough monthly Regelbedarf of the household plus the single-parent Mehrbedarf."""
    rb = rates.get("regelbedarf") or {}
    total = 0
    for member in everyone:
        age = member.age(today)
        if member.role in ("applicant", "partner"):
            total += rb.get("partner" if couple else "single_adult", 0)
        elif age is None or age >= 18:
            total += rb.get("adult_in_household", 0)
        elif age >= 14:
            total += rb.get("child_14_17", 0)
        elif age >= 6:
            total += rb.get("child_6_13", 0)
        else:
            total += rb.get("child_0_5", 0)
    if not couple and kids:
        extra = rates.get("single_parent_extra_percent") or {}
        kid_ages = [k.age(today) for k in kids]
        under_7 = sum(1 for a in kid_ages if a is not None and a < 7)
        under_16 = sum(1 for a in kid_ages if a is not None and a < 16)
        percent = min(extra.get("per_child", 0) * len(kids), extra.get("cap", 0))
        if under_7 >= 1 or under_16 in (2, 3):
            percent = max(percent, extra.get("one_under_7_or_two_three_under_16", 0))
        total += rb.get("single_adult", 0) * percent // 100
    return total


def child_facts(doc: dict[str, Any], child: Member, rates: dict[str, Any],
                today: date) -> dict[str, Any]:
    """Every child fact (see :data:`CHILD_FACTS`) for ``child``."""
    data = child.data
    partner = doc.get("partner") if isinstance(doc.get("partner"), dict) else None
    applicant = _dict(doc.get("applicant"))
    age = child.age(today)
    applicant_parent = data.get("relationship") in _PARENT
    partner_parent = partner is not None and data.get("relationship_partner") in _PARENT
    parent_in_household = applicant_parent or partner_parent
    both = applicant_parent and partner_parent
    remarried: bool | None = None
    if parent_in_household and not both:
        # The parent the child lives with is married to someone who is not the other parent.
        parent = applicant if applicant_parent else _dict(partner)
        status = parent.get("marital_status")
        remarried = None if status is None else status in _MARRIED
    other = _dict(data.get("other_parent"))
    uvg = rates.get("uvg") or {}
    uvg_amount = None
    if age is not None and age < 18:
        uvg_amount = uvg.get("age_0_5" if age < 6 else "age_6_11" if age < 12 else "age_12_17")
    maintenance = _int(data.get("maintenance_received_cents"))
    advance = _int(data.get("advance_maintenance_received_cents"))
    return {
        "child.age": age,
        "child.lives_in_household": child.lives_in_household,
        "child.shared_care": data.get("shared_care"),
        "child.education": data.get("education"),
        "child.relationship": data.get("relationship"),
        "child.parent_in_household": parent_in_household,
        "child.both_parents_in_household": both,
        "child.parent_remarried": remarried,
        "child.other_parent_deceased": other.get("deceased"),
        "child.maintenance_cents": maintenance,
        "child.uvg_amount_cents": uvg_amount,
        "child.maintenance_covers_uvg": (maintenance >= uvg_amount
                                         if maintenance is not None and uvg_amount else False),
        "child.receives_uvg": bool(advance) or "unterhaltsvorschuss" in benefits(doc),
    }
