"""The one translation catalog: every text in all six languages, every key the code uses in
it, placeholders that match, Arabic right to left, labels of stored codes at the edge."""

from __future__ import annotations

import os
import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

from kiosk.forms import FORM_KEYS, load_catalog
from kiosk.i18n import (
    BASE_LANGUAGE,
    LANGUAGES,
    OFFICE_KEYS,
    RTL_LANGUAGES,
    STATE_KEYS,
    Texts,
    country_codes,
    country_name,
    is_rtl,
    office_label,
    read_po_texts,
    state_label,
    translate,
)
from kiosk.i18n import catalog as catalog_module
from kiosk.i18n.extract import NAMESPACES, is_key, keys_in_source
from kiosk.validation import COUNTRY_CODES, MESSAGE_KEYS
from kiosk.validation.texts import DETAILED

REPO = Path(__file__).resolve().parents[2]

#: The claim states of the lead's life cycle and their German labels (issue 7).
GERMAN_STATES = {
    "draft": "Entwurf",
    "signed": "Unterschrieben",
    "queued": "Wartet auf Versand",
    "sending": "Wird gesendet",
    "sent": "Gesendet",
    "accepted": "Angenommen",
    "rejected": "Abgelehnt",
    "needs_attention": "Bitte prüfen",
    "withdrawn": "Zurückgezogen",
    "superseded": "Ersetzt durch Korrektur",
}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.fixture(scope="module")
def po() -> dict[str, dict[str, str]]:
    return {lang: read_po_texts(lang, include_untranslated=True) for lang in LANGUAGES}


@pytest.fixture(scope="module")
def extracted() -> dict[str, list[str]]:
    """Key → where the code uses it, as ``make i18n-extract`` finds it (same babel.cfg)."""
    with REPO.joinpath("babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh, "babel.cfg")
    found: dict[str, list[str]] = {}
    for filename, lineno, key, _comments, _context in extract_from_dir(
        str(REPO), method_map, options_map
    ):
        found.setdefault(str(key), []).append(f"{filename}:{lineno}")
    return found


def test_the_six_languages_in_picker_order():
    assert list(LANGUAGES) == ["de", "en", "tr", "ar", "uk", "ru"]
    assert LANGUAGES["ar"] == "العربية" and LANGUAGES["uk"] == "Українська"


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_no_text_missing_extra_or_empty_in_any_language(po, lang):
    base, own = po[BASE_LANGUAGE], po[lang]
    assert len(base) > 100
    assert sorted(set(base) - set(own)) == [], f"{lang}: keys without a text"
    assert sorted(set(own) - set(base)) == [], f"{lang}: keys unknown in German"
    assert sorted(k for k, v in own.items() if not v.strip()) == [], f"{lang}: empty texts"


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_placeholders_are_the_same_in_every_language(po, lang):
    base, own = po[BASE_LANGUAGE], po[lang]
    assert [k for k in base if fields(base[k]) != fields(own.get(k, ""))] == []
    for text in own.values():
        text.format(**dict.fromkeys(fields(text), 1))  # no stray brace breaks formatting


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != BASE_LANGUAGE])
def test_each_language_has_its_own_texts(po, lang):
    same = [k for k in po[lang] if po[lang][k] == po[BASE_LANGUAGE][k]]
    assert same == []


@pytest.mark.parametrize(("lang", "script"), [
    ("ar", "[\u0600-\u06ff]"), ("uk", "[\u0400-\u04ff]"), ("ru", "[\u0400-\u04ff]"),
])
def test_texts_are_written_in_the_languages_script(po, lang, script):
    symbols_only = {"family.item"}  # "№ {number}"
    assert [k for k, v in po[lang].items()
            if k not in symbols_only and not re.search(script, v)] == []


def test_every_key_the_code_uses_has_its_texts(extracted, po):
    assert {"family.sign_button", "tax_id.check_digit", "form.month"} <= set(extracted)
    unknown = {k: where for k, where in extracted.items() if k not in po[BASE_LANGUAGE]}
    assert unknown == {}


def test_every_text_is_found_by_extraction_so_an_update_keeps_it(extracted, po):
    """``make i18n-update`` merges what extraction finds; a key it does not find would be
    dropped from every .po."""
    assert sorted(set(po[BASE_LANGUAGE]) - set(extracted)) == []


def test_every_catalog_key_has_the_shape_extraction_looks_for(po):
    assert [k for k in po[BASE_LANGUAGE] if not is_key(k)] == []
    assert {k.split(".")[0] for k in po[BASE_LANGUAGE]} <= set(NAMESPACES)


def test_extraction_finds_keys_however_the_code_holds_them():
    source = (
        'def f(t, withdrawn):\n'
        '    t("family.next")\n'
        '    t("family.case_withdrawn" if withdrawn else "family.no_claims")\n'
        '    KEYS = ("signature.clear", "signature.undo")\n'
        '    return "tax_id.format"\n'
        'AUDIT = "household.saved"\n'
        'DOC = "see family.next for the text"\n'
    )
    assert [key for _, key in keys_in_source(source)] == [
        "family.next", "family.case_withdrawn", "family.no_claims",
        "signature.clear", "signature.undo", "tax_id.format",
    ]


