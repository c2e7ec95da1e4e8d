"""Locations, requests and letters for the appointment tests, built directly in the database."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils import timezone

from appointments import letters

BERLIN = ZoneInfo("Europe/Berlin")


# A Friday before Corpus Christi (Thursday 4 June 2026): five working days
# later is Monday 8 June (1, 2, 3, 5, 8 June).
FRIDAY_BEFORE_CORPUS_CHRISTI = datetime(2026, 5, 29, 10, 0, tzinfo=BERLIN)


FIRST_DAY = date(2026, 6, 8)


_references = itertools.count(1)


def letter_files(root: Path) -> list[Path]:
    """Every file under letters/ (hidden temporary files included)."""
    folder = root / "letters"
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


def make_location(name: str = "Standort Test (fiktiv)", *, hours=None, desks: int = 1):
    """A location with opening hours: by default Monday to Friday, 8:00-12:00."""
    from appointments.models import Location, OpeningHours

    location = Location.objects.create(
        name=name,
        street="Musterstraße 1",
        postcode="00000",
        town="Musterstadt",
        phone="0911 000000",
        kinds=["renewal", "issue", "family_reunification"],
        is_demo=True,
    )
    if hours is None:
        hours = [(d, time(8), time(12)) for d in range(5)]
    for weekday, opens, closes in hours:
        OpeningHours.objects.create(
            location=location, weekday=weekday, opens=opens, closes=closes, desks=desks
        )
    return location


def make_application(location, **fields):
    """A request in "documents complete" at ``location`` (created directly, not filed)."""
    from applications.models import Application

    number = next(_references)
    values = {
        "reference": f"TEST-{number:04d}-X",
        "kind": "renewal",
        "status": "documents_complete",
        "submitted_at": timezone.now(),
        "language": "de",
        "surname": "Yılmaz",
        "given_names": "Ayşe",
        "date_of_birth": date(1990, 3, 14),
        "nationality": "TR",
        "passport_number": "U12345678",
        "postcode": "90403",
        "location": location,
        "answers": {
            "address": {
                "street": "Äußere Laufer Gasse 1",
                "postcode": "90403",
                "town": "Nürnberg",
            },
            "personal": {"surname": "Yılmaz", "given_names": "Ayşe"},
        },
        "deadline_effect": "title_continues",
        "fee_quote_total": Decimal("93.00"),
    }
    values.update(fields)
    return Application.objects.create(**values)


def stored(name: str) -> bytes:
    """A stored file's content, decrypted by the storage (portal/storage.py)."""
    from django.core.files.storage import default_storage

    with default_storage.open(name) as handle:
        return handle.read()


FACTS = letters.InvitationFacts(
    reference="ABCD-EFGH-J",
    given_names="Ayşe",
    surname="Yılmaz",
    street="Äußere Laufer Gasse 1",
    address_extra="",
    postcode="90403",
    town="Nürnberg",
    kind="renewal",
    starts_at=datetime(2026, 6, 8, 9, 30, tzinfo=BERLIN),
    location_name="Demo-Standort Nord (fiktiv)",
    location_street="Musterstraße 1",
    location_postcode="00000",
    location_town="Musterstadt",
    location_phone="",
    fee=Decimal("1093.00"),
    must_bring_sponsor=False,
    language="de",
    code="7Q4M-9TXC-2K8R-4",
    today=date(2026, 5, 29),
)
