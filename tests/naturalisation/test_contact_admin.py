"""Messages to the naturalisation team in the admin, through HTTP: the team reads, nobody else.

The group "Einbürgerung" (naturalisation/migrations/0002_team.py) holds the one
permission to see them; caseworkers, team leads and print staff get a 403 and
do not find the model on the admin's index. Every opening of a message is an
audit event that names the message, never a value of it.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from naturalisation.models import ContactMessage
from portal.models import AuditEvent
from tests.factories import StaffFactory
from tests.journeys import CONTACT_ANSWERS, contact_message_send
from tests.staff import staff_client

pytestmark = pytest.mark.django_db

TEAM = "Einbürgerung"
OTHER_ROLES = ("Sachbearbeitung", "Teamleitung", "Poststelle")
LIST = reverse("admin:naturalisation_contactmessage_changelist")


@pytest.fixture
def message():
    cache.clear()
    assert contact_message_send(Client()).status_code == 302
    return ContactMessage.objects.get()


def change_url(message) -> str:
    return reverse("admin:naturalisation_contactmessage_change", args=[message.pk])


def views_of(message):
    return AuditEvent.objects.filter(
        action="view", object_type="naturalisation.contactmessage", object_id=str(message.pk)
    )


def test_only_the_naturalisation_team_holds_the_permission():
    holders = Group.objects.filter(permissions__codename="view_contactmessage")
    assert list(holders.values_list("name", flat=True)) == [TEAM]


def test_the_team_finds_the_message_in_the_list_without_reading_it(message):
    team = staff_client(StaffFactory(role=TEAM))
    index = team.get(reverse("admin:index"), secure=True).content.decode()
    assert LIST in index
    response = team.get(LIST, secure=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert message.receipt_number in html
    for value in CONTACT_ANSWERS.values():
        assert escape(value) not in html  # the list shows nothing of the message
    assert not views_of(message).exists()
    # The sender quotes the receipt number in any spelling.
    typed = message.receipt_number.lower().replace("-", " ")
    found = team.get(LIST, {"q": typed}, secure=True).content.decode()
    assert change_url(message) in found


def test_the_message_keeps_its_lines_and_is_escaped(client):
    cache.clear()
    contact_message_send(client, message="Erste Zeile <b>fett</b>\r\nZweite Zeile")
    team = staff_client(StaffFactory(role=TEAM))
    message = ContactMessage.objects.get()
    html = team.get(change_url(message), secure=True).content.decode()
    assert "Erste Zeile &lt;b&gt;fett&lt;/b&gt;<br>Zweite Zeile" in html


def test_the_team_reads_a_message_and_every_reading_is_audited_without_values(message):
    user = StaffFactory(role=TEAM)
    team = staff_client(user)
    response = team.get(change_url(message), secure=True)
    assert response.status_code == 200
    html = response.content.decode()
    for value in CONTACT_ANSWERS.values():  # the date of birth as typed: 14.03.1990
        assert escape(value) in html
    assert 'name="_save"' not in html  # read-only: nothing to change
    (event,) = views_of(message)
    assert (event.actor_id, event.detail) == (user.pk, "admin")
    team.get(change_url(message), secure=True)
    assert views_of(message).count() == 2  # every reading
    recorded = " ".join(
        f"{event.actor_label} {event.object_type} {event.object_id} {event.detail}"
        for event in AuditEvent.objects.all()
    )
    for value in CONTACT_ANSWERS.values():
        assert value not in recorded


def test_the_team_cannot_add_change_or_delete_messages(message):
    team = staff_client(StaffFactory(role=TEAM))
    add = reverse("admin:naturalisation_contactmessage_add")
    delete = reverse("admin:naturalisation_contactmessage_delete", args=[message.pk])
    assert team.get(add, secure=True).status_code == 403
    assert team.post(delete, {"post": "yes"}, secure=True).status_code == 403
    response = team.post(change_url(message), {"receipt_number": "X"}, secure=True)
    assert response.status_code == 403
    assert ContactMessage.objects.get().receipt_number == message.receipt_number


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_no_other_staff_role_sees_the_messages(message, role):
    other = staff_client(StaffFactory(role=role))
    index = other.get(reverse("admin:index"), secure=True).content.decode()
    assert LIST not in index
    assert other.get(LIST, secure=True).status_code == 403
    response = other.get(change_url(message), secure=True)
    assert response.status_code == 403
    assert CONTACT_ANSWERS["surname"] not in response.content.decode()
    assert not views_of(message).exists()


def test_applicants_and_anonymous_visitors_are_sent_to_the_staff_login(message, client):
    for url in (LIST, change_url(message)):
        response = client.get(url, secure=True)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
