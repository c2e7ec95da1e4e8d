"""Drafts: create, find for this session, resume with the code (services for portal.Draft).

The resume code is a live secret: whoever has it reads the draft, special
categories included. The database keeps only its keyed digest
(``Draft.resume_code_digest``), and the session only the draft's id, so that a
dump or backup of the session table hands out no code (issue 16, item 1). The
code is shown when the draft is made or resumed, and again on the next pages
of the same browser only: it travels in a cookie of that browser, encrypted
with the field-encryption keys (Fernet), HttpOnly, SameSite=Strict, gone when
the browser closes and unreadable after ``SESSION_COOKIE_AGE`` seconds;
``ResumeCodeCookieMiddleware`` (portal/middleware.py) writes it. The server
never stores it.
"""

from __future__ import annotations

import json
import logging
import uuid

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from . import codes, encryption
from .models import Draft

logger = logging.getLogger(__name__)

SESSION_DRAFTS = "drafts"  # journey -> draft id (the session holds nothing else of a draft)
# The codes of the drafts this browser made or resumed: an encrypted cookie, never the session.
RESUME_COOKIE_MAX_CODES = 8
# What this request changed about the cookie (set by the services, written by the middleware).
_NEW_CODES = "_portal_new_resume_codes"
_FORGOTTEN = "_portal_forgotten_drafts"


def resume_cookie_name() -> str:
    # The __Host- prefix binds the cookie to this exact host over HTTPS, as the session's.
    return "__Host-resume" if settings.SESSION_COOKIE_SECURE else "portal_resume"


def draft_create(*, request: HttpRequest, journey: str, family_id=None) -> tuple[Draft, str]:
    """A new draft for ``journey``, remembered in the session. Returns it with its resume code."""
    code = codes.resume_code_new()
    with transaction.atomic():
        draft = Draft.objects.create(
            journey=journey,
            resume_code_digest=codes.digest(code, purpose="resume"),
            language=translation.get_language() or settings.LANGUAGE_CODE,
            family_id=family_id,
            owner=request.user if request.user.is_authenticated else None,
        )
    _remember(request, draft, code)
    logger.info("draft created id=%s journey=%s", draft.id, journey)
    return draft, code


def draft_of_session(*, request: HttpRequest, journey: str) -> Draft | None:
    draft_id = request.session.get(SESSION_DRAFTS, {}).get(journey)
    if not draft_id:
        return None
    return Draft.objects.filter(pk=draft_id, journey=journey).first()


def draft_resume(*, request: HttpRequest, code: str) -> Draft | None:
    """The draft for a resume code (any spelling of it), now attached to this session."""
    canonical = codes.code_normalise(code)
    if canonical is None:
        return None
    draft = Draft.objects.filter(
        resume_code_digest__in=codes.digests(canonical, purpose="resume"), submitted_reference=""
    ).first()
    if draft is None:
        return None
    request.session.cycle_key()
    _remember(request, draft, canonical)
    logger.info("draft resumed id=%s", draft.id)
    return draft


def draft_claim(*, request: HttpRequest, draft: Draft) -> None:
    """A guest draft written in this session belongs to the account that logs in here."""
    if request.user.is_authenticated and draft.owner_id is None:
        Draft.objects.filter(pk=draft.pk, owner__isnull=True).update(owner=request.user)
        draft.owner = request.user


def draft_continue_owned(*, request: HttpRequest, draft_id) -> Draft | None:
    """An account holder picks up one of their drafts (from "my requests")."""
    if not request.user.is_authenticated:
        return None
    try:
        draft_id = uuid.UUID(str(draft_id))
    except ValueError:
        return None
    draft = Draft.objects.filter(pk=draft_id, owner=request.user, submitted_reference="").first()
    if draft is not None:
        drafts = dict(request.session.get(SESSION_DRAFTS, {}))
        drafts[draft.journey] = str(draft.id)
        request.session[SESSION_DRAFTS] = drafts
    return draft


def draft_forget(*, request: HttpRequest, journey: str) -> None:
    drafts = dict(request.session.get(SESSION_DRAFTS, {}))
    draft_id = drafts.pop(journey, None)
    request.session[SESSION_DRAFTS] = drafts
    if draft_id:
        getattr(request, _NEW_CODES, {}).pop(str(draft_id), None)
        forgotten = getattr(request, _FORGOTTEN, set())
        forgotten.add(str(draft_id))
        setattr(request, _FORGOTTEN, forgotten)


def resume_code_of_session(*, request: HttpRequest, draft: Draft) -> str | None:
    """The draft's resume code, when this browser made or resumed the draft (else None)."""
    key = str(draft.id)
    if key in getattr(request, _FORGOTTEN, set()):
        return None
    return getattr(request, _NEW_CODES, {}).get(key) or _cookie_codes(request).get(key)


def _remember(request: HttpRequest, draft: Draft, code: str) -> None:
    """The session gets the draft's id; the code goes to this browser's cookie only."""
    drafts = dict(request.session.get(SESSION_DRAFTS, {}))
    drafts[draft.journey] = str(draft.id)
    request.session[SESSION_DRAFTS] = drafts
    codes = getattr(request, _NEW_CODES, {})
    codes[str(draft.id)] = code
    setattr(request, _NEW_CODES, codes)
    getattr(request, _FORGOTTEN, set()).discard(str(draft.id))


def _cookie_codes(request: HttpRequest) -> dict[str, str]:
    token = request.COOKIES.get(resume_cookie_name())
    if not token:
        return {}
    try:
        plain = encryption.cipher().decrypt(token.encode("ascii"), ttl=settings.SESSION_COOKIE_AGE)
        codes = json.loads(plain)
    except (InvalidToken, UnicodeEncodeError, ValueError):
        return {}  # expired, forged, or made with a key no longer configured
    if not isinstance(codes, dict):
        return {}
    return {str(key): str(value) for key, value in codes.items()}


def resume_cookie_update(request: HttpRequest, response: HttpResponse) -> None:
    """Write the resume-code cookie when this request made, resumed or forgot a draft."""
    new = getattr(request, _NEW_CODES, {})
    forgotten = getattr(request, _FORGOTTEN, set())
    if not new and not forgotten:
        return
    codes = {key: value for key, value in _cookie_codes(request).items() if key not in forgotten}
    for key, value in new.items():
        codes.pop(key, None)
        codes[key] = value  # the newest last
    codes = dict(list(codes.items())[-RESUME_COOKIE_MAX_CODES:])
    name = resume_cookie_name()
    if not codes:
        response.delete_cookie(name, path="/", samesite="Strict")
        return
    token = encryption.cipher().encrypt(json.dumps(codes).encode()).decode("ascii")
    response.set_cookie(
        name,
        token,
        path="/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
