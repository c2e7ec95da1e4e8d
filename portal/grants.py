"""Short grants in the session: the details of a letter open a request's pages.

/termin/ (change an appointment), /unterlagen-nachreichen/ (hand in
documents) and /status/ (where a request stands) check the reference, the
date of birth and the code from a letter or the receipt once
(``letter_details_open``, one flow for all three), then keep the request open
in that browser session for
``GRANT_MINUTES``. Pages under a grant show the same warning dialog as the
applicant's session (WCAG 2.2.1, static/js/session-timeout.js): two minutes
before the grant ends it offers to extend it by another ``GRANT_MINUTES``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.http import HttpRequest, HttpResponse
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


# --- Opening pages with the details of a letter ---------------------------------------------


@dataclass(frozen=True)
class LetterDetails:
    """How a page is opened with a letter's details (reference, date of birth, code).

    One flow for every such page (the hand-in, /termin/, /status/): the
    attempts are rate-limited per client address, every wrong input gets the
    same answer (``not_found``: no oracle for which detail was wrong), a
    right one opens the grant under ``session_key`` and leads to
    ``opened_url``. Both outcomes are in the audit trail under ``audit_code``.
    """

    session_key: str
    rate_scope: str
    # The id of the request the form's cleaned data open, or None.
    find: Callable[[dict], int | None]
    not_found: str
    opened_url: str
    audit_code: str
    rate_limit: int = 10
    rate_window_seconds: int = 900


def letter_details_open(request: HttpRequest, form, details: LetterDetails) -> HttpResponse | None:
    """Handle the POST of a letter-details form: a response (429 or the redirect), or None.

    None means: show the form again (its errors, or ``details.not_found``).
    """
    from django.shortcuts import redirect

    from .audit import audit
    from .ratelimit import client_key, limit_reached, too_many_attempts

    refusal = limit_reached(
        scope=details.rate_scope,
        key=client_key(request),
        limit=details.rate_limit,
        window_seconds=details.rate_window_seconds,
    )
    if refusal:
        return too_many_attempts(request, refusal)
    if not form.is_valid():
        return None
    application_id = details.find(form.cleaned_data)
    if application_id is None:
        audit(
            action="denied",
            request=request,
            object_type="applications.application",
            detail=f"{details.audit_code}:not_found",
            actor_label="applicant",
        )
        form.add_error(None, details.not_found)
        return None
    grant_open(request, details.session_key, application_id)
    audit(
        action="view",
        request=request,
        object_type="applications.application",
        object_id=str(application_id),
        detail=f"{details.audit_code}:opened",
        actor_label="applicant",
    )
    return redirect(details.opened_url)
