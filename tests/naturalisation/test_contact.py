"""The message to the naturalisation team (seed 003, "Kontakt") through HTTP, as rendered.

The form asks what the seed asks ("Vor- und Nachnamen, Geburtsdatum, Anschrift
und einer Telefonnummer"), says that status questions are not answered, stores
the message encrypted under a receipt number, shows only that number
afterwards, and limits how often one client may post it.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from naturalisation import contact
from naturalisation.models import ContactMessage
from portal import codes, encryption
from portal import forms as portal_forms
from portal.models import AuditEvent
from portal.site import tasks as site_tasks
from tests.journeys import CONTACT_ANSWERS, contact_message_send

pytestmark = pytest.mark.django_db

URL = "/einbuergerung/nachricht/"
SUMMARY = 'class="kern-alert kern-alert--danger error-summary"'
NO_STATUS_ANSWERS = "Fragen zum Bearbeitungsstand können aufgrund der Komplexität"


@pytest.fixture(autouse=True)
def _no_rate_limits_of_earlier_tests():
    cache.clear()
    yield
    cache.clear()


def required(name: str) -> str:
    return str(contact.ContactForm().fields[name].error_messages["required"])


def test_the_page_asks_what_the_seed_asks_and_says_status_questions_are_not_answered(client):
    response = client.get(URL, secure=True)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("given_names", "surname", "date_of_birth", "street", "postcode", "town"):
        assert f'name="{name}"' in html
    assert 'name="phone"' in html
    assert 'autocomplete="tel"' in html
    assert "<textarea" in html
    assert 'name="message"' in html
    assert escape(NO_STATUS_ANSWERS) in html
    assert "verschlüsselt übertragen" in html
    assert "<title>Nachricht an das Einbürgerungsteam" in html  # no error prefix


def test_the_form_and_the_receipt_are_in_english_too(client):
    client.post(reverse("set_language"), {"language": "en", "next": URL}, secure=True)
    html = client.get(URL, secure=True).content.decode()
    assert "Message to the naturalisation team" in html
    assert "we cannot answer questions about the processing status" in html
    assert "Given names" in html
    assert "Send the message" in html
    errors = contact_message_send(client, phone="").content.decode()
    assert "<title>Error: Message to the naturalisation team" in errors
    assert escape("Enter “Phone”.") in errors
    sent = client.get(contact_message_send(client)["Location"], secure=True).content.decode()
    assert "Your receipt number" in sent
    assert ContactMessage.objects.get().language == "en"


def test_the_quick_check_and_the_start_page_link_to_the_form(client):
    for page in (reverse("naturalisation:quick-check"), reverse("portal:start")):
        html = client.get(page, secure=True).content.decode()
        assert f'href="{URL}"' in html, page


def test_a_valid_message_is_stored_and_answered_with_a_receipt_number_only(client):
    response = contact_message_send(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("naturalisation:contact-sent")
    message = ContactMessage.objects.get()
    assert message.content == {**CONTACT_ANSWERS, "date_of_birth": "1990-03-14"}
    assert message.language == "de"
    assert codes.code_normalise(message.receipt_number) == message.receipt_number

    page = client.get(response["Location"], secure=True)
    html = page.content.decode()
    assert page.status_code == 200
    assert f'<strong class="reference">{message.receipt_number}</strong>' in html
    for value in CONTACT_ANSWERS.values():
        assert escape(value) not in html  # nothing of the message afterwards
    assert "Fragen zum Bearbeitungsstand können wir nicht beantworten." in html
    # The sending is audited without any value of the message.
    event = AuditEvent.objects.get(object_type="naturalisation.contactmessage")
    assert (event.action, event.object_id, event.detail) == ("create", str(message.pk), "contact")
    recorded = " ".join(
        str(getattr(event, name)) for name in ("actor_label", "object_id", "detail", "ip_hash")
    )
    for value in CONTACT_ANSWERS.values():
        assert value not in recorded


def test_the_confirmation_page_without_a_message_sent_goes_to_the_form(client):
    response = client.get(reverse("naturalisation:contact-sent"), secure=True)
    assert response.status_code == 302
    assert response["Location"] == URL


def test_each_message_gets_its_own_receipt_number(client):
    for _index in range(3):
        assert contact_message_send(client).status_code == 302
    numbers = set(ContactMessage.objects.values_list("receipt_number", flat=True))
    assert len(numbers) == 3


def _too_long() -> str:
    return str(portal_forms.TOO_LONG) % {"limit_value": 4000, "show_value": 4001}


BAD_INPUT = [
    ("given_names", "", lambda: required("given_names")),
    ("surname", "", lambda: required("surname")),
    ("date_of_birth", "", lambda: required("date_of_birth")),
    (
        "date_of_birth",
        "31.02.1990",
        lambda: "Den 31.02.1990 gibt es nicht: Februar 1990 hat 28 Tage. Prüfen Sie Tag und Monat.",
    ),
    ("date_of_birth", "01.01.2999", lambda: str(portal_forms.BIRTH_IMPLAUSIBLE)),
    ("street", "", lambda: required("street")),
    ("postcode", "", lambda: required("postcode")),
    ("postcode", "9040", lambda: str(portal_forms.POSTCODE_INVALID)),
    ("postcode", "904031", lambda: str(portal_forms.POSTCODE_INVALID)),
    ("town", "", lambda: required("town")),
    ("phone", "", lambda: required("phone")),
    ("phone", "call me", lambda: str(portal_forms.PHONE_INVALID)),
    ("message", "", lambda: required("message")),
    ("message", "x" * 4001, _too_long),
]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    BAD_INPUT,
    ids=[f"{field}-{value[:12] or 'empty'}" for field, value, _expected in BAD_INPUT],
)
def test_each_bad_input_is_named_in_the_summary_and_next_to_its_field(
    client, field, value, expected
):
    response = contact_message_send(client, **{field: value})
    assert response.status_code == 200
    html = response.content.decode()
    message = escape(expected())
    assert html.index(SUMMARY) < html.index("<h1")  # the summary at the top
    summary = html[html.index(SUMMARY) : html.index("<h1")]
    assert f'<a class="kern-link" href="#id_{field}">{message}</a>' in summary
    beside = re.search(rf'<p class="kern-error" id="id_{field}-error">(.*?)</p>', html, re.S)
    assert beside is not None
    assert message in beside.group(1)
    assert "<title>Fehler: Nachricht an das Einbürgerungsteam" in html
    assert not ContactMessage.objects.exists()
    # What was typed stays in the form (but the message is never lost on an error).
    if field != "message":
        assert escape(CONTACT_ANSWERS["message"]) in html


HOSTILE = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        ["", " ", "<script>alert(1)</script>", "\x00", "\u202e", "9" * 5000, "31.02.2026", "-1"]
    ),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    database=None,
)
@given(values=st.dictionaries(st.sampled_from(sorted(CONTACT_ANSWERS)), HOSTILE, min_size=1))
def test_hostile_input_is_refused_with_the_summary_or_stored_never_a_server_error(client, values):
    cache.clear()
    before = ContactMessage.objects.count()
    response = client.post(URL, values, secure=True)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        html = response.content.decode()
        assert SUMMARY in html
        assert "<script>alert(1)</script>" not in html
        assert ContactMessage.objects.count() == before
    else:
        assert ContactMessage.objects.count() == before + 1


def test_the_raw_column_holds_no_part_of_the_message(client):
    contact_message_send(client)
    message = ContactMessage.objects.get()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT content::text FROM naturalisation_contactmessage WHERE id = %s", [message.pk]
        )
        (raw,) = cursor.fetchone()
    assert encryption.SEALED_KEY in raw
    for value in (*CONTACT_ANSWERS.values(), "1990-03-14", "given_names", "message"):
        assert value not in raw


def test_too_many_posts_from_one_client_get_the_429_page_and_store_nothing(client):
    for _index in range(contact.RATE_LIMIT):
        assert contact_message_send(client, surname="").status_code == 200
    response = contact_message_send(client)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= contact.RATE_WINDOW_SECONDS
    html = response.content.decode()
    assert "Zu viele Versuche" in html
    assert f'href="{URL}"' in html
    assert not ContactMessage.objects.exists()
    # The page itself still opens (only posts count).
    assert client.get(URL, secure=True).status_code == 200


def test_the_rate_limit_window_ends_after_an_hour(client):
    for _index in range(contact.RATE_LIMIT):
        contact_message_send(client, surname="")
    assert contact_message_send(client).status_code == 429
    with time_machine.travel(timezone.now() + timedelta(seconds=3601)):
        assert contact_message_send(client).status_code == 302


# --- Retention ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age_days", "kept"),
    [(0, True), (729, True), (731, False)],
)
def test_messages_are_deleted_after_the_closed_request_period(client, settings, age_days, kept):
    """As long as a closed request (CLOSED_REQUEST_RETENTION_DAYS, 730), counted from receipt."""
    settings.CLOSED_REQUEST_RETENTION_DAYS = 730
    contact_message_send(client)
    with time_machine.travel(timezone.now() + timedelta(days=age_days), tick=False):
        site_tasks.anonymise_closed_requests()  # the daily job of closed requests
    assert ContactMessage.objects.exists() is kept


def test_the_retention_cutoff_is_the_period_before_now():
    now = timezone.now()
    assert contact.contact_messages_cutoff(now, 730) == now - timedelta(days=730)


def test_no_value_of_a_message_reaches_a_log_or_a_url(client, caplog):
    caplog.set_level(logging.DEBUG)
    canaries = {"surname": "Kanarienvogel", "message": "Kanariennachricht", "phone": "0911 471147"}
    response = contact_message_send(client, **canaries)
    assert response.status_code == 302
    client.get(response["Location"], secure=True)
    for value in canaries.values():
        assert value not in caplog.text
        assert value not in response["Location"]
