"""The strict household boundary: what `case import` (and every household check) refuses,
and that each refusal names its JSON path instead of ending in a traceback."""

from __future__ import annotations

import json
import os
import time
import unicodedata

import pytest

from kiosk.errors import InvalidInput
from kiosk.model import household_schema
from kiosk.model.checks import check_household, validate_household
from kiosk.model.household import children, parse_iso_date
from kiosk.model.strict_json import (
    MAX_ARRAY_ITEMS,
    MAX_DOCUMENT_BYTES,
    MAX_STRING_CHARS,
    parse_document,
    read_document,
)
from kiosk.validation.names import check_name
from tests import households
from tests.largest_household import largest_household


def _raw(doc) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _problems(raw: bytes) -> dict[str, str]:
    _clean, problems = check_household(parse_document(raw))
    return {p.path: p.message for p in problems}


# --- money: integers of cents only -------------------------------------------------------


@pytest.mark.parametrize("written", ["1.85e5", "185000.0", "185000e0", "1850.00"])
def test_money_as_float_or_exponent_is_refused_at_its_path(written):
    raw = _raw(households.load()).replace(b"185000", written.encode(), 1)
    problems = _problems(raw)
    assert list(problems) == ["$.applicant.incomes[0].amount_cents"]
    assert "ganze Zahl in Cent" in problems["$.applicant.incomes[0].amount_cents"]


def test_a_float_in_a_python_household_is_refused_too():
    hh = households.load()
    hh["housing"]["rent_cold_cents"] = 65000.0
    assert [p.path for p in validate_household(hh)] == ["$.housing.rent_cold_cents"]


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(token):
    raw = _raw(households.load()).replace(b"185000", token.encode(), 1)
    assert "NaN/Infinity" in _problems(raw)["$.applicant.incomes[0].amount_cents"]


def test_a_5000_digit_integer_is_refused_quickly_with_its_path():
    raw = _raw(households.load()).replace(b"185000", b"9" * 5000, 1)
    started = time.perf_counter()
    problems = _problems(raw)
    assert time.perf_counter() - started < 1.0
    assert "zu vielen Stellen" in problems["$.applicant.incomes[0].amount_cents"]


# --- dates: exactly YYYY-MM-DD --------------------------------------------------------------


@pytest.mark.parametrize("value", ["2016-09-21\n", " 2016-09-21", "2016-09-21 ",
                                   "٢٠١٦-٠٩-٢١", "21.09.2016", "2016-W38-3"])
def test_a_date_that_is_not_exactly_iso_is_refused(value):
    hh = households.load()
    hh["children"][1]["birth_date"] = value
    _clean, problems = check_household(hh)
    assert "$.children[1].birth_date" in {p.path for p in problems}
    assert parse_iso_date(value) is None


def test_the_schema_date_pattern_no_longer_lets_a_trailing_newline_through():
    from kiosk.model.schema import schema_problems

    hh = households.load()
    hh["children"][1]["birth_date"] = "2016-09-21\n"
    assert "$.children[1].birth_date" in {p.path for p in schema_problems(hh)}


def test_what_the_check_accepts_the_hints_read():
    """The issue's symptom: accepted input that eligibility then ignored."""
    hh = households.load()
    _clean, problems = check_household(hh)
    assert problems == []
    assert all(child.birth_date() is not None for child in children(hh))


# --- text: NFC, no control or bidi characters -----------------------------------------------


@pytest.mark.parametrize(
    "char, words",
    [("\x1b", "Steuerzeichen"), ("\x00", "Steuerzeichen"), ("\n", "Steuerzeichen"),
     ("\u202e", "Schreibrichtung"), ("\u2066", "Schreibrichtung"),
     ("\ud800", "Surrogat")],
)
def test_control_bidi_and_surrogate_characters_are_refused_in_every_string(char, words):
    hh = households.load()
    hh["applicant"]["birth_place"] = f"Ma{char}inz"  # free text, not only names
    raw = json.dumps(hh).encode()  # ASCII escapes: a lone surrogate survives as \ud800
    assert words in _problems(raw)["$.applicant.birth_place"]


def test_zero_width_joiners_stay_allowed():
    hh = households.load("arabic_cyrillic_names")
    hh["applicant"]["given_names"] = "Mohammad\u200cReza"
    _clean, problems = check_household(hh)
    assert problems == []


def test_strings_are_stored_in_nfc():
    hh = households.load()
    decomposed = unicodedata.normalize("NFD", "Müller")
    hh["applicant"]["family_name"] = decomposed
    clean, problems = check_household(parse_document(_raw(hh)))
    assert problems == []
    assert clean["applicant"]["family_name"] == "Müller" != decomposed


