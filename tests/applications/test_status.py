"""The status page: where a request stands, opened with the details of the receipt (issue 20)."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pdfplumber
import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import capfirst

from applications import casework, progress, status
from applications.constants import Status
from applications.models import Application
from appointments import reschedule
from portal import codes as codes_module
from portal.models import AuditEvent
from tests.applications.requests import member_of
from tests.appointments.booking import invited
from tests.appointments.building import make_application, make_location
from tests.journeys import family_answers, member, step_answers, walk
from tests.rendered_forms import rendered_form

pytestmark = pytest.mark.django_db

BIRTH = "14.03.1990"  # tests/applications/journey.py and tests/appointments/conftest.py
CODE_PATTERN = re.compile(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]")


@pytest.fixture(autouse=True)
def _clear():
    cache.clear()  # rate limits of earlier tests


# --- The stages (pure) --------------------------------------------------------------------

STAGES = {
    "submitted: received": (Status.SUBMITTED, False, progress.Stage.RECEIVED),
    "in review: received": (Status.IN_REVIEW, False, progress.Stage.RECEIVED),
    "documents requested": (Status.DOCUMENTS_REQUESTED, False, progress.Stage.DOCUMENTS_REQUESTED),
    "documents complete": (Status.DOCUMENTS_COMPLETE, False, progress.Stage.DOCUMENTS_COMPLETE),
    "complete after the applicant cancelled": (
        Status.DOCUMENTS_COMPLETE,
        True,
        progress.Stage.APPOINTMENT_CANCELLED,
    ),
    "invited": (Status.INVITED, False, progress.Stage.INVITED),
    "appointment held": (Status.APPOINTMENT_HELD, False, progress.Stage.APPOINTMENT_HELD),
    "granted: decided": (Status.GRANTED, False, progress.Stage.DECIDED),
    "refused: decided, the word itself comes by letter": (
        Status.REFUSED,
        False,
        progress.Stage.DECIDED,
    ),
    "withdrawn": (Status.WITHDRAWN, False, progress.Stage.WITHDRAWN),
}


@pytest.mark.parametrize(("current", "cancelled", "stage"), STAGES.values(), ids=list(STAGES))
def test_the_stage_of_each_status(current, cancelled, stage):
    assert progress.stage_of(current, cancelled_by_applicant=cancelled) == stage


def test_every_status_has_a_stage():
    for value in Status:
        assert progress.stage_of(value) in progress.Stage
    with pytest.raises(ValueError, match="Unknown status"):
        progress.stage_of("lost")


STEPS = {
    "received: the first step now": (
        progress.Stage.DOCUMENTS_REQUESTED,
        ["current", "open", "open", "open", "open"],
    ),
    "cancelled: waiting for an appointment again": (
        progress.Stage.APPOINTMENT_CANCELLED,
        ["done", "current", "open", "open", "open"],
    ),
    "invited": (progress.Stage.INVITED, ["done", "done", "current", "open", "open"]),
    "decided: all done": (progress.Stage.DECIDED, ["done", "done", "done", "done", "current"]),
    "withdrawn: no steps": (progress.Stage.WITHDRAWN, []),
}


@pytest.mark.parametrize(("stage", "states"), STEPS.values(), ids=list(STEPS))
def test_the_steps_shown_for_a_stage(stage, states):
    assert [state for _step, state in progress.steps_with_state(stage)] == states


# --- The code ---------------------------------------------------------------------------


def test_the_code_has_the_form_of_the_other_codes_and_its_own_digest():
    from appointments.letters import appointment_code_digest
    from portal import codes

    code = status.status_code_new()
    assert codes_module.code_normalise(code) == code
    assert codes_module.code_normalise(code.lower().replace("-", " ")) == code
    digest = status.status_code_digest(code)
    assert len(digest) == 64
    assert code not in digest
    # Its own salt: a status code opens nothing else, and no other code opens the status.
    assert digest not in (appointment_code_digest(code), codes.digest(code, purpose="resume"))


def filed_with_code(client) -> tuple[Application, str, object]:
    """File a renewal; returns the request, the code the confirmation page showed, the page."""
    from appointments.demo import demo_locations_ensure

    demo_locations_ensure()
    response = walk(client, "renewal", step_answers("renewal"))
    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    found = re.search(r'class="status-code">([0-9A-Z-]+)<', text)
    assert found, "the confirmation page shows no status code"
    return Application.objects.get(), found.group(1), page


def test_filing_shows_the_code_once_prints_it_and_stores_only_its_digest(client):
    application, code, _page = filed_with_code(client)
    assert CODE_PATTERN.fullmatch(code)
    assert application.status_code_digest == status.status_code_digest(code)

    # Once: the next load of the confirmation page no longer shows it.
    again = client.get(reverse("applications:confirmation", args=[application.reference]))
    assert code not in again.content.decode()
    assert "Ihr Code für den Bearbeitungsstand steht auf Ihrer Eingangsbestätigung" in (
        again.content.decode()
    )

    # On the receipt, with the page's address.
    receipt = client.get(reverse("applications:receipt", args=[application.reference]))
    with pdfplumber.open(io.BytesIO(b"".join(receipt.streaming_content))) as pdf:
        text = " ".join(page.extract_text() for page in pdf.pages).replace("\n", " ")
    assert code in text
    assert "portal.example.org/status/" in text

    # Nowhere in the database in the clear: not in the request's row, not in any session.
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM applications_application")
        assert code not in repr(cursor.fetchall())
        cursor.execute("SELECT session_data FROM django_session")
        sessions = [row[0] for row in cursor.fetchall()]
    from django.contrib.sessions.backends.db import SessionStore

    for data in sessions:
        assert code not in repr(SessionStore().decode(data))
    # The cookie that brought it was encrypted, and is gone.
    assert code not in str(client.cookies)
    assert client.cookies.get(status.codes_cookie_name()).value == ""


def open_status(client, application, code, *, birth=BIRTH):
    page = client.get(reverse("applications:status"))
    form = rendered_form(page, form_id="status-form")
    form["reference"] = application.reference
    form["date_of_birth"] = birth
    form["code"] = code
    return client.post(reverse("applications:status"), form.data())


def test_the_details_from_the_receipt_open_the_status_for_this_session(client):
    application, code, _page = filed_with_code(client)
    applicant = Client()
    response = open_status(applicant, application, code.lower().replace("-", " "))
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:status-overview")
    page = applicant.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "Wir haben Ihren Antrag erhalten" in text
    assert application.reference in text
    assert "Verlängerung" in text
    # Nothing of the answers: no name, no passport number.
    assert application.surname not in text
    assert application.passport_number not in text
    # Another browser sees nothing.
    assert Client().get(reverse("applications:status-overview")).status_code == 302
    opened = AuditEvent.objects.filter(detail="status:opened", object_id=str(application.pk))
    assert opened.count() == 1
    assert AuditEvent.objects.filter(detail="status", object_id=str(application.pk)).count() == 1


def wrong_inputs(application, code, other):
    return {
        "wrong code": {"code": status.status_code_new()},
        "wrong date of birth": {"date_of_birth": "15.03.1990"},
        "wrong reference": {"reference": codes_module.reference_new()},
        "another request's code": {"code": other},
        "a code with a wrong check symbol": {"code": code[:-1] + ("0" if code[-1] != "0" else "1")},
        "the reference as the code": {"code": application.reference},
    }


def test_every_wrong_input_gets_the_same_answer(client):
    application, code, _page = filed_with_code(client)
    other_client = Client()
    walk(other_client, "renewal", step_answers("renewal"))
    other = Application.objects.exclude(pk=application.pk).get()
    other_code = status.status_code_new()
    Application.objects.filter(pk=other.pk).update(
        status_code_digest=status.status_code_digest(other_code)
    )
    answers = set()
    for what, change in wrong_inputs(application, code, other_code).items():
        data = {"reference": application.reference, "date_of_birth": BIRTH, "code": code, **change}
        response = Client().post(reverse("applications:status"), data)
        assert response.status_code == 200, what
        body = response.content.decode()
        message = re.search(r'id="form-errors".*?<span class="kern-body">(.*?)</span>', body, re.S)
        assert message, what
        answers.add(message.group(1))
    assert answers == {str(status.NOT_FOUND)}
    assert AuditEvent.objects.filter(action="denied", detail="status:not_found").count() == 6


def test_a_request_from_before_the_status_page_has_no_code_and_cannot_be_opened(client):
    application, code, _page = filed_with_code(client)
    Application.objects.filter(pk=application.pk).update(status_code_digest="")
    response = open_status(Client(), application, code)
    assert response.status_code == 200
    assert str(status.NOT_FOUND) in response.content.decode()


def test_missing_fields_are_named_next_to_the_field():
    response = Client().post(reverse("applications:status"), {"reference": "", "code": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('class="kern-error"') >= 3
    assert "<title>Fehler:" in body


def test_the_status_page_is_rate_limited_like_termin(client):
    application, code, _page = filed_with_code(client)
    guesser = Client()
    data = {"reference": application.reference, "date_of_birth": BIRTH, "code": "AAAA-AAAA-AAAA-A"}
    for _attempt in range(status.RATE_LIMIT):
        assert guesser.post(reverse("applications:status"), data).status_code == 200
    refused = guesser.post(reverse("applications:status"), {**data, "code": code})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) <= status.RATE_WINDOW_SECONDS


def test_the_grant_ends_after_30_minutes_and_can_be_extended(client):
    application, code, _page = filed_with_code(client)
    applicant = Client()
    assert open_status(applicant, application, code).status_code == 302
    extended = applicant.post(reverse("applications:status-extend"))
    assert extended.json() == {"seconds": 1800}
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        response = applicant.get(reverse("applications:status-overview"))
        assert response.status_code == 302
        assert response["Location"] == reverse("applications:status")
        page = applicant.get(response["Location"])
        assert "nur 30 Minuten" in page.content.decode()
        assert applicant.post(reverse("applications:status-extend")).json() == {"seconds": 0}


# --- What each stage says ------------------------------------------------------------------


def granted_client(application) -> Client:
    """A browser that opened the request's status (with a valid reference and a known code)."""
    code = status.status_code_new()
    if codes_module.code_normalise(application.reference) is None:
        application.reference = codes_module.reference_new()
    Application.objects.filter(pk=application.pk).update(
        reference=application.reference, status_code_digest=status.status_code_digest(code)
    )
    client = Client()
    assert open_status(client, application, code).status_code == 302
    return client


