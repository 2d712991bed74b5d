"""The household document: how a new one looks, and typed read helpers over it.

The household is a plain JSON dict (see ``resources/schemas/household.schema.json``); the
store saves it as-is and the UI edits it by path. These helpers read it for the forms and
the eligibility hints: who lives here, how old, what income, which benefits.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from kiosk.validation.dates import parse_iso_date as _parse_stored_date

SCHEMA_VERSION = 1

Role = Literal["applicant", "partner", "child", "member"]

_PERSON_KEYS = (
    "title", "family_name", "given_names", "birth_name", "birth_date", "birth_place",
    "birth_country", "sex", "nationality", "residence_status", "residence_permit_until",
    "marital_status", "marital_status_since", "tax_id", "phone", "email", "occupation",
)
_CHILD_KEYS = (
    "relationship", "relationship_partner", "shared_care", "education", "school_name",
    "school_grade", "education_until", "other_parent", "maintenance_received_cents",
    "advance_maintenance_received_cents",
)


def new_person(person_id: str) -> dict[str, Any]:
    """An adult with every field present and unknown (``None``)."""
    person: dict[str, Any] = {"id": person_id}
    person.update(dict.fromkeys(_PERSON_KEYS))
    person["incomes"] = []
    return person


def new_child(child_id: str) -> dict[str, Any]:
    """A child living in the household, every other field unknown."""
    child = new_person(child_id)
    child.update(dict.fromkeys(_CHILD_KEYS))
    child["lives_in_household"] = True
    return child


def new_member(member_id: str) -> dict[str, Any]:
    """A further household member (grandparent, adult child …)."""
    member = new_person(member_id)
    member["relationship_to_applicant"] = None
    member["lives_in_household"] = True
    return member


def new_other_parent() -> dict[str, Any]:
    """The other parent of a child, every field unknown."""
    return {
        "family_name": None, "given_names": None, "birth_name": None, "birth_date": None,
        "address": None, "paternity_established": None, "whereabouts_known": None,
        "deceased": None, "pays_maintenance": None, "maintenance_title": None,
    }


def empty_address() -> dict[str, Any]:
    return {"street": None, "house_number": None, "address_extra": None,
            "postcode": None, "city": None, "country": "DE"}


def empty_household() -> dict[str, Any]:
    """A new household: an applicant with nothing filled in yet."""
    return {
        "schema_version": SCHEMA_VERSION,
        "applicant": new_person("p1"),
        "partner": None,
        "children": [],
        "other_members": [],
        "address": empty_address(),
        "housing": {
            "tenure": None, "rent_cold_cents": None, "service_charges_cents": None,
            "heating_cents": None, "heating_included_in_service_charges": None,
            "size_sqm": None, "rooms": None, "move_in_date": None, "landlord": None,
        },
        "bank_account": {"iban": None, "bic": None, "holder": None},
        "benefits_received": [],
    }


def next_person_id(doc: dict[str, Any], prefix: str) -> str:
    """A person id with ``prefix`` not yet used in the household (c1, c2 … / m1 …)."""
    used = {m.id for m in members(doc, living_only=False)}
    n = 1
    while f"{prefix}{n}" in used:
        n += 1
    return f"{prefix}{n}"


#: Used by :func:`kiosk.model.paths.set_path` to create list items and objects.
ITEM_FACTORIES = {
    "children[]": lambda doc, _key: new_child(next_person_id(doc, "c")),
    "other_members[]": lambda doc, _key: new_member(next_person_id(doc, "m")),
    "partner": lambda doc, _key: new_person(
        "p2" if "p2" not in {m.id for m in members(doc, False)} else next_person_id(doc, "p")),
    "applicant": lambda _doc, _key: new_person("p1"),
    "other_parent": lambda _doc, _key: new_other_parent(),
    "address": lambda _doc, _key: empty_address(),
    "incomes[]": lambda _doc, _key: {"kind": None, "amount_cents": None, "month": None},
    "benefits_received[]": lambda _doc, _key: {"kind": None, "status": "received"},
}


@dataclass(frozen=True)
class Member:
    """One person of the household with the role they have in it."""

    id: str
    role: Role
    data: dict[str, Any]
    path: str
    lives_in_household: bool

    @property
    def name(self) -> str:
        """Given names and family name, for labels ("" when not yet known)."""
        parts = (self.data.get("given_names"), self.data.get("family_name"))
        return " ".join(p for p in parts if isinstance(p, str) and p).strip()

    def birth_date(self) -> date | None:
        return parse_iso_date(self.data.get("birth_date"))

    def age(self, on: date | None = None) -> int | None:
        """Completed years on ``on`` (today by default); ``None`` if the birth date is unknown."""
        born = self.birth_date()
        if born is None:
            return None
        on = on or date.today()
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def parse_iso_date(value: Any) -> date | None:
    """A stored date (exactly ``YYYY-MM-DD``) as ``date``; ``None`` for anything else, the
    same rule the household check applies (never raises)."""
    return _parse_stored_date(value)


def members(doc: dict[str, Any], living_only: bool = True) -> list[Member]:
    """Everyone in the household: applicant, partner, children, further members.

    With ``living_only`` the children and members who live elsewhere are left out.
    """
    everyone = _all_members(doc)
    if not living_only:
        return everyone
    return [m for m in everyone if m.lives_in_household]


def _member(member_id: str, role: str, data: dict[str, Any], path: str,
            lives_in_household: bool) -> Member:
    """``Member(...)`` without the frozen dataclass's per-field ``object.__setattr__``
    (the forms enumerate the household on every claim walk); the same object results."""
    member = object.__new__(Member)
    member.__dict__.update(id=member_id, role=role, data=data, path=path,
                           lives_in_household=lives_in_household)
    return member


def _all_members(doc: dict[str, Any]) -> list[Member]:
    out: list[Member] = []
    if not isinstance(doc, dict):
        return out
    applicant = doc.get("applicant")
    if isinstance(applicant, dict):
        out.append(_member(str(applicant.get("id", "p1")), "applicant", applicant,
                           "$.applicant", True))
    partner = doc.get("partner")
    if isinstance(partner, dict):
        out.append(_member(str(partner.get("id", "p2")), "partner", partner, "$.partner",
                           True))
    for key, role in (("children", "child"), ("other_members", "member")):
        items = doc.get(key)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if isinstance(item, dict):
                out.append(_member(str(item.get("id", f"{key}{index}")), role, item,
                                   f"$.{key}[{index}]",
                                   item.get("lives_in_household", True) is not False))
    return out


def person_by_id(doc: dict[str, Any], person_id: str) -> Member | None:
    """The member with ``person_id`` or ``None``."""
    for member in members(doc, living_only=False):
        if member.id == person_id:
            return member
    return None


def children(doc: dict[str, Any], living_only: bool = True) -> list[Member]:
    """The children of the household (by default only those living in it)."""
    return [m for m in members(doc, living_only) if m.role == "child"]


def adults(doc: dict[str, Any]) -> list[Member]:
    """Applicant and partner."""
    return [m for m in members(doc) if m.role in ("applicant", "partner")]


def household_size(doc: dict[str, Any]) -> int:
    """Number of persons living in the household."""
    return len(members(doc))


def monthly_income_cents(person: dict[str, Any], kinds: tuple[str, ...] | None = None,
                         net: bool = False) -> int:
    """Regular monthly income of one person (entries without ``month``), optionally by kind.

    Where only month-by-month entries exist, their average over the months given is used
    (integer cents, rounded down).
    """
    incomes = person.get("incomes") if isinstance(person, dict) else None
    if not isinstance(incomes, list):
        return 0
    regular = 0
    by_month: dict[str, int] = {}
    for income in incomes:
        if not isinstance(income, dict):
            continue
        if kinds is not None and income.get("kind") not in kinds:
            continue
        amount = income.get("net_cents") if net else income.get("amount_cents")
        if net and not isinstance(amount, int):
            amount = income.get("amount_cents")
        if not isinstance(amount, int) or isinstance(amount, bool):
            continue
        month = income.get("month")
        if isinstance(month, str) and month:
            by_month[month] = by_month.get(month, 0) + amount
        else:
            regular += amount
    if by_month:
        regular += sum(by_month.values()) // len(by_month)
    return regular


def household_income_cents(doc: dict[str, Any], kinds: tuple[str, ...] | None = None,
                           net: bool = False) -> int:
    """Regular monthly income of everyone living in the household."""
    return sum(monthly_income_cents(m.data, kinds, net) for m in members(doc))


def benefits(doc: dict[str, Any], statuses: tuple[str, ...] = ("received",)) -> set[str]:
    """Kinds of benefit the household receives (or, with other statuses, has applied for)."""
    items = doc.get("benefits_received") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        return set()
    return {str(b.get("kind")) for b in items
            if isinstance(b, dict) and b.get("status", "received") in statuses}


def housing_costs_cents(doc: dict[str, Any]) -> int:
    """Monthly cold rent plus service charges (Bruttokaltmiete, without heating)."""
    housing = doc.get("housing") if isinstance(doc, dict) else None
    if not isinstance(housing, dict):
        return 0
    total = 0
    for key in ("rent_cold_cents", "service_charges_cents"):
        value = housing.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            total += value
    return total


def copy_household(doc: dict[str, Any]) -> dict[str, Any]:
    """A deep copy, so that a caller's edits never reach a stored document."""
    return copy.deepcopy(doc)
