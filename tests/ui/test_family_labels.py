"""Family mode shows words, not codes: option labels, country names and income kinds in the
family's language (issue 4, family mode)."""

from __future__ import annotations

import re

import pytest

from kiosk.forms import load_catalog
from kiosk.validation import COUNTRY_CODES
from tests.ui.helpers import log_in, open_window
from tests.ui.test_intake_support import single_parent_household
from ui.i18n import LANGUAGES, country_codes, country_name


def test_every_accepted_country_code_is_named_in_every_family_language():
    assert set(COUNTRY_CODES) <= country_codes()
    for code in COUNTRY_CODES:
        for lang in LANGUAGES:
            name = country_name(code, lang)
            assert name and name != code, (code, lang)


@pytest.mark.parametrize(("code", "lang", "name"), [
    ("SY", "de", "Syrien"), ("sy", "en", "Syria"), ("SY", "tr", "Suriye"),
    ("UA", "uk", "Україна"), ("DE", "ar", "ألمانيا"), ("DE", "ru", "Германия"),
])
def test_country_names(code, lang, name):
    assert country_name(code, lang) == name


def test_an_unknown_code_is_shown_as_given():
    assert country_name("QQ", "de") == "QQ"


@pytest.fixture(scope="module")
def real_catalog():
    return load_catalog()


def _buergergeld_rows(qtbot, demo_station, catalog, lang):
    household = single_parent_household()
    household["applicant"]["nationality"] = "SY"
    window = open_window(qtbot, demo_station)
    log_in(qtbot, window)
    store = demo_station.store
    case_id = store.cases.create_case(window.session.actor, household=household)
    form = catalog.form("buergergeld")
    store.claims.add_claim(case_id, "buergergeld", form.version, None, window.session.actor)
    demo_station.forms = catalog
    screen = window.show_screen("family", case_id=case_id, lang=lang)
    return screen, dict(screen.summary_rows)


@pytest.mark.parametrize(("lang", "nationality", "status", "income"), [
    ("de", "Syrien", "Aufenthaltserlaubnis", "Lohn / Gehalt"),
    ("tr", "Suriye", "oturma izni", "ücret / maaş"),
    ("ar", "سوريا", "تصريح إقامة", "أجر / راتب"),
])
def test_codes_are_shown_as_words_in_the_family_language(
        qtbot, demo_station, real_catalog, lang, nationality, status, income):
    screen, rows = _buergergeld_rows(qtbot, demo_station, real_catalog, lang)
    values = list(rows.values())
    assert nationality in values
    assert status in values
    assert any(income in v for v in values)
    raw_codes = re.compile(r"^(?:[A-Z]{2}|[a-z]+(?:_[a-z]+)+|employment|residence_permit)$")
    assert [v for v in values if raw_codes.match(v)] == []
    assert not any("employment" in v for v in values)
