"""Folding of names into search keys, so a name is found however it is typed.

The same ``fold`` is applied to the stored key and to what the counsellor types, so a
substring test on the folded strings finds "Yıldız" by "Yildiz" or "YILDIZ", "Müller" by
"Mueller" or "Muller", "Straße" by "Strasse", "Öztürk" by "Ozturk". Names in another
script (Cyrillic, Arabic) get their Latin transliteration (``anyascii``) in the key too,
so "Kovalenko" finds "Коваленко".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from anyascii import anyascii

# Letters that neither casefold nor NFKD take apart into a base letter and a mark.
_LETTERS = str.maketrans({
    "ı": "i",  # Turkish dotless i (İ becomes i + combining dot, which is dropped)
    "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ŀ": "l",
})
# German spells ä/ö/ü as ae/oe/ue where the letter is missing, Turkish and most keyboards
# simply drop the dots: both must meet, so "ae", "oe", "ue" fold to the bare vowel.
_VOWEL_E = re.compile(r"([aou])e+")
_SPACES = re.compile(r"\s+")
# Above Latin Extended-B: Greek, Cyrillic, Arabic, … (IPA and combining marks are gone by then).
_LATIN_END = 0x024F


def fold(text: str) -> str:
    """The search form of *text*: case, diacritics, Turkish i and German umlauts folded.

    Idempotent: ``fold(fold(x)) == fold(x)``.
    """
    folded = text.casefold().translate(_LETTERS)
    folded = "".join(c for c in unicodedata.normalize("NFKD", folded)
                     if not unicodedata.combining(c))
    # NFKD can bring back letters the table maps (e.g. from compatibility forms).
    folded = folded.casefold().translate(_LETTERS)
    folded = _VOWEL_E.sub(r"\1", folded)
    return _SPACES.sub(" ", folded).strip()


def _non_latin(text: str) -> bool:
    return any(ord(c) > _LATIN_END and c.isalpha() for c in text)


def search_key(names: Iterable[str]) -> str:
    """One folded key for all *names*; names in another script add their Latin spelling."""
    words = [n for n in names if n and n.strip()]
    key = [fold(n) for n in words]
    key += [fold(anyascii(n)) for n in words if _non_latin(n)]
    return " ".join(k for k in key if k)
