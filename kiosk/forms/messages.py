"""The message keys the form engine adds to those of kiosk.validation, and their texts
(from the one catalog, :mod:`kiosk.i18n`)."""

from __future__ import annotations

from kiosk.i18n import translate
from kiosk.validation import message as validation_message

#: Every key the form engine itself can return from ``check_field``.
FORM_KEYS: frozenset[str] = frozenset({
    "form.choice",
    "form.boolean",
    "form.type",
    "form.month",
    "form.too_long",
    "form.control_chars",
    "form.unknown_field",
})


def field_message(key: str, lang: str = "de") -> str:
    """The text for a key from ``check_field`` (form keys here, validator keys there)."""
    if key in FORM_KEYS:
        return translate(key, lang)
    return validation_message(key, lang)
