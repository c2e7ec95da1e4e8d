"""Demo opening hours for the demo locations, so that `make run` can book appointments."""

from __future__ import annotations

from datetime import time

from django.db import transaction

from .models import Location, OpeningHours

# Monday to Friday mornings, Tuesday and Thursday afternoons too; two desks.
DEMO_HOURS = [
    *[(weekday, time(8, 0), time(12, 0), 2) for weekday in range(5)],
    (1, time(13, 0), time(16, 0), 2),
    (3, time(13, 0), time(16, 0), 2),
]


def demo_capacity_ensure() -> int:
    """Give every location without opening hours the demo hours. Idempotent."""
    created = 0
    with transaction.atomic():
        for location in Location.objects.filter(opening_hours__isnull=True).distinct():
            OpeningHours.objects.bulk_create(
                OpeningHours(location=location, weekday=day, opens=start, closes=end, desks=desks)
                for day, start, end, desks in DEMO_HOURS
            )
            created += 1
    return created
