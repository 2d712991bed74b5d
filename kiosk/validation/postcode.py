"""German postcodes (5 digits) and the postcodes that belong to Wiesbaden."""

from __future__ import annotations

from kiosk.validation.typed_input import is_ascii_digits, text_of

#: Wiesbaden proper, plus Mainz-Kostheim and Mainz-Kastel, which belong to Wiesbaden.
WIESBADEN_POSTCODES: frozenset[str] = frozenset(
    [f"{n:05d}" for n in range(65183, 65208)] + ["55246", "55252"]
)


def check_postcode(value: str) -> str | None:
    """``None`` for five digits (surrounding spaces ignored), else a message key."""
    text = text_of(value)
    if text is None:
        return "postcode.format"
    code = text.strip()
    if code == "":
        return "postcode.empty"
    if len(code) != 5 or not is_ascii_digits(code):
        return "postcode.format"
    return None


def check_postcode_wiesbaden(value: str) -> str | None:
    """Like :func:`check_postcode`, and the postcode must be one of Wiesbaden's."""
    problem = check_postcode(value)
    if problem is not None:
        return problem
    text = text_of(value) or ""
    if text.strip() not in WIESBADEN_POSTCODES:
        return "postcode.not_wiesbaden"
    return None
