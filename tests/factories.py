"""factory_boy factories: requests per kind and status, locations with opening hours, staff.

    ApplicationFactory()                         a submitted renewal at a new location
    ApplicationFactory(documents_complete=True)  every required item verified, status so
    ApplicationFactory(naturalisation=True)      a naturalisation request, its checklist
    LocationFactory(hours=[(0, time(8), time(12))])
    StaffFactory(role="Sachbearbeitung", locations=[location])

Requests made here are created directly (not filed through the wizard): for
service, admin and query tests. Journeys are tested through the wizard.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from factory.django import DjangoModelFactory

from applications import kinds
from applications.constants import DocumentState, RequestKind, Status
from applications.models import Application, DocumentDeclaration
from appointments.models import OpeningHours
from locations.models import Location, StaffLocations
from portal.codes import reference_new
from tests.roles import ensure_roles

RENEWAL_CHECKLIST = (
    ("passport", "gültiger Pass"),
    ("current_title", "Ihre jetzige Aufenthaltserlaubnis mit Zusatzblatt"),
    ("biometric_photo", "aktuelles biometrisches Lichtbild (Frontalaufnahme)"),
    ("livelihood", "Nachweis über gesicherten Lebensunterhalt"),
)


def answers_of(surname: str, given_names: str) -> dict:
    """Stored answers (as the step forms store them) of a plain renewal."""
    return {
        "personal": {
            "surname": surname,
            "given_names": given_names,
            "sex": "female",
            "date_of_birth": "1990-03-14",
            "place_of_birth": "Izmir",
            "country_of_birth": "TR",
        },
        "nationality": {"nationality": "TR"},
        "address": {"street": "Äußere Laufer Gasse 1", "postcode": "90403", "town": "Nürnberg"},
        "passport": {"passport_kind": "own", "passport_number": "U12345678"},
        "purpose_group": {"purpose_group": "employment"},
        "purpose_detail": {
            "purpose": "employment.skilled_worker",
            "institution": "Muster GmbH, Nürnberg",
        },
    }


class LocationFactory(DjangoModelFactory):
    class Meta:
        model = Location
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Standort {n} (fiktiv)")
    street = "Musterstraße 1"
    postcode = "00000"
    town = "Musterstadt"
    phone = "0911 000000"
    kinds = factory.LazyFunction(lambda: list(RequestKind.values))
    is_demo = True

    @factory.post_generation
    def hours(self, create, extracted, **kwargs):
        """Opening hours (weekday, opens, closes[, desks]); default Monday to Friday 8–12."""
        if not create:
            return
        rows = extracted if extracted is not None else [(d, time(8), time(12)) for d in range(5)]
        OpeningHours.objects.bulk_create(
            OpeningHours(
                location=self,
                weekday=row[0],
                opens=row[1],
                closes=row[2],
                desks=row[3] if len(row) > 3 else 1,
            )
            for row in rows
        )


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    class Params:
        # Statuses
        in_review = factory.Trait(status=Status.IN_REVIEW)
        documents_requested = factory.Trait(status=Status.DOCUMENTS_REQUESTED)
        documents_complete = factory.Trait(status=Status.DOCUMENTS_COMPLETE, checklist="verified")
        # Kinds (the checklist follows the kind, from the registry); the fee is what
        # fees.quote() gives for these answers (None: set by the office).
        issue = factory.Trait(
            kind=RequestKind.ISSUE,
            current_title_valid_until=None,
            fee_quote_total=None,
        )
        change_of_conditions = factory.Trait(
            kind=RequestKind.CHANGE_OF_CONDITIONS, fee_quote_total=None
        )
        family_reunification = factory.Trait(
            kind=RequestKind.FAMILY_REUNIFICATION,
            current_title_valid_until=None,
            fee_quote_total=None,
        )
        blocked_account_release = factory.Trait(
            kind=RequestKind.BLOCKED_ACCOUNT_RELEASE, fee_quote_total=None
        )
        naturalisation = factory.Trait(
            kind=RequestKind.NATURALISATION, fee_quote_total=Decimal("255.00")
        )

    reference = factory.LazyFunction(reference_new)
    kind = RequestKind.RENEWAL
    status = Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    language = "de"
    surname = "Yılmaz"
    given_names = "Ayşe"
    date_of_birth = date(1990, 3, 14)
    nationality = "TR"
    passport_number = "U12345678"
    postcode = "90403"
    location = factory.SubFactory(LocationFactory)
    current_title_valid_until = factory.LazyFunction(
        lambda: timezone.localdate() + timedelta(days=30)
    )
    answers = factory.LazyAttribute(lambda o: answers_of(o.surname, o.given_names))
    filed_on_time = True
    deadline_effect = "title_continues"
    fee_quote_total = Decimal("93.00")

    @factory.post_generation
    def checklist(self, create, extracted, **kwargs):
        """The kind's checklist; ``checklist="verified"`` verifies every item.

        A renewal gets a short fixed list (the desk tests count its items); every
        other kind the list its registry entry gives for the answers.
        """
        if not create:
            return
        state = DocumentState.VERIFIED if extracted == "verified" else DocumentState.LATER
        if self.kind == RequestKind.RENEWAL:
            items = RENEWAL_CHECKLIST
        else:
            documents = kinds.get(self.kind).documents(kinds.stored(self.answers))
            items = [(document.code, str(document.label)) for document in documents]
        DocumentDeclaration.objects.bulk_create(
            DocumentDeclaration(application=self, requirement=code, label=label, state=state)
            for code, label in items
        )


class StaffFactory(DjangoModelFactory):
    """A staff member in a role (group), working for ``locations``."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "Ein-langes-Passwort-2026")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            ensure_roles()
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()

    @factory.post_generation
    def locations(self, create, extracted, **kwargs):
        if create and extracted:
            StaffLocations.objects.create(user=self).locations.add(*extracted)
