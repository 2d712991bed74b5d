"""Contact details: e-mail address and phone number as typed."""

from __future__ import annotations

import re
import unicodedata

from kiosk.validation.typed_input import text_of

MAX_EMAIL_LENGTH = 254
MIN_PHONE_DIGITS = 6
MAX_PHONE_DIGITS = 20

# Local part: RFC 5322 "dot-atom" characters, dots only between them.
_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_PHONE_CHARS = re.compile(r"\+?[0-9 /()\-]+")


def _domain_ok(domain: str) -> bool:
    labels = domain.split(".")
    if len(labels) < 2:
        return False
    for label in labels:
        # Letters of any script are allowed (internationalised domain names).
        if not 1 <= len(label) <= 63 or label[0] == "-" or label[-1] == "-":
            return False
        if not all(c == "-" or "0" <= c <= "9" or unicodedata.category(c)[0] == "L" for c in label):
            return False
    tld = labels[-1]
    return len(tld) >= 2 and tld.isalpha()


def check_email(value: str) -> str | None:
    """``None`` for a plausible address like ``name@example.de``, else a message key."""
    text = text_of(value)
    if text is None:
        return "email.format"
    address = text.strip()
    if address == "":
        return "email.empty"
    if len(address) > MAX_EMAIL_LENGTH or address.count("@") != 1:
        return "email.format"
    local, domain = address.split("@")
    if len(local) > 64 or _LOCAL.fullmatch(local) is None or not _domain_ok(domain):
        return "email.format"
    return None


def check_phone(value: str) -> str | None:
    """``None`` for digits with spaces, ``/``, ``-``, parentheses and a leading ``+``."""
    text = text_of(value)
    if text is None:
        return "phone.characters"
    number = text.strip()
    if number == "":
        return "phone.empty"
    if _PHONE_CHARS.fullmatch(number) is None:
        return "phone.characters"
    digits = sum(c.isdigit() for c in number)
    if not MIN_PHONE_DIGITS <= digits <= MAX_PHONE_DIGITS:
        return "phone.length"
    return None
