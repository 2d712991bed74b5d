"""Names in any script are accepted; digits, symbols, control characters and junk are not."""

from __future__ import annotations

import pytest

from kiosk.validation import check_name


@pytest.mark.parametrize(
    "name",
    [
        "Müller-Lüdenscheidt",
        "Zoë Ångström",
        "François Lefèvre",
        "Łukasz Żółć",
        "İbrahim Yıldırım",  # Turkish dotted capital İ and dotless ı
        "Işıl Çağlayan",
        "محمد عبد الله",  # Arabic
        "فاطمة الزَّهراء",  # Arabic with a vowel mark (shadda, fatha)
        "Олена Петренко-Ковальчук",  # Ukrainian Cyrillic
        "Сергей Иванов",  # Russian Cyrillic
        "Γιώργος Παπαδόπουλος",  # Greek
        "王小明",  # CJK
        "O'Brien",
        "D’Angelo",
        "J. R. R. Tolkien",
        "'t Hooft",
        "Nguyễn Thị Minh Khai",
        "Jose\u0301",  # decomposed accent (NFD) is a combining mark, not junk
        "a" * 100,
    ],
)
def test_real_names_are_accepted(name: str) -> None:
    assert check_name(name) is None


def test_surrounding_spaces_are_ignored() -> None:
    assert check_name("  Anna  ") is None


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("", "name.empty"),
        ("Anna\tMaria", "name.characters"),  # a tab is a control character, not a space
        ("   ", "name.empty"),
        ("a" * 101, "name.too_long"),
        ("Anna2", "name.characters"),
        ("Анна٣", "name.characters"),  # Arabic-Indic digit
        ("Anna\x00", "name.characters"),
        ("An\nna", "name.characters"),
        ("Anna\u202eannA", "name.characters"),  # right-to-left override (format char)
        ("Anna@Maria", "name.characters"),
        ("Anna_Maria", "name.characters"),
        ("Anna 😀", "name.characters"),
        ("-Anna", "name.punctuation"),
        ("Anna-", "name.punctuation"),
        (".Anna", "name.punctuation"),
        ("Anna'", "name.punctuation"),
        ("Anna--Maria", "name.punctuation"),
        ("Anna  Maria", "name.punctuation"),
        ("'", "name.punctuation"),
    ],
)
def test_refusals_name_their_reason(name: str, key: str) -> None:
    assert check_name(name) == key
