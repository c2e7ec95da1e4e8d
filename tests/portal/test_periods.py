"""Calendar periods and ages (§§ 187, 188 BGB), table-driven."""

from __future__ import annotations

from datetime import date

import pytest

from portal.periods import add_months, age_on, date_of_age, period_end, spans_more_than_months


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2026, 12, 1), 3, date(2027, 2, 28)),
        (date(2026, 12, 1), 12, date(2027, 11, 30)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2028, 1, 29), 1, date(2028, 2, 28)),
        (date(2027, 1, 29), 1, date(2027, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 3, 15), 1, date(2026, 4, 14)),
        (date(2026, 1, 1), 12, date(2026, 12, 31)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
    ],
)
def test_period_end(start, months, end):
    assert period_end(start, months) == end


def test_period_needs_a_month():
    with pytest.raises(ValueError, match="at least one month"):
        period_end(date(2026, 1, 1), 0)


@pytest.mark.parametrize(
    ("first", "last", "months", "longer"),
    [
        (date(2026, 12, 1), date(2027, 2, 28), 3, False),
        (date(2026, 12, 1), date(2027, 3, 1), 3, True),
        (date(2026, 12, 1), date(2027, 11, 30), 12, False),
        (date(2026, 12, 1), date(2027, 12, 1), 12, True),
        (date(2026, 12, 1), date(2026, 12, 1), 3, False),
    ],
)
def test_spans_more_than_months(first, last, months, longer):
    assert spans_more_than_months(first, last, months) is longer


@pytest.mark.parametrize(
    ("day", "months", "result"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 11, 22), -11, date(2025, 12, 22)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
    ],
)
def test_add_months(day, months, result):
    assert add_months(day, months) == result


@pytest.mark.parametrize(
    ("birth", "years", "first_day"),
    [
        (date(2008, 5, 10), 18, date(2026, 5, 10)),
        (date(2008, 2, 29), 18, date(2026, 3, 1)),
        (date(2008, 2, 29), 16, date(2024, 2, 29)),
        (date(2010, 12, 31), 16, date(2026, 12, 31)),
    ],
)
def test_date_of_age(birth, years, first_day):
    assert date_of_age(birth, years) == first_day


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (date(2008, 11, 22), date(2026, 11, 22), 18),
        (date(2008, 11, 23), date(2026, 11, 22), 17),
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
        (date(2026, 11, 22), date(2026, 11, 22), 0),
    ],
)
def test_age_on(birth, on, age):
    assert age_on(birth, on) == age


def test_age_before_birth_is_an_error():
    with pytest.raises(ValueError, match="before the birth date"):
        age_on(date(2026, 1, 2), date(2026, 1, 1))
