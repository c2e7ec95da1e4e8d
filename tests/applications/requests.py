"""Staff users by role, the request's admin page, and the code of a documents-request letter."""

from __future__ import annotations

import io

import pdfplumber
from django.contrib.auth.models import Group

from applications import casework

CHANGE = "admin:applications_application_change"


def member_of(django_user_model, group: str | None, name: str, *, everywhere: bool = True):
    """A staff member in ``group``, by default assigned to every location."""
    from appointments.models import Location, StaffLocations

    user = django_user_model.objects.create_user(name, password="a-long-password-1", is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    if everywhere and name not in ("mine", "other"):
        StaffLocations.objects.create(user=user).locations.add(*Location.objects.all())
    return user


def letter_text(field) -> str:
    with field.open("rb") as handle, pdfplumber.open(io.BytesIO(handle.read())) as pdf:
        return "\n".join(page.extract_text() for page in pdf.pages)


def request_code(filed, django_user_model):
    """Issue the letter and read the code from it, as the applicant would."""
    caseworker = member_of(django_user_model, "Sachbearbeitung", "cw")
    request = casework.documents_request(application_id=filed.pk, by=caseworker)
    text = letter_text(request.letter)
    code = text.split("Code")[1].split()[0]
    return request, code, text
