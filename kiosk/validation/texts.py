"""The validation message keys: every key a validator can return, and the keys of the
more telling variants that name a limit. The texts themselves are in the one catalog
(``resources/locale/<lang>/LC_MESSAGES/kiosk.po``, see :mod:`kiosk.i18n`).

No text ever repeats what the user typed: it may be personal data.
"""

from __future__ import annotations

#: Every key a validator in this package can return (each has a text in all six languages).
MESSAGE_KEYS: frozenset[str] = frozenset({
    "bic.country",
    "bic.format",
    "country.empty",
    "country.unknown",
    "date.age_limit",
    "date.before_1900",
    "date.child_not_younger",
    "date.empty",
    "date.format",
    "date.future",
    "date.invalid",
    "date.too_far_back",
    "decimal.empty",
    "decimal.format",
    "decimal.too_large",
    "decimal.too_small",
    "email.empty",
    "email.format",
    "iban.characters",
    "iban.checksum",
    "iban.country",
    "iban.empty",
    "iban.length",
    "integer.empty",
    "integer.format",
    "integer.too_large",
    "integer.too_small",
    "leika.empty",
    "leika.format",
    "money.empty",
    "money.format",
    "money.negative",
    "money.too_large",
    "name.characters",
    "name.empty",
    "name.punctuation",
    "name.too_long",
    "phone.characters",
    "phone.empty",
    "phone.length",
    "postcode.empty",
    "postcode.format",
    "postcode.not_wiesbaden",
    "tax_id.check_digit",
    "tax_id.empty",
    "tax_id.format",
    "tax_id.leading_zero",
    "tax_id.repetition",
})

#: Key → the key of its detailed text, with placeholders (``{years}``, ``{months}``,
#: ``{min}``, ``{max}``) the caller fills from the form's configuration.
DETAILED: dict[str, str] = {
    "date.age_limit": "date.age_limit.detailed",
    "date.too_far_back": "date.too_far_back.detailed",
    "integer.too_small": "integer.too_small.detailed",
    "integer.too_large": "integer.too_large.detailed",
    "decimal.too_small": "decimal.too_small.detailed",
    "decimal.too_large": "decimal.too_large.detailed",
}
