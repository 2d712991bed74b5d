"""What a claim still lacks: required fields without an acceptable value and the
documents (Nachweise) its conditions ask for, labelled in the family's language."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from kiosk.forms.definition import Form, text_in
from kiosk.forms.plan import plan_of
from kiosk.forms.scope import Block, Walker


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


def _missing(kind: str, key: str, label: str, path: str | None = None,
             problem: str | None = None) -> Missing:
    """``Missing(...)`` without the frozen dataclass's per-field ``object.__setattr__``
    (a claims screen makes hundreds); the same object results."""
    found = object.__new__(Missing)
    found.__dict__.update(kind=kind, id=key, label=label, path=path, problem=problem)
    return found


def missing(form: Form, household: Any, answers: Any, subject: str | None = None,
            lang: str = "de", provided_documents: Iterable[str] = (),
            today: date | None = None) -> list[Missing]:
    """Required visible fields still empty (or not acceptable), then the documents needed
    and not in ``provided_documents`` (ids as returned here, or a document's plain id)."""
    walker = Walker(form, household, answers, subject, today)
    return missing_of(walker, walker.walk(hidden=False), lang, provided_documents)


def missing_of(walker: Walker, blocks: list[Block], lang: str = "de",
               provided_documents: Iterable[str] = ()) -> list[Missing]:
    """:func:`missing` from one walk (``walker.walk(...)``, the last one of ``walker``)."""
    out: list[Missing] = []
    for _section, item, entries in blocks:
        for fp, _visible, _value, problem in [
                e for e in entries if e[1] and e[2] is None]:
            fld = fp.field
            if not fld.required and problem is None:
                continue
            label = text_in(fld.label, lang)
            if item is None:
                out.append(_missing("field", fp.id, label, fp.path(walker, None), problem))
            else:
                out.append(_missing("field", f"{fp.id}[{item.id}]",
                                    f"{label} ({item.name})" if item.name else label,
                                    fp.path(walker, item), problem))
    top = walker.values
    provided = set(provided_documents)
    for plan in plan_of(walker.form).documents:
        document = plan.document
        if document.id in provided or (
                plan.when is not None and not plan.when(walker, None, top)):
            continue
        label = text_in(document.label, lang)
        if document.per_item is None:
            out.append(_missing("document", document.id, label))
            continue
        for item in walker.collection(document.per_item):
            if plan.where is not None and not plan.where(walker, item, {}):
                continue
            key = f"{document.id}[{item.id}]"
            if key not in provided:
                out.append(_missing("document", key,
                                    f"{label} ({item.name})" if item.name else label))
    return out
