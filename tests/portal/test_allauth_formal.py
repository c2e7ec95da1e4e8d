"""The applicant's account pages and e-mails address people with "Sie", as the rest of the
portal does (portal.allauth_formal): django-allauth's German catalogue says "du" in many
of them ("Bitte gib dein aktuelles Passwort ein", "Du hast noch kein Konto bei uns?")."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import allauth
import polib
import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from portal.allauth_formal import MESSAGES

# "du" in its forms, as allauth's German writes it; no word of the portal is one of these.
INFORMAL = re.compile(r"\b(du|Du|dein\w*|Dein\w*|dir|Dir|dich|Dich)\b")
PASSWORD = "ein-langes-Passwort-für-Tests-2026"
ALLAUTH_GERMAN = Path(allauth.__file__).parent / "locale" / "de" / "LC_MESSAGES"


def allauth_catalogue() -> dict:
    with (ALLAUTH_GERMAN / "django.mo").open("rb") as file:
        return gettext.GNUTranslations(file)._catalog


def test_every_message_is_allauths_own_so_its_translation_here_is_used():
    catalogue = allauth_catalogue()
    assert [message for message in MESSAGES if message not in catalogue] == []


def test_no_message_of_allauths_accounts_says_du_any_more():
    """A message allauth adds later with "du" fails here, to be added to MESSAGES.

    Its catalogue's source (.po) names where each message is used; the features
    the portal does not install (social accounts, MFA, the OpenID provider, user
    sessions) are left out.
    """
    used = [
        entry
        for entry in polib.pofile(str(ALLAUTH_GERMAN / "django.po"))
        if entry.msgstr
        and any(
            ("/account/" in path or path.startswith(("allauth/account", "allauth/core")))
            and "socialaccount" not in path
            for path, _line in entry.occurrences
        )
    ]
    assert len(used) > 100  # the account app's messages were found
    with translation.override("de"):
        still = [e.msgid for e in used if INFORMAL.search(translation.gettext(e.msgid))]
    assert still == []


@pytest.mark.parametrize("message", MESSAGES)
def test_each_message_reads_formally_in_german(message):
    with translation.override("de"):
        german = translation.gettext(message)
    assert german != allauth_catalogue()[message]
    assert not INFORMAL.search(german), german


def visible_text(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(strip_tags(main).split())


@pytest.fixture
def applicant(db):
    user = get_user_model().objects.create_user(
        username="ayse", email="ayse@example.org", password=PASSWORD
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
        reverse("account_reset_password_done"),
        reverse("account_email_verification_sent"),
        reverse("account_confirm_email", args=["no-such-key"]),
        reverse("account_reset_password_from_key", args=["0", "no-such-key"]),
    ],
)
def test_the_account_pages_say_sie(client, path):
    cache.clear()
    response = client.get(path, follow=True)
    assert response.status_code == 200
    text = visible_text(response)
    assert not INFORMAL.search(text), text


@pytest.mark.parametrize("name", ["account_logout", "account_email", "account_change_password"])
def test_the_pages_of_a_signed_in_applicant_say_sie(client, applicant, name):
    client.force_login(applicant)
    response = client.get(reverse(name), follow=True)
    assert response.status_code == 200
    text = visible_text(response)
    assert not INFORMAL.search(text), text


@pytest.mark.django_db
def test_the_account_emails_say_sie(client, applicant):
    cache.clear()
    signup = client.post(
        reverse("account_signup"),
        {"email": "olena@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert signup.status_code == 302
    client.post(reverse("account_reset_password"), {"email": applicant.email})
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert not INFORMAL.search(message.subject), message.subject
        assert not INFORMAL.search(message.body), message.body
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in mail.outbox[0].subject
    assert "Sie erhalten diese E-Mail, weil Sie oder eine andere Person" in mail.outbox[1].body
