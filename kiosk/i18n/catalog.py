"""The translation catalog: one gettext catalog per language, key → text, loaded lazily.

The source of truth is ``resources/locale/<lang>/LC_MESSAGES/kiosk.po`` (msgid = a stable
key such as ``family.sign_button``, msgstr = the text; the German catalog holds the German
texts). At run time the compiled ``kiosk.mo`` beside it is read with the stdlib
:mod:`gettext` (about a millisecond, no Babel import); ``make`` compiles it. Where the
``.mo`` is missing or older than its ``.po`` (a fresh clone before ``make``, a ``.po``
just edited) the ``.po`` is read with Babel instead, so a stale text is never shown.
Only the languages actually asked for are loaded, each once.
"""

from __future__ import annotations

import gettext
import logging
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

from kiosk.i18n.languages import BASE_LANGUAGE, LANGUAGES, is_rtl
from kiosk.resources import resource_path

log = logging.getLogger(__name__)

DOMAIN = "kiosk"

Lookup = Callable[[str], "str | None"]


def po_path(lang: str) -> Path:
    """The editable catalog of ``lang``."""
    return resource_path("locale", lang, "LC_MESSAGES", f"{DOMAIN}.po")


def mo_path(lang: str) -> Path:
    """The compiled catalog of ``lang`` (built by ``make``, never committed)."""
    return po_path(lang).with_suffix(".mo")


def read_po_texts(lang: str, *, include_untranslated: bool = False) -> dict[str, str]:
    """Every key → text of the ``.po`` of ``lang``. Untranslated and fuzzy entries are left
    out (as ``pybabel compile`` does) unless ``include_untranslated`` (then as ``""``)."""
    from babel.messages.pofile import read_po  # only here: the import costs ~20 ms

    with po_path(lang).open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain=DOMAIN)
    texts: dict[str, str] = {}
    for entry in catalog:
        if not entry.id or not isinstance(entry.id, str):
            continue
        text = entry.string if isinstance(entry.string, str) else ""
        if entry.fuzzy:
            text = ""
        if text or include_untranslated:
            texts[entry.id] = text
    return texts


def _mo_is_current(lang: str) -> bool:
    """In a checkout the .mo is used only while it is not older than its .po (an edited
    text is never shown stale). An installed bundle's files carry no meaningful times
    (an MSI sets them in no fixed order): there the .mo built with the package is used."""
    try:
        mo = mo_path(lang).stat()
    except FileNotFoundError:
        return False
    if getattr(sys, "frozen", False):
        return True
    try:
        return mo.st_mtime >= po_path(lang).stat().st_mtime
    except FileNotFoundError:
        return True


@cache
def lookup_in(lang: str) -> Lookup:
    """The run-time lookup of one language: key → text, ``None`` where it has none."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    if _mo_is_current(lang):
        with mo_path(lang).open("rb") as fh:
            translations = gettext.GNUTranslations(fh)

        def from_mo(key: str) -> str | None:
            text = translations.gettext(key)
            return None if text == key else text  # a text is never its own key

        return from_mo
    log.warning("catalog %s: compiled .mo missing or older than .po; reading the .po "
                "(run `make i18n-compile`)", lang)
    return read_po_texts(lang).get


def translate(key: str, lang: str = BASE_LANGUAGE, **params: object) -> str:
    """The text of ``key`` in ``lang``, with ``{name}`` placeholders filled from ``params``.

    An unknown language means German; a key missing in ``lang`` falls back to German and
    then to the key itself, so a gap never crashes the kiosk (the catalog tests fail on any
    gap, so none ships).
    """
    if lang not in LANGUAGES:
        lang = BASE_LANGUAGE
    text = lookup_in(lang)(key)
    if text is None and lang != BASE_LANGUAGE:
        text = lookup_in(BASE_LANGUAGE)(key)
    if text is None:
        log.warning("no text for key %s", key)
        text = key
    return text.format(**params) if params else text


def has_text(key: str, lang: str = BASE_LANGUAGE) -> bool:
    """Whether the catalog of ``lang`` itself has a text for ``key``."""
    return lookup_in(lang)(key) is not None


class Texts:
    """The texts of one language: ``t("family.next")``, ``t("family.claim_of", index=1,
    count=3)``; ``t.lang`` and ``t.rtl`` say which language and which direction."""

    def __init__(self, lang: str) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"unsupported language {lang!r}")
        self.lang = lang

    def __call__(self, key: str, **values: object) -> str:
        return translate(key, self.lang, **values)

    @property
    def rtl(self) -> bool:
        return is_rtl(self.lang)

    def __repr__(self) -> str:
        return f"Texts({self.lang!r})"
