"""Every page of the shell: language, title, one h1, error pages, the switcher."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

SHELL_URLS = [
    reverse("portal:start"),
    reverse("portal:help"),
    reverse("portal:privacy"),
    reverse("portal:accessibility"),
    reverse("portal:imprint"),
]


def language_client(language: str) -> Client:
    client = Client()
    client.cookies["portal_language"] = language
    return client


def shell_facts(html: str) -> dict:
    return {
        "lang": re.search(r'<html lang="([a-z]+)"', html).group(1),
        "titles": re.findall(r"<title>(.*?)</title>", html, re.S),
        "h1_count": len(re.findall(r"<h1[\s>]", html)),
        "main": html.count('<main id="main"'),
        "skip_link": 'href="#main"' in html,
    }


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("url", SHELL_URLS)
def test_shell_page_has_lang_title_and_exactly_one_h1(url, language):
    response = language_client(language).get(url)
    assert response.status_code == 200
    facts = shell_facts(response.content.decode())
    assert facts["lang"] == language
    assert len(facts["titles"]) == 1
    assert facts["titles"][0].strip()
    assert facts["h1_count"] == 1
    assert facts["main"] == 1
    assert facts["skip_link"]


def test_german_is_the_default_even_when_the_browser_asks_for_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert shell_facts(response.content.decode())["lang"] == "de"
    assert "Online-Dienste des Amts für Migration und Integration" in response.content.decode()


def test_unknown_language_cookie_falls_back_to_german():
    response = language_client("xx").get("/")
    assert shell_facts(response.content.decode())["lang"] == "de"


def test_language_switcher_sets_the_cookie_and_returns_to_the_page(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/hilfe/"})
    assert response.status_code == 302
    assert response["Location"] == "/hilfe/"
    assert client.cookies["portal_language"].value == "en"
    page = client.get("/hilfe/").content.decode()
    assert '<h1 class="kern-heading-x-large">Help and contact</h1>' in page


def test_language_switcher_refuses_a_foreign_next_url(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_language_switcher_needs_csrf():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 403
    assert "portal_language" not in response.cookies


@pytest.mark.parametrize(
    ("language", "heading"),
    [("de", "Seite nicht gefunden"), ("en", "Page not found")],
)
def test_404_page_in_both_languages(language, heading):
    response = language_client(language).get("/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f">{heading}</h1>" in html
    assert shell_facts(html)["h1_count"] == 1
    assert shell_facts(html)["lang"] == language


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("de", "Entschuldigung, es gibt ein technisches Problem"),
        ("en", "Sorry, there is a technical problem"),
    ],
)
def test_500_page_in_both_languages(language, heading, settings):
    settings.ROOT_URLCONF = "tests.portal.failing_urls"
    client = language_client(language)
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert f">{heading}</h1>" in html
    assert shell_facts(html)["lang"] == language
    assert "+49 (0)911 231-0" in html
    assert "Traceback" not in html


@pytest.mark.parametrize(
    ("language", "heading"),
    [("de", "Zugriff verweigert"), ("en", "Access denied")],
)
def test_403_page_in_both_languages(language, heading, settings):
    settings.ROOT_URLCONF = "tests.portal.failing_urls"
    response = language_client(language).get("/forbidden/")
    assert response.status_code == 403
    assert f">{heading}</h1>" in response.content.decode()


def test_400_page(settings):
    settings.ROOT_URLCONF = "tests.portal.failing_urls"
    response = language_client("en").get("/bad/")
    assert response.status_code == 400
    assert ">Bad request</h1>" in response.content.decode()


def test_csrf_failure_page_explains_what_to_do():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "de"})
    assert response.status_code == 403
    assert ">Das Formular ist abgelaufen</h1>" in response.content.decode()


def test_footer_has_contact_and_legal_links(client):
    html = client.get("/").content.decode()
    for text in ("Äußere Laufer Gasse 25", "90403 Nürnberg", "+49 (0)911 231-0"):
        assert text in html
    for url in SHELL_URLS[1:]:
        assert f'href="{url}"' in html


def test_start_page_runs_no_queries(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/").status_code == 200


def test_security_txt(client):
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert re.search(r"^Contact: \S+:\S+$", body, re.M)
    assert re.search(r"^Expires: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", body, re.M)


def test_admin_login_has_the_german_site_header(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert (
        "Amt für Migration und Integration Nürnberg – interner Bereich" in response.content.decode()
    )


def test_get_never_changes_the_language(client):
    client.get(reverse("set_language") + "?language=en&next=/")
    assert "portal_language" not in client.cookies
