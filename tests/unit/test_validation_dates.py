"""Dates as typed, and the benefits' date rules: birth dates, parents, age limits, 3 months."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.validation import (
    age_on,
    check_age_below,
    check_birth_date,
    check_child_younger,
    check_date,
    check_not_older_than_months,
    normalise_date,
)

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("typed", "iso"),
    [
        ("2020-12-31", "2020-12-31"),
        ("31.12.2020", "2020-12-31"),
        ("1.2.2020", "2020-02-01"),
        (" 29.02.2024 ", "2024-02-29"),
    ],
)
def test_both_notations_are_read_and_normalised_to_iso(typed: str, iso: str) -> None:
    assert check_date(typed) is None
    assert normalise_date(typed) == iso


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("", "date.empty"),
        ("31/12/2020", "date.format"),
        ("31.12.20", "date.format"),  # two-digit year is ambiguous
        ("2020-1-5", "date.format"),
        ("gestern", "date.format"),
        ("٣١.١٢.٢٠٢٠", "date.format"),  # Arabic-Indic digits
        ("29.02.2023", "date.invalid"),
        ("2020-13-01", "date.invalid"),
        ("00.01.2020", "date.invalid"),
    ],
)
def test_unreadable_dates_are_refused(typed: str, key: str) -> None:
    assert check_date(typed) == key


def test_birth_date_today_is_fine_tomorrow_is_future() -> None:
    assert check_birth_date("25.11.2026", today=TODAY) is None
    assert check_birth_date("26.11.2026", today=TODAY) == "date.future"


def test_birth_date_before_1900_is_refused() -> None:
    assert check_birth_date("1900-01-01", today=TODAY) is None
    assert check_birth_date("31.12.1899", today=TODAY) == "date.before_1900"


def test_birth_date_default_today_refuses_far_future() -> None:
    assert check_birth_date("9999-12-31") == "date.future"


def test_child_must_be_younger_than_parent() -> None:
    assert check_child_younger("2015-03-01", "1985-07-12") is None
    assert check_child_younger("1985-07-12", "2015-03-01") == "date.child_not_younger"
    assert check_child_younger("12.07.1985", "1985-07-12") == "date.child_not_younger"


def test_child_check_waits_for_both_dates_and_reports_unreadable_ones() -> None:
    assert check_child_younger("", "1985-07-12") is None
    assert check_child_younger("2015-03-01", None) is None
    assert check_child_younger("2015-02-30", "1985-07-12") == "date.invalid"
    assert check_child_younger(date(2015, 3, 1), date(1985, 7, 12)) is None


def test_age_on_counts_completed_years() -> None:
    assert age_on(date(2008, 11, 25), TODAY) == 18
    assert age_on(date(2008, 11, 26), TODAY) == 17
    # Born on 29 February: a year older on 1 March in a non-leap year.
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


def test_uvg_under_18() -> None:
    assert check_age_below("26.11.2008", 18, on=TODAY) is None
    assert check_age_below("25.11.2008", 18, on=TODAY) == "date.age_limit"
    assert check_age_below("kein Datum", 18, on=TODAY) == "date.format"


def test_elterngeld_at_most_three_months_back() -> None:
    assert check_not_older_than_months("2026-08-25", 3, today=TODAY) is None
    assert check_not_older_than_months("2026-08-24", 3, today=TODAY) == "date.too_far_back"
    # From 31 May, three months back is the end of February.
    assert check_not_older_than_months("28.02.2026", 3, today=date(2026, 5, 31)) is None
    assert check_not_older_than_months("27.02.2026", 3, today=date(2026, 5, 31)) is not None


@given(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
def test_any_past_birth_date_in_either_notation_passes(day: date) -> None:
    assert check_birth_date(day.isoformat(), today=TODAY) is None
    german = f"{day.day:02d}.{day.month:02d}.{day.year:04d}"
    assert check_birth_date(german, today=TODAY) is None
    assert normalise_date(german) == day.isoformat()


def _birthday(birth: date, years: int) -> date:
    """The day a person born on ``birth`` completes ``years`` (29 Feb -> 1 Mar)."""
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:
        return date(birth.year + years, 3, 1)


@given(st.dates(max_value=date(9000, 1, 1)), st.integers(min_value=0, max_value=900))
def test_age_on_lies_between_two_birthdays(birth: date, days: int) -> None:
    on = date.fromordinal(birth.toordinal() + days * 37)
    age = age_on(birth, on)
    assert _birthday(birth, age) <= on < _birthday(birth, age + 1)
