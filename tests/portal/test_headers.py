"""Security headers on every response, error pages included (SECURITY-BAR.md line 20).

Every named URL of the project is requested: the names are discovered from
the URL configuration when the tests are collected (tests/portal/urlsweep.py),
so that a page added later is checked without anyone remembering. Whatever
the answer (a page, a redirect, a refusal, a 404, a 405, a download), it
carries the headers.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.db import transaction
from django.http import FileResponse
from django.test import Client, override_settings
from django.utils import translation

from tests.portal import urlsweep

pytestmark = pytest.mark.django_db

HSTS_MINIMUM_SECONDS = 365 * 24 * 3600


def csp_directives(csp: str) -> dict[str, list[str]]:
    directives = {}
    for part in csp.split(";"):
        name, *sources = part.split()
        if name:
            directives[name] = sources
    return directives


def header_problems(response) -> list[str]:
    """What is wrong with the security headers of a response (nothing: an empty list)."""
    problems = []

    def header(name: str) -> str:
        value = response.headers.get(name)
        if value is None:
            problems.append(f"no {name} header")
        return value or ""

    csp = header("Content-Security-Policy")
    if csp:
        directives = csp_directives(csp)
        for unsafe in ("'unsafe-inline'", "'unsafe-eval'"):
            if unsafe in csp:
                problems.append(f"CSP allows {unsafe}: {csp}")
        for directive, expected in (
            ("default-src", ["'self'"]),
            ("frame-ancestors", ["'none'"]),
            ("object-src", ["'none'"]),
        ):
            if directives.get(directive) != expected:
                problems.append(f"CSP {directive} is {directives.get(directive)}, not {expected}")
    hsts = header("Strict-Transport-Security")
    if hsts:
        max_age = re.search(r"max-age=(\d+)", hsts)
        if max_age is None or int(max_age.group(1)) < HSTS_MINIMUM_SECONDS:
            problems.append(f"HSTS shorter than a year: {hsts}")
    for name, expected in (
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
    ):
        value = header(name)
        if value and value != expected:
            problems.append(f"{name} is {value!r}, not {expected!r}")
    permissions = header("Permissions-Policy")
    if permissions and "camera=()" not in permissions:
        problems.append(f"Permissions-Policy does not switch off the camera: {permissions}")
    # Personal pages must not be stored by browsers or proxies. The portal
    # sends no-store on every dynamic response; only static files (served by
    # WhiteNoise, never a named URL) have a cache lifetime.
    cache_control = header("Cache-Control")
    if cache_control and "no-store" not in cache_control:
        problems.append(f"Cache-Control without no-store: {cache_control}")
    if response.status_code == 200 and is_download(response):
        disposition = response.headers.get("Content-Disposition", "")
        if not disposition.startswith("attachment"):
            problems.append(f"a download not as attachment: {disposition!r}")
    return problems


def is_download(response) -> bool:
    content_type = response.headers.get("Content-Type", "")
    return isinstance(response, FileResponse) or content_type.startswith("application/pdf")


def inline_script_problems(response) -> list[str]:
    """Inline scripts of an HTML page need the CSP nonce, or the browser refuses them."""
    content_type = response.headers.get("Content-Type", "")
    if response.streaming or not content_type.startswith("text/html"):
        return []
    csp = csp_directives(response.headers.get("Content-Security-Policy", ""))
    allowed = set(csp.get("script-src", csp.get("default-src", [])))
    problems = []
    for tag in re.findall(r"<script\b[^>]*>", response.content.decode(errors="replace")):
        script_type = re.search(r"""\btype=["']?([^"'\s>]+)""", tag)
        if re.search(r"\ssrc=", tag) or (script_type and "json" in script_type.group(1)):
            continue  # a file from 'self', or data that is never run
        nonce = re.search(r"""\bnonce=["']?([^"'\s>]+)""", tag)
        if nonce is None or f"'nonce-{nonce.group(1)}'" not in allowed:
            problems.append(f"inline script without the page's nonce: {tag}")
    return problems


# --- Error pages, cookies, static files -------------------------------------------------------


def test_security_headers_on_a_page_that_does_not_exist():
    response = Client().get("/gibt-es-nicht/", secure=True)
    assert response.status_code == 404
    assert not header_problems(response)


@pytest.mark.parametrize(
    ("path", "status"), [("/boom/", 500), ("/forbidden/", 403), ("/bad/", 400)]
)
def test_security_headers_on_the_error_pages(settings, path, status):
    settings.ROOT_URLCONF = "tests.portal.failing_urls"
    client = Client(raise_request_exception=False)
    response = client.get(path, secure=True)
    assert response.status_code == status
    assert not header_problems(response)


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
    # The one exception to no-store: static files are the same for everyone,
    # and WhiteNoise answers them before the portal's middleware runs.
    response = client.get("/static/kern/kern.min.css", secure=True)
    assert response.status_code == 200
    assert "max-age" in response["Cache-Control"]
    assert "no-store" not in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


# --- Every named URL -------------------------------------------------------------------------
# Last in this module: the world lives until the module ends, so the tests
# above run without it.

ROUTES = urlsweep.named_routes()

# A URL that lacks a header because of a bug in production code: an xfail
# with "BUG: ..." as its reason, until the code is fixed (strict: a fixed bug
# makes the test fail, so that the entry is removed).
KNOWN_BUGS: dict[str, str] = {}


def route_parameters() -> list:
    parameters = []
    for route in ROUTES:
        marks = []
        if route.name in KNOWN_BUGS:
            marks.append(pytest.mark.xfail(reason=KNOWN_BUGS[route.name], strict=True))
        parameters.append(pytest.param(route, id=route.name, marks=marks))
    return parameters


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world of tests/portal/urlsweep.py, built once for all the URLs of this module.

    It lives in a transaction around the module that is rolled back at its
    end; each test runs in a savepoint inside it (pytest-django's own), so
    that no test sees what another one did. Its files go to a temporary folder.
    """
    from django.conf import settings

    files = tmp_path_factory.mktemp("files")
    storages = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "portal.storage.EncryptedFileSystemStorage",
            "OPTIONS": {"location": files, "base_url": None},
        },
    }
    with (
        django_db_blocker.unblock(),
        override_settings(STORAGES=storages),
        transaction.atomic(),
        translation.override("de"),
    ):
        try:
            yield urlsweep.build_world()
        finally:
            transaction.set_rollback(True)


@pytest.mark.parametrize("route", route_parameters())
def test_security_headers_on_every_named_url(world, route):
    try:
        url, actor, response = urlsweep.get(world, route)
    except urlsweep.UnknownParameter as unknown:
        pytest.fail(str(unknown))
    try:
        problems = header_problems(response) + inline_script_problems(response)
    finally:
        urlsweep.release(response)
    assert not problems, f"GET {url} as {actor} ({response.status_code}): {problems}"


def test_the_sweep_reaches_every_named_url_and_most_of_them_answer(world):
    """The sweep is not vacuous: all names, a URL for each, and mostly real pages."""
    assert {route.name for route in urlsweep.named_routes()} == {route.name for route in ROUTES}
    assert len(ROUTES) >= 150  # 169 when this was written
    for name in ("applications:receipt", "appointments:change", "admin:index", "account_login"):
        assert name in {route.name for route in ROUTES}
    statuses = Counter()
    downloads = []
    for route in ROUTES:
        _url, _actor, response = urlsweep.get(world, route)
        statuses[response.status_code] += 1
        if response.status_code == 200 and is_download(response):
            downloads.append(route.name)
        urlsweep.release(response)
    assert statuses[200] >= 0.5 * len(ROUTES), statuses
    assert set(statuses) <= {200, 302, 403, 404, 405, 503}, statuses
    assert {
        "applications:receipt",
        "applications:upload-download",
        "applications:release-declaration",
        "applications:staff-letter",
        "admin:appointments_printbatch_download",
    } <= set(downloads)
