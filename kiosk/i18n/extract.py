"""Babel extractor for the catalog keys: every string literal in the code that is a key
(``"family.sign_button"``, ``"tax_id.check_digit"``), wherever it stands — as the argument
of ``t(...)``, returned by a validator, or in a table of keys. Used by ``babel.cfg``
(``make i18n-extract``) and by the test that every key in the code has its texts.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

#: The first part of every catalog key; a dotted literal in another namespace (an audit
#: event such as "household.saved", a module name) is not a text.
NAMESPACES: tuple[str, ...] = (
    # validation messages (kiosk.validation, kiosk.forms)
    "tax_id", "iban", "bic", "postcode", "name", "date", "money", "email", "phone",
    "country", "leika", "integer", "decimal", "form",
    # family mode and its widgets
    "family", "signature", "language", "office",
    # claim life cycle labels
    "state",
    # the claim PDF and the family's handout (kiosk.documents)
    "document", "handout",
)

KEY_PATTERN = re.compile(rf"(?:{'|'.join(NAMESPACES)})(?:\.[a-z0-9_]+)+")


def is_key(text: str) -> bool:
    """Whether ``text`` has the shape of a catalog key."""
    return KEY_PATTERN.fullmatch(text) is not None


def keys_in_source(source: str) -> Iterator[tuple[int, str]]:
    """``(line, key)`` for every key literal in Python ``source``, in line order."""
    found = [
        (node.lineno, node.value)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and is_key(node.value)
    ]
    yield from sorted(found)


def extract_keys(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, None, str, list[str]]]:
    """Babel extraction method (see ``babel.cfg``)."""
    source = fileobj.read().decode(options.get("encoding") or "utf-8")
    for line, key in keys_in_source(source):
        yield line, None, key, []
