"""IBAN: country, per-country length and structure, ISO 13616 mod-97 (python-stdnum's
``stdnum.iban``, from the SWIFT IBAN registry); spaces and lower case accepted."""

from __future__ import annotations

import re

from stdnum import iban as stdnum_iban
from stdnum import numdb
from stdnum.exceptions import InvalidComponent, ValidationError

from kiosk.validation.countries import COUNTRY_CODES
from kiosk.validation.typed_input import compact_upper, text_of

_ALNUM = re.compile(r"[A-Z0-9]+")
_REGISTRY = numdb.get("iban")  # stdnum's copy of the SWIFT IBAN registry


def _length(bban_structure: str) -> int:
    """Total IBAN length from a registry BBAN structure such as ``8!n10!n``."""
    return 4 + sum(int(n) for n in re.findall(r"(\d+)!", bban_structure))


#: Total IBAN length per country, as the registry that stdnum carries gives it.
IBAN_LENGTHS: dict[str, int] = {
    country: _length(props["bban"])
    for country in sorted(COUNTRY_CODES)
    for _part, props in _REGISTRY.info(country)[:1]
    if "bban" in props
}


def normalise_iban(value: str) -> str:
    """The IBAN without whitespace, ASCII letters upper-cased (the stored form). Never raises."""
    return compact_upper(value)


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
    # stdnum reports the checksum first; the counter needs the plainer faults named first
    # (unknown country, wrong length), so those two are looked up in its registry here.
    length = IBAN_LENGTHS.get(iban[:2])
    if length is None:
        return "iban.country"
    if len(iban) != length:
        return "iban.length"
    try:
        stdnum_iban.validate(iban)
    except InvalidComponent:
        pass  # only a bank code missing from stdnum's (ageing) bank list: not our call
    except ValidationError:
        return "iban.checksum"  # mod 97, BBAN structure, national check digits
    return None
