"""Demo locations for ``make run``: the real office and two clearly fictional ones.

The office's own address comes from the seeds (settings.OFFICE, seeds 001 and
003). The two demo locations are invented (is_demo=True, "Musterstadt",
postcode 00000, which no German town has) and exist so that a newcomer sees
the routing rule (appointments.rules) pick different locations:

| request | postcode | responsible location |
|---|---|---|
| renewal (or issue, change of conditions) | 90411 | Demo-Standort Nord (prefix "9041") |
| renewal | 90403 | Demo-Standort Nord (prefix "904") |
| renewal | 80331 | Zentrale (no prefix of Nord matches) |
| family reunification, blocked-account release | any | Zentrale (only it handles them) |
| naturalisation | 90403 | Demo-Standort Einbürgerung (prefix "90") |
| naturalisation | 80331 | Zentrale (no prefix of Einbürgerung matches) |
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from applications.constants import RequestKind

from .models import Location

CENTRAL_NAME = "Amt für Migration und Integration – Zentrale"
DEMO_NORTH_NAME = "Demo-Standort Nord (fiktiv)"
DEMO_NATURALISATION_NAME = "Demo-Standort Einbürgerung (fiktiv)"

_FICTIONAL_POSTCODE = "00000"
_FICTIONAL_TOWN = "Musterstadt"


def _locations() -> dict[str, dict]:
    office = settings.OFFICE
    return {
        CENTRAL_NAME: {
            "street": office["street"],
            "postcode": office["postcode"],
            "town": office["town"],
            "phone": office["phone"],
            "kinds": list(RequestKind.values),
            "postcode_prefixes": [],
            "active": True,
            "is_demo": False,
        },
        DEMO_NORTH_NAME: {
            "street": "Musterstraße 1",
            "postcode": _FICTIONAL_POSTCODE,
            "town": _FICTIONAL_TOWN,
            "phone": "",
            "kinds": [
                RequestKind.ISSUE.value,
                RequestKind.RENEWAL.value,
                RequestKind.CHANGE_OF_CONDITIONS.value,
            ],
            "postcode_prefixes": ["904", "9041"],
            "active": True,
            "is_demo": True,
        },
        # Limited to postcodes starting with 90 or 91: without a prefix it
        # would tie with the Zentrale, which has the lower id and would win.
        DEMO_NATURALISATION_NAME: {
            "street": "Musterweg 2",
            "postcode": _FICTIONAL_POSTCODE,
            "town": _FICTIONAL_TOWN,
            "phone": "",
            "kinds": [
                RequestKind.NATURALISATION.value,
                RequestKind.CITIZENSHIP_CERTIFICATE.value,
            ],
            "postcode_prefixes": ["90", "91"],
            "active": True,
            "is_demo": True,
        },
    }


def demo_locations_ensure() -> list[Location]:
    """Create or reset the three demo locations (by name); idempotent, one transaction."""
    with transaction.atomic():
        return [
            Location.objects.update_or_create(name=name, defaults=values)[0]
            for name, values in _locations().items()
        ]
