"""One translation catalog for every text the kiosk shows, in six languages (Qt-free).

Validation messages, family-mode texts and labels of stored codes are keys in one gettext
catalog per language (``resources/locale``, maintained with Babel: ``make i18n-extract``,
``i18n-update``, ``i18n-compile``). Form files keep their own labels. Country names,
dates and amounts come from the Unicode CLDR through Babel.
"""

from kiosk.i18n.catalog import DOMAIN, Texts, has_text, read_po_texts, translate
from kiosk.i18n.countries import country_codes, country_name
from kiosk.i18n.formatting import format_date, format_money
from kiosk.i18n.labels import OFFICE_KEYS, STATE_KEYS, office_label, state_label
from kiosk.i18n.languages import BASE_LANGUAGE, LANGUAGES, RTL_LANGUAGES, is_rtl

__all__ = [
    "BASE_LANGUAGE",
    "DOMAIN",
    "LANGUAGES",
    "OFFICE_KEYS",
    "RTL_LANGUAGES",
    "STATE_KEYS",
    "Texts",
    "country_codes",
    "country_name",
    "format_date",
    "format_money",
    "has_text",
    "is_rtl",
    "office_label",
    "read_po_texts",
    "state_label",
    "translate",
]
