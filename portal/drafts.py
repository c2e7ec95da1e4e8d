"""Drafts: create, find for this session, resume with the code (services for portal.Draft)."""

from __future__ import annotations

import hashlib
import hmac
import logging
import uuid

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import translation

from applications.rules import code_normalise, resume_code_new

from .models import Draft

logger = logging.getLogger(__name__)

SESSION_DRAFTS = "drafts"  # journey -> draft id
SESSION_CODES = "resume_codes"  # draft id -> resume code, to show it again


def resume_code_digest(code: str) -> str:
    """A keyed digest: a stolen database does not reveal the codes."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def draft_create(*, request: HttpRequest, journey: str, family_id=None) -> tuple[Draft, str]:
    """A new draft for ``journey``, remembered in the session. Returns it with its resume code."""
    code = resume_code_new()
    with transaction.atomic():
        draft = Draft.objects.create(
            journey=journey,
            resume_code_digest=resume_code_digest(code),
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
    canonical = code_normalise(code)
    if canonical is None:
        return None
    draft = Draft.objects.filter(
        resume_code_digest=resume_code_digest(canonical), submitted_reference=""
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
    codes = dict(request.session.get(SESSION_CODES, {}))
    codes.pop(str(draft_id), None)
    request.session[SESSION_CODES] = codes


def resume_code_of_session(*, request: HttpRequest, draft: Draft) -> str | None:
    return request.session.get(SESSION_CODES, {}).get(str(draft.id))


def _remember(request: HttpRequest, draft: Draft, code: str) -> None:
    drafts = dict(request.session.get(SESSION_DRAFTS, {}))
    drafts[draft.journey] = str(draft.id)
    request.session[SESSION_DRAFTS] = drafts
    codes = dict(request.session.get(SESSION_CODES, {}))
    codes[str(draft.id)] = code
    request.session[SESSION_CODES] = codes
