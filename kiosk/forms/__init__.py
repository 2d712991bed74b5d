"""Forms as data: the benefit forms and the household intake under ``resources/forms``.

``load_catalog`` reads and checks every form file; ``subjects`` says for whom a form makes
claims; ``project`` turns household + answers into the claim (canonical JSON + SHA-256);
``missing`` lists what a claim still lacks; ``claims_overview`` does both for every claim
of a household (one walk per claim); ``load_intake`` describes the intake screens.
"""

from kiosk.forms.catalog import FormCatalog, Glossary, load_catalog
from kiosk.forms.completeness import Missing, missing
from kiosk.forms.conditions import ConditionError, check_condition, evaluate
from kiosk.forms.definition import Document, Field, Form, Kind, Option, Repeat, Section, text_in
from kiosk.forms.errors import FormError
from kiosk.forms.fields import check_field, visible_fields
from kiosk.forms.intake import (
    Intake,
    IntakeField,
    IntakeStep,
    add_item,
    add_object,
    check_intake_value,
    field_path,
    intake_missing,
    load_intake,
    person_options,
    read_field,
    step_items,
    step_visible,
    visible_intake_fields,
    write_field,
)
from kiosk.forms.messages import FORM_KEYS, field_message
from kiosk.forms.overview import ClaimCheck, ClaimsOverview, check_claim, claims_overview
from kiosk.forms.projection import Projection, canonical_bytes, project, subjects
from kiosk.forms.scope import Item, Slot, SubjectError
from kiosk.model.paths import get_path, set_path

__all__ = [
    "FORM_KEYS", "ClaimCheck", "ClaimsOverview", "ConditionError", "Document", "Field",
    "Form", "FormCatalog", "FormError",
    "Glossary", "Intake", "IntakeField", "IntakeStep", "Item", "Kind", "Missing", "Option",
    "Projection", "Repeat", "Section", "Slot", "SubjectError", "add_item", "add_object",
    "canonical_bytes", "check_claim", "check_condition", "check_field", "check_intake_value",
    "claims_overview", "evaluate",
    "field_message", "field_path", "get_path", "intake_missing", "load_catalog",
    "load_intake", "missing", "person_options", "project", "read_field", "set_path",
    "step_items", "step_visible", "subjects", "text_in", "visible_fields",
    "visible_intake_fields", "write_field",
]
