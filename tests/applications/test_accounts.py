"""Applicant accounts: sign-up with confirmed e-mail, Argon2, my requests, ownership."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from applications.models import Application
from portal.models import Draft
from tests.journeys import post_step, start, step_answers, step_url, walk

pytestmark = pytest.mark.django_db

PASSWORD = "Mein-sicheres-Passwort-2026"


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def sign_up(client: Client, email: str = "ayse@example.org") -> None:
    response = client.post(
        reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    link = re.search(r"https?://[^\s]+/konto/confirm-email/[^\s]+", mail.outbox[-1].body).group(0)
    path = "/" + link.split("/", 3)[3]
    page = client.get(path)
    assert page.status_code == 200
    # The address is named as the applicant's own, not as "of user <generated name>".
    html = page.content.decode()
    assert f"dass {email} Ihre E-Mail-Adresse ist" in html
    assert "E-Mail-Adresse von" not in html
    assert client.post(path).status_code == 302


def test_sign_up_needs_a_confirmed_email_and_stores_an_argon2_hash(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "ayse@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="ayse@example.org")
    assert user.password.startswith("argon2$")
    # Not confirmed yet: logging in sends another confirmation instead of a session.
    login = Client().post(
        reverse("account_login"), {"login": "ayse@example.org", "password": PASSWORD}
    )
    assert "_auth_user_id" not in login.client.session
    assert len(mail.outbox) >= 1


def test_short_and_common_passwords_are_refused(client):
    for password in ("kurz", "password1234"):
        response = client.post(
            reverse("account_signup"),
            {"email": "x@example.org", "password1": password, "password2": password},
        )
        assert response.status_code == 200
        assert response.context["form"].errors
    assert not get_user_model().objects.exists()


def test_an_account_holder_sees_drafts_and_requests_and_can_continue(client):
    sign_up(client)
    walk(client, "renewal", step_answers())
    application = Application.objects.get()
    assert application.owner.email == "ayse@example.org"
    start(client, "issue")
    post_step(client, "issue", "personal", step_answers()["personal"])

    other_device = Client()
    other_device.post(reverse("account_login"), {"login": "ayse@example.org", "password": PASSWORD})
    page = other_device.get(reverse("applications:my-requests"))
    assert page.status_code == 200
    html = page.content.decode()
    assert application.reference in html
    draft = Draft.objects.get(submitted_reference="")
    response = other_device.post(reverse("applications:draft-continue"), {"draft": str(draft.pk)})
    assert response.status_code == 302
    assert other_device.get(response["Location"])["Location"] == step_url("issue", "nationality")
    assert (
        other_device.get(
            reverse("applications:receipt", kwargs={"reference": application.reference})
        ).status_code
        == 200
    )


def test_another_account_cannot_continue_a_draft_or_see_a_request(client):
    sign_up(client)
    walk(client, "renewal", step_answers())
    start(client, "issue")
    draft = Draft.objects.get(submitted_reference="")
    reference = Application.objects.get().reference

    intruder = Client()
    sign_up(intruder, "mallory@example.org")
    assert (
        intruder.post(reverse("applications:draft-continue"), {"draft": str(draft.pk)}).status_code
        == 404
    )
    assert (
        intruder.post(reverse("applications:draft-continue"), {"draft": "not-a-uuid"}).status_code
        == 404
    )
    for name in ("applications:confirmation", "applications:receipt"):
        assert intruder.get(reverse(name, kwargs={"reference": reference})).status_code == 404
    assert reference not in intruder.get(reverse("applications:my-requests")).content.decode()


def test_my_requests_needs_a_login(client):
    response = client.get(reverse("applications:my-requests"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_failed_logins_are_throttled(client):
    sign_up(client)
    attacker = Client()
    for _attempt in range(5):
        attacker.post(
            reverse("account_login"),
            {"login": "ayse@example.org", "password": "wrong-password-123"},
        )
    response = attacker.post(
        reverse("account_login"), {"login": "ayse@example.org", "password": PASSWORD}
    )
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in attacker.session


def test_login_gives_a_new_session_key_and_logout_ends_it(client):
    sign_up(client)
    client.post(reverse("account_logout"))
    client.get(reverse("account_login"))
    before = client.session.session_key
    client.post(reverse("account_login"), {"login": "ayse@example.org", "password": PASSWORD})
    after = client.session.session_key
    assert before != after
    old_cookie = (
        client.cookies["portal_session"].value if "portal_session" in client.cookies else None
    )
    client.post(reverse("account_logout"))
    replay = Client()
    if old_cookie:
        replay.cookies["portal_session"] = old_cookie
    assert replay.get(reverse("applications:my-requests")).status_code == 302
