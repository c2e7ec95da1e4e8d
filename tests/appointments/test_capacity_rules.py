"""Capacity rules (appointments.rules): working days, holidays, free slots, the order."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from appointments.rules import (
    Busy,
    Window,
    day_starts,
    earliest_free_slot,
    free_slots,
    invitation_order_key,
    is_working_day,
    overlapping_windows,
    public_holidays,
    working_days_ahead,
)

BERLIN = ZoneInfo("Europe/Berlin")
HOLIDAYS = set(public_holidays([2026, 2027]))
STAFF_OUTING = date(2026, 3, 11)  # a Wednesday the office closes


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def weekdays(opens=time(8), closes=time(12), desks=1, days=range(5)) -> list[Window]:
    return [Window(weekday=d, opens=opens, closes=closes, desks=desks) for d in days]


def booked(day: date, hour: int, minute: int = 0, desk: int = 1, minutes: int = 30) -> Busy:
    start = at(day, hour, minute)
    return Busy(starts_at=start, ends_at=start + timedelta(minutes=minutes), desk=desk)


# --- Public holidays in Bavaria --------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "holiday"),
    [
        (date(2026, 1, 1), True),  # Neujahr
        (date(2026, 1, 6), True),  # Heilige Drei Könige (Bavaria, not all of Germany)
        (date(2026, 4, 3), True),  # Karfreitag
        (date(2026, 4, 6), True),  # Ostermontag
        (date(2026, 5, 14), True),  # Christi Himmelfahrt
        (date(2026, 5, 25), True),  # Pfingstmontag
        (date(2026, 6, 4), True),  # Fronleichnam (Bavaria)
        (date(2026, 10, 3), True),  # Tag der Deutschen Einheit
        (date(2026, 11, 1), True),  # Allerheiligen (Bavaria)
        (date(2026, 12, 25), True),
        (date(2026, 12, 26), True),
        (date(2027, 5, 27), True),  # Fronleichnam 2027
        # Mariä Himmelfahrt: a holiday only where most people are Catholic; not Nuremberg.
        (date(2026, 8, 15), False),
        (date(2026, 11, 18), False),  # Buß- und Bettag: schools close, offices do not
        (date(2026, 12, 24), False),  # Heiligabend: a closure if the office wants one
        (date(2026, 10, 31), False),  # Reformationstag: not in Bavaria
    ],
)
def test_bavarian_public_holidays(day, holiday):
    assert (day in public_holidays([day.year])) is holiday


def test_holiday_names_are_german():
    assert public_holidays([2026])[date(2026, 6, 4)] == "Fronleichnam"


# --- Working days ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "closed", "expected"),
    [
        (date(2026, 3, 2), 0, set(), date(2026, 3, 2)),  # no lead time: the day itself
        (date(2026, 3, 2), 1, set(), date(2026, 3, 3)),  # Monday + 1: Tuesday
        (date(2026, 3, 6), 1, set(), date(2026, 3, 9)),  # Friday + 1: Monday
        (date(2026, 3, 7), 1, set(), date(2026, 3, 9)),  # Saturday + 1: Monday
        (date(2026, 3, 2), 5, set(), date(2026, 3, 9)),  # a working week
        # 6 January (Tuesday) is a holiday in Bavaria.
        (date(2026, 1, 5), 1, HOLIDAYS, date(2026, 1, 7)),
        # Friday 2 January + 1: Monday 5 January (1 January lies behind).
        (date(2026, 1, 2), 1, HOLIDAYS, date(2026, 1, 5)),
        # Corpus Christi (Thursday 4 June 2026) does not count.
        (date(2026, 5, 29), 5, HOLIDAYS, date(2026, 6, 8)),
        (date(2026, 6, 3), 1, HOLIDAYS, date(2026, 6, 5)),
        # Easter: Good Friday and Easter Monday do not count.
        (date(2026, 4, 2), 1, HOLIDAYS, date(2026, 4, 7)),
        # A closure of the office does not count either.
        (date(2026, 3, 10), 1, HOLIDAYS | {STAFF_OUTING}, date(2026, 3, 12)),
        # Christmas to New Year: 24 and 31 December are working days unless closed.
        (date(2026, 12, 23), 2, HOLIDAYS, date(2026, 12, 28)),
        (date(2026, 12, 23), 2, HOLIDAYS | {date(2026, 12, 24)}, date(2026, 12, 29)),
    ],
)
def test_working_days_ahead(start, n, closed, expected):
    assert working_days_ahead(start, n, closed) == expected


def test_working_days_cannot_be_negative():
    with pytest.raises(ValueError, match="negative"):
        working_days_ahead(date(2026, 3, 2), -1, set())


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 3, 6), True),
        (date(2026, 3, 7), False),
        (date(2026, 3, 8), False),
        (date(2026, 1, 6), False),
        (STAFF_OUTING, False),
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day, HOLIDAYS | {STAFF_OUTING}) is working


# --- Slot start times of a day --------------------------------------------------------------


@pytest.mark.parametrize(
    ("windows", "minutes", "expected"),
    [
        # Every 30 minutes, the last slot ends at closing time.
        ([Window(0, time(8), time(9))], 30, [(time(8), 1), (time(8, 30), 1)]),
        # A slot that would end after closing time is not offered.
        ([Window(0, time(8), time(8, 45))], 30, [(time(8), 1)]),
        ([Window(0, time(8), time(8, 20))], 30, []),
        # A lunch break: two windows on one day.
        (
            [Window(0, time(8), time(9)), Window(0, time(10), time(11))],
            30,
            [(time(8), 1), (time(8, 30), 1), (time(10), 1), (time(10, 30), 1)],
        ),
        # Longer slots for a kind.
        ([Window(0, time(8), time(10))], 45, [(time(8), 1), (time(8, 45), 1)]),
        # Desks per window.
        ([Window(0, time(8), time(9), desks=3)], 60, [(time(8), 3)]),
        # Other weekdays do not count.
        ([Window(1, time(8), time(9))], 30, []),
        # Overlapping windows: the start is offered once, with the most desks.
        (
            [Window(0, time(8), time(9), desks=1), Window(0, time(8), time(9), desks=2)],
            60,
            [(time(8), 2)],
        ),
    ],
)
def test_day_starts(windows, minutes, expected):
    assert day_starts(windows, 0, minutes) == expected


def test_a_slot_lasts_at_least_a_minute():
    with pytest.raises(ValueError, match="at least one minute"):
        day_starts([Window(0, time(8), time(9))], 0, 0)


# --- Free slots --------------------------------------------------------------------------

MONDAY = date(2026, 3, 2)
TUESDAY = MONDAY + timedelta(days=1)
EPIPHANY = date(2026, 1, 6)  # a Tuesday


def first(**changes):
    facts = {
        "windows": weekdays(),
        "slot_minutes": 30,
        "booked": [],
        "closed": HOLIDAYS,
        "earliest": MONDAY,
        "tz": BERLIN,
    }
    facts.update(changes)
    slot = earliest_free_slot(**facts)
    return None if slot is None else (slot.starts_at, slot.desk)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # The first slot of the earliest day.
        ({}, (at(MONDAY, 8), 1)),
        # The earliest day is a holiday (6 January): the next day.
        ({"earliest": EPIPHANY}, (at(date(2026, 1, 7), 8), 1)),
        # Corpus Christi: Friday.
        ({"earliest": date(2026, 6, 4)}, (at(date(2026, 6, 5), 8), 1)),
        # A closed day of the office.
        (
            {"earliest": STAFF_OUTING, "closed": HOLIDAYS | {STAFF_OUTING}},
            (at(date(2026, 3, 12), 8), 1),
        ),
        # A Saturday: no opening hours, so Monday.
        ({"earliest": date(2026, 3, 7)}, (at(date(2026, 3, 9), 8), 1)),
        # The first slot is taken: the next one.
        ({"booked": [booked(MONDAY, 8)]}, (at(MONDAY, 8, 30), 1)),
        # A booking of another day or desk does not matter.
        ({"booked": [booked(TUESDAY, 8), booked(MONDAY, 8, desk=2)]}, (at(MONDAY, 8), 1)),
        # A longer booking (60 minutes) blocks two slots of 30.
        ({"booked": [booked(MONDAY, 8, minutes=60)]}, (at(MONDAY, 9), 1)),
        # A booking that started earlier and still runs blocks the slot too.
        ({"booked": [booked(MONDAY, 7, 45, minutes=30)]}, (at(MONDAY, 8, 30), 1)),
        # The whole day is full: the first slot of the next day.
        (
            {"booked": [booked(MONDAY, h, m) for h in range(8, 12) for m in (0, 30)]},
            (at(TUESDAY, 8), 1),
        ),
        # Several desks: the free desk at the earliest time, the last desk included.
        (
            {"windows": weekdays(desks=3), "booked": [booked(MONDAY, 8, desk=d) for d in (1, 2)]},
            (at(MONDAY, 8), 3),
        ),
        (
            {"windows": weekdays(desks=3), "booked": [booked(MONDAY, 8, desk=d) for d in (1, 3)]},
            (at(MONDAY, 8), 2),
        ),
        # All desks are taken at 8:00: desk 1 at 8:30.
        (
            {
                "windows": weekdays(desks=3),
                "booked": [booked(MONDAY, 8, desk=d) for d in (1, 2, 3)],
            },
            (at(MONDAY, 8, 30), 1),
        ),
        # Saturday opening hours count like any other.
        (
            {"windows": [Window(5, time(9), time(10))], "earliest": date(2026, 3, 7)},
            (at(date(2026, 3, 7), 9), 1),
        ),
        # A lead time of 0: not before the moment of writing.
        ({"not_before": at(MONDAY, 10, 10)}, (at(MONDAY, 10, 30), 1)),
        # After the change to summer time (29 March 2026) 8:00 is still 8:00.
        ({"earliest": date(2026, 3, 30)}, (at(date(2026, 3, 30), 8), 1)),
        # No opening hours: nothing within the searched days.
        ({"windows": []}, None),
        ({"days": 1, "earliest": date(2026, 3, 7)}, None),
    ],
)
def test_earliest_free_slot(changes, expected):
    assert first(**changes) == expected


def test_free_slots_come_in_order_of_time_then_desk():
    slots = free_slots(
        windows=weekdays(closes=time(9), desks=2),
        slot_minutes=30,
        booked=[booked(MONDAY, 8, desk=1)],
        closed=HOLIDAYS,
        earliest=MONDAY,
        tz=BERLIN,
        days=2,
    )
    assert [(s.starts_at, s.ends_at - s.starts_at, s.desk) for s in slots] == [
        (at(MONDAY, 8), timedelta(minutes=30), 2),
        (at(MONDAY, 8, 30), timedelta(minutes=30), 1),
        (at(MONDAY, 8, 30), timedelta(minutes=30), 2),
        (at(TUESDAY, 8), timedelta(minutes=30), 1),
        (at(TUESDAY, 8), timedelta(minutes=30), 2),
        (at(TUESDAY, 8, 30), timedelta(minutes=30), 1),
        (at(TUESDAY, 8, 30), timedelta(minutes=30), 2),
    ]


def test_summer_time_is_one_hour_ahead_of_utc():
    slot = earliest_free_slot(
        windows=weekdays(),
        slot_minutes=30,
        booked=[],
        closed=set(),
        earliest=date(2026, 3, 30),
        tz=BERLIN,
    )
    assert slot.starts_at.utcoffset() == timedelta(hours=2)


def test_lead_time_and_slots_together():
    """Written on Friday 29 May 2026, five working days ahead (Corpus Christi skipped)."""
    earliest = working_days_ahead(date(2026, 5, 29), 5, HOLIDAYS)
    assert first(earliest=earliest) == (at(date(2026, 6, 8), 8), 1)


# --- Opening hours that overlap --------------------------------------------------------------


@pytest.mark.parametrize(
    ("windows", "overlaps"),
    [
        ([Window(0, time(8), time(12)), Window(0, time(13), time(15))], 0),
        ([Window(0, time(8), time(12)), Window(0, time(12), time(15))], 0),  # touching
        ([Window(0, time(8), time(12)), Window(0, time(11), time(15))], 1),
        ([Window(0, time(8), time(12)), Window(0, time(8), time(12))], 1),  # the same twice
        ([Window(0, time(8), time(12)), Window(1, time(8), time(12))], 0),  # other days
    ],
)
def test_overlapping_windows(windows, overlaps):
    assert len(overlapping_windows(windows)) == overlaps


# --- The order of waiting requests -----------------------------------------------------------


def test_the_title_expiring_first_is_invited_first_then_by_receipt():
    received = datetime(2026, 3, 1, 9, 0, tzinfo=BERLIN)
    requests = [
        {"id": 1, "title_valid_until": None, "submitted_at": received},
        {"id": 2, "title_valid_until": date(2026, 9, 1), "submitted_at": received},
        {"id": 3, "title_valid_until": date(2026, 4, 1), "submitted_at": received},
        {"id": 4, "title_valid_until": date(2026, 4, 1), "submitted_at": received - timedelta(1)},
        {"id": 5, "title_valid_until": None, "submitted_at": received - timedelta(1)},
        {"id": 6, "title_valid_until": date(2026, 4, 1), "submitted_at": received - timedelta(1)},
    ]
    ordered = sorted(requests, key=lambda r: invitation_order_key(**r))
    assert [r["id"] for r in ordered] == [4, 6, 3, 2, 5, 1]
