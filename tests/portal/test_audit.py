"""The audit trail (SECURITY-BAR.md lines 23 and 24): logins, append-only, escaping."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.forms.models import model_to_dict
from django.test import Client, RequestFactory

from portal.audit import AuditEvent, audit, keyed_hash
from portal.auth import client_ip
from portal.logs import EscapingFormatter, escape_control_chars
from portal.models import AppendOnlyError
from tests.portal.staff import (
    STAFF_PASSWORD,
    admin_login,
    enrol_totp,
    make_staff,
    post_admin_login,
)

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action


@pytest.fixture(autouse=True)
def _second_factor_required(settings):
    settings.ADMIN_REQUIRE_2FA = True
    cache.clear()


def row_text(event: AuditEvent) -> str:
    return " ".join(str(value) for value in model_to_dict(event).values()) + f" {event.at}"


def test_a_staff_login_with_the_second_factor_and_the_logout_are_recorded(client):
    staff = make_staff()
    admin_login(client, staff, enrol_totp(staff))
    login = AuditEvent.objects.get(action=Action.LOGIN)
    assert login.actor == staff
    assert login.actor_label == "eva"
    assert login.detail == "admin:otp"
    assert len(login.ip_hash) == 32
    assert login.ip_hash == keyed_hash("ip", "127.0.0.1")
    assert "127.0.0.1" not in row_text(login)

    assert client.post("/admin/logout/").status_code == 200
    logout = AuditEvent.objects.get(action=Action.LOGOUT)
    assert logout.actor == staff
    assert logout.detail == "admin"


def test_a_failed_login_keeps_neither_the_password_nor_the_name(client):
    make_staff("eva")
    canary = "Kanarienvogel-Passwort-4711"
    post_admin_login(client, "Eva", canary)
    event = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert event.actor is None
    assert event.actor_label == f"hash:{keyed_hash('username', 'eva')}"
    assert event.detail == "admin"
    text = row_text(event)
    assert canary not in text
    assert "Eva" not in text
    assert "eva" not in text.replace(event.actor_label, "")
    for stored in AuditEvent.objects.all():
        assert canary not in row_text(stored)


def test_a_right_password_without_the_code_is_recorded_as_a_failed_login(client):
    staff = make_staff()
    post_admin_login(client, staff.username, STAFF_PASSWORD)
    event = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert event.actor == staff
    assert event.detail == "otp_no_device"
    enrol_totp(staff)
    post_admin_login(client, staff.username, STAFF_PASSWORD, "000000")
    details = set(AuditEvent.objects.values_list("detail", flat=True))
    assert details & {"otp_invalid_token", "otp_refused"}
    assert not AuditEvent.objects.filter(action=Action.LOGIN).exists()


def test_applicant_login_failure_lockout_and_logout_are_recorded(client):
    from allauth.account.models import EmailAddress

    password = "Mein-sicheres-Passwort-2026"
    user = get_user_model().objects.create_user("ayse", "ayse@example.org", password)
    EmailAddress.objects.create(user=user, email="ayse@example.org", verified=True, primary=True)
    client.post("/konto/login/", {"login": "ayse@example.org", "password": password})
    client.post("/konto/logout/")
    assert list(
        AuditEvent.objects.order_by("id").values_list("action", "actor_label", "detail")
    ) == [("login", "ayse", "account"), ("logout", "ayse", "account")]

    for n in range(5):
        client.post("/konto/login/", {"login": "ayse@example.org", "password": f"Falsch-{n}-x"})
    assert AuditEvent.objects.filter(action=Action.LOGIN_FAILED, detail="account").count() == 5
    denied = AuditEvent.objects.get(action=Action.DENIED)
    assert denied.detail == "login_locked_out"
    assert denied.actor_label == f"hash:{keyed_hash('username', 'ayse@example.org')}"


def test_audit_records_an_object_and_the_request_user():
    staff = make_staff()
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7")
    request.user = staff
    event = audit(action="download", request=request, obj=staff, detail="release_declaration")
    event.refresh_from_db()
    assert (event.actor, event.actor_label, event.object_type, event.object_id) == (
        staff,
        "eva",
        "auth.user",
        str(staff.pk),
    )
    assert event.ip_hash == keyed_hash("ip", "203.0.113.7")
    with pytest.raises(ValueError, match="read_minds"):
        audit(action="read_minds")


def test_audit_events_cannot_be_changed_or_deleted_through_the_orm():
    event = audit(action=Action.EXPORT, object_type="applications.application", object_id="7")
    event.detail = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(detail="changed")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.detail == ""


def test_postgresql_refuses_a_raw_update_or_delete():
    assert connection.vendor == "postgresql"
    event = audit(action=Action.LETTER, object_type="appointments.letter", object_id="3")
    for sql in (
        "UPDATE portal_auditevent SET detail = 'forged' WHERE id = %s",
        "UPDATE portal_auditevent SET actor_label = 'x', actor_id = NULL WHERE id = %s",
        "DELETE FROM portal_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).detail == ""


def test_deleting_a_user_keeps_their_events_with_the_name():
    staff = make_staff()
    event = audit(action=Action.CHANGE, actor=staff, object_type="applications.application")
    staff.delete()
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.actor is None
    assert event.actor_label == "eva"


def test_a_user_name_with_a_newline_is_stored_escaped(client):
    user = get_user_model().objects.create_user("eve\nINFO admin logged in", password="x" * 16)
    client.force_login(user)
    event = AuditEvent.objects.get(action=Action.LOGIN)
    assert event.actor_label == "eve\\nINFO admin logged in"
    assert "\n" not in event.actor_label
    event = audit(action=Action.VIEW, object_id="1\r\n2", detail="a\x1b[31mb\u2028c")
    assert (event.object_id, event.detail) == ("1\\r\\n2", "a\\x1b[31mb\\u2028c")


def test_a_failed_login_with_a_newline_in_the_name_is_logged_on_one_line(client, settings):
    post_admin_login(Client(), "mallory\nCRITICAL forged record", "irgendein-Passwort")
    event = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert "\n" not in event.actor_label
    assert event.actor_label.startswith("hash:")


def test_log_records_are_escaped_to_one_line():
    formatter = EscapingFormatter("%(levelname)s %(message)s")
    record = logging.LogRecord(
        "portal", logging.WARNING, __file__, 1, "login by %s", ("eve\nINFO forged",), None
    )
    assert formatter.format(record) == "WARNING login by eve\\nINFO forged"
    try:
        raise ValueError("line one\nline two")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    formatted = formatter.format(record)
    assert "\n" not in formatted
    assert "line one\\nline two" in formatted
    assert escape_control_chars("Ayşe Öztürk \\ ok") == "Ayşe Öztürk \\\\ ok"


def test_the_configured_log_handler_escapes(settings):
    assert settings.LOGGING["formatters"]["plain"]["class"] == "portal.logs.EscapingFormatter"
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler.formatter, EscapingFormatter)
    ]
    assert handlers


def test_client_address_behind_trusted_proxies(settings):
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"  # the header is not believed without a proxy
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"  # the forged left entry is ignored
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    bad = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not-an-address")
    assert client_ip(bad) is None


# --- The audit trail in the admin -----------------------------------------------


def test_the_audit_trail_is_read_only_and_only_for_holders_of_the_view_permission(client):
    staff = make_staff()
    device = enrol_totp(staff)
    admin_login(client, staff, device)
    event = audit(action=Action.EXPORT, object_type="applications.application", object_id="4711")
    changelist = "/admin/portal/auditevent/"
    assert client.get(changelist).status_code == 403

    staff.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    assert client.get(changelist).status_code == 200
    assert "4711" in client.get(changelist, {"q": "4711"}).content.decode()
    assert "4711" not in client.get(changelist, {"q": "nothing"}).content.decode()
    assert client.get(changelist, {"action__exact": "export"}).status_code == 200
    assert client.get(f"{changelist}{event.pk}/change/").status_code == 200
    assert client.get(f"{changelist}add/").status_code == 403
    assert client.post(f"{changelist}{event.pk}/change/", {"detail": "x"}).status_code == 403
    assert client.post(f"{changelist}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).detail == ""
    assert set(
        Permission.objects.filter(content_type__model="auditevent").values_list(
            "codename", flat=True
        )
    ) == {"view_auditevent"}
