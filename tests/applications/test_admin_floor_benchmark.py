"""bench/load.py's floor of the Django admin is a fair floor: the same requests, nothing more."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.applications.requests import member_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.urls")]


def caseworker_client(django_user_model) -> Client:
    """Logged in without a second factor, like bench/load.py's staff (Django's admin asks none)."""
    client = Client()
    client.force_login(member_of(django_user_model, "Sachbearbeitung", "cw"))
    return client


def test_the_floor_lists_the_references_with_the_worklists_count(filed, django_user_model):
    client = caseworker_client(django_user_model)
    url = reverse("floor:applications_application_changelist")
    client.get(url)
    # Session, user, the user's and the group's permissions, the capped count, the rows.
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert len(queries) == 6, [query["sql"][:100] for query in queries]
    assert page.status_code == 200
    html = page.content.decode()
    assert filed.reference in html
    assert "Yılmaz" not in html  # one column: the reference
    rows = queries.captured_queries[-1]["sql"]
    assert '"applications_application"."reference"' in rows
    assert '"applications_application"."answers"' not in rows


def test_the_floors_change_page_shows_the_reference_only(filed, django_user_model):
    client = caseworker_client(django_user_model)
    page = client.get(reverse("floor:applications_application_change", args=[filed.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert filed.reference in html
    for text in ("Yılmaz", "evangelisch", "Diabetes"):
        assert text not in html
