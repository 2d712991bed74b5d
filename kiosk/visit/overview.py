"""The claims overview of a case: every claim the forms make of the household with its
eligibility hint and reason, the claims added, and what each still lacks — one
implementation for the claims screen and ``fvo-kiosk-admin case claims``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk.eligibility import Rules, hints
from kiosk.errors import KioskError
from kiosk.forms import (
    Form,
    FormCatalog,
    Missing,
    SubjectError,
    check_claim,
    claims_overview,
    project,
    text_in,
)
from kiosk.i18n import translate
from kiosk.model.household import person_by_id
from kiosk.store import states

if TYPE_CHECKING:
    from kiosk.store import Case, Claim

log = logging.getLogger(__name__)

#: Order of hint levels on screen and in the CLI: the likely claims first.
LEVEL_ORDER = {"likely": 0, "possible": 1, None: 2, "not_applicable": 3}


@dataclass(frozen=True)
class HintRow:
    """One claim the forms make of the household (a benefit for the household, a child, or a
    child and kind), its hint (``level`` ``None``: no rule said anything), the claim if
    added, and what it still lacks. ``addable`` False: no child fits this benefit."""

    benefit: str
    subject: str | None
    title: str
    subject_name: str | None
    level: str | None
    reason: str
    claim_id: str | None
    claim_state: str | None
    missing: tuple[Missing, ...]
    addable: bool = True


@dataclass(frozen=True)
class ClaimRow:
    """A claim of the case (withdrawn and superseded ones left out): its form (``None`` if
    its form file is not available), who it is for, what it lacks, and — for a signed claim
    not yet at the office — whether the household changed what it would send."""

    claim: Claim
    form: Form | None
    title: str
    subject_name: str | None
    missing: tuple[Missing, ...]
    changed_since_signing: bool = False


@dataclass(frozen=True)
class CaseOverview:
    case: Case
    hints: tuple[HintRow, ...]
    claims: tuple[ClaimRow, ...]
    lang: str


def subject_name(form: Form | None, household: dict[str, Any], subject: str | None,
                 lang: str) -> str | None:
    """Who a claim is for, in words: ``None`` for the household, a child's name, or the
    child's name and the kind (Bildung und Teilhabe)."""
    if not subject:
        return None
    child_id, _, kind_id = subject.partition(":")
    person = person_by_id(household, child_id)
    name = (person.name if person else "") or child_id
    if kind_id and form is not None:
        try:
            return f"{name} – {text_in(form.kind(kind_id).label, lang)}"
        except KeyError:
            pass
    return name


def _hints(catalog: FormCatalog, household: dict[str, Any],
           rules: Rules | None) -> dict[tuple[str, Any], Any]:
    try:
        found = hints(catalog, household, rules=rules)
    except KioskError as exc:  # hints help; every claim can still be added
        log.warning("eligibility hints not available: %s", type(exc).__name__)
        return {}
    return {(h.benefit, h.subject): h for h in found}


def _hint_for(found: dict[tuple[str, Any], Any], benefit: str, subject: str | None) -> Any:
    # Per-child hints name the child; a BuT subject is "<child>:<kind>".
    return (found.get((benefit, subject))
            or found.get((benefit, subject.partition(":")[0] if subject else None))
            or found.get((benefit, None)))


def _form_of(catalog: FormCatalog, claim: Claim) -> Form | None:
    try:
        return catalog.form(claim.benefit, claim.form_version)
    except Exception:  # noqa: BLE001 - shown as "form not available", never a crash
        log.warning("form %s/%s not available", claim.benefit, claim.form_version)
        return None


def changed_since_signing(form: Form | None, household: dict[str, Any], claim: Claim) -> bool:
    """True when a signed claim, projected again from today's household, is no longer
    what the family signed (only while it can still be corrected)."""
    if claim.state not in states.CORRECTABLE or form is None or claim.sha256 is None:
        return False
    try:
        return project(form, household, claim.answers, claim.subject).sha256 != claim.sha256
    except SubjectError:
        return True


def build_overview(catalog: FormCatalog, case: Case, claims: list[Claim],
                   lang: str = "de", rules: Rules | None = None,
                   provided: Mapping[str, Iterable[str]] | None = None) -> CaseOverview:
    """Hints, claims and gaps of ``case`` in ``lang`` (one walk per claim); ``rules``: the
    eligibility rules as the station loaded them once; ``provided``: the document ids
    attached, per claim id (no longer listed as missing)."""
    household = case.household
    live = [c for c in claims if c.state not in states.INACTIVE]
    by_key = {(c.benefit, c.subject): c for c in live}
    answers = {key: c.answers for key, c in by_key.items()}
    provided = provided or {}
    documents = {key: tuple(provided.get(c.id, ())) for key, c in by_key.items()}
    checks = {(chk.benefit, chk.subject): chk
              for chk in claims_overview(catalog, household, answers, lang,
                                         documents).claims}
    found = _hints(catalog, household, rules)
    rows: list[HintRow] = []
    for form in catalog.all_forms():
        made = [key for key in checks if key[0] == form.id]
        for benefit, subject in made:
            hint = _hint_for(found, benefit, subject)
            claim = by_key.get((benefit, subject))
            rows.append(HintRow(
                benefit, subject, text_in(form.title, lang),
                subject_name(form, household, subject, lang),
                getattr(hint, "level", None), text_in(hint.reason, lang) if hint else "",
                claim.id if claim else None, claim.state if claim else None,
                tuple(checks[(benefit, subject)].missing)))
        if not made:
            hint = next((h for (b, _s), h in found.items() if b == form.id), None)
            rows.append(HintRow(
                form.id, None, text_in(form.title, lang), None,
                getattr(hint, "level", None) or "not_applicable",
                text_in(hint.reason, lang) if hint else "", None, None, (), addable=False))
    rows.sort(key=lambda r: LEVEL_ORDER.get(r.level, 2))
    views = []
    for claim in live:
        claim_form = _form_of(catalog, claim)
        gaps: tuple[Missing, ...] = ()
        if claim_form is not None:
            chk = checks.get((claim.benefit, claim.subject))
            try:
                if chk is None or chk.form is not claim_form:
                    chk = check_claim(claim_form, household, claim.answers, claim.subject, lang,
                                      provided.get(claim.id, ()))
                gaps = tuple(chk.missing)
            except SubjectError:  # the child was removed from the household since
                gaps = (Missing("field", "subject", translate("family.person_gone", lang)),)
        views.append(ClaimRow(
            claim, claim_form, text_in(claim_form.title, lang) if claim_form else claim.benefit,
            subject_name(claim_form, household, claim.subject, lang), gaps,
            changed_since_signing(claim_form, household, claim)))
    return CaseOverview(case, tuple(rows), tuple(views), lang)

