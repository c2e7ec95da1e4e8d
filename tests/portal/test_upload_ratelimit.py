"""Uploads are rate limited per client (SECURITY-BAR.md line 14)."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from applications.models import Upload
from applications.views import JOURNEYS
from portal.ratelimit import client_key
from tests.applications.requests import request_code
from tests.factories import DraftFactory, draft_open
from tests.journeys import step_answers, step_url, walk
from tests.sample_files import tiny_pdf

pytestmark = pytest.mark.django_db

KIND = "renewal"
LIMIT = 3


@pytest.fixture(autouse=True)
def _small_limit(settings):
    cache.clear()
    settings.UPLOAD_RATE_LIMIT_PER_HOUR = LIMIT


def pdf(name: str = "pass.pdf") -> io.BytesIO:
    file = io.BytesIO(tiny_pdf())
    file.name = name
    return file


def post_passport(client, file=None):
    data = {f"{JOURNEYS[KIND].journey}-current_step": "documents"}
    if file is not None:
        data["documents-file_passport"] = file
    return client.post(step_url(KIND, "documents"), data)


def test_the_documents_step_answers_429_past_the_limit_and_keeps_the_draft(client):
    draft_open(
        client, DraftFactory(kind=KIND, at_step="documents", at_step__answers=step_answers())
    )
    for _ in range(LIMIT):
        assert post_passport(client, pdf()).status_code in (200, 302)
    stored = Upload.objects.count()

    refused = post_passport(client, pdf())

    assert refused.status_code == 429
    page = refused.content.decode()
    assert "60 Minuten" in page
    assert "bleibt erhalten" in page
    assert f'href="{step_url(KIND, "documents")}"' in page
    assert Upload.objects.count() == stored  # the file over the limit was not stored
    again = client.get(step_url(KIND, "documents"))
    assert again.status_code == 200  # the draft is still there


def test_steps_without_files_do_not_count(client):
    draft_open(
        client, DraftFactory(kind=KIND, at_step="documents", at_step__answers=step_answers())
    )
    for _ in range(LIMIT * 3):
        assert post_passport(client).status_code != 429


def test_another_client_has_its_own_limit(client):
    draft_open(
        client, DraftFactory(kind=KIND, at_step="documents", at_step__answers=step_answers())
    )
    for _ in range(LIMIT + 1):
        post_passport(client, pdf())
    assert post_passport(client, pdf()).status_code == 429

    other = Client(REMOTE_ADDR="192.0.2.44")
    walk(other, KIND, step_answers(), until="documents")
    assert post_passport(other, pdf()).status_code in (200, 302)


def test_the_online_hand_in_shares_the_limit(client, django_user_model):
    from appointments.demo import demo_locations_ensure

    demo_locations_ensure()
    walk(client, KIND, step_answers(KIND))
    from applications.models import Application

    filed = Application.objects.get()
    _request, code, _text = request_code(filed, django_user_model)
    applicant = Client()
    applicant.post(
        reverse("applications:hand-in"),
        {"reference": filed.reference, "date_of_birth": "14.03.1990", "code": code},
    )
    passport = filed.document_declarations.get(requirement="passport")
    url = reverse("applications:hand-in-files")
    field = f"file_{passport.pk}"
    statuses = [applicant.post(url, {field: pdf()}).status_code for _ in range(LIMIT + 1)]
    assert statuses[:LIMIT] == [200] * LIMIT
    assert statuses[LIMIT] == 429


@pytest.mark.parametrize(
    ("proxies", "forwarded", "same_as"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy trusted: the header is ignored
        (1, "203.0.113.9", "203.0.113.9"),  # the address the proxy saw
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # a forged left entry is ignored
    ],
)
def test_the_client_key_behind_a_proxy_is_the_address_the_proxy_saw(
    settings, proxies, forwarded, same_as
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    expected = RequestFactory().get("/", REMOTE_ADDR=same_as)
    settings.TRUSTED_PROXY_COUNT = proxies
    key = client_key(request)
    settings.TRUSTED_PROXY_COUNT = 0
    assert key == client_key(expected)
