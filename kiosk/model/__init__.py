"""The household model: one JSON document per family, its schema, checks and read helpers;
and the claim lifecycle (``kiosk.model.lifecycle``).

The household is a plain dict (``resources/schemas/household.schema.json``). Claims are
projections of it (``kiosk.forms``); hints are read from it (``kiosk.eligibility``).

The names below are loaded on first use (PEP 562): the store needs only the lifecycle, and
the checks pull in jsonschema and the validators — about 100 ms the kiosk's start-up to the
login screen does not need (``python -m ui.startup_benchmark``).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "kiosk.model.checks": ("semantic_problems", "validate_household"),
    "kiosk.model.household": (
        "ITEM_FACTORIES", "SCHEMA_VERSION", "Member", "adults", "benefits", "children",
        "copy_household", "empty_household", "household_income_cents", "household_size",
        "housing_costs_cents", "members", "monthly_income_cents", "new_child", "new_member",
        "new_other_parent", "new_person", "next_person_id", "parse_iso_date", "person_by_id",
    ),
    "kiosk.model.paths": ("PathError", "delete_path", "format_path", "get_path",
                          "parse_path", "set_path"),
    "kiosk.model.problems": ("Problem",),
    "kiosk.model.schema": ("household_schema", "resources_dir", "schema_problems"),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = [
    "ITEM_FACTORIES", "Member", "PathError", "Problem", "SCHEMA_VERSION", "adults", "benefits",
    "children", "copy_household", "delete_path", "empty_household", "format_path", "get_path",
    "household_income_cents", "household_schema", "household_size", "housing_costs_cents",
    "members", "monthly_income_cents", "new_child", "new_member", "new_other_parent",
    "new_person", "next_person_id", "parse_iso_date", "parse_path", "person_by_id",
    "resources_dir", "schema_problems", "semantic_problems", "set_path", "validate_household",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'kiosk.model' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from kiosk.model.checks import semantic_problems, validate_household
    from kiosk.model.household import (
        ITEM_FACTORIES,
        SCHEMA_VERSION,
        Member,
        adults,
        benefits,
        children,
        copy_household,
        empty_household,
        household_income_cents,
        household_size,
        housing_costs_cents,
        members,
        monthly_income_cents,
        new_child,
        new_member,
        new_other_parent,
        new_person,
        next_person_id,
        parse_iso_date,
        person_by_id,
    )
    from kiosk.model.paths import (
        PathError,
        delete_path,
        format_path,
        get_path,
        parse_path,
        set_path,
    )
    from kiosk.model.problems import Problem
    from kiosk.model.schema import household_schema, resources_dir, schema_problems
