"""What a claim still lacks: required fields without an acceptable value and the
documents (Nachweise) its conditions ask for, labelled in the family's language."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from kiosk.forms.definition import Form, text_in
from kiosk.forms.scope import Walker, collection, slot_label


@dataclass(frozen=True)
class Missing:
    """``kind`` field or document; ``id`` the field key (``id[item]`` in repeated sections)
    or document id; ``label`` in the requested language; ``path`` the household path to
    fill (``None`` for claim answers and documents); ``problem`` the message key when a
    value is there but not acceptable."""

    kind: Literal["field", "document"]
    id: str
    label: str
    path: str | None = None
    problem: str | None = None


def missing(form: Form, household: Any, answers: Any, subject: str | None = None,
            lang: str = "de", provided_documents: Iterable[str] = (),
            today: date | None = None) -> list[Missing]:
    """Required visible fields still empty (or not acceptable), then the documents needed
    and not in ``provided_documents`` (ids as returned here, or a document's plain id)."""
    walker = Walker(form, household, answers, subject, today)
    out: list[Missing] = []
    top: dict[str, Any] = {}
    for slot in walker.slots():
        if slot.section.repeat is None:
            top[slot.field.id] = slot.value
        if not slot.visible or slot.value is not None:
            continue
        if slot.field.required or slot.problem is not None:
            out.append(Missing("field", slot.key, slot_label(slot, lang), slot.path,
                               slot.problem))
    provided = set(provided_documents)
    for document in form.documents:
        if document.id in provided or not walker.holds(document.when, None, top):
            continue
        label = text_in(document.label, lang)
        if document.per_item is None:
            out.append(Missing("document", document.id, label))
            continue
        for item in collection(walker.household, document.per_item):
            if document.where is not None and not walker.holds(document.where, item, {}):
                continue
            key = f"{document.id}[{item.id}]"
            if key not in provided:
                out.append(Missing("document", key,
                                   f"{label} ({item.name})" if item.name else label))
    return out
