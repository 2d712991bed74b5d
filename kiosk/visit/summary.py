""""What is sent", in the family's language: the summary of one claim that family mode shows
and that the claim PDF and the family's handout print.

A draft claim is projected from the household as it is in the store; a signed claim shows
exactly its frozen canonical JSON, whatever changed since. ``sha256`` is the hash of what is
shown: signing refuses a claim whose projection no longer has it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk.forms import Form, SubjectError, missing, project, text_in
from kiosk.i18n import is_rtl, office_label, translate
from kiosk.model.household import person_by_id
from kiosk.store import states
from kiosk.visit.formatting import format_value

if TYPE_CHECKING:
    from kiosk.config import StationConfig
    from kiosk.forms import FormCatalog
    from kiosk.store import Claim

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SummaryRow:
    label: str
    value: str


@dataclass(frozen=True)
class SummaryBlock:
    """The fields of a section, or of one item of a repeated section (``title``: "Kind Nr. 2")."""

    title: str | None
    rows: tuple[SummaryRow, ...]


@dataclass(frozen=True)
class SummarySection:
    title: str
    blocks: tuple[SummaryBlock, ...]


@dataclass(frozen=True)
class ClaimSummary:
    """One claim as the family reads it, every text already in ``lang``.

    ``signable``: a draft that could be projected (only that can be signed); ``signed``:
    frozen, shown as signed; ``problem``: why it cannot be shown (then nothing else is set).
    ``canonical``/``sha256``: exactly the claim shown, which signing freezes.
    """

    claim_id: str
    benefit: str
    state: str
    lang: str
    rtl: bool
    title: str
    for_person: str | None
    office_heading: str
    office: str
    office_name: str | None
    summary: str
    what_is_sent: str
    sections: tuple[SummarySection, ...]
    missing_heading: str
    missing: tuple[str, ...]
    next_steps: str
    consent_heading: str
    consent: str
    signature_heading: str
    signable: bool
    signed: bool
    canonical: bytes | None
    sha256: str | None
    problem: str | None = None

    @property
    def rows(self) -> list[tuple[str, str]]:
        """Every (label, value) shown, in order."""
        return [(r.label, r.value) for s in self.sections for b in s.blocks for r in b.rows]


def _sections(form: Form, data: dict[str, Any], lang: str,
              option_sets: Any) -> tuple[SummarySection, ...]:
    out = []
    sections = data.get("sections", {})
    for section in form.sections:
        found = sections.get(section.id)
        if not found:
            continue
        items = found if isinstance(found, list) else [found]
        blocks = []
        for number, item in enumerate(items, start=1):
            title = None
            if isinstance(found, list):
                label = (text_in(section.repeat.item_label, lang)
                         if section.repeat and section.repeat.item_label else "")
                title = f"{label} {translate('family.item', lang, number=number)}".strip()
            rows = tuple(SummaryRow(text_in(f.label, lang),
                                    format_value(f, item[f.id], lang, option_sets))
                         for f in section.fields if f.id in item)
            blocks.append(SummaryBlock(title, rows))
        out.append(SummarySection(text_in(section.title, lang), tuple(blocks)))
    return tuple(out)


def claim_summary(catalog: FormCatalog, config: StationConfig | None,
                  household: dict[str, Any], claim: Claim, lang: str,
                  provided_documents: Iterable[str] = ()) -> ClaimSummary:
    """The summary of ``claim`` in ``lang`` (see the module text); the documents in
    ``provided_documents`` (attached) are not listed as missing."""
    signed = claim.state in states.FROZEN
    base: dict[str, Any] = dict(
        claim_id=claim.id, benefit=claim.benefit, state=claim.state, lang=lang,
        rtl=is_rtl(lang), for_person=None, office_heading="", office="", office_name=None,
        summary="", what_is_sent=translate("family.what_is_sent", lang), sections=(),
        missing_heading="", missing=(), next_steps="",
        consent_heading=translate("family.consent", lang), consent="",
        signature_heading=translate("family.signature_saved_as", lang),
        signable=False, signed=signed, canonical=None, sha256=None)
    try:
        form = catalog.form(claim.benefit, claim.form_version)
    except Exception:  # noqa: BLE001 - a broken or missing form must not end family mode
        log.warning("form %s/%s not available", claim.benefit, claim.form_version)
        return ClaimSummary(title=claim.benefit, problem=translate("family.cannot_show", lang),
                            **base)
    labels = form.summary_labels
    base.update(
        office_heading=text_in(labels.get("office"), lang) or translate("family.office", lang),
        office=office_label(form.office, lang),
        office_name=config.offices[form.office].name
        if config is not None and form.office in config.offices else None,
        summary=text_in(form.summary, lang), consent=text_in(form.consent, lang),
        next_steps=text_in(labels.get("next_steps"), lang),
        signature_heading=text_in(labels.get("signature"), lang)
        or translate("family.signature_saved_as", lang),
        missing_heading=text_in(labels.get("missing"), lang) or translate("family.missing", lang))
    title = text_in(form.title, lang)
    if claim.subject:
        person = person_by_id(household, claim.subject.split(":")[0])
        if person is not None and person.name:
            base["for_person"] = translate("family.for_person", lang, name=person.name)
    if signed and claim.canonical is not None:
        data = json.loads(claim.canonical)
        canonical, sha = claim.canonical, claim.sha256
    else:
        try:
            projection = project(form, household, claim.answers, claim.subject)
        except (SubjectError, ValueError, TypeError):
            log.warning("claim of form %s could not be projected", form.id)
            return ClaimSummary(title=title, problem=translate("family.cannot_show", lang),
                                **base)
        data, canonical, sha = projection.data, projection.canonical, projection.sha256
    option_sets = catalog.glossary.option_sets
    try:
        gaps = tuple(m.label for m in missing(form, household, claim.answers, claim.subject,
                                              lang, provided_documents))
    except SubjectError:
        gaps = ()
    base.update(sections=_sections(form, data, lang, option_sets), missing=gaps,
                canonical=canonical, sha256=sha, signable=claim.state == states.DRAFT)
    return ClaimSummary(title=title, **base)
