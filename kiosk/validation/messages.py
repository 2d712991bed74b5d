"""Turn a validator's message key into the sentence shown, in German or a family language."""

from __future__ import annotations

import string

from kiosk.validation.texts import DETAILED, TEXTS

LANGUAGES: tuple[str, ...] = ("de", "en", "tr", "ar", "uk", "ru")
DEFAULT_LANGUAGE = "de"

#: Every key a validator in this package can return.
MESSAGE_KEYS: frozenset[str] = frozenset(TEXTS)


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields in a message text."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def message(key: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The text for ``key`` in ``lang`` (German if ``lang`` is not one of :data:`LANGUAGES`).

    ``params`` fill the detailed variant of a key (e.g. ``years=18`` for
    ``"date.age_limit"``); with any of its values missing the general text is used, so a
    placeholder is never shown unfilled. Raises ``KeyError`` for an unknown key.
    """
    texts = TEXTS[key]
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    detailed = DETAILED.get(key)
    if detailed is not None:
        text = detailed[lang]
        wanted = placeholders(text)
        if wanted <= params.keys():
            return text.format_map({name: params[name] for name in wanted})
    return texts[lang]
