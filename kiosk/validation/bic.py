"""BIC (SWIFT code, python-stdnum's ``stdnum.bic``): 8 or 11 characters; optional inside
SEPA, so an empty value is valid."""

from __future__ import annotations

from stdnum import bic as stdnum_bic
from stdnum.exceptions import InvalidComponent, ValidationError

from kiosk.validation.typed_input import compact_upper, text_of


def normalise_bic(value: str) -> str:
    """The BIC without whitespace, ASCII letters upper-cased. Never raises."""
    return compact_upper(value)


def check_bic(value: str) -> str | None:
    """``None`` for an empty value or a well-formed BIC, else a message key."""
    text = text_of(value)
    if text is None:
        return "bic.format"
    bic = normalise_bic(text)
    if bic == "":
        return None
    if stdnum_bic.compact(bic) != bic:
        return "bic.format"  # a separator stdnum would drop stays in the stored value
    try:
        stdnum_bic.validate(bic)
    except InvalidComponent:
        return "bic.country"
    except ValidationError:
        return "bic.format"
    return None
