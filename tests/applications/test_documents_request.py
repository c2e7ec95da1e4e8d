"""Requesting missing documents by letter, handing them in online, the fiction certificate."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications import casework
from applications.constants import DocumentState, Status
from applications.models import Application, Upload
from tests.applications.requests import letter_text, member_of, request_code
from tests.journeys import step_answers, walk
from tests.sample_files import tiny_pdf
from tests.staff import staff_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear():
    cache.clear()


@pytest.fixture
def filed(client):
    from appointments.demo import demo_locations_ensure

    demo_locations_ensure()
    walk(client, "renewal", step_answers("renewal"))
    return Application.objects.get()


def test_the_letter_lists_what_is_missing_and_how_to_hand_it_in(filed, django_user_model):
    request, code, text = request_code(filed, django_user_model)
    filed.refresh_from_db()
    assert filed.status == Status.DOCUMENTS_REQUESTED
    assert filed.reference in text
    assert "14.03.1990" in text
    assert "/unterlagen-nachreichen/" in text.replace("\n", "")
    for item in request.items:
        assert item["label"][:20] in text.replace("\n", " ")
    assert len(code) == 11


def test_handing_in_with_the_code_then_the_caseworker_can_verify(filed, django_user_model):
    _request, code, _text = request_code(filed, django_user_model)
    applicant = Client()
    response = applicant.post(
        reverse("applications:hand-in"),
        {"reference": filed.reference.lower(), "date_of_birth": "14.03.1990", "code": code},
    )
    assert response["Location"] == reverse("applications:hand-in-files")
    page = applicant.get(reverse("applications:hand-in-files"))
    passport = filed.document_declarations.get(requirement="passport")
    pdf = io.BytesIO(tiny_pdf())
    pdf.name = "pass.pdf"
    applicant.post(reverse("applications:hand-in-files"), {f"file_{passport.pk}": pdf})
    passport.refresh_from_db()
    assert passport.state == DocumentState.UPLOADED
    assert Upload.objects.get().application == filed
    assert page.status_code == 200


@pytest.mark.parametrize(
    "wrong",
    [
        {"date_of_birth": "15.03.1990"},
        {"code": "AAAA-AAAA-A"},
        {"reference": "ZZZZ-ZZZZ-Z"},
        {"code": "nonsense"},
    ],
)
def test_every_wrong_input_gets_the_same_answer(filed, django_user_model, wrong):
    _request, code, _text = request_code(filed, django_user_model)
    data = {"reference": filed.reference, "date_of_birth": "14.03.1990", "code": code, **wrong}
    response = Client().post(reverse("applications:hand-in"), data)
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert "We could not find a request" in errors[0] or "Wir" in errors[0]
    assert Client().get(reverse("applications:hand-in-files")).status_code == 302


def test_hand_in_is_rate_limited():
    client = Client()
    data = {"reference": "ZZZZ-ZZZZ-Z", "date_of_birth": "14.03.1990", "code": "AAAA-AAAA-A"}
    for _attempt in range(10):
        client.post(reverse("applications:hand-in"), data)
    assert client.post(reverse("applications:hand-in"), data).status_code == 429


def test_the_fiction_certificate_is_issued_with_its_effect(filed, django_user_model):
    caseworker = member_of(django_user_model, "Sachbearbeitung", "cw")
    until = timezone.localdate() + timedelta(days=90)
    certificate = casework.fiction_certificate_issue(
        application_id=filed.pk, effect="title_continues", valid_until=until, by=caseworker
    )
    text = letter_text(certificate.file)
    assert "Fiktionsbescheinigung" in text
    assert "§ 81 Abs. 4" in text or "§ 81 (4)" in text
    assert until.strftime("%d.%m.%Y") in text
    with pytest.raises(casework.ReviewError):
        casework.fiction_certificate_issue(
            application_id=filed.pk,
            effect="title_continues",
            valid_until=timezone.localdate(),
            by=caseworker,
        )
    client = staff_client(caseworker)
    url = reverse("applications:staff-letter", kwargs={"kind": "fiction", "pk": certificate.pk})
    assert client.get(url).status_code == 200
    outsider = member_of(django_user_model, "Poststelle", "post")
    assert staff_client(outsider).get(url).status_code == 403


def test_admin_buttons_write_the_letter_and_the_certificate(filed, django_user_model):
    client = staff_client(member_of(django_user_model, "Sachbearbeitung", "cw"))
    client.post(reverse("admin:applications_application_request_documents", args=[filed.pk]), {})
    assert filed.document_requests.count() == 1
    until = (timezone.localdate() + timedelta(days=60)).strftime("%d.%m.%Y")
    client.post(
        reverse("admin:applications_application_fiction_certificate", args=[filed.pk]),
        {"effect": "title_continues", "valid_until": until},
    )
    assert filed.fiction_certificates.count() == 1
    page = client.get(reverse("admin:applications_application_change", args=[filed.pk]))
    assert "staff-letter" not in page.content.decode()  # URLs, not names, are shown
    assert reverse("applications:staff-letter", kwargs={"kind": "request", "pk": 1})[:30] in (
        page.content.decode()
    )


def test_the_upload_page_warns_before_it_closes_and_can_be_kept_open(filed, django_user_model):
    import time_machine

    _request, code, _text = request_code(filed, django_user_model)
    applicant = Client()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        applicant.post(
            reverse("applications:hand-in"),
            {"reference": filed.reference, "date_of_birth": "14.03.1990", "code": code},
        )
        page = applicant.get(reverse("applications:hand-in-files")).content.decode()
        assert 'data-session-timeout="1800"' in page
        assert f'action="{reverse("applications:hand-in-extend")}"' in page

        traveller.shift(timedelta(minutes=29))
        extend = applicant.post(reverse("applications:hand-in-extend"))
        assert extend.json() == {"seconds": 1800}
        traveller.shift(timedelta(minutes=29))  # still open, 58 minutes after the code
        assert applicant.get(reverse("applications:hand-in-files")).status_code == 200

        traveller.shift(timedelta(minutes=2))
        assert applicant.post(reverse("applications:hand-in-extend")).json() == {"seconds": 0}
        closed = applicant.get(reverse("applications:hand-in-files"))
        assert closed["Location"] == reverse("applications:hand-in")


def test_the_hand_in_page_says_what_is_missing_and_why_never_optional(filed, django_user_model):
    caseworker = member_of(django_user_model, "Sachbearbeitung", "reviewer")
    passport = filed.document_declarations.get(requirement="passport")
    casework.document_review(
        application_id=filed.pk,
        declaration_id=passport.pk,
        state="rejected",
        reason="Die Seite mit dem Lichtbild fehlt.",
        by=caseworker,
    )
    _request, code, _text = request_code(filed, django_user_model)
    applicant = Client()
    applicant.post(
        reverse("applications:hand-in"),
        {"reference": filed.reference, "date_of_birth": "14.03.1990", "code": code},
    )
    html = applicant.get(reverse("applications:hand-in-files")).content.decode()
    assert "(optional)" not in html
    assert "Die Seite mit dem Lichtbild fehlt." in html
    assert "Wir konnten die Unterlage, die Sie geschickt haben, nicht annehmen." in html
    assert "Diese Unterlage fehlt noch." in html
    missing = [item for item in filed.document_declarations.all() if item.state in ("later",)]
    for item in [passport, *missing]:
        assert f'name="file_{item.pk}"' in html

    # A file that is not a PDF, JPEG or PNG: the message names its document.
    bad = io.BytesIO(b"MZ\x90\x00 not a document")
    bad.name = "pass.pdf"
    response = applicant.post(reverse("applications:hand-in-files"), {f"file_{passport.pk}": bad})
    assert response.status_code == 200
    summary = response.content.decode().split('class="kern-alert', 1)[-1]
    assert f'href="#id_file_{passport.pk}"' in response.content.decode()
    assert passport.label[:15] in summary
