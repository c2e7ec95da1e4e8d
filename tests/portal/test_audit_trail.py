"""The audit trail of case work: views, changes, letters, downloads; who/when/what, no values."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from applications import casework
from applications.models import Application, Upload
from portal.models import AuditEvent
from tests.applications.requests import member_of
from tests.journeys import step_answers, walk
from tests.staff import staff_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(client):
    from appointments.demo import demo_locations_ensure

    demo_locations_ensure()
    walk(client, "renewal", step_answers("renewal"), upload=True)
    return Application.objects.get()


def events(action: str, detail: str = "") -> list[AuditEvent]:
    found = AuditEvent.objects.filter(action=action)
    if detail:
        found = found.filter(detail=detail)
    return list(found)


def test_views_changes_letters_and_downloads_are_audited(filed, django_user_model):
    caseworker = member_of(django_user_model, "Sachbearbeitung", "cw")
    client = staff_client(caseworker)
    client.get(reverse("admin:applications_application_change", args=[filed.pk]))
    client.get(reverse("applications:upload-download", args=[Upload.objects.get().pk]))
    casework.application_transition(application_id=filed.pk, target="in_review", by=caseworker)
    casework.documents_request(application_id=filed.pk, by=caseworker)

    view = events("view", "admin")[0]
    assert (view.actor, view.object_type, view.object_id) == (
        caseworker,
        "applications.application",
        str(filed.pk),
    )
    assert events("download", "upload")
    assert events("change", "status:in_review")
    assert events("letter", "document_request")
    everything = " ".join(
        f"{e.actor_label} {e.object_type} {e.object_id} {e.detail}"
        for e in AuditEvent.objects.all()
    )
    for value in ("Yılmaz", "Ayşe", "U12345678", "AOK"):
        assert value not in everything


def test_a_denied_request_is_audited(filed, django_user_model):
    from appointments.models import Location, StaffLocations

    outsider = member_of(django_user_model, "Sachbearbeitung", "other")
    StaffLocations.objects.create(user=outsider).locations.add(
        Location.objects.exclude(pk=filed.location_id).first()
    )
    staff_client(outsider).get(reverse("admin:applications_application_change", args=[filed.pk]))
    assert events("denied", "admin")


def test_team_leads_read_the_audit_log_caseworkers_do_not(django_user_model):
    lead = member_of(django_user_model, "Teamleitung", "lead")
    caseworker = member_of(django_user_model, "Sachbearbeitung", "cw")
    url = reverse("admin:portal_auditevent_changelist")
    assert staff_client(lead).get(url).status_code == 200
    assert staff_client(caseworker).get(url).status_code == 403
    assert Group.objects.get(name="Teamleitung").permissions.filter(codename="view_auditevent")
