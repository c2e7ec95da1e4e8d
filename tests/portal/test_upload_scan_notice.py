"""In demo mode without a virus scanner the upload pages say so (issue 16, item 7).

``make run`` sets DEMO_MODE=1 and no CLAMD_ADDRESS: files are then stored after the
content checks only, and a person trying the portal must not believe otherwise.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from applications.models import Application
from tests.applications.requests import request_code
from tests.factories import DraftFactory, draft_open
from tests.journeys import step_answers, step_url, walk

pytestmark = pytest.mark.django_db

NOTICE_DE = "Demo-Betrieb: Hochgeladene Dateien werden nicht auf Viren geprüft"
NOTICE_EN = "Demo mode: uploaded files are not checked for viruses"


def documents_page(client, language: str = "de") -> str:
    client.cookies["portal_language"] = language
    draft_open(
        client,
        DraftFactory(kind="renewal", at_step="documents", at_step__answers=step_answers("renewal")),
    )
    page = client.get(step_url("renewal", "documents"))
    assert page.status_code == 200
    return page.content.decode()


def hand_in_page(client, django_user_model) -> str:
    from appointments.demo import demo_locations_ensure

    demo_locations_ensure()
    walk(client, "renewal", step_answers("renewal"))
    filed = Application.objects.get()
    _request, code, _text = request_code(filed, django_user_model)
    applicant = Client()
    applicant.post(
        reverse("applications:hand-in"),
        {"reference": filed.reference, "date_of_birth": "14.03.1990", "code": code},
    )
    page = applicant.get(reverse("applications:hand-in-files"))
    assert page.status_code == 200
    assert 'type="file"' in page.content.decode()
    return page.content.decode()


@pytest.mark.parametrize(("language", "notice"), [("de", NOTICE_DE), ("en", NOTICE_EN)])
def test_the_documents_step_says_uploads_are_not_scanned_in_demo_mode(
    client, settings, language, notice
):
    settings.DEMO_MODE = True
    settings.CLAMD_ADDRESS = ""
    page = documents_page(client, language)
    assert notice in page
    assert page.index(notice) < page.index('type="file"')  # read before choosing a file


def test_the_online_hand_in_says_uploads_are_not_scanned_in_demo_mode(
    client, settings, django_user_model
):
    settings.DEMO_MODE = True
    settings.CLAMD_ADDRESS = ""
    assert NOTICE_DE in hand_in_page(client, django_user_model)


@pytest.mark.parametrize(
    ("demo", "clamd"), [(True, "/run/clamav/clamd.ctl"), (False, ""), (False, "clamav:3310")]
)
def test_no_notice_with_a_scanner_or_outside_demo_mode(client, settings, demo, clamd):
    settings.DEMO_MODE = demo
    settings.CLAMD_ADDRESS = clamd
    page = documents_page(client)
    assert NOTICE_DE not in page
    assert "upload-scan-notice" not in page
