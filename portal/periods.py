"""Calendar arithmetic for legal periods (§§ 187, 188 BGB).

Periods and ages are computed with calendar months and years, never as a
number of days divided by 365. Every function here is pure.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Collection, Iterable
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """The same day number ``months`` later, or the month's last day where it has no such day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def period_end(start: date, months: int) -> date:
    """The last day of a period of ``months`` months that begins on ``start``.

    The start day counts (§ 187 (2) BGB), so the period ends with the day
    before the day of the end month that has the start day's number
    (§ 188 (2) BGB); where the end month has no such day, it ends with that
    month's last day (§ 188 (3) BGB).

    >>> period_end(date(2026, 12, 1), 3)
    datetime.date(2027, 2, 28)
    >>> period_end(date(2027, 1, 31), 1)
    datetime.date(2027, 2, 28)
    """
    if months < 1:
        raise ValueError("a period has at least one month")
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    if start.day > last:
        return date(year, month, last)
    return date(year, month, start.day) - timedelta(days=1)


def spans_more_than_months(first_day: date, last_day: date, months: int) -> bool:
    """Whether the inclusive span ``first_day``..``last_day`` is longer than ``months`` months."""
    return last_day > period_end(first_day, months)


def date_of_age(birth_date: date, years: int) -> date:
    """The first day on which a person born on ``birth_date`` is ``years`` old.

    The day of birth counts (§ 187 (2) sentence 2 BGB): the years are
    complete at the end of the day before the birthday, so a person is that
    old from the start of the birthday; someone born on 29 February is so
    from 1 March in common years.
    """
    return period_end(birth_date, 12 * years) + timedelta(days=1)


def age_on(birth_date: date, on: date) -> int:
    """Completed years of life on ``on``."""
    if on < birth_date:
        raise ValueError("the day lies before the birth date")
    years = on.year - birth_date.year
    if years > 0 and on < date_of_age(birth_date, years):
        years -= 1
    return years


@functools.lru_cache(maxsize=32)
def _holidays(years: tuple[int, ...]) -> dict[date, str]:
    import holidays

    calendar_ = holidays.country_holidays("DE", subdiv="BY", years=years, language="de")
    return dict(calendar_.items())


def public_holidays(years: Iterable[int]) -> dict[date, str]:
    """The public holidays in Bavaria in ``years``, with their German names.

    Source: Art. 1 of the Bavarian Feiertagsgesetz (FTG), as data of the
    ``holidays`` package (country "DE", subdivision "BY", category "public"):
    New Year, Epiphany (6 January), Good Friday, Easter Monday, 1 May,
    Ascension, Whit Monday, Corpus Christi, 3 October, All Saints, Christmas
    Day and Boxing Day. Assumption Day (15 August) is a holiday only in
    municipalities with a mainly Catholic population, which Nuremberg is not,
    and the Augsburg Peace Festival only in Augsburg: neither is included.
    """
    return dict(_holidays(tuple(sorted(set(years)))))


def weeks_later(start: date, weeks: int) -> date:
    """The end of a period of ``weeks`` weeks that begins with an event on ``start``.

    § 188 (2) BGB: a period in weeks ends with the day of the last week that
    has the weekday of the event (§ 187 (1): the event's day does not count).
    """
    return start + timedelta(weeks=weeks)


def period_end_on_working_day(end: date, holidays: Collection[date]) -> date:
    """The end of a period moved off a Saturday, Sunday or public holiday.

    Art. 31 (3) sentence 1 BayVwVfG (as § 31 (3) VwVfG and § 193 BGB): if the
    end of a period falls on a Sunday, a public holiday or a Saturday, the
    period ends with the next working day. ``holidays``: the public holidays
    that apply (``public_holidays``).
    """
    while end.weekday() >= 5 or end in holidays:
        end += timedelta(days=1)
    return end
