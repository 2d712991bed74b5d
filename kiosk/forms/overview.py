"""Every claim of a household at once: the household checked, then per claim its
projection and what it still lacks, from one walk per claim.

``project`` and ``missing`` each walk the form; a screen that shows both for every claim
(the claims list, the benchmark of issue 3) walks once per claim here, and the persons
of the household are enumerated once for all claims of the call. The results are the
same as those of :func:`kiosk.model.validate_household`, :func:`kiosk.forms.subjects`,
:func:`kiosk.forms.project` and :func:`kiosk.forms.missing`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from kiosk.forms.catalog import FormCatalog
from kiosk.forms.completeness import Missing, missing_of
from kiosk.forms.definition import Form
from kiosk.forms.projection import Projection, projection_of, subjects
from kiosk.forms.scope import HouseholdView, Walker
from kiosk.model.checks import validate_household
from kiosk.model.problems import Problem

#: Answers or provided documents per claim, by ``(benefit, subject)``.
ClaimKey = tuple[str, "str | None"]


@dataclass(frozen=True)
class ClaimCheck:
    """One claim: its form and subject, the projection and the missing items."""

    form: Form
    subject: str | None
    projection: Projection
    missing: list[Missing]

    @property
    def benefit(self) -> str:
        return self.form.id


@dataclass(frozen=True)
class ClaimsOverview:
    """``problems``: :func:`validate_household`; ``claims``: in form order, then subject."""

    problems: list[Problem]
    claims: list[ClaimCheck]


def check_claim(form: Form, household: Any, answers: Any, subject: str | None = None,
                lang: str = "de", provided_documents: Iterable[str] = (),
                today: date | None = None, view: HouseholdView | None = None) -> ClaimCheck:
    """``project(...)`` and ``missing(...)`` of one claim from a single walk. Raises
    ``SubjectError`` like they do. ``view``: a :class:`HouseholdView` of this household
    to share between claims (only while the household is not changed)."""
    walker = Walker(form, household, answers, subject, today, view)
    blocks = walker.walk(hidden=False)
    return ClaimCheck(form, walker.subject, projection_of(walker, blocks),
                      missing_of(walker, blocks, lang, provided_documents))


def claims_overview(forms: FormCatalog | Iterable[Form], household: Any,
                    answers: Mapping[ClaimKey, Any] | None = None, lang: str = "de",
                    provided_documents: Mapping[ClaimKey, Iterable[str]] | None = None,
                    today: date | None = None) -> ClaimsOverview:
    """Validate ``household``, then check every claim the forms make of it (each form,
    for each of its :func:`subjects`): its projection and its missing list in ``lang``.
    ``forms``: a catalog (its newest form per benefit) or the forms to use."""
    chosen = forms.all_forms() if isinstance(forms, FormCatalog) else list(forms)
    problems = validate_household(household)
    view = HouseholdView(household)
    answers = answers or {}
    provided_documents = provided_documents or {}
    claims = []
    for form in chosen:
        for subject in subjects(form, household, today, view):
            key = (form.id, subject)
            claims.append(check_claim(form, household, answers.get(key), subject, lang,
                                      provided_documents.get(key, ()), today, view))
    return ClaimsOverview(problems, claims)
