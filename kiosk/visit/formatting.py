"""Claim values as a family reads them, in its language: dates, money, countries, options.

Dates, amounts and country names come from :mod:`kiosk.i18n` (Babel, CLDR), so the family
screen, the claim PDF and the handout print the same text for the same value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kiosk.forms.definition import Field, Option, text_in
from kiosk.i18n import country_name, format_date, format_money, translate


def format_iso_date(value: str, lang: str) -> str | None:
    try:
        return format_date(value, lang)
    except ValueError:
        return None


def _option_label(options: Sequence[Option], value: Any, lang: str) -> str | None:
    for opt in options:
        if opt.value == value:
            return text_in(opt.label, lang)
    return None


def format_value(fld: Field | None, value: Any, lang: str,
                 option_sets: Mapping[str, Sequence[Option]] | None = None) -> str:
    """One claim value in ``lang``: option labels and country names instead of codes
    (``option_sets``: the glossary's, for list items' kinds)."""
    if value is None or value == "" or value == []:
        return translate("family.not_given", lang)
    ftype = fld.type if fld is not None else ""
    sets = option_sets or {}
    if isinstance(value, bool):
        return translate("family.yes" if value else "family.no", lang)
    if ftype == "choice" and fld is not None:
        values = value if isinstance(value, list) else [value]
        return ", ".join(_option_label(fld.options, v, lang) or str(v) for v in values)
    if ftype == "country" and isinstance(value, str):
        return country_name(value, lang)
    if ftype == "money" and isinstance(value, int):
        return format_money(value, lang)
    if ftype in ("date", "birth_date") and isinstance(value, str):
        shown = format_iso_date(value, lang)
        if shown is not None:
            return shown
    if ftype == "address" and isinstance(value, dict):
        return _address(value, lang)
    if ftype == "incomes" and isinstance(value, list):
        lines = [_income(item, lang, sets) for item in value if isinstance(item, dict)]
        return "\n".join(line for line in lines if line) or translate("family.not_given", lang)
    if isinstance(value, list):
        return ", ".join(format_value(None, v, lang, option_sets) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {format_value(None, v, lang, option_sets)}"
                         for k, v in value.items())
    return str(value)


def _address(value: Mapping[str, Any], lang: str) -> str:
    street = " ".join(str(value.get(k) or "") for k in ("street", "house_number")).strip()
    city = " ".join(str(value.get(k) or "") for k in ("postcode", "city")).strip()
    extra = str(value.get("address_extra") or "")
    country = value.get("country")
    abroad = (country_name(country, lang)
              if isinstance(country, str) and country.strip()
              and country.strip().upper() != "DE" else "")
    return ", ".join(p for p in (street, extra, city, abroad) if p)


def _income(item: Mapping[str, Any], lang: str,
            sets: Mapping[str, Sequence[Option]]) -> str:
    amount = item.get("amount_cents")
    money = format_money(amount, lang) if isinstance(amount, int) else ""
    kind = item.get("kind")
    kind_text = (_option_label(sets.get("income_kind", ()), kind, lang) or str(kind)) \
        if kind else ""
    return " ".join(p for p in (kind_text, money) if p)
