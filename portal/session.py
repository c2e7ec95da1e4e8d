"""Idle and absolute session timeouts (SECURITY-BAR line 4), with a warning first.

Every session that carries someone (a guest with a draft, an account, staff)
ends on the server ``SESSION_COOKIE_AGE`` seconds (8 hours) after it began or
after the last login, however active it was: Django's own expiry slides with
each request, so it alone would never end a busy session. An applicant's
session that has been idle longer than APPLICANT_IDLE_TIMEOUT seconds ends
on the server too: never earlier, and at most ``LAST_SEEN_REFRESH`` seconds
later (the last request is written to the session on every POST, but on a GET
only when the time written is older than that, so that reading pages does not
write the session row each time; the idle time is counted from the time
written, with that margin added). The draft stays in the database either
way: a guest continues with the resume code, an account holder from "my requests". Pages with a
session carry the timeout in a data attribute; static/js/session-timeout.js
warns two minutes before it ends and can extend it (WCAG 2.2.1).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.db import router
from django.dispatch import receiver
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

LAST_SEEN = "last_seen"
STARTED = "session_started"
# Set by portal/grants.py in a session that opened a request with a letter's details.
HOLDS_GRANT = "holds_grant"
EXTEND_PATH = "/sitzung/verlaengern/"
# A GET writes the time of the last request only when the one written is older.
LAST_SEEN_REFRESH = 60


def idle_timeout() -> int:
    return int(settings.APPLICANT_IDLE_TIMEOUT)


def absolute_timeout() -> int:
    return int(settings.SESSION_COOKIE_AGE)


def carries_someone(request: HttpRequest) -> bool:
    """A session worth ending: a signed-in user (staff included), a guest with a draft,
    or someone who opened a request with the details of a letter (portal/grants.py)."""
    user = getattr(request, "user", None)
    session = request.session
    return bool(
        (user is not None and user.is_authenticated)
        or session.get("drafts")
        or session.get(HOLDS_GRANT)
    )


def applies_to(request: HttpRequest) -> bool:
    """Applicants only: guests with a draft and account holders; never staff in the admin."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return False
    return bool((user is not None and user.is_authenticated) or request.session.get("drafts"))


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = int(time.time())
        if carries_someone(request):
            started = request.session.setdefault(STARTED, now)
            if now - int(started) > absolute_timeout():
                logout(request)  # flushes the session on the server
                request.session["session_expired"] = True
                return self.get_response(request)
        if applies_to(request):
            written = request.session.get(LAST_SEEN)
            last_seen = None if written is None else int(written)
            if last_seen is not None and idle_expired(last_seen, now):
                logout(request)  # flushes the session on the server
                request.session["session_expired"] = True
            elif last_seen_due(request, last_seen, now):
                request.session[LAST_SEEN] = now
        return self.get_response(request)


def idle_expired(last_seen: int, now: int) -> bool:
    """Idle for longer than the timeout, counted from the last request written.

    That time may be up to ``LAST_SEEN_REFRESH`` seconds older than the last
    request (``last_seen_due``): the margin makes sure that a session never
    ends before it has really been idle for the whole timeout.
    """
    return now - last_seen > idle_timeout() + LAST_SEEN_REFRESH


def last_seen_due(request: HttpRequest, last_seen: int | None, now: int) -> bool:
    """Whether this request writes its time: every POST (the warning's "continue"
    among them), and a GET when the time written is older than ``LAST_SEEN_REFRESH``."""
    if request.method == "POST":
        return True
    if request.path == EXTEND_PATH:
        return False
    return last_seen is None or now - last_seen >= LAST_SEEN_REFRESH


def session_timeout(request: HttpRequest) -> dict:
    """Context: the seconds left for the warning script, on pages with an applicant session."""
    if not hasattr(request, "session"):
        return {"session_timeout": None, "session_expired": False}
    expired = bool(request.session.pop("session_expired", False))
    timeout = idle_timeout() if applies_to(request) else None
    return {"session_timeout": timeout, "session_expired": expired}


@receiver(user_logged_in)
def restart_at_login(sender, request, user, **kwargs):
    """The absolute limit counts from the last login, not from the guest's first page."""
    if request is not None and hasattr(request, "session"):
        request.session[STARTED] = int(time.time())


@require_POST
def extend(request: HttpRequest) -> JsonResponse:
    """The "continue" button of the warning: the request itself renews the session."""
    return JsonResponse({"seconds": idle_timeout() if applies_to(request) else 0})


# --- The session store ----------------------------------------------------------------


class SessionStore(db.SessionStore):
    """Django's database sessions; an existing session is saved by one UPDATE.

    Every applicant request writes its session (``LAST_SEEN`` above, so that
    the idle timeout counts from the last request, to the second). Django
    wraps each save in a transaction (BEGIN, UPDATE, COMMIT), which only a
    new session needs (its INSERT may collide with another key). One UPDATE
    is atomic by itself; a session deleted meanwhile raises ``UpdateError``,
    as in Django's store.
    """

    def save(self, must_create=False):
        if must_create or self.session_key is None:
            return super().save(must_create=must_create)
        data = self._get_session(no_load=False)
        updated = (
            self.model.objects.using(router.db_for_write(self.model))
            .filter(session_key=self.session_key)
            .update(session_data=self.encode(data), expire_date=self.get_expiry_date())
        )
        if not updated:
            raise UpdateError
