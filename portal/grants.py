"""Short grants in the session: the details of a letter open a request's pages.

/termin/ (change an appointment) and /unterlagen-nachreichen/ (hand in
documents) check the reference, the date of birth and the code from a letter
once, then keep the request open in that browser session for
``GRANT_MINUTES``. Pages under a grant show the same warning dialog as the
applicant's session (WCAG 2.2.1, static/js/session-timeout.js): two minutes
before the grant ends it offers to extend it by another ``GRANT_MINUTES``.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from django.http import HttpRequest
from django.utils import timezone

from .session import HOLDS_GRANT, STARTED

GRANT_MINUTES = 30


def grant_open(request: HttpRequest, key: str, application_id: int) -> None:
    """Open the request's pages in this session (a new session key: no fixation)."""
    request.session.cycle_key()
    # Like a login: the session's absolute limit (portal/session.py) counts from here.
    request.session[HOLDS_GRANT] = True
    request.session[STARTED] = int(time.time())
    request.session[key] = {
        "application": application_id,
        "until": (timezone.now() + timedelta(minutes=GRANT_MINUTES)).isoformat(),
    }


def grant_until(request: HttpRequest, key: str) -> datetime | None:
    """When the grant under ``key`` ends; None when it has ended or never was."""
    grant = request.session.get(key)
    if not isinstance(grant, dict):
        return None
    try:
        until = datetime.fromisoformat(grant["until"])
    except (KeyError, TypeError, ValueError):
        return None
    return until if timezone.now() < until else None


def granted(request: HttpRequest, key: str) -> int | None:
    """The id of the request this session may see under ``key``, or None (ended, never)."""
    if grant_until(request, key) is None:
        return None
    return request.session[key].get("application")


def grant_extend(request: HttpRequest, key: str) -> int:
    """Another ``GRANT_MINUTES`` for a grant still open; the seconds it now lasts, else 0."""
    if granted(request, key) is None:
        return 0
    grant = dict(request.session[key])
    grant["until"] = (timezone.now() + timedelta(minutes=GRANT_MINUTES)).isoformat()
    request.session[key] = grant
    return GRANT_MINUTES * 60


def timeout_context(request: HttpRequest, key: str, *, extend_url: str, ended_url: str) -> dict:
    """Template context for the warning dialog of base.html on a page under a grant."""
    until = grant_until(request, key)
    if until is None:
        return {}
    return {
        "session_timeout": max(1, int((until - timezone.now()).total_seconds())),
        "timeout_extend_url": extend_url,
        "timeout_ended_url": ended_url,
        "timeout_grant": True,
    }
