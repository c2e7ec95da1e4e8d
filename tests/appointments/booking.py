"""Helpers of the print-queue and cancel/reschedule tests: invited requests with known codes."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import Group
from django.utils import timezone
from pypdf import PdfReader

from appointments import letters
from appointments.models import Appointment, InvitationLetter
from portal.codes import reference_new
from tests.appointments.building import BERLIN, make_application

BIRTH = date(1990, 3, 14)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def invited(location, starts_at: datetime, *, desk: int = 1, **fields):
    """An "invited" request with a booked appointment and its (printed) invitation letter.

    Returns (application, appointment, code): the code is the personal code
    of the letter, whose digest the appointment keeps.
    """
    fields.setdefault("reference", reference_new())
    fields.setdefault("status", "invited")
    application = make_application(location, **fields)
    code = letters.appointment_code_new()
    appointment = Appointment.objects.create(
        application=application,
        location=location,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=30),
        desk=desk,
        code_digest=letters.appointment_code_digest(code),
    )
    InvitationLetter.objects.create(
        application=application,
        appointment=appointment,
        language=application.language,
        file="letters/invitations/printed-long-ago.pdf",
        printed_at=timezone.now(),
    )
    return application, appointment, code


def invitation_facts(application, appointment, code: str = "7Q4M-9TXC-2K8R-4"):
    """The facts of a real invitation letter for ``application`` (for rendering in tests)."""
    address = application.answers["address"]
    location = appointment.location
    return letters.InvitationFacts(
        reference=application.reference,
        given_names=application.given_names,
        surname=application.surname,
        street=address["street"],
        address_extra="",
        postcode=address["postcode"],
        town=address["town"],
        kind=application.kind,
        starts_at=appointment.starts_at,
        location_name=location.name,
        location_street=location.street,
        location_postcode=location.postcode,
        location_town=location.town,
        location_phone=location.phone,
        fee=application.fee_quote_total,
        must_bring_sponsor=False,
        language=application.language,
        code=code,
        today=timezone.localdate(),
    )


def waiting_letter(application, appointment, *, pdf: bytes | None = None, kind="confirmation"):
    """A letter waiting in the print queue, its PDF stored (rendered unless ``pdf`` is given)."""
    if pdf is None:
        pdf = letters.invitation_pdf(invitation_facts(application, appointment))
    name = letters.letter_store(pdf, now=timezone.now())
    return InvitationLetter.objects.create(
        application=application,
        appointment=appointment,
        kind=kind,
        language=application.language,
        file=name,
    )


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page, whitespace collapsed."""
    reader = PdfReader(io.BytesIO(content))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def print_staff(django_user_model, name: str = "poststelle"):
    user = django_user_model.objects.create_user(name, password="x" * 14, is_staff=True)
    # get_or_create: a transactional test before this one flushed the migration's groups.
    user.groups.add(Group.objects.get_or_create(name="Poststelle")[0])
    return user


def with_address(postcode: str, surname: str, **fields) -> dict:
    """Fields of make_application for a recipient in ``postcode``."""
    return {
        "surname": surname,
        "postcode": postcode,
        "answers": {
            "address": {"street": f"{surname}weg 1", "postcode": postcode, "town": "Nürnberg"},
            "personal": {"surname": surname, "given_names": "Ayşe"},
        },
        **fields,
    }
