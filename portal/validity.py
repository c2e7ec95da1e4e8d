"""Dated tables: rows of law with the days between which they are in force.

A rule that the legislator changes is kept as a table of rows, each with
``valid_from`` and ``valid_until`` (inclusive; ``None`` while in force). When
the law changes, the old row gets its ``valid_until`` and a new row is added,
so that a decision for a past day applies that day's law. The fee schedule
(``fees.schedule``) and the rules of the apps follow this shape; the helpers
here find the row of a day and check that a table has no gaps or overlaps.
Pure: no database, no request.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Protocol, TypeVar


class DatedRow(Protocol):
    valid_from: date
    valid_until: date | None


Row = TypeVar("Row", bound=DatedRow)

OVERLAPPING = "More than one row is in force on {day}."


def in_force_on(row: DatedRow, day: date) -> bool:
    """Whether ``row`` is in force on ``day`` (both ends inclusive)."""
    return row.valid_from <= day and (row.valid_until is None or day <= row.valid_until)


def row_on(rows: Iterable[Row], day: date) -> Row | None:
    """The one row of ``rows`` in force on ``day``, or None when no row is.

    Raises ``ValueError`` when two rows are in force on the same day: a table
    that overlaps is a mistake in the data, never silently resolved.
    """
    found = [row for row in rows if in_force_on(row, day)]
    if len(found) > 1:
        raise ValueError(OVERLAPPING.format(day=day))
    return found[0] if found else None


def gaps_and_overlaps(rows: Iterable[DatedRow]) -> list[str]:
    """What is wrong with a table that should cover its days without gaps, in date order.

    Empty when each row starts the day after the previous one ends and only
    the last row is open-ended. Tests call this for every dated table.
    """
    ordered = sorted(rows, key=lambda row: row.valid_from)
    problems = []
    for earlier, later in itertools.pairwise(ordered):
        if earlier.valid_until is None:
            problems.append(f"row from {earlier.valid_from} is open-ended but not the last")
        elif later.valid_from != earlier.valid_until + timedelta(days=1):
            problems.append(f"row from {later.valid_from} does not follow {earlier.valid_until}")
    for row in ordered:
        if row.valid_until is not None and row.valid_until < row.valid_from:
            problems.append(f"row from {row.valid_from} ends before it begins")
    if ordered and ordered[-1].valid_until is not None:
        problems.append("the last row has an end; the law in force today would have no row")
    return problems
