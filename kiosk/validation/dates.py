"""Dates as typed (``YYYY-MM-DD`` or ``DD.MM.YYYY``) and the date rules of the benefits.

Birth dates: not in the future, not before 1900. A child is younger than its parents.
Age limits per benefit (UVG: under 18). Elterngeld: at most 3 months back.
Cross-field checks take either typed text or ``datetime.date``; an empty side means
"nothing to compare yet" and passes, an unreadable side gives that side's date key.
A *stored* date (the household document) is stricter than a typed one: exactly
``YYYY-MM-DD`` with ASCII digits, no surrounding whitespace (:func:`check_iso_date`).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from kiosk.validation.typed_input import text_of

EARLIEST_BIRTH_DATE = date(1900, 1, 1)

_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_GERMAN = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")


class InvalidDate(ValueError):
    """A value that is not a readable calendar date; ``key`` is the message key."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def parse_date(value: str | date) -> date:
    """The date typed as ``YYYY-MM-DD`` or ``D.M.YYYY``; raises :class:`InvalidDate`."""
    if isinstance(value, date):
        return value
    text = text_of(value)
    if text is None:
        raise InvalidDate("date.format")
    text = text.strip()
    if text == "":
        raise InvalidDate("date.empty")
    iso = _ISO.fullmatch(text)
    german = _GERMAN.fullmatch(text)
    if iso is not None:
        year, month, day = (int(part) for part in iso.groups())
    elif german is not None:
        day, month, year = (int(part) for part in german.groups())
    else:
        raise InvalidDate("date.format")
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidDate("date.invalid") from None


def parse_iso_date(value: object) -> date | None:
    """The date of a stored value that is exactly ``YYYY-MM-DD`` (ASCII digits, nothing
    around it — ``"2016-09-21\\n"`` is not a date); ``None`` for anything else. Never raises.

    ``re.match(r"^…$")`` would let a trailing newline through (``$`` also matches before
    it) and ``date.fromisoformat`` reads more notations than ours, hence ``fullmatch``.
    """
    if not isinstance(value, str) or len(value) != 10:
        return None
    iso = _ISO.fullmatch(value)
    if iso is None:
        return None
    try:
        return date(*(int(part) for part in iso.groups()))
    except ValueError:
        return None


def check_iso_date(value: str) -> str | None:
    """``None`` for a stored date exactly ``YYYY-MM-DD`` that exists in the calendar."""
    if parse_iso_date(value) is not None:
        return None
    if isinstance(value, str) and _ISO.fullmatch(value):
        return "date.invalid"
    return "date.format"


def normalise_date(value: str) -> str:
    """The date as ISO ``YYYY-MM-DD``; an unreadable value comes back stripped. Never raises."""
    try:
        return parse_date(value).isoformat()
    except InvalidDate:
        text = text_of(value)
        return "" if text is None else text.strip()


def check_date(value: str) -> str | None:
    """``None`` for any real calendar date in one of the accepted notations."""
    try:
        parse_date(value)
    except InvalidDate as err:
        return err.key
    return None


def check_birth_date(value: str, today: date | None = None) -> str | None:
    """A real date, not after ``today`` and not before 1900-01-01."""
    try:
        born = parse_date(value)
    except InvalidDate as err:
        return err.key
    if born > (today or date.today()):
        return "date.future"
    if born < EARLIEST_BIRTH_DATE:
        return "date.before_1900"
    return None


def age_on(birth: date, on: date) -> int:
    """Completed years of life on ``on`` (a 29 February child turns a year older on 1 March).

    Negative when ``on`` lies before ``birth``.
    """
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _optional(value: str | date | None) -> date | None:
    """Parse a cross-field side; ``None`` when left empty; raises :class:`InvalidDate`."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    return parse_date(value)


def check_child_younger(
    child_birth: str | date | None, parent_birth: str | date | None
) -> str | None:
    """The child must be born strictly after the parent."""
    try:
        child = _optional(child_birth)
        parent = _optional(parent_birth)
    except InvalidDate as err:
        return err.key
    if child is None or parent is None:
        return None
    if child <= parent:
        return "date.child_not_younger"
    return None


def check_age_below(
    birth: str | date | None, limit_years: int, on: date | None = None
) -> str | None:
    """The person must be younger than ``limit_years`` on ``on`` (default today)."""
    try:
        born = _optional(birth)
    except InvalidDate as err:
        return err.key
    if born is None:
        return None
    if age_on(born, on or date.today()) >= limit_years:
        return "date.age_limit"
    return None


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier, clamped to the month's end."""
    index = day.year * 12 + (day.month - 1) - months
    if index < 12:  # before year 1: nothing can lie earlier
        return date.min
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def check_not_older_than_months(
    value: str | date | None, months: int, today: date | None = None
) -> str | None:
    """The date must lie no more than ``months`` calendar months before ``today``."""
    try:
        when = _optional(value)
    except InvalidDate as err:
        return err.key
    if when is None:
        return None
    if when < months_before(today or date.today(), months):
        return "date.too_far_back"
    return None
