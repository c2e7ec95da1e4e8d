"""The guard the case-work buttons of the admin change page share.

Every button answers only POST, only for a request the user sees (else 404, as if
it did not exist), and without the permission it changes nothing: an error message
and back to the change page.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.translation import gettext

from applications.constants import Status
from tests.applications.requests import CHANGE, member_of
from tests.staff import staff_client

pytestmark = pytest.mark.django_db

# url name -> (POST data that would change something, message without the permission)
BUTTONS = {
    "admin:applications_application_status": (
        {"target": "in_review"},
        "You may not change the status.",
    ),
    "admin:applications_application_request_documents": (
        {"respond_by": "31.12.2099"},
        "You may not change the status.",
    ),
    "admin:applications_application_fiction_certificate": (
        {"effect": "title_continues", "valid_until": "31.12.2099"},
        "You may not issue certificates.",
    ),
    "admin:applications_application_add_document": (
        {"label": "Mietvertrag"},
        "You may not change this request.",
    ),
}


def _state(application):
    application.refresh_from_db()
    return (
        application.status,
        application.version,
        application.document_declarations.count(),
        application.document_requests.count(),
        application.fiction_certificates.count(),
    )


@pytest.mark.parametrize("name", BUTTONS)
def test_a_button_answers_only_post(filed, django_user_model, name):
    client = staff_client(member_of(django_user_model, "Sachbearbeitung", "cw"))
    response = client.get(reverse(name, args=[filed.pk]))
    assert response.status_code == 405
    assert response["Allow"] == "POST"


@pytest.mark.parametrize("name", BUTTONS)
def test_a_request_of_another_location_does_not_exist(filed, django_user_model, name):
    before = _state(filed)
    client = staff_client(member_of(django_user_model, "Sachbearbeitung", "other"))
    data, _denied = BUTTONS[name]
    assert client.post(reverse(name, args=[filed.pk]), data).status_code == 404
    assert _state(filed) == before


@pytest.mark.parametrize("name", BUTTONS)
def test_without_the_permission_nothing_changes(filed, django_user_model, name):
    viewer = member_of(django_user_model, None, "viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_application"))
    before = _state(filed)
    data, denied = BUTTONS[name]
    response = staff_client(viewer).post(reverse(name, args=[filed.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse(CHANGE, args=[filed.pk])
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == [gettext(denied)]
    assert _state(filed) == before
    assert filed.status == Status.SUBMITTED