def overview(client) -> str:
    response = client.get(reverse("applications:status-overview"))
    assert response.status_code == 200
    return response.content.decode()


def test_documents_requested_lists_them_with_the_reason_and_the_hand_in(client, django_user_model):
    application, _code, _page = filed_with_code(client)
    caseworker = member_of(django_user_model, "Sachbearbeitung", "cw")
    caseworker.first_name, caseworker.last_name = "Erika", "Bearbeiterin"
    caseworker.save()
    items = list(application.document_declarations.all())
    casework.document_review(
        application_id=application.pk,
        declaration_id=items[0].pk,
        state="rejected",
        reason="Das Foto ist nicht biometrisch.",
        by=caseworker,
    )
    request = casework.documents_request(application_id=application.pk, by=caseworker)
    text = overview(granted_client(application))
    assert "Wir brauchen noch Unterlagen von Ihnen" in text
    for item in items:
        assert escape(capfirst(item.label)) in text
    assert "Das Foto ist nicht biometrisch." in text
    assert reverse("applications:hand-in") in text
    assert request.respond_by.strftime("%Y") in text
    assert "Erika" not in text
    assert "Bearbeiterin" not in text


def test_documents_complete_asks_for_patience(client):
    location = make_location()
    application = make_application(location, status=Status.DOCUMENTS_COMPLETE)
    text = overview(granted_client(application))
    assert "Ihre Unterlagen sind vollständig" in text
    assert "kann eine Weile dauern" in text


