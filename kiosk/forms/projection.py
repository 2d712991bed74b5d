"""A claim as the agency receives it: only the fields its form declares, as canonical JSON.

Canonical bytes: keys sorted, UTF-8, no insignificant whitespace, no floats (money is
integer cents), so the same claim always gives the same bytes and the same SHA-256.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from kiosk.forms.conditions import evaluate
from kiosk.forms.definition import Form
from kiosk.forms.scope import Walker, collection, get_value, split_subject
from kiosk.model.household import children


@dataclass(frozen=True)
class Projection:
    """``data``: the claim; ``canonical``: its bytes; ``sha256``: their hex digest."""

    data: dict[str, Any]
    canonical: bytes
    sha256: str


def canonical_bytes(data: Any) -> bytes:
    """Sorted keys, UTF-8, no whitespace; refuses floats and non-JSON values (TypeError)."""
    _refuse_floats(data)
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def _refuse_floats(node: Any) -> None:
    if isinstance(node, float):
        raise TypeError("floats never enter a claim (money is integer cents)")
    if isinstance(node, dict):
        for key, value in node.items():
            if not isinstance(key, str):
                raise TypeError("claim keys are strings")
            _refuse_floats(value)
    elif isinstance(node, list):
        for value in node:
            _refuse_floats(value)


def project(form: Form, household: Any, answers: Any, subject: str | None = None,
            today: date | None = None) -> Projection:
    """The claim ``form`` makes of ``household`` plus ``answers`` for ``subject``.

    Layout: ``{"form", "version", "subject", "sections": {section_id: {field_id: value}}}``;
    a repeated section holds a list of such objects, one per item. Hidden, empty and
    unacceptable values are left out (``missing`` lists them). Raises
    ``kiosk.forms.scope.SubjectError`` for a subject that does not fit the form.
    """
    walker = Walker(form, household, answers, subject, today)
    sections: dict[str, Any] = {}
    items: dict[str, dict[str, dict[str, Any]]] = {}
    for slot in walker.slots():
        if slot.value is None:
            continue
        if slot.section.repeat is None:
            sections.setdefault(slot.section.id, {})[slot.field.id] = slot.value
        else:
            by_item = items.setdefault(slot.section.id, {})
            by_item.setdefault(slot.item_id or "", {})[slot.field.id] = slot.value
    for section_id, by_item in items.items():
        sections[section_id] = list(by_item.values())
    data = {"form": form.id, "version": form.version, "subject": walker.subject,
            "sections": sections}
    raw = canonical_bytes(data)
    return Projection(data, raw, hashlib.sha256(raw).hexdigest())


def subjects(form: Form, household: Any, today: date | None = None) -> list[str | None]:
    """For whom this form makes a claim: ``[None]`` for a household form; the ids of the
    children that pass ``subjects.where`` for a per-child form; ``"<child>:<kind>"`` for
    every child and kind that fit for a per-child-and-kind form (BuT)."""
    if form.per_subject == "household":
        return [None]
    doc = household if isinstance(household, dict) else {}
    out: list[str | None] = []
    for child in children(doc):

        def resolve(ref: str, name: str, data: Any = child.data) -> Any:
            if ref == "path" and name.startswith("$subject"):
                return get_value(data, "$" + name[len("$subject"):])
            if ref == "path" and name.startswith("$."):
                return get_value(doc, name)
            return None

        if not evaluate(form.subject_where, resolve, today):
            continue
        if form.per_subject == "child":
            out.append(child.id)
            continue
        for kind in form.kinds:
            if evaluate(kind.where, resolve, today):
                out.append(f"{child.id}:{kind.id}")
    return out


__all__ = ["Projection", "canonical_bytes", "collection", "project", "split_subject",
           "subjects"]
