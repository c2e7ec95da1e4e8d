"""The account forms (portal/accounts.py) say which field is missing, as every form of the
portal does: the error summary of an empty login, sign-up or password reset names
each field ("Geben Sie „Passwort“ an."), not allauth's "Dieses Feld ist zwingend
erforderlich." for all of them."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse

pytestmark = pytest.mark.django_db

SUMMARY_ITEMS = re.compile(r'<li><a class="kern-link" href="#([^"]+)">([^<]+)</a></li>')


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "account_login",
            {
                "id_login": "Geben Sie „E-Mail-Adresse“ an.",
                "id_password": "Geben Sie „Passwort“ an.",
            },
        ),
        (
            "account_signup",
            {
                "id_email": "Geben Sie „E-Mail-Adresse“ an.",
                "id_password1": "Geben Sie „Passwort“ an.",
                "id_password2": "Geben Sie „Passwort (Wiederholung)“ an.",
            },
        ),
        ("account_reset_password", {"id_email": "Geben Sie „E-Mail-Adresse“ an."}),
    ],
)
def test_an_empty_account_form_names_each_missing_field(client, name, expected):
    cache.clear()  # allauth's rate limits live in the cache
    response = client.post(reverse(name), {})
    assert response.status_code == 200
    html = response.content.decode()
    assert dict(SUMMARY_ITEMS.findall(html)) == expected
    for message in expected.values():
        assert html.count(message) == 2  # in the summary and next to its field
    assert "Dieses Feld ist zwingend erforderlich" not in html


def test_a_signed_in_applicant_changing_the_password_is_told_what_is_missing(client):
    user = get_user_model().objects.create_user("ayse", "ayse@example.org", "x" * 20)
    client.force_login(user)
    response = client.post(reverse("account_change_password"), {})
    html = response.content.decode()
    items = dict(SUMMARY_ITEMS.findall(html))
    assert items["id_oldpassword"].startswith("Geben Sie „")
    assert "Dieses Feld ist zwingend erforderlich" not in html
