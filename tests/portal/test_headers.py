"""Security headers on every response, error pages included (SECURITY-BAR.md line 20)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

RESPONSES = {
    "start": ("/", 200),
    "help": ("/hilfe/", 200),
    "health": ("/healthz", 503),
    "security.txt": ("/.well-known/security.txt", 200),
    "admin login": ("/admin/login/", 200),
    "not found": ("/gibt-es-nicht/", 404),
}


@pytest.mark.parametrize(("path", "status"), RESPONSES.values(), ids=RESPONSES.keys())
def test_security_headers(path, status):
    response = Client().get(path, secure=True)
    assert response.status_code == status
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_security_headers_on_the_500_page(settings):
    settings.ROOT_URLCONF = "tests.portal.failing_urls"
    client = Client(raise_request_exception=False)
    response = client.get("/boom/", secure=True)
    assert response.status_code == 500
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_cookies_are_secure_httponly_and_host_bound(client):
    client.get("/admin/login/", secure=True)
    csrf = client.cookies["__Host-csrftoken"]
    assert csrf["secure"]
    assert csrf["httponly"]
    assert csrf["samesite"] == "Lax"
    assert csrf["path"] == "/"
    assert not csrf["domain"]
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, secure=True)
    language = response.cookies["portal_language"]
    assert language["secure"]
    assert language["httponly"]
    assert language["samesite"] == "Lax"


def test_session_cookie_after_login_is_secure_httponly_and_host_bound(
    client, django_user_model, settings
):
    settings.ADMIN_REQUIRE_2FA = False  # this test is about the cookie, not the second factor
    django_user_model.objects.create_user(
        username="staff", password="a-long-enough-password-1", is_staff=True
    )
    client.get("/admin/login/", secure=True)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "staff", "password": "a-long-enough-password-1"},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["__Host-session"]
    assert session["secure"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
    assert session["path"] == "/"
    assert not session["domain"]


def test_static_files_are_served_by_the_portal_with_a_cache_lifetime(client):
    response = client.get("/static/kern/kern.min.css")
    assert response.status_code == 200
    assert "max-age" in response["Cache-Control"]
