"""A claim's own questions (those the household does not answer), with what each holds, its
message and whether it is shown now, and what the claim still lacks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk.errors import InvalidInput
from kiosk.forms import Field, Form, Missing, field_path, missing, step_items
from kiosk.forms.fieldtypes import check_value, coerce
from kiosk.forms.scope import Walker
from kiosk.visit.intake import problem_text

if TYPE_CHECKING:
    from kiosk.forms import Intake
    from kiosk.store import Claim


@dataclass(frozen=True)
class Question:
    """``key``: the field id, or ``field[item]`` in a repeated section; ``raw``: what was
    typed (kept even when not acceptable); ``problem``: its message, ``None`` if fine."""

    key: str
    field: Field
    item_id: str | None
    item_name: str
    raw: Any
    problem: str | None
    visible: bool


@dataclass(frozen=True)
class ClaimQuestions:
    """The questions of one claim, what it lacks, and the intake step where the first
    missing household field is typed (``None``: nothing there to fill)."""

    claim_id: str
    questions: tuple[Question, ...]
    missing: tuple[Missing, ...]
    fill_step: str | None


def _raw(answers: dict[str, Any], field_id: str, item_id: str | None) -> Any:
    value = answers.get(field_id)
    if item_id is not None:
        return value.get(item_id) if isinstance(value, dict) else None
    return value


def intake_step_of(intake: Intake, household: dict[str, Any], path: str) -> str | None:
    """The intake step whose field writes the household ``path`` (``None`` if none does)."""
    for step in intake.steps:
        items: list[Any] = list(step_items(step, household)) if step.repeat_over else [None]
        for item in items:
            for fld in step.fields:
                if fld.type != "list" and field_path(fld, item) == path:
                    return step.id
    return None


def claim_questions(form: Form, intake: Intake, household: dict[str, Any], claim: Claim,
                    lang: str, provided_documents: Iterable[str] = ()) -> ClaimQuestions:
    walker = Walker(form, household, claim.answers, claim.subject)
    questions = []
    for slot in walker.slots():
        if not slot.field.is_answer:
            continue
        fld = slot.field
        raw = _raw(claim.answers, fld.id, slot.item_id)
        key = check_value(fld.type, fld.validation, fld.option_values(), raw)
        questions.append(Question(slot.key, fld, slot.item_id, slot.item_name, raw,
                                  problem_text(key, lang) if key else None, slot.visible))
    gaps = tuple(missing(form, household, claim.answers, claim.subject, lang,
                         provided_documents))
    first = next((g.path for g in gaps if g.kind == "field" and g.path), None)
    step = intake_step_of(intake, household, first) if first else None
    return ClaimQuestions(claim.id, tuple(questions), gaps, step)


def answered(form: Form, household: dict[str, Any], claim: Claim, key: str,
             raw: Any) -> tuple[dict[str, Any], str | None]:
    """The claim's answers with question ``key`` set from ``raw`` (coerced when acceptable,
    kept as typed when not), and the message key of the problem, if any."""
    walker = Walker(form, household, claim.answers, claim.subject)
    slot = next((s for s in walker.slots() if s.key == key and s.field.is_answer), None)
    if slot is None:
        raise InvalidInput(f"form {form.id} asks no question {key!r}",
                           "Diese Frage gibt es in diesem Antrag nicht.")
    fld = slot.field
    problem = check_value(fld.type, fld.validation, fld.option_values(), raw)
    value = raw if problem else coerce(fld.type, fld.validation, fld.option_values(), raw)
    answers = dict(claim.answers)
    if slot.item_id is None:
        answers[fld.id] = value
    else:
        per_item = dict(answers.get(fld.id) or {})
        per_item[slot.item_id] = value
        answers[fld.id] = per_item
    return answers, problem


__all__ = ["ClaimQuestions", "Question", "answered", "claim_questions",
           "intake_step_of"]
