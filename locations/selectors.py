"""Reads of the locations app: routing facts, and which locations a staff member may see.

The one place that answers "which locations may this user work on":
``may_see_all_locations`` and ``location_ids_of`` are used by the request
list, the request page, the file downloads and the appointments' staff views.
"""

from __future__ import annotations

from .models import Location, StaffLocations
from .rules import LocationFacts, responsible_location

ALL_LOCATIONS_PERMISSION = "applications.view_all_locations"


def may_see_all_locations(user) -> bool:
    """Superusers and team leads (permission ``view_all_locations``) see every location."""
    return bool(user.is_superuser or user.has_perm(ALL_LOCATIONS_PERMISSION))


def location_ids_of(user) -> list[int]:
    """The ids of the locations ``user`` works for (StaffLocations; one query)."""
    return list(
        StaffLocations.locations.through.objects.filter(stafflocations__user=user).values_list(
            "location_id", flat=True
        )
    )


def may_work_at(user, location_id: int | None) -> bool:
    """Whether ``user`` may see what happens at the location ``location_id``."""
    if may_see_all_locations(user):
        return True
    return location_id is not None and location_id in location_ids_of(user)


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

    The decision is locations.rules.responsible_location; None when no active
    location handles the kind for that postcode.
    """
    locations = {location.pk: location for location in Location.objects.filter(active=True)}
    facts = (
        LocationFacts(
            id=location.pk,
            kinds=frozenset(location.kinds or ()),
            postcode_prefixes=tuple(location.postcode_prefixes or ()),
            active=location.active,
        )
        for location in locations.values()
    )
    chosen = responsible_location(kind=kind, postcode=postcode, locations=facts)
    return None if chosen is None else locations[chosen]
