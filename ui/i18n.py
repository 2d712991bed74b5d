"""Qt side of the translation catalog: the core's :class:`kiosk.i18n.Texts` plus the
layout direction Qt needs (``Texts("ar").direction`` is right-to-left).

Every text lives in the one catalog of :mod:`kiosk.i18n` (``resources/locale``);
counsellor screens are German and use plain strings; form labels, summaries and consent
texts come from the form files themselves (``kiosk.forms``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk import i18n as core
from kiosk.i18n import BASE_LANGUAGE, LANGUAGES, RTL_LANGUAGES, country_codes, country_name

__all__ = [
    "BASE_LANGUAGE",
    "LANGUAGES",
    "RTL_LANGUAGES",
    "Texts",
    "country_codes",
    "country_name",
    "table",
    "texts",
]


class Texts(core.Texts):
    """The texts of one language, and the layout direction for Qt widgets."""

    @property
    def direction(self) -> Qt.LayoutDirection:
        return Qt.LayoutDirection.RightToLeft if self.rtl else Qt.LayoutDirection.LeftToRight


def texts(lang: str = BASE_LANGUAGE) -> Texts:
    return Texts(lang)


def table(lang: str) -> dict[str, str]:
    """The key → text table of one language as its catalog file holds it (tests, tools);
    an untranslated entry is there with an empty text."""
    return core.read_po_texts(lang, include_untranslated=True)
