"""factory_boy factories: requests per kind and status, locations with opening hours, staff.

    ApplicationFactory()                         a submitted renewal at a new location
    ApplicationFactory(documents_complete=True)  every required item verified, status so
    ApplicationFactory(naturalisation=True)      a naturalisation request, its checklist
    LocationFactory(hours=[(0, time(8), time(12))])
    StaffFactory(role="Sachbearbeitung", locations=[location])
    DraftFactory()                                a renewal draft answered to the check page
    DraftFactory(kind="issue", at_step="entry")   answered up to (not including) "entry"
    draft_open(client, draft)                     the client's session goes on with it

Requests made here are created directly (not filed through the wizard): for
service, admin and query tests. Journeys are tested through the wizard; a
draft is answered through the journey's own view, in process (see DraftFactory).
"""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal
from importlib import import_module

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.urls import resolve
from django.utils import timezone
from factory.django import DjangoModelFactory

from applications import kinds
from applications.constants import DocumentState, RequestKind, Status
from applications.models import Application, DocumentDeclaration
from appointments.models import Appointment, AppointmentStatus, OpeningHours
from locations.models import Location, StaffLocations
from portal import codes, drafts
from portal.codes import reference_new
from portal.models import Draft
from tests.journeys import JOURNEYS, step_answers, step_url
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


# --- Drafts at a given step -------------------------------------------------------------

KIND_OF_JOURNEY = {journey.journey: kind for kind, journey in JOURNEYS.items()}


class DraftFactory(DjangoModelFactory):
    """A wizard draft whose steps are answered up to ``at_step`` (default: the check page).

    ``at_step__answers`` replaces the answers of tests/journeys.py's ``step_answers(kind)``.
    The steps are answered in process: each step's POST goes to the journey's own
    view as the wizard would receive it (a RequestFactory request: no middleware, no
    page rendered), so the draft holds exactly what the wizard stores (raw data,
    validated answers, what each form read) at a fraction of an HTTP walk's cost.
    An answer the step refuses stops the factory with the step's errors.
    """

    class Meta:
        model = Draft
        skip_postgeneration_save = True

    class Params:
        kind = "renewal"

    journey = factory.LazyAttribute(lambda o: JOURNEYS[o.kind].journey)
    resume_code_digest = factory.LazyFunction(
        lambda: codes.digest(codes.resume_code_new(), purpose="resume")
    )
    language = "de"

    @factory.post_generation
    def at_step(self, create, extracted, answers=None, **kwargs):
        if create:
            kind = KIND_OF_JOURNEY[self.journey]
            draft_answer_steps(self, kind, answers or step_answers(kind), until=extracted)
            self.refresh_from_db()


def _wizard_request(draft: Draft, path: str, data: dict | None = None):
    requests = RequestFactory()
    request = requests.get(path) if data is None else requests.post(path, data)
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    request.session[drafts.SESSION_DRAFTS] = {draft.journey: str(draft.id)}
    request.user = draft.owner or AnonymousUser()
    request._messages = FallbackStorage(request)
    request._dont_enforce_csrf_checks = True  # as the test client does
    return request


def _wizard(draft: Draft, path: str, data: dict | None = None):
    match = resolve(path)
    return match.func(_wizard_request(draft, path, data), *match.args, **match.kwargs)


def draft_answer_steps(draft: Draft, kind: str, answers: dict, *, until: str | None = None):
    """Answer the steps of ``draft`` in the order the wizard asks, stopping before ``until``."""
    until = until or "check"
    prefix = JOURNEYS[kind].journey
    response = _wizard(draft, step_url(kind, until))
    while response.status_code == 302:
        path = response["Location"]
        step = path.rstrip("/").split("/")[-1]
        if step == until:
            return
        if step == "declaration" or (step not in answers and step != "documents"):
            raise AssertionError(f"these answers do not lead to the step {until!r}")
        data = {f"{prefix}-current_step": step}
        if step == "documents":
            page = _wizard(draft, path)
            for requirement in page.context_data["form"].requirements:
                data[f"documents-later_{requirement.code}"] = "on"
        else:
            data.update({f"{step}-{key}": value for key, value in answers[step].items()})
        response = _wizard(draft, path, data)
        if response.status_code == 200:
            errors = response.context_data["form"].errors
            raise AssertionError(f"step {step!r} refused the answers: {errors}")
    # 200: ``until`` itself opened, every step before it is answered.
    assert response.status_code == 200, response.status_code


def draft_open(client, draft: Draft) -> None:
    """The test client's session goes on with ``draft`` (as after "start" or resuming)."""
    session = client.session
    session[drafts.SESSION_DRAFTS] = {
        **session.get(drafts.SESSION_DRAFTS, {}),
        draft.journey: str(draft.id),
    }
    session.save()


def appointment_for(application, *, status=AppointmentStatus.BOOKED, in_days: int = 9, **fields):
    """A 30-minute appointment of ``application`` at its location, ``in_days`` from now."""
    starts = timezone.now() + timedelta(days=in_days)
    return Appointment.objects.create(
        application=application,
        location=application.location,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=30),
        desk=1,
        code_digest="y" * 64,
        status=status,
        **fields,
    )
