"""What a form file turns into: Form → Section → Field, plus documents, kinds and texts.

Texts are dicts language → text (``Text``); :func:`text_in` picks one with German as the
fallback. These objects are immutable; the loader (``kiosk.forms.catalog``) builds them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

#: The parts of an ``address`` field's value, in the order a form shows them.
ADDRESS_KEYS = ("street", "house_number", "address_extra", "postcode", "city", "country")

Text = dict[str, str]
PerSubject = Literal["household", "child", "child_and_kind"]


def text_in(text: Text | None, lang: str = "de") -> str:
    """``text`` in ``lang``, else German, else any language, else ``""``."""
    if not text:
        return ""
    return text.get(lang) or text.get("de") or next(iter(text.values()), "")


@dataclass(frozen=True)
class Option:
    value: str
    label: Text


@dataclass(frozen=True)
class Field:
    """One field of a form: where its value comes from and how it is checked."""

    id: str
    label: Text
    type: str
    source: str  # a household path ($…, $subject…, @…) or "answer"
    required: bool = False
    show_if: dict[str, Any] | None = None
    validation: str | None = None  # a name in kiosk.validation.VALIDATORS
    fim_id: str | None = None
    options: tuple[Option, ...] = ()
    help: Text | None = None
    counsellor_only: bool = False

    @property
    def is_answer(self) -> bool:
        return self.source == "answer"

    def option_values(self) -> tuple[str, ...]:
        return tuple(o.value for o in self.options)


@dataclass(frozen=True)
class Repeat:
    """A section repeated per item of a collection ($children, $members, $adults …)."""

    over: str
    where: dict[str, Any] | None = None
    item_label: Text | None = None


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    fields: tuple[Field, ...]
    repeat: Repeat | None = None
    show_if: dict[str, Any] | None = None


@dataclass(frozen=True)
class Document:
    """A Nachweis the office needs; ``when`` says in which case (``None`` = always)."""

    id: str
    label: Text
    when: dict[str, Any] | None = None
    per_item: str | None = None  # a collection: one document per item (e.g. $children)
    where: dict[str, Any] | None = None  # filter for per_item, evaluated on the item (@)


@dataclass(frozen=True)
class Kind:
    """A kind of benefit inside one form (BuT: school trips, lunch …)."""

    id: str
    label: Text
    where: dict[str, Any] | None = None


@dataclass(frozen=True)
class Form:
    """One version of one benefit's application form, as declared in its file."""

    id: str
    version: str
    title: Text
    summary: Text
    office: str
    leika_key: str
    per_subject: PerSubject
    sections: tuple[Section, ...]
    documents: tuple[Document, ...]
    consent: Text
    file: str = ""
    subject_where: dict[str, Any] | None = None
    kinds: tuple[Kind, ...] = ()
    summary_labels: dict[str, Text] = field(default_factory=dict)
    legal_basis: str = ""

    def field(self, field_id: str) -> Field:
        """The field with ``field_id``; raises ``KeyError``."""
        for section in self.sections:
            for fld in section.fields:
                if fld.id == field_id:
                    return fld
        raise KeyError(field_id)

    def fields(self) -> list[Field]:
        return [fld for section in self.sections for fld in section.fields]

    def section_of(self, field_id: str) -> Section:
        for section in self.sections:
            if any(fld.id == field_id for fld in section.fields):
                return section
        raise KeyError(field_id)

    def kind(self, kind_id: str) -> Kind:
        for kind in self.kinds:
            if kind.id == kind_id:
                return kind
        raise KeyError(kind_id)
