"""The admin's second factor and login throttling (SECURITY-BAR.md lines 6 and 7)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.forms.forms import NON_FIELD_ERRORS
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse
from django.urls.converters import IntConverter, UUIDConverter
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.admin_site import PortalAdminSite
from tests.environment import PRODUCTION_ENV, manage
from tests.portal.staff import (
    STAFF_PASSWORD,
    admin_login,
    enrol_totp,
    make_staff,
    post_admin_login,
    totp_token,
)

pytestmark = pytest.mark.django_db

APPLICANT_PASSWORD = "Mein-sicheres-Passwort-2026"
LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def _second_factor_required(settings):
    settings.ADMIN_REQUIRE_2FA = True
    cache.clear()  # allauth's own rate limits live in the cache
    yield
    cache.clear()


# --- Every admin URL ------------------------------------------------------------


def _sample(converter) -> object:
    if isinstance(converter, IntConverter):
        return 1
    if isinstance(converter, UUIDConverter):
        return uuid.UUID(int=1)
    return "1"


def admin_urls() -> list[str]:
    """Every named admin URL, parameters filled with sample values; never login or logout."""
    app_labels = sorted({model._meta.app_label for model in admin.site._registry})
    urls = []

    def walk(patterns):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns)
                continue
            assert isinstance(entry, URLPattern)
            if not entry.name or entry.name in {"login", "logout"}:
                continue
            name = f"admin:{entry.name}"
            converters = getattr(entry.pattern, "converters", {})
            groups = list(getattr(entry.pattern.regex, "groupindex", {}))
            if entry.name == "app_list":
                urls.extend(reverse(name, kwargs={"app_label": label}) for label in app_labels)
            elif converters:
                kwargs = {key: _sample(conv) for key, conv in converters.items()}
                urls.append(reverse(name, kwargs=kwargs))
            elif groups:
                urls.append(reverse(name, kwargs=dict.fromkeys(groups, "1")))
            else:
                urls.append(reverse(name))

    walk(admin.site.get_urls())
    return sorted(set(urls))


def listing_urls() -> list[str]:
    """Pages a verified superuser opens with 200: index, app lists, changelists, add forms."""
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        urls.append(reverse("admin:app_list", kwargs={"app_label": opts.app_label}))
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if model_admin.has_add_permission(_superuser_request()):
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    return sorted(set(urls))


def _superuser_request():
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    return request


def test_admin_site_is_the_two_factor_site_with_every_app_registered():
    assert isinstance(admin.site, PortalAdminSite)
    assert admin.site.name == "admin"
    labels = {model._meta.label_lower for model in admin.site._registry}
    assert {"portal.auditevent", "otp_totp.totpdevice", "auth.user"} <= labels
    assert len(admin_urls()) > 20


def test_every_admin_url_refuses_a_password_only_staff_member(client):
    # A session with the password alone (the admin's form never gives one;
    # another login could): every admin URL sends it to the login page.
    staff = make_staff(superuser=True)
    client.force_login(staff)
    urls = admin_urls()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(LOGIN + "?next="), url
    for url in listing_urls():
        assert client.post(url, {}).status_code == 302, url


def test_every_admin_page_opens_with_a_verified_totp_device(client):
    staff = make_staff(superuser=True)
    admin_login(client, staff, enrol_totp(staff))
    for url in listing_urls():
        response = client.get(url)
        assert response.status_code == 200, url
    # Every other URL answers past the login (no object 1 exists: the admin's
    # "not found" redirects, 404s, 405 for POST-only actions), never with a 500.
    for url in admin_urls():
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code == 302:
            assert not response["Location"].startswith(LOGIN), url


def test_the_login_form_asks_for_the_code_and_refuses_the_password_alone(client):
    staff = make_staff()
    device = enrol_totp(staff)
    page = client.get(LOGIN)
    assert 'name="otp_token"' in page.content.decode()
    assert 'autocomplete="one-time-code"' in page.content.decode()

    response = post_admin_login(client, staff.username, STAFF_PASSWORD)
    assert response.status_code == 200
    assert response.context["form"].has_error(NON_FIELD_ERRORS, "token_required")
    assert "_auth_user_id" not in client.session
    assert STAFF_PASSWORD not in response.content.decode()  # the password is not rendered back

    wrong = "000000" if totp_token(device) != "000000" else "111111"
    response = post_admin_login(client, staff.username, STAFF_PASSWORD, wrong)
    assert response.context["form"].has_error(NON_FIELD_ERRORS, "invalid_token")
    assert "_auth_user_id" not in client.session

    # A second client: django-otp delays a device after a wrong code.
    device.throttle_reset()
    second = Client()
    admin_login(second, staff, device)
    assert second.get("/admin/").status_code == 200


def test_a_staff_member_without_a_device_cannot_log_in_and_is_told_why(client):
    staff = make_staff()
    response = post_admin_login(client, staff.username, STAFF_PASSWORD, "123456")
    assert response.status_code == 200
    assert response.context["form"].has_error(NON_FIELD_ERRORS, "no_device")
    assert "manage.py staff_totp" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_wrong_password_with_a_right_code_is_refused(client):
    staff = make_staff()
    device = enrol_totp(staff)
    response = post_admin_login(client, staff.username, "Falsches-Passwort-99", totp_token(device))
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_device_of_another_user_does_not_verify(client):
    staff = make_staff("eva")
    other = make_staff("otto")
    enrol_totp(staff)
    foreign = enrol_totp(other)
    response = client.post(
        "/admin/login/?next=/admin/",
        {
            "username": "eva",
            "password": STAFF_PASSWORD,
            "otp_device": foreign.persistent_id,
            "otp_token": totp_token(foreign),
        },
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_demo_mode_keeps_the_second_factor_optional(client, settings):
    settings.ADMIN_REQUIRE_2FA = False
    staff = make_staff(superuser=True)
    response = post_admin_login(client, staff.username, STAFF_PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    # Whoever has a device still gives its code.
    other = make_staff("otto")
    enrol_totp(other)
    response = post_admin_login(Client(), "otto", STAFF_PASSWORD)
    assert response.status_code == 200


@pytest.mark.parametrize(("debug", "expected"), [("0", "True"), ("1", "False")])
def test_the_second_factor_is_required_by_default_outside_debug(debug, expected, tmp_path):
    env = {**PRODUCTION_ENV, "DEBUG": debug}
    script = "from django.conf import settings; print(settings.ADMIN_REQUIRE_2FA)"
    result = manage("shell", "--no-imports", "-c", script, env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == expected


def test_check_deploy_warns_when_the_second_factor_is_switched_off(tmp_path):
    env = {**PRODUCTION_ENV, "ADMIN_REQUIRE_2FA": "0"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "portal.W001" in result.stdout + result.stderr


# --- Enrolment --------------------------------------------------------------------


def test_staff_totp_enrols_a_device_that_logs_in(client, capsys):
    staff = make_staff()
    call_command("staff_totp", staff.username)
    out = capsys.readouterr().out
    device = TOTPDevice.objects.get(user=staff)
    assert device.confirmed
    url = next(line for line in out.splitlines() if line.startswith("otpauth URL: "))
    assert url.split(": ", 1)[1] == device.config_url
    assert device.config_url.startswith("otpauth://totp/")
    assert "issuer=Stadt%20N%C3%BCrnberg" in device.config_url
    secret = next(line for line in out.splitlines() if line.startswith("Secret (base32): "))
    import base64

    assert base64.b32decode(secret.split(": ", 1)[1]) == device.bin_key
    admin_login(client, staff, device)


def test_staff_totp_refuses_others_and_replaces_only_when_asked():
    staff = make_staff()
    get_user_model().objects.create_user("applicant", password=APPLICANT_PASSWORD)
    with pytest.raises(CommandError, match="not an active staff member"):
        call_command("staff_totp", "applicant")
    with pytest.raises(CommandError, match="No user named"):
        call_command("staff_totp", "nobody")
    call_command("staff_totp", staff.username, stdout=_Null())
    first = TOTPDevice.objects.get(user=staff)
    with pytest.raises(CommandError, match="--replace"):
        call_command("staff_totp", staff.username, stdout=_Null())
    call_command("staff_totp", staff.username, "--replace", stdout=_Null())
    assert list(TOTPDevice.objects.filter(user=staff)) != [first]
    assert TOTPDevice.objects.filter(user=staff).count() == 1


class _Null:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass


# --- Throttling -------------------------------------------------------------------


def _fail_admin_logins(client: Client, username: str, times: int, **extra) -> list[int]:
    return [
        post_admin_login(client, username, f"Falsches-Passwort-{n}", **extra).status_code
        for n in range(times)
    ]


def test_five_failed_staff_logins_lock_the_name_and_address_for_fifteen_minutes(client):
    staff = make_staff()
    device = enrol_totp(staff)
    start = dt.datetime.now(tz=dt.UTC)
    with time_machine.travel(start, tick=True):
        assert _fail_admin_logins(client, staff.username, 5) == [200, 200, 200, 200, 429]
        # Now even the right password and code are refused.
        response = post_admin_login(client, staff.username, STAFF_PASSWORD, totp_token(device))
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session
        page = response.content.decode()
        assert "Zu viele Versuche" in page
        assert staff.username not in page
        # Only that pair: the same name from another address still logs in.
        other_address = Client(REMOTE_ADDR="198.51.100.23")
        response = post_admin_login(
            other_address,
            staff.username,
            STAFF_PASSWORD,
            totp_token(device, steps_ahead=1),
            REMOTE_ADDR="198.51.100.23",
        )
        assert response.status_code == 302
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=True):
        admin_login(client, staff, device)


def test_a_successful_login_resets_the_count(client):
    staff = make_staff()
    device = enrol_totp(staff)
    assert _fail_admin_logins(client, staff.username, 4) == [200] * 4
    admin_login(Client(), staff, device)
    assert _fail_admin_logins(client, staff.username, 4) == [200] * 4


def test_failed_attempts_store_and_log_no_password_or_code(client, caplog):
    staff = make_staff()
    device = enrol_totp(staff)
    canary = "Kanarienvogel-Passwort-4711"
    token = totp_token(device)
    for _ in range(3):
        post_admin_login(client, staff.username, canary, token)
    attempt = AccessAttempt.objects.get()
    assert attempt.failures_since_start == 3
    stored = f"{attempt.get_data} {attempt.post_data}"
    assert canary not in stored
    assert token not in stored
    assert staff.username not in attempt.post_data
    assert canary not in caplog.text


def _applicant(email: str = "ayse@example.org"):
    user = get_user_model().objects.create_user(
        username="ayse", email=email, password=APPLICANT_PASSWORD
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _applicant_login(client: Client, login: str, password: str):
    return client.post(reverse("account_login"), {"login": login, "password": password})


def test_five_failed_applicant_logins_lock_out_even_the_right_password(client):
    _applicant()
    start = dt.datetime.now(tz=dt.UTC)
    with time_machine.travel(start, tick=True):
        statuses = [
            _applicant_login(client, "ayse@example.org", f"Falsch-{n}-xyz-123").status_code
            for n in range(5)
        ]
        assert statuses == [200, 200, 200, 200, 429]
        cache.clear()  # allauth's own limit aside: axes alone refuses now
        response = _applicant_login(client, "AYSE@example.org", APPLICANT_PASSWORD)
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session
        assert AccessAttempt.objects.get().username == "ayse@example.org"
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=True):
        cache.clear()
        response = _applicant_login(client, "ayse@example.org", APPLICANT_PASSWORD)
        assert response.status_code == 302
        assert "_auth_user_id" in client.session


def test_an_applicant_login_resets_the_count():
    _applicant()
    attacker = Client()
    for n in range(4):
        assert _applicant_login(attacker, "ayse@example.org", f"Falsch-{n}-xyz").status_code == 200
    assert _applicant_login(attacker, "ayse@example.org", APPLICANT_PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists()


def test_authenticate_without_a_request_skips_only_the_throttle():
    from django.contrib.auth import authenticate

    staff = make_staff()
    assert authenticate(username=staff.username, password=STAFF_PASSWORD) == staff
    assert authenticate(username=staff.username, password="wrong") is None


def test_staff_views_outside_the_admin_can_require_the_same_second_factor(client, settings):
    from django.core.exceptions import PermissionDenied
    from django.http import HttpResponse
    from django.test import RequestFactory

    from portal.admin_site import verified_staff_required

    @verified_staff_required
    def download(request):
        return HttpResponse("file")

    staff = make_staff()
    request = RequestFactory().get("/download/")
    request.user = staff
    request.user.is_verified = lambda: False
    with pytest.raises(PermissionDenied):
        download(request)
    request.user.is_verified = lambda: True
    assert download(request).status_code == 200
    settings.ADMIN_REQUIRE_2FA = False
    request.user.is_verified = lambda: False
    assert download(request).status_code == 200
    anonymous = RequestFactory().get("/download/")
    from django.contrib.auth.models import AnonymousUser

    anonymous.user = AnonymousUser()
    assert download(anonymous)["Location"].startswith(LOGIN)
