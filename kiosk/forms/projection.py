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

from kiosk.forms.definition import Form
from kiosk.forms.plan import plan_of
from kiosk.forms.scope import Block, HouseholdView, Walker, collection, split_subject
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
    return _encode(data)


def _encode(data: Any) -> bytes:
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
    return projection_of(walker, walker.walk(hidden=False))


def projection_of(walker: Walker, blocks: list[Block]) -> Projection:
    """The claim from one walk (``walker.walk(...)``)."""
    form = walker.form
    sections: dict[str, Any] = {}
    items: dict[str, dict[str, dict[str, Any]]] = {}
    structured = []  # values other than str, int and bool
    for section, item, entries in blocks:
        values = {fp.id: value for fp, _visible, value, _problem in entries
                  if value is not None}
        if not values:
            continue
        if not set(map(type, values.values())) <= _PLAIN:
            structured += [v for v in values.values() if v.__class__ not in _PLAIN]
        section_id = section.section.id
        if item is None:
            target = sections.get(section_id)
            if target is None:
                sections[section_id] = values
            else:
                target.update(values)
            continue
        by_item = items.get(section_id)
        if by_item is None:
            by_item = items[section_id] = {}
        entry = by_item.get(item.id or "")
        if entry is None:
            by_item[item.id or ""] = values
        else:
            entry.update(values)
    for section_id, by_item in items.items():
        sections[section_id] = list(by_item.values())
    data = {"form": form.id, "version": form.version, "subject": walker.subject,
            "sections": sections}
    if plan_of(form).string_keys:
        # canonical_bytes, searching for floats only where one could be
        for value in structured:
            _refuse_floats(value)
        raw = _encode(data)
    else:
        raw = canonical_bytes(data)
    return Projection(data, raw, hashlib.sha256(raw).hexdigest())


_PLAIN = frozenset({str, int, bool})


def subjects(form: Form, household: Any, today: date | None = None,
             view: HouseholdView | None = None) -> list[str | None]:
    """For whom this form makes a claim: ``[None]`` for a household form; the ids of the
    children that pass ``subjects.where`` for a per-child form; ``"<child>:<kind>"`` for
    every child and kind that fit for a per-child-and-kind form (BuT). ``view``: a
    :class:`HouseholdView` of this very household, to share its list of persons."""
    if form.per_subject == "household":
        return [None]
    doc = household if isinstance(household, dict) else {}
    if view is None or view.household is not household:
        kids = children(doc)
    else:
        kids = [m for m in view.all_children if m.lives_in_household]
    plan = plan_of(form)
    where = plan.subject_where
    out: list[str | None] = []
    for child in kids:
        data = child.data
        if where is not None and not where(data, doc, today):
            continue
        if form.per_subject == "child":
            out.append(child.id)
            continue
        for kind, kind_where in zip(form.kinds, plan.kind_wheres, strict=True):
            if kind_where is None or kind_where(data, doc, today):
                out.append(f"{child.id}:{kind.id}")
    return out


__all__ = ["Projection", "canonical_bytes", "collection", "project", "split_subject",
           "subjects"]