@pytest.mark.parametrize("name", ["Anna\x1b", "An\x00na", "Sch\u202eneider", "Anna\x1f",
                                  "\x85Anna", "Anna\u2028", "Anna\u2067"])
def test_names_refuse_esc_nul_and_bidi_overrides_even_at_the_ends(name):
    assert check_name(name) == "name.characters"


def test_a_duplicate_key_is_refused_not_silently_overwritten():
    raw = _raw(households.load()).replace(
        b'"family_name": "Schneider"', b'"family_name": "Evil", "family_name": "Schneider"', 1)
    assert "mehrfach" in _problems(raw)["$.applicant.family_name"]


# --- size and depth ----------------------------------------------------------------------


def test_deep_nesting_is_refused_before_parsing():
    for raw in (b"[" * 100_000, b'{"a":' * 100_000):
        with pytest.raises(InvalidInput) as err:
            parse_document(raw)
        assert "verschachtelt" in err.value.user_message


def test_brackets_inside_strings_do_not_count_as_nesting():
    hh = households.load()
    hh["applicant"]["occupation"] = "[[[[" * 40
    assert parse_document(_raw(hh))["applicant"]["occupation"] == "[[[[" * 40


def test_a_file_larger_than_the_limit_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.truncate(MAX_DOCUMENT_BYTES * 50)  # sparse: reading it all would take a while
    with pytest.raises(InvalidInput) as err:
        read_document(str(big))
    assert "größer als" in err.value.user_message


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_dev_zero_is_refused_after_a_bounded_read():
    started = time.perf_counter()
    with pytest.raises(InvalidInput) as err:
        read_document("/dev/zero")
    assert time.perf_counter() - started < 2.0
    assert "größer als" in err.value.user_message


def test_a_fifo_without_writer_does_not_hang(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert read_document(str(fifo)) == b""


@pytest.mark.parametrize("name, words", [("", "Kein Dateiname"), (".", "Verzeichnis")])
def test_an_empty_name_or_a_directory_is_refused(name, words):
    with pytest.raises(InvalidInput) as err:
        read_document(name)
    assert words in err.value.user_message


def test_8000_children_are_refused_fast_with_one_problem():
    hh = households.load()
    hh["children"] = [dict(hh["children"][0], id=f"c{i}") for i in range(8000)]
    started = time.perf_counter()
    _clean, problems = check_household(parse_document(_raw(hh)))
    assert time.perf_counter() - started < 2.0
    assert [p.path for p in problems] == ["$.children"]


def test_the_largest_allowed_household_is_accepted():
    hh = largest_household()
    raw = json.dumps(hh, ensure_ascii=False, indent=2).encode()
    assert len(raw) < MAX_DOCUMENT_BYTES
    _clean, problems = check_household(parse_document(raw))
    assert problems == []


def test_one_child_more_than_the_schema_allows_is_refused_by_path():
    hh = largest_household()
    hh["children"].append(dict(hh["children"][0], id="c99"))
    _clean, problems = check_household(hh)
    assert [p.path for p in problems] == ["$.children"]


def test_every_string_and_array_of_the_schema_is_bounded_within_the_safety_caps():
    unbounded = []

    def walk(node, path):
        if isinstance(node, dict):
            types = node.get("type")
            types = types if isinstance(types, list) else [types]
            if "string" in types and "enum" not in node:
                bound = node.get("maxLength")
                if bound is None or bound > MAX_STRING_CHARS:
                    unbounded.append(path)
            if "array" in types:
                bound = node.get("maxItems")
                if bound is None or bound > MAX_ARRAY_ITEMS:
                    unbounded.append(path)
            for key, value in node.items():
                walk(value, f"{path}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{path}/{index}")

    walk(household_schema(), "#")
    assert unbounded == []


def test_two_spellings_of_one_key_are_a_duplicate_after_nfc():
    # U+037E GREEK QUESTION MARK is ";" in NFC: both keys would collapse into one.
    raw = b'{"a;": 1, "a\\u037e": 2}'
    assert parse_document(raw) == {"a;": 1, "a\u037e": 2}
    _clean, problems = check_household(parse_document(raw))
    assert "input.duplicate" in {p.key for p in problems}


@pytest.mark.parametrize(
    "value, key",
    [("2016-09-21", None), ("2016-02-30", "date.invalid"), ("2016-09-21\n", "date.format"),
     ("21.09.2016", "date.format"), ("", "date.format")],
)
def test_a_stored_date_is_exactly_iso(value, key):
    from kiosk.validation.dates import check_iso_date

    assert check_iso_date(value) == key
