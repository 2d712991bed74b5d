"""The household model: one JSON document per family, its schema, checks and read helpers.

The household is a plain dict (``resources/schemas/household.schema.json``). Claims are
projections of it (``kiosk.forms``); hints are read from it (``kiosk.eligibility``).
"""

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
from kiosk.model.paths import PathError, delete_path, format_path, get_path, parse_path, set_path
from kiosk.model.problems import Problem
from kiosk.model.schema import household_schema, resources_dir, schema_problems

__all__ = [
    "ITEM_FACTORIES", "SCHEMA_VERSION", "Member", "PathError", "Problem", "adults", "benefits",
    "children", "copy_household", "delete_path", "empty_household", "format_path", "get_path",
    "household_income_cents", "household_schema", "household_size", "housing_costs_cents",
    "members", "monthly_income_cents", "new_child", "new_member", "new_other_parent",
    "new_person", "next_person_id", "parse_iso_date", "parse_path", "person_by_id",
    "resources_dir", "schema_problems", "semantic_problems", "set_path", "validate_household",
]
