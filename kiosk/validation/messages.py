"""Turn a validator's message key into the sentence shown, in German or a family language."""

from __future__ import annotations

import string

from kiosk.i18n import BASE_LANGUAGE, translate
from kiosk.i18n import LANGUAGES as _LANGUAGE_NAMES
from kiosk.validation.texts import DETAILED, MESSAGE_KEYS

LANGUAGES: tuple[str, ...] = tuple(_LANGUAGE_NAMES)
DEFAULT_LANGUAGE = BASE_LANGUAGE

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "MESSAGE_KEYS", "message", "placeholders"]


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields in a message text."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def message(key: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The text for ``key`` in ``lang`` (German if ``lang`` is not one of :data:`LANGUAGES`).

    ``params`` fill the detailed variant of a key (e.g. ``years=18`` for
    ``"date.age_limit"``); with any of its values missing the general text is used, so a
    placeholder is never shown unfilled. Raises ``KeyError`` for an unknown key.
    """
    if key not in MESSAGE_KEYS:
        raise KeyError(key)
    detailed = DETAILED.get(key)
    if detailed is not None and params:
        text = translate(detailed, lang)
        wanted = placeholders(text)
        if wanted <= params.keys():
            return text.format_map({name: params[name] for name in wanted})
    return translate(key, lang)
