"""Semantic checks of a household beyond its schema: the rules of kiosk.validation applied
to every person, the address and the account, plus checks across persons."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.model.household import members
from kiosk.model.problems import Problem
from kiosk.model.schema import schema_problems
from kiosk.model.strict_json import is_oversized, normalised, strict_problems
from kiosk.validation import VALIDATORS, check_child_younger, message
from kiosk.validation.dates import check_iso_date

#: Person field → validator name; empty values are not checked here (completeness is).
_PERSON_FIELDS = {
    "family_name": "name",
    "given_names": "name",
    "birth_name": "name",
    "birth_date": "birth_date",
    "nationality": "country",
    "birth_country": "country",
    "tax_id": "tax_id",
    "email": "email",
    "phone": "phone",
    "marital_status_since": "date",
    "residence_permit_until": "date",
}
_OTHER_PARENT_FIELDS = {"family_name": "name", "given_names": "name",
                        "birth_name": "name", "birth_date": "birth_date"}
_PARENT_RELATIONS = ("own", "adopted")
_STORED_DATES = frozenset({"date", "birth_date"})


def validate_household(doc: Any, resources: Path | None = None) -> list[Problem]:
    """Every problem of ``doc``: what the strict input boundary refuses on principle
    (floats, control and bidi-override characters, oversized parts), then schema errors,
    then the semantic checks; one problem per path where the boundary already spoke.

    Never raises for any input; an empty list means the household can be stored.
    """
    strict = strict_problems(doc)
    if is_oversized(strict):
        return strict  # nothing else walks a document beyond the safety caps
    flagged = {p.path for p in strict}
    problems = list(strict)
    seen = set(problems)
    checks = schema_problems(doc, resources)
    if isinstance(doc, dict):
        checks += semantic_problems(doc)
    for problem in checks:
        if problem not in seen and problem.path not in flagged:
            problems.append(problem)
            seen.add(problem)
    return problems


def check_household(doc: Any, resources: Path | None = None) -> tuple[Any, list[Problem]]:
    """The boundary every household passes before it is stored: ``doc`` with every text in
    Unicode NFC, and its problems (:func:`validate_household`). Store it only if none."""
    clean = normalised(doc)
    return clean, validate_household(clean, resources)


def semantic_problems(doc: dict[str, Any]) -> list[Problem]:
    """The checks that JSON Schema cannot express (check digits, dates, ages, ids)."""
    out: list[Problem] = []
    everyone = members(doc, living_only=False)
    ids: dict[str, str] = {}
    for member in everyone:
        if member.id in ids:
            out.append(Problem(f"{member.path}.id",
                               f"Die Kennung {member.id} ist doppelt vergeben "
                               f"(auch bei {ids[member.id]}).", "household.duplicate_id"))
        ids.setdefault(member.id, member.path)
        _check_fields(member.data, member.path, _PERSON_FIELDS, out)
        incomes = member.data.get("incomes")
        if isinstance(incomes, list):
            for index, income in enumerate(incomes):
                if isinstance(income, dict) and income.get("month") not in (None, ""):
                    _check(f"{member.path}.incomes[{index}].month", "date",
                           f"{income.get('month')}-01", out)
    applicant = _as_dict(doc.get("applicant"))
    partner = _as_dict(doc.get("partner"))
    for child in (m for m in everyone if m.role == "child"):
        data = child.data
        parents = []
        if data.get("relationship") in _PARENT_RELATIONS:
            parents.append(applicant)
        if data.get("relationship_partner") in _PARENT_RELATIONS:
            parents.append(partner)
        other = data.get("other_parent")
        if isinstance(other, dict):
            _check_fields(other, f"{child.path}.other_parent", _OTHER_PARENT_FIELDS, out)
            parents.append(other)
        for parent in parents:
            key = _safe(check_child_younger, data.get("birth_date"), parent.get("birth_date"))
            if key == "date.child_not_younger":
                out.append(Problem(f"{child.path}.birth_date", _german(key), key))
    address = doc.get("address")
    if isinstance(address, dict):
        postcode = address.get("postcode")
        if address.get("country") in (None, "", "DE") and postcode not in (None, ""):
            _check("$.address.postcode", "postcode", postcode, out)
        if address.get("country") not in (None, ""):
            _check("$.address.country", "country", address.get("country"), out)
    account = doc.get("bank_account")
    if isinstance(account, dict):
        for key in ("iban", "bic"):
            if account.get(key) not in (None, ""):
                _check(f"$.bank_account.{key}", key, account.get(key), out)
        if account.get("holder") not in (None, ""):
            _check("$.bank_account.holder", "name", account.get("holder"), out)
    housing = doc.get("housing")
    if isinstance(housing, dict) and housing.get("move_in_date") not in (None, ""):
        _check("$.housing.move_in_date", "date", housing.get("move_in_date"), out)
    benefits = doc.get("benefits_received")
    if isinstance(benefits, list):
        for index, item in enumerate(benefits):
            if not isinstance(item, dict):
                continue
            person_id = item.get("person_id")
            if person_id not in (None, "") and not (isinstance(person_id, str)
                                                    and person_id in ids):
                out.append(Problem(f"$.benefits_received[{index}].person_id",
                                   "Diese Person gibt es im Haushalt nicht.",
                                   "household.unknown_person"))
            if item.get("since") not in (None, ""):
                _check(f"$.benefits_received[{index}].since", "date", item.get("since"), out)
    return out


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _check_fields(data: dict[str, Any], base: str, fields: dict[str, str],
                  out: list[Problem]) -> None:
    for key, validator in fields.items():
        value = data.get(key)
        if value in (None, ""):
            continue
        _check(f"{base}.{key}", validator, value, out)


def _check(path: str, validator: str, value: Any, out: list[Problem]) -> None:
    if not isinstance(value, str):
        return  # wrong types are reported by the schema check
    if validator in _STORED_DATES:
        strict = check_iso_date(value)  # a stored date is exactly YYYY-MM-DD
        if strict is not None:
            out.append(Problem(path, _german(strict), strict))
            return
    key = _safe(VALIDATORS[validator], value)
    if key is not None:
        out.append(Problem(path, _german(key), key))


def _german(key: str) -> str:
    try:
        return message(key)
    except KeyError:  # a key the validation package does not (yet) describe
        return "Ungültiger Wert."


def _safe(func: Any, *args: Any) -> str | None:
    """A validator's key; a validator that raises is a bug, reported as a format problem."""
    try:
        result = func(*args)
    except Exception:  # noqa: BLE001 - one broken validator must not hide all other problems
        return "format"
    return result if isinstance(result, str) else None
