"""Field-level questions the UI asks while a claim is being filled: is this typed text
acceptable for the field, and which fields are shown now."""

from __future__ import annotations

from datetime import date
from typing import Any

from kiosk.forms.definition import Form
from kiosk.forms.fieldtypes import check_value
from kiosk.forms.scope import Slot, Walker


def check_field(form: Form, field_id: str, value: Any) -> str | None:
    """``None`` when ``value`` is acceptable (or still empty), else a message key for
    ``kiosk.forms.field_message``; ``"form.unknown_field"`` for a field id the form lacks."""
    try:
        fld = form.field(field_id.split("[", 1)[0] if isinstance(field_id, str) else "")
    except KeyError:
        return "form.unknown_field"
    return check_value(fld.type, fld.validation, fld.option_values(), value)


def visible_fields(form: Form, household: Any, answers: Any, subject: str | None = None,
                   today: date | None = None) -> list[Slot]:
    """The fields shown now (``show_if`` honoured), in form order, one slot per item in
    repeated sections, each with its current value."""
    return [slot for slot in Walker(form, household, answers, subject, today).slots()
            if slot.visible]
