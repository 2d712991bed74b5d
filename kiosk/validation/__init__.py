"""Pure validators for what is typed into the household and claim forms.

Each ``check_*`` takes the raw value and returns ``None`` when it is valid or a message
key (``"tax_id.check_digit"``); :func:`message` turns the key into German or a family
language. ``normalise_*`` give the stored form. No I/O, no Qt, stdlib only.
"""

from kiosk.validation.bic import check_bic, normalise_bic
from kiosk.validation.contact import check_email, check_phone
from kiosk.validation.countries import COUNTRY_CODES, check_country, normalise_country
from kiosk.validation.dates import (
    InvalidDate,
    age_on,
    check_age_below,
    check_birth_date,
    check_child_younger,
    check_date,
    check_not_older_than_months,
    normalise_date,
    parse_date,
)
from kiosk.validation.iban import IBAN_LENGTHS, check_iban, normalise_iban
from kiosk.validation.leika import check_leika
from kiosk.validation.messages import LANGUAGES, MESSAGE_KEYS, message
from kiosk.validation.money import (
    InvalidMoney,
    check_money,
    format_cents,
    normalise_money,
    parse_money_cents,
)
from kiosk.validation.names import check_name
from kiosk.validation.numbers import (
    InvalidNumber,
    check_decimal,
    check_integer,
    normalise_decimal,
    parse_decimal,
    parse_integer,
)
from kiosk.validation.postcode import WIESBADEN_POSTCODES, check_postcode, check_postcode_wiesbaden
from kiosk.validation.registry import NORMALISERS, VALIDATORS, Normaliser, Validator
from kiosk.validation.steuer_id import check_tax_id, normalise_tax_id, tax_id_check_digit

__all__ = [
    "COUNTRY_CODES",
    "IBAN_LENGTHS",
    "LANGUAGES",
    "MESSAGE_KEYS",
    "NORMALISERS",
    "VALIDATORS",
    "WIESBADEN_POSTCODES",
    "InvalidDate",
    "InvalidMoney",
    "InvalidNumber",
    "Normaliser",
    "Validator",
    "age_on",
    "check_age_below",
    "check_bic",
    "check_birth_date",
    "check_child_younger",
    "check_country",
    "check_date",
    "check_decimal",
    "check_email",
    "check_iban",
    "check_integer",
    "check_leika",
    "check_money",
    "check_name",
    "check_not_older_than_months",
    "check_phone",
    "check_postcode",
    "check_postcode_wiesbaden",
    "check_tax_id",
    "format_cents",
    "message",
    "normalise_bic",
    "normalise_country",
    "normalise_date",
    "normalise_decimal",
    "normalise_iban",
    "normalise_money",
    "normalise_tax_id",
    "parse_date",
    "parse_decimal",
    "parse_integer",
    "parse_money_cents",
    "tax_id_check_digit",
]