def test_invited_shows_the_appointment_and_how_to_move_or_cancel_it():
    location = make_location()
    starts_at = timezone.localtime(timezone.now() + timedelta(days=10)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    application, _appointment, _code = invited(location, starts_at, must_bring_sponsor=True)
    text = overview(granted_client(application))
    assert "Wir haben Sie zu einem Termin eingeladen" in text
    assert "09:30" in text
    assert location.name in text
    assert location.street in text
    assert reverse("appointments:change") in text
    assert "Person, auf der Ihr Aufenthaltsrecht beruht" in text


def test_after_an_online_cancellation_it_says_how_to_book_again():
    location = make_location()
    starts_at = timezone.now() + timedelta(days=10)
    application, appointment, _code = invited(location, starts_at)
    reschedule.appointment_cancel(application_id=application.pk, appointment_id=appointment.pk)
    text = overview(granted_client(application))
    assert "Sie haben Ihren Termin abgesagt" in text
    assert reverse("appointments:change") in text


@pytest.mark.parametrize(
    ("current", "heading"),
    [
        (Status.APPOINTMENT_HELD, "Ihr Termin hat stattgefunden"),
        (Status.GRANTED, "Wir haben über Ihren Antrag entschieden"),
        (Status.REFUSED, "Wir haben über Ihren Antrag entschieden"),
        (Status.WITHDRAWN, "Ihr Antrag wurde zurückgenommen"),
    ],
)
def test_the_later_stages(current, heading):
    location = make_location()
    application = make_application(
        location, status=current, status_changed_at=timezone.now() - timedelta(days=1)
    )
    text = overview(granted_client(application))
    assert heading in text
    # The outcome itself comes by letter: the page never says granted or refused.
    for word in ("bewilligt", "abgelehnt", "erteilt"):
        assert word not in text.lower()


def test_in_english_too(client):
    location = make_location()
    application = make_application(location, status=Status.DOCUMENTS_COMPLETE)
    applicant = granted_client(application)
    applicant.cookies["portal_language"] = "en"
    text = overview(applicant)
    assert "Your documents are complete" in text
    assert "can take a while" in text


def test_today_is_used_for_the_birth_date_field():
    # The date field refuses a birth date in the future with its own message, not NOT_FOUND.
    future = (date.today() + timedelta(days=2)).strftime("%d.%m.%Y")
    response = Client().post(
        reverse("applications:status"),
        {"reference": "ABCD-EFGH-J", "date_of_birth": future, "code": "AAAA"},
    )
    assert str(status.NOT_FOUND) not in response.content.decode()


def test_each_person_of_a_family_filing_gets_their_own_code(client):
    answers = family_answers(
        "renewal", member("child", "Can", "01.06.2015"), member("child", "Deniz", "15.09.2018")
    )
    response = walk(client, "renewal", answers)
    page = client.get(response["Location"]).content.decode()
    codes = re.findall(r'class="status-code">([0-9A-Z-]+)<', page)
    requests = list(Application.objects.order_by("pk"))
    assert len(codes) == len(requests) == 3
    assert len(set(codes)) == 3
    for application, code in zip(requests, codes, strict=True):
        assert application.status_code_digest == status.status_code_digest(code)
    assert "Code für den Bearbeitungsstand von Can:" in page
    # The child's code opens the child's request, with the child's birth date only.
    child, child_code = requests[1], codes[1]
    assert open_status(Client(), child, child_code, birth="01.06.2015").status_code == 302
    assert open_status(Client(), child, child_code).status_code == 200


def test_the_code_cookie_is_encrypted_short_lived_and_sent_to_the_confirmation_only(settings):
    from django.http import HttpResponse
    from django.test import RequestFactory

    settings.SESSION_COOKIE_SECURE = True
    response = HttpResponse()
    status.codes_cookie_set(response, {"ABCD-EFGH-J": "7Q4M-9TXC-2K8R-4"})
    cookie = response.cookies["__Secure-status-codes"]
    assert cookie["path"] == "/antrag/"
    assert cookie["secure"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Strict"
    assert int(cookie["max-age"]) == status.CODES_COOKIE_SECONDS
    assert "7Q4M" not in cookie.value
    request = RequestFactory().get("/antrag/ABCD-EFGH-J/")
    request.COOKIES["__Secure-status-codes"] = cookie.value
    assert status.codes_cookie_take(request, ["ABCD-EFGH-J"]) == {"ABCD-EFGH-J": "7Q4M-9TXC-2K8R-4"}
    assert status.codes_cookie_take(request, ["OTHER-REF"]) == {}
    with time_machine.travel(timezone.now() + timedelta(seconds=status.CODES_COOKIE_SECONDS + 5)):
        assert status.codes_cookie_take(request, ["ABCD-EFGH-J"]) == {}
    request.COOKIES["__Secure-status-codes"] = "forged"
    assert status.codes_cookie_take(request, ["ABCD-EFGH-J"]) == {}
