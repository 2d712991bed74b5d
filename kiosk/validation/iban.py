"""IBAN: per-country length and the ISO 13616 mod-97 check; spaces and lower case accepted."""

from __future__ import annotations

import re

from kiosk.validation.typed_input import compact_upper, text_of

#: Total IBAN length per country (SWIFT IBAN registry): every SEPA country plus the
#: countries families at our stations most often bank with.
# fmt: off
IBAN_LENGTHS: dict[str, int] = {
    # SEPA
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22,
    "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23, "GR": 27,
    "HR": 21, "HU": 28, "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24,
    "SE": 24, "SI": 19, "SK": 24, "SM": 27, "VA": 22, "AL": 28, "MD": 24, "ME": 22,
    "MK": 19, "RS": 22,
    # Beyond SEPA
    "AE": 23, "AZ": 28, "BA": 20, "BH": 22, "BR": 29, "BY": 28, "CR": 22, "DO": 28,
    "EG": 29, "FO": 18, "GE": 22, "GL": 18, "GT": 28, "IL": 23, "IQ": 23, "JO": 30,
    "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LY": 25, "MR": 27, "MU": 30, "PK": 24,
    "PS": 29, "QA": 29, "RU": 33, "SA": 24, "SC": 31, "ST": 25, "SV": 28, "TL": 23,
    "TN": 24, "TR": 26, "UA": 29, "VG": 24, "XK": 20,
}
# fmt: on

_ALNUM = re.compile(r"[A-Z0-9]+")


def normalise_iban(value: str) -> str:
    """The IBAN without whitespace, ASCII letters upper-cased (the stored form). Never raises."""
    return compact_upper(value)


def _mod97(iban: str) -> int:
    rearranged = iban[4:] + iban[:4]
    # Letters become two-digit numbers (A=10 … Z=35); fold piecewise to keep numbers small.
    remainder = 0
    for char in rearranged:
        remainder = (remainder * (100 if char.isalpha() else 10) + int(char, 36)) % 97
    return remainder


def check_iban(value: str) -> str | None:
    """``None`` if ``value`` is a valid IBAN, else a message key."""
    text = text_of(value)
    if text is None:
        return "iban.characters"
    iban = normalise_iban(text)
    if iban == "":
        return "iban.empty"
    if not _ALNUM.fullmatch(iban):
        return "iban.characters"
    length = IBAN_LENGTHS.get(iban[:2])
    if length is None:
        return "iban.country"
    if len(iban) != length:
        return "iban.length"
    if not iban[2:4].isdigit() or _mod97(iban) != 1:
        return "iban.checksum"
    return None
