"""Rules of the appointments app: when a location has time.

Pure (plain values in and out; no database, no request): working days, free
slots, the order in which waiting requests are invited, and the request kinds
a location may handle.

The routing rule (which location is responsible) is locations.rules.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from applications.constants import RequestKind
from portal.periods import public_holidays  # noqa: F401  (re-exported: rules.public_holidays)

# The request kinds a location can handle: the values of RequestKind.
KINDS = tuple(RequestKind.values)


def unknown_kinds(kinds: Iterable[object]) -> list[object]:
    """The entries of ``kinds`` that are not a request kind, in their order."""
    return [kind for kind in kinds if kind not in KINDS]


# --- Capacity: working days, free slots, the order of invitations ------------------------
#
# Seed 000: "Wenn alle erforderlichen Dokumente vorliegen, laden wir Sie per Post zu einem
# Termin ein. In diesem Brief erfahren Sie auch die Adresse des für Sie zuständigen
# Standorts." Opening hours, slot lengths, desks and closures are the office's own
# configuration (appointments.models); these functions only compute with them.

# A request kind without its own slot length at a location gets this many minutes.
DEFAULT_SLOT_MINUTES = 30
# Working days between writing the letter and the appointment: post needs time
# (default of settings.INVITATION_LEAD_WORKING_DAYS).
LEAD_WORKING_DAYS = 5
# How many calendar days from the earliest day on are searched for a free slot.
SEARCH_DAYS = 183
# Monday to Friday (date.weekday()).
WORKING_WEEKDAYS = frozenset(range(5))


@dataclass(frozen=True)
class Window:
    """One row of opening hours: on ``weekday`` (0 Monday .. 6 Sunday) from opens to closes."""

    weekday: int
    opens: time
    closes: time
    # Desks (counters) that receive applicants in parallel during this window.
    desks: int = 1


@dataclass(frozen=True)
class Busy:
    """A booked appointment: desk ``desk`` is taken from ``starts_at`` until ``ends_at``."""

    starts_at: datetime
    ends_at: datetime
    desk: int


@dataclass(frozen=True)
class Slot:
    """A free slot: desk ``desk`` from ``starts_at`` until ``ends_at`` (aware datetimes)."""

    starts_at: datetime
    ends_at: datetime
    desk: int


def is_working_day(day: date, closed: Collection[date]) -> bool:
    """Monday to Friday and not in ``closed`` (public holidays and the office's closures)."""
    return day.weekday() in WORKING_WEEKDAYS and day not in closed


def working_days_ahead(start: date, n: int, closed: Collection[date]) -> date:
    """The ``n``-th working day after ``start`` (``start`` itself does not count).

    Working days are Monday to Friday except the days in ``closed`` (public
    holidays and closures). ``n == 0`` gives ``start``. Friday plus one
    working day is the next Monday; a closed Monday moves it to Tuesday.
    """
    if n < 0:
        raise ValueError("The number of working days cannot be negative.")
    day = start
    while n:
        day += timedelta(days=1)
        if is_working_day(day, closed):
            n -= 1
    return day


def day_starts(windows: Iterable[Window], weekday: int, minutes: int) -> list[tuple[time, int]]:
    """The slot start times on ``weekday`` with the number of desks at each, in order.

    Each window offers a slot every ``minutes`` from its opening time on, as
    long as the slot ends by the closing time. Several windows on one day
    are allowed (a lunch break: 8:00-12:00 and 13:00-15:30); where windows
    overlap, a start time offered by several of them has the most desks of
    any of them (the admin refuses overlapping windows anyway).
    """
    if minutes <= 0:
        raise ValueError("A slot lasts at least one minute.")
    length = timedelta(minutes=minutes)
    desks_at: dict[time, int] = {}
    for window in windows:
        if window.weekday != weekday or window.desks < 1:
            continue
        start = datetime.combine(date.min, window.opens)
        closes = datetime.combine(date.min, window.closes)
        while start + length <= closes:
            desks_at[start.time()] = max(desks_at.get(start.time(), 0), window.desks)
            start += length
    return sorted(desks_at.items())


def free_slots(
    *,
    windows: Iterable[Window],
    slot_minutes: int,
    booked: Iterable[Busy],
    closed: Collection[date],
    earliest: date,
    tz: tzinfo,
    days: int = SEARCH_DAYS,
    not_before: datetime | None = None,
) -> Iterator[Slot]:
    """The free slots from the day ``earliest`` on, in order of time, then desk.

    - ``windows``: the opening hours of the location; a slot of
      ``slot_minutes`` starts every ``slot_minutes`` from the opening time of
      each window and ends by its closing time (``day_starts``); desks 1 to
      ``window.desks`` receive applicants in parallel.
    - ``booked``: the booked appointments of the location; a slot is free at
      a desk when no booking of that desk overlaps it (bookings of other
      lengths included).
    - ``closed``: days without appointments: public holidays and closures
      (of this location and of all locations).
    - Only ``days`` calendar days from ``earliest`` on are searched; with
      ``not_before``, slots starting earlier are left out (a lead time of 0).

    Times are wall-clock times in ``tz`` (the office's time zone).
    """
    windows = list(windows)
    starts_by_weekday = {
        weekday: day_starts(windows, weekday, slot_minutes) for weekday in range(7)
    }
    busy_by_day: dict[date, list[Busy]] = {}
    for busy in booked:
        busy_by_day.setdefault(busy.starts_at.astimezone(tz).date(), []).append(busy)
    length = timedelta(minutes=slot_minutes)
    for offset in range(days):
        day = earliest + timedelta(days=offset)
        if day in closed:
            continue
        busy_today = busy_by_day.get(day, ())
        for start_time, desks in starts_by_weekday[day.weekday()]:
            starts_at = datetime.combine(day, start_time, tzinfo=tz)
            ends_at = starts_at + length
            if not_before is not None and starts_at < not_before:
                continue
            for desk in range(1, desks + 1):
                if not any(
                    busy.desk == desk and busy.starts_at < ends_at and starts_at < busy.ends_at
                    for busy in busy_today
                ):
                    yield Slot(starts_at=starts_at, ends_at=ends_at, desk=desk)


def earliest_free_slot(**facts) -> Slot | None:
    """The first of ``free_slots(**facts)``, or None when the searched days have none."""
    return next(free_slots(**facts), None)


def overlapping_windows(windows: Iterable[Window]) -> list[tuple[Window, Window]]:
    """Pairs of windows on the same weekday whose times overlap (touching is fine)."""
    ordered = sorted(windows, key=lambda w: (w.weekday, w.opens, w.closes))
    return [
        (first, second)
        for first, second in itertools.combinations(ordered, 2)
        if first.weekday == second.weekday
        and first.opens < second.closes
        and second.opens < first.closes
    ]


def invitation_order_key(
    *, title_valid_until: date | None, submitted_at: datetime, id: int
) -> tuple:
    """The order in which waiting requests are invited (the sweep enqueues them so).

    Policy: the request whose current residence title expires first is
    invited first (it needs the appointment most urgently); requests without
    a current title (first issue, naturalisation) come after all that have
    one; among equals, the request received first, then the lower id.
    """
    return (title_valid_until is None, title_valid_until or date.max, submitted_at, id)
