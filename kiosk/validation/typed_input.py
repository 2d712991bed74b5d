"""How a raw value, as typed into a field, is tidied before a validator looks at it.

Validators accept what the form engine hands them: normally ``str``, sometimes ``None`` for
a field left blank or an ``int`` from an imported household file. Everything else is
treated as unreadable, never as an exception.
"""

from __future__ import annotations

from decimal import Decimal

#: Returned by :func:`text_of` for values no validator can read (the caller maps it to the
#: validator's "format" key).
UNREADABLE = None


def text_of(value: object) -> str | None:
    """The value as text: ``None`` → ``""``; ``str`` as is; ``int``/``Decimal`` → ``str``.

    Anything else (floats included: money must never travel as float) gives ``None``.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return str(value)
    return None


def compact(value: str, drop: str = "") -> str:
    """Remove every whitespace character (Unicode-wide) and each character in ``drop``."""
    joined = "".join(value.split())
    if drop:
        joined = joined.translate({ord(c): None for c in drop})
    return joined


def ascii_upper(value: str) -> str:
    """Upper-case ASCII letters only.

    ``str.upper`` would turn "ß" into "SS" and "ı" into "I", smuggling letters that were
    never typed past a later ``[A-Z]`` check.
    """
    return "".join(chr(ord(c) - 32) if "a" <= c <= "z" else c for c in value)


def is_ascii_digits(value: str) -> bool:
    """True for a non-empty run of 0-9 only (``str.isdigit`` also accepts "٣" and "²")."""
    return value != "" and value.isascii() and value.isdigit()


def compact_upper(value: object) -> str:
    """The typed value without whitespace, ASCII letters upper-cased ("" when unreadable):
    the stored form of codes such as IBAN and BIC. Never raises."""
    text = text_of(value)
    return "" if text is None else ascii_upper(compact(text))
