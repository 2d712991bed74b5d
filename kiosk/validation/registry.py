"""Validators and normalisers by the names form files use (``validation: iban``)."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.validation.bic import check_bic, normalise_bic
from kiosk.validation.contact import check_email, check_phone
from kiosk.validation.countries import check_country, normalise_country
from kiosk.validation.dates import check_birth_date, check_date, normalise_date
from kiosk.validation.iban import check_iban, normalise_iban
from kiosk.validation.leika import check_leika
from kiosk.validation.money import check_money, normalise_money
from kiosk.validation.names import check_name
from kiosk.validation.numbers import check_decimal, check_integer, normalise_decimal
from kiosk.validation.postcode import check_postcode, check_postcode_wiesbaden
from kiosk.validation.steuer_id import check_tax_id, normalise_tax_id

Validator = Callable[[str], str | None]
Normaliser = Callable[[str], str]

#: Single-argument validators: ``None`` when valid, else a key of ``MESSAGE_KEYS``.
VALIDATORS: dict[str, Validator] = {
    "tax_id": check_tax_id,
    "iban": check_iban,
    "bic": check_bic,
    "postcode": check_postcode,
    "postcode_wiesbaden": check_postcode_wiesbaden,
    "name": check_name,
    "date": check_date,
    "birth_date": check_birth_date,
    "money": check_money,
    "email": check_email,
    "phone": check_phone,
    "country": check_country,
    "leika": check_leika,
    "integer": check_integer,
    "decimal": check_decimal,
}

#: The stored form of a value. Apply after its validator passed; never raises.
NORMALISERS: dict[str, Normaliser] = {
    "tax_id": normalise_tax_id,
    "iban": normalise_iban,
    "bic": normalise_bic,
    "date": normalise_date,
    "birth_date": normalise_date,
    "money": normalise_money,
    "decimal": normalise_decimal,
    "country": normalise_country,
}
