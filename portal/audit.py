"""The audit trail (SECURITY-BAR.md line 23): ``audit()`` and the login receivers.

    from portal.audit import AuditEvent, audit

    audit(action=AuditEvent.Action.DOWNLOAD, request=request, obj=application,
          detail="release_declaration")

records who (the request's user, or ``actor``), when, what (an action and a
short code in ``detail``, never a form value) and which object. The client's
address is kept only as a keyed SHA-256 hash (HMAC with SECRET_KEY: an
unkeyed hash of an IPv4 address is undone by trying all 2^32), so that the
events of one address can be told apart without storing it. Every string is
stored with control characters escaped (SECURITY-BAR.md line 24).

Receivers: logins, failed logins (the attempted name only as a keyed hash,
the password never: Django has already masked it, and it is not read),
logouts, and axes' lockouts (action ``denied``).
"""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from portal import codes
from portal.auth import attempted_username, client_ip
from portal.logs import escape_control_chars
from portal.models import AuditEvent

__all__ = ["AuditEvent", "audit", "keyed_hash"]

_HASH_LENGTH = 32  # hex digits: 128 bits of the HMAC-SHA256


def keyed_hash(purpose: str, value: str) -> str:
    """A truncated keyed digest of ``value`` (portal.codes, purpose "audit.<purpose>")."""
    return codes.digest(value, purpose=f"audit.{purpose}")[:_HASH_LENGTH]


def _clean(value: object, field: str) -> str:
    """One line, control characters escaped, cut to the column's length."""
    if value is None:
        return ""
    limit = AuditEvent._meta.get_field(field).max_length
    return escape_control_chars(value)[:limit]


def _ip_hash(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    address = client_ip(request)
    return keyed_hash("ip", address) if address else ""


def _request_user(request: HttpRequest | None):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    return None


def _record(
    *,
    action: str,
    request: HttpRequest | None = None,
    actor=None,
    actor_label: str | None = None,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    detail: str = "",
    actor_from_request: bool = True,
) -> AuditEvent:
    action = AuditEvent.Action(action)  # an unknown action is a programming error
    if actor is None and actor_from_request:
        actor = _request_user(request)
    if actor is not None and actor_label is None:
        actor_label = actor.get_username()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    event = AuditEvent(
        action=action,
        actor_id=getattr(actor, "pk", None),
        actor_label=_clean(actor_label, "actor_label"),
        object_type=_clean(object_type, "object_type"),
        object_id=_clean(object_id, "object_id"),
        detail=_clean(detail, "detail"),
        ip_hash=_ip_hash(request),
    )
    event.save()
    return event


def audit(
    *,
    action: str,
    request: HttpRequest | None = None,
    actor=None,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    detail: str = "",
    actor_label: str | None = None,
) -> AuditEvent:
    """Append one event to the audit trail and return it.

    ``actor`` defaults to the request's logged-in user; ``obj`` (a model
    instance) fills ``object_type`` ("applications.application") and
    ``object_id``. ``detail`` is a short code ("release_declaration",
    "status:complete"), never a value somebody typed. ``actor_label`` names
    an actor without an account ("applicant", "system").
    """
    return _record(
        action=action,
        request=request,
        actor=actor,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
        actor_label=actor_label,
    )


def _area(request: HttpRequest | None) -> str:
    """Which login: the admin's ("admin") or the applicants' accounts ("account")."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    if match.app_name == "admin":
        return "admin"
    if (match.url_name or "").startswith("account_"):
        return "account"
    return match.url_name or ""


def _attempted_name_label(request: HttpRequest | None, credentials: dict | None) -> str:
    name = attempted_username(request, credentials) if request is not None else None
    if name is None:
        for field in ("username", "email", "login"):
            value = (credentials or {}).get(field)
            if isinstance(value, str) and value.strip():
                name = value.strip().lower()
                break
    return f"hash:{keyed_hash('username', name)}" if name else ""


@receiver(user_logged_in, dispatch_uid="portal.audit.logged_in")
def _logged_in(sender, request, user, **kwargs):
    detail = _area(request)
    if getattr(user, "otp_device", None) is not None:
        detail = f"{detail}:otp" if detail else "otp"
    _record(action=AuditEvent.Action.LOGIN, request=request, actor=user, detail=detail)


@receiver(user_logged_out, dispatch_uid="portal.audit.logged_out")
def _logged_out(sender, request, user, **kwargs):
    if user is None:
        return  # nobody was logged in
    _record(action=AuditEvent.Action.LOGOUT, request=request, actor=user, detail=_area(request))


@receiver(user_login_failed, dispatch_uid="portal.audit.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # ``credentials`` is read only for the attempted name; the password
    # (already masked by Django) is never looked at.
    _record(
        action=AuditEvent.Action.LOGIN_FAILED,
        request=request,
        actor_from_request=False,
        actor_label=_attempted_name_label(request, credentials),
        detail=_area(request),
    )


@receiver(user_locked_out, dispatch_uid="portal.audit.locked_out")
def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    name = (username or "").strip().lower()
    _record(
        action=AuditEvent.Action.DENIED,
        request=request,
        actor_from_request=False,
        actor_label=f"hash:{keyed_hash('username', name)}" if name else "",
        detail="login_locked_out",
    )
