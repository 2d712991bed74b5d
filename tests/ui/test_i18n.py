"""Every family-facing text exists in all six languages (a gap fails here, not at a family)."""

from __future__ import annotations

import re
import string

import pytest

from ui.i18n import BASE_LANGUAGE, LANGUAGES, RTL_LANGUAGES, Texts, table

PLACEHOLDER = re.compile(r"{(\w+)}")


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_no_key_missing_or_extra_and_none_empty(lang):
    base = table(BASE_LANGUAGE)
    own = table(lang)
    assert sorted(set(base) - set(own)) == [], f"{lang}: missing translations"
    assert sorted(set(own) - set(base)) == [], f"{lang}: keys unknown in German"
    assert [k for k, v in own.items() if not v.strip()] == []


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_placeholders_match_german(lang):
    base = table(BASE_LANGUAGE)
    own = table(lang)
    wrong = [k for k in base if fields(base[k]) != fields(own.get(k, ""))]
    assert wrong == []


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_language_names_itself(lang):
    assert Texts(lang)("language.name") == LANGUAGES[lang]


def test_all_keys_used_in_the_code_exist():
    """Every literal key the family-facing code looks up is in the German table."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "ui"
    used: set[str] = set()
    pattern = re.compile(
        r"""\b(?:t|texts|self\._texts)\(\s*["']((?:family|signature|language|office)\.[\w.]+)["']"""
    )
    for path in root.rglob("*.py"):
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    assert used, "the scan found no keys at all"
    assert sorted(used - set(table(BASE_LANGUAGE))) == []


def test_only_arabic_is_right_to_left():
    assert RTL_LANGUAGES == {"ar"}
    assert Texts("ar").rtl and not Texts("de").rtl


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        Texts("xx")


def test_arabic_lays_the_screen_out_right_to_left():
    from PySide6.QtCore import Qt

    assert Texts("ar").direction == Qt.LayoutDirection.RightToLeft
    assert Texts("de").direction == Qt.LayoutDirection.LeftToRight
    assert Texts("ar")("family.sign_button") != Texts("de")("family.sign_button")
