"""Field types of the form files: which validator checks typed text, and how a value from
the household or the answers becomes the JSON value a claim carries (never a float)."""

from __future__ import annotations

import re
from typing import Any

from kiosk.forms.definition import ADDRESS_KEYS
from kiosk.validation import NORMALISERS, VALIDATORS, parse_integer, parse_money_cents

#: type → the validator name used when the field names none.
TYPES: dict[str, str | None] = {
    "text": None, "name": "name", "date": "date", "birth_date": "birth_date",
    "integer": "integer", "money": "money", "boolean": None, "choice": None,
    "tax_id": "tax_id", "iban": "iban", "bic": "bic", "postcode": "postcode",
    "email": "email", "phone": "phone", "country": "country", "month": None,
    "incomes": None, "address": None, "list": None, "person_ref": None,
}
#: Types only the household intake uses (a list editor; a choice of household persons).
INTAKE_ONLY = {"list", "person_ref"}
#: Types whose value is structured (list/object); typed text is never one of them.
STRUCTURED = {"incomes", "address", "list"}
INCOME_KEYS = ("kind", "amount_cents", "net_cents", "month", "description")
MAX_TEXT = 500
MAX_CENTS = 100_000_000_00
_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
#: A month as typed like a date: MM.JJJJ (also M.JJJJ); stored as YYYY-MM.
_MONTH_GERMAN = re.compile(r"(0?[1-9]|1[0-2])\.([0-9]{4})")


def month_iso(text: str) -> str | None:
    """A month typed as ``MM.JJJJ`` or ``JJJJ-MM`` as ``YYYY-MM``; ``None`` if it is none."""
    text = text.strip()
    if _MONTH.fullmatch(text):
        return text
    german = _MONTH_GERMAN.fullmatch(text)
    if german is None:
        return None
    return f"{german.group(2)}-{int(german.group(1)):02d}"
_TRUE = {"true", "ja", "yes", "1"}
_FALSE = {"false", "nein", "no", "0"}


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


# Control characters (but tab and newline), surrogates, private use, non-characters.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff"
                        r"\ufdd0-\ufdef\ufffe\uffff]")


def check_text(value: str) -> str | None:
    if len(value) > MAX_TEXT:
        return "form.too_long"
    if _FORBIDDEN.search(value):
        return "form.control_chars"
    return None


def check_value(ftype: str, validation: str | None, options: tuple[str, ...],
                value: Any) -> str | None:
    """A message key when ``value`` (typed text or a stored value) is not acceptable for the
    field, ``None`` when it is or when it is empty (required-ness is completeness)."""
    if _empty(value):
        return None
    if ftype in STRUCTURED:
        return None if _structured(ftype, value) is not None else "form.type"
    if ftype == "boolean":
        if isinstance(value, bool):
            return None
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return None
        return "form.boolean"
    if ftype == "choice":
        return None if isinstance(value, str) and value in options else "form.choice"
    if ftype == "money":
        if isinstance(value, int) and not isinstance(value, bool):
            return None if 0 <= value <= MAX_CENTS else "form.type"
    elif ftype == "integer":
        if isinstance(value, int) and not isinstance(value, bool):
            return None
    if not isinstance(value, str):
        return "form.type"
    key = check_text(value)
    if key is not None:
        return key
    if ftype == "month" and month_iso(value) is None:
        return "form.month"
    name = validation or TYPES.get(ftype)
    if name is not None:
        return VALIDATORS[name](value)
    return None


def coerce(ftype: str, validation: str | None, options: tuple[str, ...], value: Any) -> Any:
    """The claim value for ``value``, or ``None`` when it is empty or not acceptable."""
    if _empty(value) or check_value(ftype, validation, options, value) is not None:
        return None
    return coerce_checked(ftype, validation, value)


def coerce_checked(ftype: str, validation: str | None, value: Any) -> Any:
    """:func:`coerce` for a non-empty value that already passed :func:`check_value`."""
    if ftype in STRUCTURED:
        return _structured(ftype, value)
    if ftype == "boolean":
        return value if isinstance(value, bool) else value.strip().lower() in _TRUE
    if ftype == "money":
        return value if isinstance(value, int) else parse_money_cents(value)
    if ftype == "integer":
        return value if isinstance(value, int) else parse_integer(value)
    if ftype == "month":
        return month_iso(value)
    name = validation or TYPES.get(ftype)
    normalise = NORMALISERS.get(name) if name else None
    text = value.strip()
    if normalise is None:
        return text
    return normalise(text)


def _structured(ftype: str, value: Any) -> Any:
    """A clean copy with only the declared keys and JSON-safe scalars, or ``None``."""
    if ftype == "address":
        if not isinstance(value, dict):
            return None
        return {k: value[k] for k in ADDRESS_KEYS if isinstance(value.get(k), str)}
    if ftype == "incomes":
        if not isinstance(value, list):
            return None
        out = []
        for item in value:
            if not isinstance(item, dict):
                return None
            clean: dict[str, Any] = {}
            for key in INCOME_KEYS:
                val = item.get(key)
                if key.endswith("_cents"):
                    if isinstance(val, int) and not isinstance(val, bool) and 0 <= val <= MAX_CENTS:
                        clean[key] = val
                elif isinstance(val, str):
                    clean[key] = val
            out.append(clean)
        return out
    return None  # "list" is an intake-only type; claims never carry it