def test_validation_and_form_keys_are_all_in_the_catalog(po):
    wanted = set(MESSAGE_KEYS) | set(FORM_KEYS) | set(DETAILED.values())
    assert sorted(wanted - set(po[BASE_LANGUAGE])) == []


def test_only_arabic_is_right_to_left():
    assert RTL_LANGUAGES == {"ar"}
    assert [lang for lang in LANGUAGES if is_rtl(lang)] == ["ar"]
    assert Texts("ar").rtl and not Texts("de").rtl and not Texts("uk").rtl


def test_texts_object_speaks_one_language():
    t = Texts("tr")
    assert t.lang == "tr"
    assert t("family.claim_of", index=2, count=5) == translate("family.claim_of", "tr",
                                                               index=2, count=5)
    assert "2" in t("family.claim_of", index=2, count=5)
    assert Texts("de")("family.sign_button") == "Unterschreiben"
    with pytest.raises(ValueError):
        Texts("xx")


def test_gaps_never_crash_the_kiosk():
    assert translate("family.sign_button", "fr") == "Unterschreiben"  # unknown language
    assert translate("family.no_such_text", "ar") == "family.no_such_text"


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_each_language_names_itself(lang):
    assert translate("language.name", lang) == LANGUAGES[lang]


def test_claim_states_are_labelled_at_the_edge_in_every_language():
    assert set(STATE_KEYS) == set(GERMAN_STATES)
    for state, german in GERMAN_STATES.items():
        assert state_label(state, "de") == german
        labels = {state_label(state, lang) for lang in LANGUAGES}
        assert len(labels) == len(LANGUAGES), state
    assert state_label("queued", "en") == "Waiting to be sent"
    assert state_label("some_future_state", "ar") == "some_future_state"


def test_every_office_a_form_addresses_is_named_in_every_language():
    offices = {form.office for versions in load_catalog().forms.values()
               for form in versions.values()}
    assert offices and offices <= set(OFFICE_KEYS)
    for office in offices:
        for lang in LANGUAGES:
            assert office_label(office, lang) != office, (office, lang)


def test_every_country_code_the_forms_accept_is_named_in_every_language():
    assert set(COUNTRY_CODES) <= country_codes()
    for code in COUNTRY_CODES:
        for lang in LANGUAGES:
            assert country_name(code, lang) not in ("", code), (code, lang)
    assert country_name(" sy ", "ar") == "سوريا"
    assert country_name("XK", "de") == "Kosovo"
    assert country_name("QQ", "de") == "QQ"


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_kiosk_shows_what_the_catalog_file_says(po, lang):
    """Whether read from the compiled .mo or from the .po, the texts are the .po's."""
    lookup = catalog_module.lookup_in(lang)
    assert {k: lookup(k) for k in po[lang]} == po[lang]


def _write_catalog(folder: Path, text_in_po: str, text_in_mo: str) -> tuple[Path, Path]:
    po_file, mo_file = folder / "kiosk.po", folder / "kiosk.mo"
    for path, text, writer in ((mo_file, text_in_mo, write_mo), (po_file, text_in_po, write_po)):
        cat = Catalog(locale="de", domain="kiosk")
        cat.add("family.next", text)
        with path.open("wb") as fh:
            writer(fh, cat)
    return po_file, mo_file


@pytest.mark.parametrize(("mo_is_newer", "shown"), [(True, "aus .mo"), (False, "aus .po")])
def test_a_po_edited_after_compiling_is_what_the_kiosk_shows(
        tmp_path, monkeypatch, mo_is_newer, shown):
    po_file, mo_file = _write_catalog(tmp_path, "aus .po", "aus .mo")
    older, newer = 1_700_000_000, 1_700_000_100
    os.utime(mo_file, (newer, newer) if mo_is_newer else (older, older))
    os.utime(po_file, (older, older) if mo_is_newer else (newer, newer))
    monkeypatch.setattr(catalog_module, "po_path", lambda lang: po_file)
    monkeypatch.setattr(catalog_module, "mo_path", lambda lang: mo_file)
    catalog_module.lookup_in.cache_clear()
    try:
        assert catalog_module.lookup_in("de")("family.next") == shown
    finally:
        catalog_module.lookup_in.cache_clear()


def test_without_a_compiled_catalog_the_po_is_read(tmp_path, monkeypatch):
    po_file, mo_file = _write_catalog(tmp_path, "aus .po", "aus .mo")
    mo_file.unlink()
    monkeypatch.setattr(catalog_module, "po_path", lambda lang: po_file)
    monkeypatch.setattr(catalog_module, "mo_path", lambda lang: mo_file)
    catalog_module.lookup_in.cache_clear()
    try:
        assert catalog_module.lookup_in("de")("family.next") == "aus .po"
    finally:
        catalog_module.lookup_in.cache_clear()
