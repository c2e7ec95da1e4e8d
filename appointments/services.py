"""The appointments app's access to locations: the routing rule on the database's rows.

Reads only, so far; each function is one query.
"""

from __future__ import annotations

from .models import Location
from .rules import LocationFacts, responsible_location


def _facts(location: Location) -> LocationFacts:
    return LocationFacts(
        id=location.pk,
        kinds=frozenset(location.kinds or ()),
        postcode_prefixes=tuple(location.postcode_prefixes or ()),
        active=location.active,
    )


def location_facts() -> list[LocationFacts]:
    """The routing facts of every location, active or not (one query)."""
    rows = Location.objects.order_by("pk").values_list("pk", "kinds", "postcode_prefixes", "active")
    return [
        LocationFacts(
            id=pk,
            kinds=frozenset(kinds or ()),
            postcode_prefixes=tuple(prefixes or ()),
            active=active,
        )
        for pk, kinds, prefixes, active in rows
    ]


def location_for(*, kind: str, postcode: str) -> Location | None:
    """The location responsible for a request of ``kind`` from ``postcode`` (one query).

    The decision is appointments.rules.responsible_location; None when no
    active location handles the kind for that postcode.
    """
    locations = {location.pk: location for location in Location.objects.filter(active=True)}
    chosen = responsible_location(
        kind=kind, postcode=postcode, locations=(_facts(loc) for loc in locations.values())
    )
    return None if chosen is None else locations[chosen]
